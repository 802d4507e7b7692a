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
    body = new BlockBuilder(p.operative, diagnostics);
    mode = "preamble";
    return p;
  };
  const ensurePart = (s: Segment) => part ?? (part = newPart(s));

  for (const s of segments) {
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
        if (mode !== "annex") {
          part = newPart(s, s.label);
          continue;
        }
        break;
      case "annex":
        annex = { kind: "annex", label: s.text, children: [], source: span(s) };
        doc.annexes.push(annex);
        body = new BlockBuilder(annex.children, diagnostics);
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
        const c = part?.conclusion;
        if (c && !c.date && mode !== "annex") {
          c.date = { text: s.text, iso: isoDate(s.text)! };
          extend(c, s);
          meta.adoptionDate ??= c.date;
          continue;
        }
        break;
      }
    }
    // body content
    if (mode === "head") {
      if (s.kind === "heading" && part?.letter && !part.formula) {
        part.title = text(s.text);
        continue;
      }
      ensurePart(s);
    }
    if (mode === "preamble" && part) {
      if (s.kind === "heading" && part.letter && !part.formula && !part.preamble.length) {
        part.title = text(s.text);
        continue;
      }
      if (s.kind === "text") {
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
 * A resolution with no numbered paragraph ends with one or more unnumbered
 * operative paragraphs. Preambular paragraphs end with a comma; the trailing
 * paragraphs that do not are the operative part.
 */
function moveLoneOperative(p: ResolutionPart): void {
  if (p.operative.length || !p.preamble.length) return;
  let k = p.preamble.length;
  while (k > 0 && !/,\s*(\d+)?$/.test(plain(p.preamble[k - 1].content))) k--;
  if (k === p.preamble.length) k = p.preamble.length - 1;
  const moved = p.preamble.splice(k);
  p.operative.push(...moved.map((m): OperativeParagraph => ({ kind: "operativeParagraph", content: m.content, source: m.source })));
}

const plain = (c: Inline[]) => c.map((i) => ("text" in i ? i.text : "")).join("");

/** Heading levels for sections: roman numerals over capital letters over the rest. */
function headingLevel(label: string | undefined): number {
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

  constructor(private readonly root: Block[], private readonly diagnostics: Diagnostic[]) {}

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
        if (/,$/.test(s.text) && !this.container.some((b) => b.kind === "operativeParagraph")) {
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
function isNestedRoman(label: string, points: Point[]): boolean {
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
