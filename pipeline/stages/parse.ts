/**
 * parse: segments → the resolution tree (inline text still plain).
 *
 * A single pass with a small state machine: head (adoption line, committee
 * line, title) → part (formula, preamble, operative part, closing lines) →
 * annexes; footnote segments go to the footnote list. Footnote markers,
 * opening phrases and references inside the text are found later by link.
 */
import type {
  Annex, Block, Conclusion, Footnote, Heading, Inline, Metadata, OperativeParagraph,
  Point, PreambularParagraph, Resolution, ResolutionPart, Section, SourceSpan, Table,
} from "../ast.ts";
import { DATE_PATTERN, isoDate } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import type { Segment } from "./segment.ts";
import { findOpeningPhrase, hasPreambularOpening } from "./opening-phrases.ts";

export interface ParseResult {
  doc: Resolution;
  diagnostics: Diagnostic[];
}

const text = (t: string): Inline[] => (t ? [{ kind: "text", text: t }] : []);
const span = (s: Segment): SourceSpan => ({ startLine: s.source.line, endLine: s.source.endLine });
const extend = (node: { source?: SourceSpan }, s: Segment) => {
  if (node.source) node.source = { startLine: node.source.startLine, endLine: s.source.endLine };
};

export function parse(segments: Segment[]): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const meta: Metadata = { language: "en" };
  const doc: Resolution = { kind: "resolution", meta, title: [], parts: [], annexes: [], footnotes: [] };
  let part: ResolutionPart | undefined;
  let body: BlockBuilder | undefined; // operative part or annex being filled
  let annex: Annex | undefined;
  let mode: "head" | "preamble" | "operative" | "annex" = "head";

  const newPart = (s: Segment, letter?: string): ResolutionPart => {
    const p: ResolutionPart = { kind: "part", preamble: [], operative: [], source: span(s) };
    if (letter) p.letter = letter;
    doc.parts.push(p);
    body = new BlockBuilder(p.operative, diagnostics, true);
    mode = "preamble";
    return p;
  };
  const ensurePart = (s: Segment) => part ?? (part = newPart(s));

  for (let i = 0; i < segments.length; i++) {
    let s = segments[i];
    const next = segments[i + 1];
    // "II" on a line of its own numbers the heading on the next line
    const nextIsHeadingText = next?.kind === "heading" && !next.label;
    if ((s.kind === "partLetter" || (s.kind === "heading" && !s.text)) && nextIsHeadingText) {
      if (s.kind === "heading" || !startsPart(segments, i)) {
        s = { ...next, label: s.label, source: { ...s.source, endLine: next.source.endLine } };
        i++;
      }
    }
    switch (s.kind) {
      case "adoption": {
        meta.adoptionLine = s.text;
        const m = new RegExp(`on (${DATE_PATTERN})`).exec(s.text);
        if (m) meta.adoptionDate = { text: m[1], iso: isoDate(m[1])! };
        continue;
      }
      case "committee":
        meta.committee = { text: s.text };
        continue;
      case "title":
        meta.number = s.label;
        doc.title = text(s.text);
        continue;
      case "footnote":
        if (s.label === undefined) {
          diagnostics.push(diag("footnote-unnumbered", "warning", "text in the footnote block without a marker kept as a footnote of its own", s.source.line));
        }
        doc.footnotes.push({ kind: "footnote", marker: s.label ?? "", content: text(s.text), source: span(s) });
        continue;
      case "partLetter":
        if (mode !== "annex" && startsPart(segments, i)) {
          part = newPart(s, s.label);
          // the part's own title, where it has one, stands between the letter and the formula
          if (next?.kind === "heading" && !next.label) {
            part.title = text(next.text);
            extend(part, next);
            i++;
          }
          continue;
        }
        s = { ...s, kind: "heading", text: "" };
        break;
      case "annex":
        annex = { kind: "annex", label: s.text, children: [], source: span(s) };
        // the annex title: the next line, flush left or (in some exports) indented, but no sentence
        if ((next?.kind === "heading" && !next.label) || (next?.kind === "text" && !/[.,;:]$/.test(next.text))) {
          annex.title = text(next.text);
          extend(annex, next);
          i++;
          // a title ending in a colon goes on with its subtitle on the next line
          const sub = segments[i + 1];
          if (/:$/.test(next.text) && sub && (sub.kind === "heading" || sub.kind === "text") && !sub.label && !/[.,;:]$/.test(sub.text)) {
            annex.title = text(`${next.text} ${sub.text}`);
            extend(annex, sub);
            i++;
          }
        }
        doc.annexes.push(annex);
        body = new BlockBuilder(annex.children, diagnostics, false);
        mode = "annex";
        continue;
      case "formula":
        if (mode !== "annex") {
          const p = ensurePart(s);
          if (p.formula || p.preamble.length || p.operative.length) {
            // a second formula without a part letter: the text repeats its preamble
            diagnostics.push(diag("formula-repeated", "warning", "a second \"The General Assembly\" formula in one part", s.source.line));
          }
          p.formula ??= { kind: "formula", content: text(s.text), source: span(s) };
          mode = "preamble";
          continue;
        }
        break;
      case "meeting":
        if (mode !== "annex") {
          const p = ensurePart(s);
          const c: Conclusion = { kind: "conclusion", meetingText: s.text, meeting: s.text.replace(/ plenary meeting$/, ""), source: span(s) };
          p.conclusion = c;
          meta.meeting ??= c.meeting;
          continue;
        }
        break;
      case "date": {
        if (mode === "annex" || mode === "head") break;
        const p = ensurePart(s);
        // a date with no meeting line before it closes a resolution adopted without a meeting
        const c = p.conclusion && !p.conclusion.date ? p.conclusion : (p.conclusion = { kind: "conclusion", source: span(s) });
        if (c.date) break;
        c.date = { text: s.text, iso: isoDate(s.text)! };
        extend(c, s);
        meta.adoptionDate ??= c.date;
        continue;
      }
    }
    // body content
    if (mode === "head") ensurePart(s);
    if (mode === "preamble" && part) {
      if (s.kind === "text" && isPreambleHeading(s.text)) {
        // a title line in the preamble ("Countries in special situations") ends it: the
        // preamble holds only preambular paragraphs, and what follows belongs to the body
      } else if (s.kind === "text" && (!ENDS_SENTENCE.test(visibleEnd(s.text)) || preambleGoesOn(segments, i + 1))) {
        // preambular paragraphs end with a comma; a sentence ending otherwise opens the operative
        // part, unless a preambular paragraph still follows (then the full stop was a slip)
        part.preamble.push({ kind: "preambularParagraph", content: text(s.text), source: span(s) });
        continue;
      }
      mode = "operative";
    }
    body!.add(s);
  }

  for (const p of doc.parts) moveLoneOperative(p);
  if (!doc.parts.length) diagnostics.push(diag("no-body", "error", "no resolution text found (no formula, paragraphs or closing lines)"));
  return { doc, diagnostics };
}

