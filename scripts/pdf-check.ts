/**
 * Checks a resolution PDF the way a person would with poppler and qpdf:
 * structure (qpdf --check), fonts embedded, tagged, page size, title, and
 * text given back in reading order with each footnote on the page of its
 * first reference. The PDF tests use these helpers; run directly to check
 * one file:
 *
 *   tsx scripts/pdf-check.ts out.pdf
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Block, Inline, Resolution } from "../pipeline/ast.ts";
import { blocksInlines, plainText } from "../pipeline/ast-utils.ts";

/** Whether a command-line tool is on PATH. */
export function have(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }).status === 0;
}

function run(bin: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * pdftotext in raw mode: text in content-stream order, i.e. the order the
 * emitter drew it in (the reading order), without poppler's column guessing,
 * which reorders e.g. a short last line under a paragraph number.
 */
export function pdfText(file: string, first?: number, last?: number): string {
  const args = ["-raw", "-enc", "UTF-8"];
  if (first) args.push("-f", String(first));
  if (last) args.push("-l", String(last));
  const r = run("pdftotext", [...args, file, "-"]);
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

/** pdfinfo fields ("Pages", "Tagged", "Page size", "Title", …). */
export function pdfInfo(file: string): Record<string, string> {
  const r = run("pdfinfo", ["-enc", "UTF-8", file]);
  if (r.status !== 0) throw new Error(`pdfinfo failed: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1].trim()] = m[2].trim();
  }
  return out;
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
}

/** pdffonts rows. */
export function pdfFonts(file: string): FontRow[] {
  const r = run("pdffonts", [file]);
  if (r.status !== 0) throw new Error(`pdffonts failed: ${r.stderr}`);
  return r.stdout
    .split("\n")
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object, ID
      const cols = l.trim().split(/\s+/);
      const emb = cols[cols.length - 5];
      return { name: cols[0], type: cols.slice(1, cols.length - 6).join(" "), embedded: emb === "yes" };
    });
}

/** qpdf --check: ok when qpdf reports no errors (exit 0, or 3 for warnings only). */
export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const r = run("qpdf", ["--check", file]);
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

/** Words of a text: whitespace-separated, with the typographic forms extraction may give normalised. */
export function words(s: string): string[] {
  return s
    .replace(/[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, "")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\ufb01/g, "fi")
    .replace(/\ufb02/g, "fl")
    .split(/\s+/)
    .filter(Boolean);
}

/** A paragraph-level text; table cells are `inTable` (pdftotext reads table columns in its own order). */
export interface ExpectedText {
  text: string;
  inTable: boolean;
}

/** Every paragraph-level text of the document in reading order, markers glued as printed. */
export function expectedTexts(doc: Resolution): ExpectedText[] {
  const out: ExpectedText[] = [];
  const push = (inl: readonly Inline[] | undefined, inTable = false) => {
    if (inl?.length) out.push({ text: printedText(inl), inTable });
  };
  const blocks = (list: readonly Block[]) => {
    for (const b of list) {
      if (b.kind === "table") for (const r of b.rows) for (const c of r.cells) push(c.content, true);
      else if (b.kind === "section") {
        push(b.heading.content);
        blocks(b.children);
      } else for (const inl of blocksInlines([b])) push(inl);
    }
  };
  push(doc.title);
  for (const part of doc.parts) {
    if (part.letter) out.push({ text: part.letter, inTable: false });
    push(part.title);
    push(part.formula?.content);
    for (const p of part.preamble) push(p.content);
    blocks(part.operative);
    if (part.conclusion) {
      const text = [part.conclusion.meetingText, part.conclusion.date?.text].filter(Boolean).join(" ");
      if (text) out.push({ text, inTable: false });
    }
  }
  for (const a of doc.annexes) {
    out.push({ text: a.label, inTable: false });
    push(a.title);
    blocks(a.children);
  }
  return out;
}

/**
 * Inline text as pdftotext gives it back: a note marker is glued to the word
 * before it, and a word right after it (no space in the source) comes out as
 * a word of its own, as the marker sits on a raised baseline.
 */
export function printedText(inl: readonly Inline[]): string {
  let out = "";
  for (const n of inl) {
    if (n.kind === "noteReference") out += n.marker + " ";
    else if (n.kind === "italic") out += printedText(n.children);
    else out += plainText([n]);
  }
  return out;
}

/**
 * Finds `want` in `stream` in order, from `from`: the words must follow one
 * another, except that up to `gap` other words (a page break: footnotes,
 * running header, page number) may come between two of them; the word after
 * such a gap must be followed by the next expected one, to avoid chance hits. Returns the
 * index after the match, or -1 with the first word that could not be found.
 */
export function findInOrder(stream: readonly string[], want: readonly string[], from: number, gap = 600): { end: number; missing?: string } {
  if (want.length === 0) return { end: from };
  /** Stream words that spell want[k] from stream[i]: 1, or more for a long word broken across lines (URLs); 0 if none. */
  const at = (i: number, k: number): number => {
    const w = want[k];
    if (stream[i] === w) return 1;
    let joined = "";
    for (let j = i; j < stream.length && j < i + 12; j++) {
      joined += stream[j];
      if (joined === w) return j - i + 1;
      if (!w.startsWith(joined)) return 0;
    }
    return 0;
  };
  for (let start = from; start < stream.length; start++) {
    const n0 = at(start, 0);
    if (!n0) continue;
    let i = start + n0;
    let ok = true;
    for (let k = 1; k < want.length; k++) {
      const n = at(i, k);
      if (n) {
        i += n;
        continue;
      }
      // Skip a page break: look for want[k] (and want[k+1] after it) within `gap` words.
      let j = i;
      let m = 0;
      const limit = Math.min(stream.length, i + gap);
      for (; j < limit; j++) {
        m = at(j, k);
        if (m && (k + 1 >= want.length || at(j + m, k + 1))) break;
      }
      if (j >= limit) {
        ok = false;
        break;
      }
      i = j + m;
    }
    if (ok) return { end: i };
  }
  return { end: -1, missing: want.slice(0, 8).join(" ") };
}

/** Paragraphs not given back in reading order by pdftotext (empty when all are). */
export function readingOrderProblems(file: string, doc: Resolution): string[] {
  const stream = words(pdfText(file));
  const problems: string[] = [];
  let cursor = 0;
  for (const { text, inTable } of expectedTexts(doc)) {
    if (inTable) {
      // Cells: present, words in order, anywhere (wrapped cells interleave with their neighbours).
      const r = findInOrder(stream, words(text), 0, 40);
      if (r.end < 0) problems.push(`table cell not found: "${r.missing}…"`);
      continue;
    }
    const r = findInOrder(stream, words(text), cursor);
    if (r.end < 0) problems.push(`not found in order: "${r.missing}…"`);
    else cursor = r.end;
  }
  for (const f of doc.footnotes) {
    const w = [f.marker, ...words(printedText(f.content))];
    if (findInOrder(stream, w, 0, 0).end < 0) problems.push(`footnote ${f.marker} text not found: "${w.slice(0, 8).join(" ")}"`);
  }
  return problems;
}

/**
 * For each footnote: the page its text is on and the page of its first
 * reference (found as the word the marker is glued to, "Destruction,1").
 */
export function footnotePages(file: string, doc: Resolution, pages: number): { marker: string; notePage: number; refPage: number }[] {
  // one pdftotext run: pages come separated by form feeds
  const perPage = pdfText(file).split("\f").slice(0, pages).map(words);
  const refTokens = firstReferenceTokens(doc);
  const out: { marker: string; notePage: number; refPage: number }[] = [];
  for (const f of doc.footnotes) {
    // With its marker: notes can share a text ("Ibid., chap. V.").
    const w = [f.marker, ...words(printedText(f.content))];
    const notePage = perPage.findIndex((p) => findInOrder(p, w, 0, 0).end >= 0) + 1;
    const token = refTokens.get(f.marker);
    const refPage = token ? perPage.findIndex((p) => p.includes(token)) + 1 : 0;
    out.push({ marker: f.marker, notePage, refPage });
  }
  return out;
}

/** The printed word carrying each note's first reference: last word before the marker + marker. */
function firstReferenceTokens(doc: Resolution): Map<string, string> {
  const out = new Map<string, string>();
  const lists: (readonly Inline[])[] = [doc.title];
  for (const part of doc.parts) {
    if (part.title) lists.push(part.title);
    if (part.formula) lists.push(part.formula.content);
    for (const p of part.preamble) lists.push(p.content);
    lists.push(...blocksInlines(part.operative));
  }
  for (const a of doc.annexes) {
    if (a.title) lists.push(a.title);
    lists.push(...blocksInlines(a.children));
  }
  for (const inl of lists) {
    let before = "";
    const walk = (xs: readonly Inline[]) => {
      for (const n of xs) {
        if (n.kind === "noteReference") {
          const prev = before.split(/\s+/).pop() ?? "";
          if (!out.has(n.marker) && prev) out.set(n.marker, words(prev + n.marker)[0]);
          before += n.marker;
        } else if (n.kind === "italic") walk(n.children);
        else before += plainText([n]);
      }
    };
    walk(inl);
  }
  return out;
}

export interface BoxWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes (pdftotext -bbox), y from the top of the page. */
export function pdfWords(file: string): BoxWord[] {
  const r = run("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"]);
  if (r.status !== 0) throw new Error(`pdftotext -bbox failed: ${r.stderr}`);
  const out: BoxWord[] = [];
  let page = 0;
  for (const line of r.stdout.split("\n")) {
    if (line.includes("<page ")) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] });
  }
  return out;
}

/**
 * Pages where body text runs into the footnotes: a body-size word (box at
 * least `bodyHeight` tall) lower than the top of the first footnote-size word
 * between `top` and `bottom` (running header and footer are outside).
 */
export function footnoteOverlaps(
  file: string,
  o: { top: number; bottom: number; bodyHeight: number; noteHeight: [number, number] },
): string[] {
  const byPage = new Map<number, BoxWord[]>();
  for (const w of pdfWords(file)) {
    if (w.yMin < o.top || w.yMax > o.bottom) continue;
    byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  }
  const problems: string[] = [];
  for (const [page, ws] of byPage) {
    const h = (w: BoxWord) => w.yMax - w.yMin;
    const notes = ws.filter((w) => h(w) >= o.noteHeight[0] && h(w) <= o.noteHeight[1]);
    if (!notes.length) continue;
    const noteTop = Math.min(...notes.map((w) => w.yMin));
    const low = ws.filter((w) => h(w) >= o.bodyHeight && w.yMax > noteTop + 0.5);
    if (low.length) problems.push(`page ${page}: "${low[0].text}" at y ${low[0].yMax.toFixed(1)} below the notes' top ${noteTop.toFixed(1)}`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: tsx scripts/pdf-check.ts file.pdf");
    process.exit(2);
  }
  const missing = ["qpdf", "pdfinfo", "pdffonts", "pdftotext"].filter((b) => !have(b));
  if (missing.length) {
    console.error(`missing tools: ${missing.join(", ")} (apt-get install poppler-utils qpdf)`);
    process.exit(2);
  }
  const q = qpdfCheck(file);
  const info = pdfInfo(file);
  const fonts = pdfFonts(file);
  console.log(`qpdf --check: ${q.ok ? "ok" : "FAILED\n" + q.output}`);
  console.log(`pages: ${info["Pages"]}, size: ${info["Page size"]}, tagged: ${info["Tagged"]}, PDF ${info["PDF version"]}`);
  console.log(`title: ${info["Title"]}`);
  console.log(`fonts: ${fonts.map((f) => `${f.name}${f.embedded ? "" : " (NOT EMBEDDED)"}`).join(", ")}`);
  process.exit(q.ok && fonts.every((f) => f.embedded) && info["Tagged"] === "yes" ? 0 : 1);
}
