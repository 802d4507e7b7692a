/**
 * repair: paragraphs of an extracted PDF text → the paragraphs the printed
 * resolution has.
 *
 * PDF extraction breaks the text in ways the ODS export never does; each
 * function here undoes one kind of break and reports what it did:
 * - running headers (the title or the symbol repeated at the top of a page)
 *   stand between the two halves of a paragraph cut by the page break;
 * - a paragraph cut by a page break continues after it;
 * - a heading or the next numbered paragraph runs on in the same line;
 * - the meeting line and the date, "Annex" and the annex title share a line;
 * - labels "(a)" and paragraph numbers are lost;
 * (Footnote references are found by note-refs.ts.)
 * All functions are pure: paragraphs in, paragraphs and diagnostics out.
 */
import { DATE_PATTERN } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { BLOCK_LABEL, joinText, type Paragraph } from "./paragraphs.ts";

export interface Repaired {
  paragraphs: Paragraph[];
  diagnostics: Diagnostic[];
}

const TITLE_LINE = /^((?:ES-|S-)?\d{1,3}\/\d{1,4})\.\s+(.*)$/;
const NUMBERED = /^(\d{1,3})\.\s/;
const POINT = /^\(([a-z]{1,2}|[ivxlc]+)\)\s/;
const MEETING = /^\d+\w* (?:\(\w+\) )?plenary meeting\b/;
const ANNEX = /^Annex(?:es)?(?: [IVXLC]+\b| [A-Z]\b)?/;
const FORMULA = /^The General Assembly\b/;
/** The end of a finished paragraph: punctuation, maybe a closing quote and a footnote marker after it. */
const FINISHED = /[.,;:!?][”"’)]*(?:\s?\d{1,3}|\[\^\w+\])?$/;
/** The end of a list intro: a colon, maybe a footnote marker after it. */
const INTRO = /:[”"’]?(?:\s?\d{1,3}|\[\^\w+\])?$/;

const norm = (s: string) => s.toLowerCase().replace(/[“”"]/g, '"').replace(/[‘’']/g, "'").replace(/[‑–-]/g, "-").replace(/\s+/g, " ").trim();

/** Whether a paragraph is a heading: short, unfinished, not a sentence fragment. */
export function looksLikeHeading(t: string): boolean {
  return t.length <= 160 && !FINISHED.test(t) && /^[\p{Lu}\d“"(*]/u.test(t) && !MEETING.test(t);
}

// --- running headers ------------------------------------------------------------

/**
 * Drops the running headers: paragraphs that repeat the symbol or (a leading
 * piece of) the resolution title, except the title line itself and an annex
 * title, which may well repeat the resolution title.
 */
export function dropRunningHeaders(paras: Paragraph[], symbol: string | undefined, titles: string[]): Repaired {
  const diagnostics: Diagnostic[] = [];
  const known = titles.map(norm).filter((t) => t.length >= 10);
  const out: Paragraph[] = [];
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    const t = norm(p.text);
    const afterAnnex = i > 0 && ANNEX.test(paras[i - 1].text) && paras[i - 1].text.length < 12;
    const isSymbol = symbol !== undefined && (t === norm(symbol) || /^a\/res\/\S+$/.test(t));
    const isTitle = !afterAnnex && !FINISHED.test(p.text) && known.some((k) => k === t || (t.length >= 20 && k.startsWith(t)));
    if (isSymbol || isTitle) {
      diagnostics.push(diag("running-header", "info", `running header dropped (${isSymbol ? "the symbol" : "the title"} repeated at the top of a page): "${p.text}"`, p.line));
      continue;
    }
    out.push(p);
  }
  return { paragraphs: out, diagnostics };
}

// --- paragraphs cut by a page break ---------------------------------------------

/**
 * Joins a paragraph cut by a page break with its rest: the rest starts in
 * lower case, or the first half stops mid-sentence and is too long to be a
 * heading.
 */
export function joinCutParagraphs(paras: Paragraph[]): Repaired {
  const diagnostics: Diagnostic[] = [];
  const out: Paragraph[] = [];
  for (const p of paras) {
    const prev = out[out.length - 1];
    const special = (t: string) => MEETING.test(t) || ANNEX.test(t) && t.length < 12 || FORMULA.test(t) || TITLE_LINE.test(t) || /^\[/.test(t);
    const cut =
      prev && !special(prev.text) && !special(p.text) && !BLOCK_LABEL.test(p.text) &&
      ((/^[“"‘]?\p{Ll}/u.test(p.text) && !/[;:.][”"’]?$/.test(prev.text)) || (!FINISHED.test(prev.text) && (prev.text.length > 120 || /^(?:\d{1,3}\.|\([a-z]{1,4}\))\s/.test(prev.text))));
    if (cut) {
      diagnostics.push(diag("paragraph-joined", "info", `paragraph cut by a page break joined with its rest from line ${p.line}`, prev.line));
      out[out.length - 1] = { ...prev, text: joinText(prev.text, p.text), endLine: p.endLine };
    } else {
      out.push({ ...p });
    }
  }
  return { paragraphs: out, diagnostics };
}

// --- blocks run together ----------------------------------------------------------

/**
 * Splits paragraphs where the next numbered paragraph, a heading's text or a
 * closing line runs on in the same line: "Global context 3. We gather …"
 * (only at the number that comes next, so "resolution 70/1. The" stays),
 * "18th plenary meeting 14 October 2025", "Annex Political Declaration".
 */
export function splitRunTogether(paras: Paragraph[]): Repaired {
  const diagnostics: Diagnostic[] = [];
  const out: Paragraph[] = [];
  let last = 0; // number of the last numbered paragraph
  const push = (p: Paragraph, text: string) => out.push({ ...p, text });
  for (const p of paras) {
    let text = p.text;
    if (ANNEX.test(text) && !/^Annex(?:es)?(?: [IVXLC]+| [A-Z])?,/.test(text)) last = 0;
    if (FORMULA.test(text) || TITLE_LINE.test(text)) last = 0;
    // "18th plenary meeting 14 October 2025": the meeting line and the date
    const meeting = new RegExp(`^(\\d+\\w* (?:\\(\\w+\\) )?plenary meeting) (${DATE_PATTERN})$`).exec(text);
    if (meeting) {
      push(p, meeting[1]);
      push(p, meeting[2]);
      continue;
    }
    // "Annex 2025 Political Declaration …": the annex line and its title
    const annex = /^(Annex(?: [IVXLC]+| [A-Z])?) (\p{Lu}.*|\d{4} .*)$/u.exec(text);
    if (annex && !FINISHED.test(annex[2]) && annex[2].length < 300) {
      diagnostics.push(diag("line-split", "info", `annex line and annex title split: "${annex[1]}" / "${annex[2]}"`, p.line));
      push(p, annex[1]);
      push(p, annex[2]);
      continue;
    }
    const own = NUMBERED.exec(text);
    if (own) last = Number(own[1]);
    for (;;) {
      // the next number, or the one after it where a paragraph's own number was lost
      const re = new RegExp(`(?<=\\S) (${last + 1}|${last + 2})\\. (?=[\\p{Lu}“"(])`, "u");
      const m = re.exec(text);
      if (!m) break;
      last = Number(m[1]) - 1;
      const before = text.slice(0, m.index).trim();
      diagnostics.push(diag("line-split", "info", `paragraph ${m[1]}. split from the text before it on the same line`, p.line));
      if (before) push(p, before);
      text = text.slice(m.index + 1);
      last++;
    }
    push(p, text);
  }
  return { paragraphs: out, diagnostics };
}

// --- broken hyphens -------------------------------------------------------------

/**
 * Closes the space the extraction left after a hyphen at a line end
 * ("nuclear-weapon- free" → "nuclear-weapon-free"), except before "and"/"or",
 * where the hyphen is suspended ("age- and gender-sensitive").
 */
export function closeHyphens(paras: Paragraph[]): Repaired {
  const paragraphs = paras.map((p) => ({
    ...p,
    text: p.text.replace(/(?<=\p{L}[-‑]) (?!(?:and|or|nor|to)\b)(?=\p{L})/gu, "").replace(/(?<=\d–) (?=\d)/g, ""),
  }));
  return { paragraphs, diagnostics: [] };
}

// --- the title ----------------------------------------------------------------

/**
 * Completes a title line cut at the end of its first printed line ("80/23.
 * Possible risks of the integration of artificial intelligence into") from a
 * longer text that continues it: the agenda item title or the catalogue title.
 */
export function completeTitle(paras: Paragraph[], candidates: string[]): Repaired {
  const diagnostics: Diagnostic[] = [];
  const out = paras.map((p) => ({ ...p }));
  const i = out.findIndex((p) => TITLE_LINE.test(p.text));
  if (i < 0) return { paragraphs: out, diagnostics };
  const [, num, title] = TITLE_LINE.exec(out[i].text)!;
  for (const c of candidates) {
    const at = norm(c).indexOf(norm(title));
    if (at < 0) continue;
    let rest = c.slice(at + title.length).replace(/\s*:$/, "");
    if (!/^ \S/.test(rest) || rest.length > 300) continue;
    // the rest may be the next paragraph (a title wrapped onto a short second line): take it as printed
    const next = out[i + 1];
    if (next && norm(next.text) === norm(rest)) {
      rest = ` ${next.text}`;
      out.splice(i + 1, 1);
    }
    out[i].text = `${num}. ${title}${rest}`;
    diagnostics.push(diag("title-completed", "info", `title line cut short; completed with "${rest.trim()}" from "${c}"`, out[i].line));
    break;
  }
  return { paragraphs: out, diagnostics };
}

// --- lost labels ----------------------------------------------------------------

/** The end of a list item: a semicolon (maybe "; and"), a footnote marker after it. */
const ITEM_END = /;(?: (?:and|or))?[”"’]?(?:\s?\d{1,3}|\[\^\w+\])?$/;
const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");
const letterLabel = (k: number) => (k < 26 ? LETTERS[k] : LETTERS[Math.floor(k / 26) - 1] + LETTERS[k % 26]);
const ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"];

/**
 * Restores lost "(a)" labels and paragraph numbers where the neighbours fix
 * them: a list opened by a paragraph ending in a colon whose items run up to a
 * labelled item ("(f)", "(ii)") or, with items ending in semicolons, up to the
 * next numbered paragraph; a paragraph between "4." and "6."; a last
 * operative paragraph after "1." before the meeting line.
 */
export function restoreLabels(paras: Paragraph[]): Repaired {
  const diagnostics: Diagnostic[] = [];
  const out = paras.map((p) => ({ ...p }));
  const label = (p: Paragraph, l: string, why: string) => {
    diagnostics.push(diag("label-restored", "info", `label ${l} restored (${why}): "${p.text.slice(0, 60)}…"`, p.line));
    p.text = `${l} ${p.text}`;
  };
  const plain = (p: Paragraph) => !BLOCK_LABEL.test(p.text) && /^[\p{Lu}“"]/u.test(p.text) && !looksLikeHeading(p.text) && !MEETING.test(p.text) && !ANNEX.test(p.text) && !FORMULA.test(p.text) && !TITLE_LINE.test(p.text);

  // lists: from an intro ending in a colon to the next numbered paragraph or heading
  for (let i = 0; i < out.length; i++) {
    let start: number;
    if (INTRO.test(out[i].text) && !POINT.test(out[i].text)) start = i + 1;
    else if (POINT.test(out[i].text)) {
      // a list whose intro lost its colon: the items before its first label get their letters back
      const k = LETTERS.indexOf(POINT.exec(out[i].text)![1]);
      let j = i;
      while (j > 0 && plain(out[j - 1]) && ITEM_END.test(out[j - 1].text)) j--;
      if (k > 0 && i - j >= k) out.slice(i - k, i).forEach((p, n) => label(p, `(${letterLabel(n)})`, `list items before (${LETTERS[k]})`));
      start = i;
    } else continue;
    let end = start;
    while (end < out.length && (POINT.test(out[end].text) || plain(out[end]))) end++;
    fillList(out.slice(start, end), label);
    i = Math.max(i, end - 1);
  }

  // numbered paragraphs: a gap of exactly the missing count, or one paragraph after the last number
  let lastNum = 0;
  let lastAt = -1;
  for (let i = 0; i < out.length; i++) {
    const t = out[i].text;
    if (FORMULA.test(t) || ANNEX.test(t) && t.length < 12) [lastNum, lastAt] = [0, -1];
    const m = NUMBERED.exec(t);
    if (m) {
      const n = Number(m[1]);
      const gap = out.slice(lastAt + 1, i);
      if (lastAt >= 0 && n - lastNum - 1 === gap.length && gap.length > 0 && gap.every(plain)) {
        gap.forEach((p, k) => label(p, `${lastNum + 1 + k}.`, `between paragraphs ${lastNum}. and ${n}.`));
      }
      [lastNum, lastAt] = [n, i];
    } else if (lastAt === i - 1 && lastNum > 0 && plain(out[i]) && /[.;]$/.test(out[lastAt].text) && MEETING.test(out[i + 1]?.text ?? "")) {
      label(out[i], `${lastNum + 1}.`, `after paragraph ${lastNum}., before the meeting line`);
      [lastNum, lastAt] = [lastNum + 1, i];
    } else if (!POINT.test(t) && !plain(out[i])) {
      lastAt = -2; // a heading or closing line: no gap to fill across it
    }
  }
  return { paragraphs: out, diagnostics };
}

type Series = "letter" | "roman";
const seriesOf = (l: string): { series: Series; k: number } =>
  ROMANS.includes(l) && !(l === "i" && false) ? { series: "roman", k: ROMANS.indexOf(l) } : { series: "letter", k: LETTERS.indexOf(l) };

/**
 * Labels the unlabelled items of one list. Items are read with a small state:
 * the next letter, and, after an item ending in a colon, the next roman
 * numeral of its sub-list. A run of unlabelled items is labelled only when
 * the labels it gets lead exactly to the next labelled item (trying every
 * point where a sub-list may have ended), or, at the end of the list, when
 * its items end like list items (semicolons, a full stop last).
 */
function fillList(items: Paragraph[], label: (p: Paragraph, l: string, why: string) => void): void {
  let letter = 0;
  let roman: number | undefined; // next roman index while in a sub-list
  for (let i = 0; i < items.length; ) {
    const m = POINT.exec(items[i].text);
    if (m) {
      const { series, k } = ambiguousAware(m[1], letter, roman);
      if (series === "letter") {
        letter = k + 1;
        roman = INTRO.test(items[i].text) ? 0 : undefined;
      } else {
        roman = k + 1;
      }
      i++;
      continue;
    }
    let j = i;
    while (j < items.length && !POINT.test(items[j].text)) j++;
    const run = items.slice(i, j);
    const next = j < items.length ? POINT.exec(items[j].text)![1] : undefined;
    const plan = planRun(run, letter, roman, next);
    if (plan) {
      run.forEach((p, k) => label(p, plan.labels[k], next ? `list continues to (${next})` : "list items before the next paragraph"));
      [letter, roman] = [plan.letter, plan.roman];
    } else {
      return; // labels not certain: leave the rest of the list as it is
    }
    i = j;
  }
}

/** "(i)" and "(v)" are letters or roman numerals: roman while a sub-list is open and it is its next item. */
function ambiguousAware(l: string, letter: number, roman: number | undefined): { series: Series; k: number } {
  if (roman !== undefined && ROMANS[roman] === l) return { series: "roman", k: roman };
  if (LETTERS[letter] === l) return { series: "letter", k: letter };
  return seriesOf(l);
}

/**
 * Finds labels for a run of unlabelled items: each item is either the next
 * item of the open sub-list (roman) or the next letter, which opens a
 * sub-list when it ends in a colon. The first assignment that leads to the
 * labelled item after the run is taken (sub-lists going on are tried first).
 */
function planRun(run: Paragraph[], letter: number, roman: number | undefined, next: string | undefined): { labels: string[]; letter: number; roman?: number } | undefined {
  if (run.length > 12) return undefined;
  const endsLikeItems = run.every((p, k) => (k === run.length - 1 ? /[.;][”"’]?(?:\s?\d{1,3})?$/ : /(?:;(?: (?:and|or))?|:)[”"’]?(?:\s?\d{1,3})?$/).test(p.text));
  const search = (k: number, l: number, r: number | undefined, labels: string[]): { labels: string[]; letter: number; roman?: number } | undefined => {
    if (k === run.length) {
      if (next !== undefined) return (r !== undefined && ROMANS[r] === next) || letterLabel(l) === next ? { labels, letter: l, roman: r } : undefined;
      return endsLikeItems && r === undefined ? { labels, letter: l, roman: r } : undefined;
    }
    if (r !== undefined && r < ROMANS.length) {
      const found = search(k + 1, l, r + 1, [...labels, `(${ROMANS[r]})`]);
      if (found) return found;
    }
    return search(k + 1, l + 1, INTRO.test(run[k].text) ? 0 : undefined, [...labels, `(${letterLabel(l)})`]);
  };
  return search(0, letter, roman, []);
}