/**
 * `t` without the white space and invisible marks (LRM, ZWSP, BOM) some
 * exports leave at a line's end. (A regex anchored at the end would try
 * every space of a paragraph.)
 */
function visibleEnd(t: string): string {
  let end = t.length;
  while (end > 0 && INVISIBLE.test(t[end - 1])) end--;
  return end === t.length ? t : t.slice(0, end);
}
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\s]/;

/** The end of an operative sentence: ".", ";" or ":", maybe with a footnote marker or quote after it. */
const ENDS_SENTENCE = /[.;:][”"’]?\d{0,3}$/;
/** The end of a preambular paragraph: a comma, maybe with a footnote marker or quote after it. */
const ENDS_PREAMBULAR = /,[”"’]?\d{0,3}$/;

/** A line with no closing punctuation at all is a heading, not a paragraph ("* * *" separates like one). */
function isPreambleHeading(t: string): boolean {
  return !/[.,;:!?”"’)\d]$/.test(visibleEnd(t)) || /^[*\s]+$/.test(t);
}

/** Whether a preambular paragraph (capitalised, ending in a comma) comes before the operative part proper. */
function preambleGoesOn(segments: Segment[], from: number): boolean {
  for (let j = from; j < segments.length && segments[j].kind === "text"; j++) {
    if (ENDS_PREAMBULAR.test(visibleEnd(segments[j].text)) && /^[A-Z]/.test(segments[j].text)) return true;
  }
  return false;
}

/** A letter on its own line opens a part when the part's formula follows (after an optional title). */
function startsPart(segments: Segment[], i: number): boolean {
  const a = segments[i + 1];
  const b = segments[i + 2];
  return a?.kind === "formula" || (a?.kind === "heading" && !a.label && b?.kind === "formula");
}

/**
 * A resolution with no numbered paragraph ends with one or more unnumbered
 * operative paragraphs. Preambular paragraphs end with a comma; the trailing
 * paragraphs that do not are the operative part.
 */
function moveLoneOperative(p: ResolutionPart): void {
  if (p.operative.length || !p.preamble.length) return;
  let k = p.preamble.length;
  while (k > 0 && !ENDS_PREAMBULAR.test(visibleEnd(plain(p.preamble[k - 1].content)))) k--;
  if (k === p.preamble.length) k = p.preamble.length - 1;
  const moved = p.preamble.splice(k);
  p.operative.push(...moved.map((m): OperativeParagraph => ({ kind: "operativeParagraph", content: m.content, source: m.source })));
}

const plain = (c: Inline[]) => c.map((i) => ("text" in i ? i.text : "")).join("");

/** Heading levels for sections: roman numerals over capital letters over the rest. */
export function headingLevel(label: string | undefined): number {
  if (!label) return 3;
  if (/^[IVXLC]+\.?$/.test(label) && label !== "C" && label !== "L") return 1;
  return 2;
}

/**
 * Fills a block list (an operative part or an annex) from segments: numbered
 * paragraphs, points nested under them, headings opening sections, tables.
 */
class BlockBuilder {
  private sections: { level: number; section: Section }[] = [];
  private paragraph?: OperativeParagraph;
  private table?: Table;

  /**
   * @param preambleAllowed whether unnumbered paragraphs ending in a comma
   *   before any operative paragraph are preambular (true in a resolution's
   *   operative part, where sections may open with their own preamble)
   */
  constructor(private readonly root: Block[], private readonly diagnostics: Diagnostic[], private readonly preambleAllowed: boolean) {}

  private get container(): Block[] {
    const top = this.sections[this.sections.length - 1];
    return top ? top.section.children : this.root;
  }

  add(s: Segment): void {
    if (s.kind !== "tableRow") this.table = undefined;
    switch (s.kind) {
      case "numbered": {
        this.paragraph = { kind: "operativeParagraph", num: s.label, content: text(s.text), source: span(s) };
        this.container.push(this.paragraph);
        return;
      }
      case "point":
        return this.addPoint(s);
      case "heading":
      case "partLetter": {
        const heading: Heading = { kind: "heading", content: text(s.text), source: span(s) };
        if (s.label) heading.num = s.label;
        const level = headingLevel(s.label);
        while (this.sections.length && this.sections[this.sections.length - 1].level >= level) this.sections.pop();
        const section: Section = { kind: "section", heading, children: [], source: span(s) };
        this.container.push(section);
        this.sections.push({ level, section });
        this.paragraph = undefined;
        return;
      }
      case "tableRow": {
        if (!this.table) {
          this.table = { kind: "table", rows: [], source: span(s) };
          this.container.push(this.table);
        }
        this.table.rows.push({ cells: s.cells!.map((c) => ({ header: false, content: text(c) })), source: span(s) });
        extend(this.table, s);
        return;
      }
      case "text": {
        const last = this.paragraph;
        if (last?.points?.length && /^[a-z]/.test(s.text) && !last.wrapUp) {
          last.wrapUp = text(s.text);
          extend(last, s);
          return;
        }
        if (isPreambleHeading(s.text)) {
          // an indented line with no closing punctuation: a title the source sets as a
          // paragraph ("I", "Informal system", "* * *"); flush-left titles are headings
          this.container.push({ kind: "textBlock", content: text(s.text), source: span(s) });
          this.paragraph = undefined;
          return;
        }
        // a paragraph that opens with a preambular phrase and ends with a comma is preambular
        // wherever it stands (sections of the body often have their own preamble)
        const preambular = ENDS_PREAMBULAR.test(visibleEnd(s.text)) && /^[A-Z]/.test(s.text) &&
          (hasPreambularOpening(s.text) ||
            (!this.container.some((b) => b.kind === "operativeParagraph" && b.num) && !findOpeningPhrase(s.text, "operative", true)));
        if (this.preambleAllowed && preambular) {
          const pp: PreambularParagraph = { kind: "preambularParagraph", content: text(s.text), source: span(s) };
          this.container.push(pp);
          this.paragraph = undefined;
          return;
        }
        // an unnumbered paragraph: quoted text, or a paragraph whose points follow
        this.paragraph = { kind: "operativeParagraph", content: text(s.text), source: span(s) };
        this.container.push(this.paragraph);
        return;
      }
      case "date":
        this.container.push({ kind: "textBlock", content: text(s.text), source: span(s) });
        this.paragraph = undefined;
        return;
      default:
        this.diagnostics.push(diag("line-unplaced", "warning", `${s.kind} line kept as a text block where it was not expected`, s.source.line));
        this.container.push({ kind: "textBlock", content: text(s.label ? `${s.label} ${s.text}` : s.text), source: span(s) });
        this.paragraph = undefined;
    }
  }

  private addPoint(s: Segment): void {
    const point: Point = { kind: "point", label: s.label!, content: text(s.text), source: span(s) };
    if (!this.paragraph) {
      this.paragraph = { kind: "operativeParagraph", content: [], source: span(s) };
      this.container.push(this.paragraph);
    }
    const para = this.paragraph;
    const points = (para.points ??= []);
    const last = points[points.length - 1];
    if (last && isNestedRoman(s.label!, points)) {
      (last.points ??= []).push(point);
      extend(last, s);
    } else {
      points.push(point);
    }
    extend(para, s);
  }
}

const ROMAN = /^\(([ivxlc]+)\)$/;

/**
 * "(i)" after "(h)" is the letter i; otherwise a roman label under a lettered
 * list opens or continues the last letter point's own list. A list that
 * itself starts at "(i)" is roman throughout.
 */
export function isNestedRoman(label: string, points: Point[]): boolean {
  const m = ROMAN.exec(label);
  if (!m || points[0].label === "(i)") return false;
  const lastTop = points[points.length - 1];
  if (label === "(i)") return lastTop.label !== "(h)";
  const sub = lastTop.points;
  if (!sub?.length) return false;
  return romanValue(m[1]) === romanValue(ROMAN.exec(sub[sub.length - 1].label)?.[1] ?? "") + 1;
}

function romanValue(r: string): number {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let n = 0;
  for (let i = 0; i < r.length; i++) {
    const a = v[r[i]], b = v[r[i + 1]] ?? 0;
    n += a < b ? -a : a;
  }
  return n;
}

export type { Footnote };
