/**
 * Preamble, main body and annex bodies → AST blocks.
 *
 * Two dialects meet here, and each element form is read by what it says:
 *
 * - Our emitter (pipeline/emitters/akn/body.ts) writes every AST block in a
 *   form of its own: paragraph/num/content|list, section/num/heading,
 *   hcontainer name="heading"|"textBlock"|"table", blockContainer or
 *   crossHeading refersTo="#preamble", table. These are read back exactly.
 * - The UN's files write a flat run of <paragraph> elements: sub-paragraphs
 *   as unnumbered paragraphs starting "(a)\t…" (or with <num>(a)</num>),
 *   headings as paragraphs holding only a <subheading>, a lone "II" heading
 *   before its title, sometimes several preamble/mainBody pairs in one
 *   statement, <sublist> after a point. These are given the structure a
 *   reader sees, with the rules the text parser uses (pipeline/stages/parse.ts):
 *   points nest under the paragraph before them, headings open sections.
 *
 * None of the UN-only forms is ever written by our emitter, so reading our
 * own output never goes through the structure-making rules, and a document
 * read from the UN's files reads back unchanged after one trip through our
 * emitter.
 */
import type {
  Annex, Block, Heading, Inline, OperativeParagraph, Point, PreambularParagraph, ResolutionPart, Section, Table, TableRow,
} from "../../ast.ts";
import { plainText } from "../../ast-utils.ts";
import { diag } from "../../diagnostics.ts";
import { note, normalizeInlines, readInlines, readLines, splitOpeningPhrase, type ReadState } from "./inline.ts";
import { child, childrenNamed, cleanText, elements, isEl, textOf, type XEl, type XNode } from "./xml.ts";
import { headingLevel, isNestedRoman } from "../../stages/parse.ts";

// ------------------------------------------------------------------ helpers

/** The inlines of the <p> elements of `e` (or of `e` itself when it has none), one line per p. */
function paras(e: XEl | undefined, st: ReadState): Inline[] {
  if (!e) return [];
  const ps = childrenNamed(e, "p");
  if (ps.length === 0) return readInlines(e.children, st);
  return readLines(ps.map((p) => p.children), st);
}

/** A <content>: first p is the content; further p are text after it (our emitter's wrap-up without points). */
function contentOf(e: XEl, st: ReadState): { content: Inline[]; wrapUp?: Inline[] } {
  const ps = childrenNamed(e, "p");
  if (ps.length <= 1) return { content: paras(e, st) };
  const wrapUp = readLines(ps.slice(1).map((p) => p.children), st);
  return { content: readInlines(ps[0].children, st), ...(wrapUp.length ? { wrapUp } : {}) };
}

const POINT_NUM = /^\(/;
/** A heading's number: "II.", "A", "IV" (parse.ts: HEADING_LABEL, LONE_LABEL). */
const HEADING_NUM = /^(?:[IVXLC]+|[A-Z])\.?$/;
/**
 * A label at the start of an unnumbered paragraph: the same pattern the
 * scorer (eval/aknblocks.py, LABEL) and the text segmenter recognise.
 */
const LEADING_LABEL = /^\(?([a-z]{1,2}|[ivxlc]+|\d+)\)[ \u00a0]+|^(\d+)\.[ \u00a0]+/i;

/** Removes the first `n` characters of text from the front of `list`. */
function dropLeading(list: Inline[], n: number): Inline[] {
  const out = [...list];
  while (n > 0 && out.length) {
    const first = out[0];
    if (first.kind === "text" || first.kind === "openingPhrase") {
      if (first.text.length <= n) {
        n -= first.text.length;
        out.shift();
      } else {
        out[0] = { ...first, text: first.text.slice(n) };
        n = 0;
      }
    } else if (first.kind === "italic") {
      const len = plainText(first.children).length;
      if (len <= n) {
        n -= len;
        out.shift();
      } else {
        out[0] = { kind: "italic", children: dropLeading(first.children, n) };
        n = 0;
      }
    } else {
      break;
    }
  }
  return normalizeInlines(out);
}

function preambular(content: Inline[]): PreambularParagraph {
  const split = splitOpeningPhrase(content);
  const pp: PreambularParagraph = { kind: "preambularParagraph", content: split.content };
  if (split.phrase) pp.openingPhrase = split.phrase;
  return pp;
}

/**
 * An operative paragraph. Opening verbs are marked in the operative part
 * only, never in annexes (as link.ts does): a leading italic in an annex
 * paragraph stays an italic.
 */
function operative(num: string | undefined, content: Inline[], annex: boolean): OperativeParagraph {
  const split: { content: Inline[]; phrase?: string } = annex ? { content } : splitOpeningPhrase(content);
  const p: OperativeParagraph = { kind: "operativeParagraph", content: split.content };
  if (num) p.num = num;
  if (split.phrase) p.openingVerb = split.phrase;
  return p;
}

// ------------------------------------------------------------------ tables

export function readTable(t: XEl, st: ReadState): Table {
  const rows: TableRow[] = [];
  const visit = (e: XEl) => {
    for (const c of elements(e)) {
      if (c.name === "tr") {
        rows.push({
          cells: elements(c)
            .filter((cell) => cell.name === "td" || cell.name === "th")
            .map((cell) => ({ header: cell.name === "th", content: paras(cell, st) })),
        });
      } else if (c.name !== "table") {
        visit(c); // thead/tbody/caption wrappers
      }
    }
  };
  visit(t);
  if (elements(t).some((c) => c.name === "tr" && elements(c).some((cell) => cell.attrs.colspan || cell.attrs.rowspan))) {
    note(st, diag("akn-table-spans", "info", "table cells spanning rows or columns are read as single cells", t.line));
  }
  return { kind: "table", rows };
}

// ------------------------------------------------------------------ blocks

/**
 * Builds a block list (operative part, annex, section) from a run of
 * elements, keeping the paragraph that points attach to and the open
 * sections of the UN files' flat headings.
 */
export class BlockReader {
  private sections: { level: number; section: Section }[] = [];
  private paragraph?: OperativeParagraph;
  /** A lone "II" heading waiting for its title. */
  private pendingLabel?: { text: string; line: number };

  constructor(
    readonly root: Block[],
    private readonly st: ReadState,
    private readonly annex: boolean,
  ) {}

  get container(): Block[] {
    const top = this.sections[this.sections.length - 1];
    return top ? top.section.children : this.root;
  }

  /** True when the text so far opened a section (later preambles belong to it). */
  get inSection(): boolean {
    return this.sections.length > 0;
  }

  private push(b: Block): void {
    this.flushLabel();
    this.container.push(b);
    this.paragraph = b.kind === "operativeParagraph" ? b : undefined;
  }

  /**
   * The UN files' heading paragraph: opens a section, as a heading line does
   * in parse.ts. A lone "II" waits for the title line after it (the two are
   * one heading: num "II", text the title).
   */
  private openSection(num: string | undefined, content: Inline[], line: number): void {
    const t = plainText(content).trim();
    if (!num && HEADING_NUM.test(t) && content.every((c) => c.kind === "text")) {
      this.flushLabel();
      this.pendingLabel = { text: t, line };
      return;
    }
    if (!num && this.pendingLabel) {
      num = this.pendingLabel.text;
      this.pendingLabel = undefined;
    } else {
      this.flushLabel();
    }
    this.placeSection(num, content);
  }

  private placeSection(num: string | undefined, content: Inline[]): void {
    const heading: Heading = { kind: "heading", content };
    if (num) heading.num = num;
    const level = headingLevel(num);
    while (this.sections.length && this.sections[this.sections.length - 1].level >= level) this.sections.pop();
    const section: Section = { kind: "section", heading, children: [] };
    this.container.push(section);
    this.sections.push({ level, section });
    this.paragraph = undefined;
  }

  /** A lone label with no title after it is a heading of its own. */
  private flushLabel(): void {
    const p = this.pendingLabel;
    if (!p) return;
    this.pendingLabel = undefined;
    this.placeSection(undefined, [{ kind: "text", text: p.text }]);
  }

  finish(): void {
    this.flushLabel();
  }

  /** A point found as a paragraph of its own: under the paragraph before it. */
  private addPoint(point: Point): void {
    this.flushLabel();
    let para = this.paragraph;
    if (!para || para.wrapUp) {
      para = { kind: "operativeParagraph", content: [] };
      this.container.push(para);
      this.paragraph = para;
    }
    const points = (para.points ??= []);
    const last = points[points.length - 1];
    if (last && isNestedRoman(point.label, points)) (last.points ??= []).push(point);
    else points.push(point);
  }

  /** Preambular paragraphs from a later <preamble> of the same statement. */
  addPreambular(pp: PreambularParagraph): void {
    this.push(pp);
  }

  /** A heading found after the fact (a line between two preambles): opens a section. */
  heading(content: Inline[], num?: string): void {
    this.openSection(num, content.map((c) => (c.kind === "openingPhrase" ? { kind: "text" as const, text: c.text } : c)), 0);
  }

  /**
   * Before a later <preamble> (UN files): the unnumbered title lines that end
   * the main body before it ("II", "Strategic heritage plan …") are the
   * heading of the section that preamble opens. Returns whether there were any.
   */
  headingsBeforePreamble(): boolean {
    this.flushLabel();
    const list = this.container;
    let k = list.length;
    while (k > 0 && isTitleBlock(list[k - 1])) k--;
    if (k === list.length) return false;
    const lines = list.splice(k);
    this.paragraph = undefined;
    for (const b of lines) this.heading("content" in b ? b.content : []);
    this.flushLabel();
    return true;
  }

  /** Removes and returns every block read so far (they were a preamble after all). */
  takeAll(): Block[] {
    this.flushLabel();
    this.paragraph = undefined;
    return this.root.splice(0);
  }

  /** The blocks so far are only unnumbered text (a preamble the UN file split in two). */
  onlyLooseText(): boolean {
    return !this.inSection && this.root.every((b) => (b.kind === "operativeParagraph" && !b.num && !b.points?.length) || b.kind === "textBlock");
  }

  add(e: XEl): void {
    const st = this.st;
    switch (e.name) {
      case "paragraph":
        return this.paragraphElement(e);
      case "section":
      case "subsection":
      case "chapter":
      case "part":
      case "division":
      case "title":
      case "article":
      case "level":
      case "clause":
        return this.sectionElement(e);
      case "hcontainer": {
        const name = e.attrs.name;
        if (name === "heading") {
          const num = cleanText(child(e, "num")) || undefined;
          const h: Heading = { kind: "heading", content: readInlines(child(e, "heading")?.children ?? [], st) };
          if (num) h.num = num;
          return this.push(h);
        }
        if (name === "table") {
          const t = findTable(e);
          if (t) return this.push(readTable(t, st));
        }
        if (name === "textBlock") return this.push({ kind: "textBlock", content: paras(child(e, "content") ?? e, st) });
        if (name === "preamble") {
          // our emitter: preambular text directly in mainBody, as hcontainer > crossHeading refersTo="#preamble"
          for (const c of elements(e)) this.add(c);
          return;
        }
        if (child(e, "heading") || child(e, "subheading")) return this.sectionElement(e);
        return this.generic(e);
      }
      case "blockContainer":
      case "crossHeading": {
        if ((e.attrs.refersTo ?? "").split(/\s+/).includes("#preamble")) {
          return this.push(preambular(e.name === "crossHeading" ? readInlines(e.children, st) : paras(e, st)));
        }
        if (e.name === "crossHeading") return this.push({ kind: "heading", content: readInlines(e.children, st) });
        return this.generic(e);
      }
      case "table":
        return this.push(readTable(e, st));
      case "container":
      case "tblock":
        return this.generic(e);
      case "list":
      case "blockList":
        return this.listElement(e);
      case "num":
      case "heading":
      case "subheading":
        return this.openSection(undefined, readInlines(e.children, st), e.line);
      default:
        return this.generic(e);
    }
  }

  /** Anything else: tables stay tables, lists become points, text becomes text blocks. */
  private generic(e: XEl): void {
    const st = this.st;
    const kids = elements(e);
    if (kids.length && kids.every((k) => ["table", "p", "blockList", "list", "container", "tblock", "paragraph", "crossHeading", "blockContainer"].includes(k.name))) {
      for (const k of kids) {
        if (k.name === "p") this.textBlock(readInlines(k.children, st));
        else this.add(k);
      }
      return;
    }
    if (!cleanText(e)) return;
    this.textBlock(paras(e, st));
  }

  private textBlock(content: Inline[]): void {
    if (content.length) this.push({ kind: "textBlock", content });
  }

  private sectionElement(e: XEl): void {
    const st = this.st;
    const num = cleanText(child(e, "num")) || undefined;
    const headings = elements(e).filter((c) => c.name === "heading" || c.name === "subheading");
    const first = headings[0];
    const heading: Heading = { kind: "heading", content: first ? readInlines(first.children, st) : [] };
    if (num) heading.num = num;
    const section: Section = { kind: "section", heading, children: [] };
    this.push(section);
    this.paragraph = undefined;
    const inner = new BlockReader(section.children, st, this.annex);
    for (const c of elements(e)) {
      if (c === first || c.name === "num") continue;
      inner.add(c);
    }
    inner.finish();
  }

  private listElement(e: XEl): void {
    const para: OperativeParagraph = { kind: "operativeParagraph", content: [] };
    readList(e, para, this.st);
    this.push(para);
  }

  private paragraphElement(e: XEl): void {
    const st = this.st;
    const num = cleanText(child(e, "num")) || undefined;
    const headings = elements(e).filter((c) => c.name === "heading" || c.name === "subheading");
    const rest = elements(e).filter((c) => c.name !== "num" && c.name !== "heading" && c.name !== "subheading");

    if (headings.length) {
      // UN files: a heading paragraph ("<subheading>Budget estimates…</subheading>"),
      // sometimes with the text under it in the same element.
      headings.forEach((h, i) => this.openSection(i === 0 ? num : undefined, readInlines(h.children, st), h.line));
      for (const r of rest) this.bodyOf(r, undefined);
      return;
    }
    if (rest.length === 0) {
      if (num) this.push(operative(num, [], this.annex));
      return;
    }
    if (num && POINT_NUM.test(num)) {
      const point: Point = { kind: "point", label: num, content: [] };
      fillItem(point, rest, st);
      return this.addPoint(point);
    }
    if (num && HEADING_NUM.test(num) && rest.every((r) => r.name === "content")) {
      return this.openSection(num, paras(rest[0], st), e.line);
    }
    const first = rest[0];
    if (rest.length === 1 && first.name === "content") return this.bodyOf(first, num);
    const para = operative(num, [], this.annex);
    fillItem(para, rest, st);
    if (para.content.length) {
      const op = operative(num, para.content, this.annex);
      para.content = op.content;
      if (op.openingVerb) para.openingVerb = op.openingVerb;
    }
    this.push(para);
  }

  /** The content of a paragraph: its own text, or (unnumbered) a point or numbered paragraph by the label it starts with. */
  private bodyOf(c: XEl, num: string | undefined): void {
    const st = this.st;
    if (c.name !== "content") return this.add(c);
    const marked = headingInContent(c);
    if (marked) return this.openSection(num, readInlines(marked.children, st), marked.line);
    const { content, wrapUp } = contentOf(c, st);
    if (!num) {
      const m = LEADING_LABEL.exec(plainText(content));
      if (m) {
        const label = m[0].trim();
        const rest = dropLeading(content, m[0].length);
        if (label.startsWith("(")) {
          const point: Point = { kind: "point", label, content: rest };
          if (wrapUp) point.wrapUp = wrapUp;
          return this.addPoint(point);
        }
        const para = operative(label, rest, this.annex);
        if (wrapUp) para.wrapUp = wrapUp;
        return this.push(para);
      }
      if (!content.length && !wrapUp) return;
    }
    const para = operative(num, content, this.annex);
    if (wrapUp) para.wrapUp = wrapUp;
    this.push(para);
  }
}

/** UN files: <content><p><subheading>Preamble</subheading></p></content> marks a heading line. */
function headingInContent(c: XEl): XEl | undefined {
  const ps = elements(c);
  if (ps.length !== 1 || ps[0].name !== "p") return undefined;
  const p = ps[0];
  if (p.children.some((k) => typeof k === "string" && k.trim())) return undefined;
  const kids = elements(p);
  return kids.length === 1 && (kids[0].name === "subheading" || kids[0].name === "heading") ? kids[0] : undefined;
}

/**
 * A line with no closing punctuation, set as a paragraph: a title. (parse.ts's
 * isPreambleHeading also distrusts a final digit or bracket, which in raw text
 * may be a footnote marker glued on; in AKN notes are elements, so "… for 2025"
 * is a title.)
 */
function isTitleBlock(b: Block): boolean {
  if (b.kind !== "operativeParagraph" && b.kind !== "textBlock") return false;
  if (b.kind === "operativeParagraph" && (b.num || b.points?.length || b.wrapUp)) return false;
  const t = plainText(b.content).trim();
  return !!t && (!/[.,;:!?]["”’]?$/.test(t) || /^[*\s]+$/.test(t));
}

function findTable(e: XEl): XEl | undefined {
  for (const c of elements(e)) {
    if (c.name === "table") return c;
    const d = findTable(c);
    if (d) return d;
  }
  return undefined;
}

/**
 * The body of a paragraph or point: content, or list (intro, points,
 * sublists, wrapUp), and a wrapUp after the list (our emitter's point form).
 */
function fillItem(item: { content: Inline[]; points?: Point[]; wrapUp?: Inline[] }, parts: XEl[], st: ReadState): void {
  for (const c of parts) {
    if (c.name === "content") {
      const { content, wrapUp } = contentOf(c, st);
      item.content = item.content.length ? [...item.content, { kind: "lineBreak" }, ...content] : content;
      if (wrapUp) item.wrapUp = wrapUp;
    } else if (c.name === "list" || c.name === "blockList") {
      readList(c, item, st);
    } else if (c.name === "wrapUp") {
      const w = paras(c, st);
      if (w.length) item.wrapUp = w;
    } else if (c.name === "intro" || c.name === "listIntroduction") {
      item.content = paras(c, st);
    } else if (cleanText(c)) {
      // something we do not model inside a paragraph (a table, a quoted block): its text, after the content
      const extra = paras(c, st);
      item.content = item.content.length ? [...item.content, { kind: "lineBreak" }, ...extra] : extra;
      note(st, diag("akn-unmodelled", "info", `<${c.name}> inside a paragraph is read as text`, c.line));
    }
  }
}

function readList(list: XEl, item: { content: Inline[]; points?: Point[]; wrapUp?: Inline[] }, st: ReadState): void {
  const points = (item.points ??= []);
  for (const c of elements(list)) {
    switch (c.name) {
      case "intro":
      case "listIntroduction":
        item.content = paras(c, st);
        break;
      case "point":
      case "item":
      case "indent":
      case "alinea": {
        const point: Point = { kind: "point", label: cleanText(child(c, "num")), content: [] };
        const rest = elements(c).filter((x) => x.name !== "num");
        if (rest.every((x) => x.name === "p")) point.content = paras(c, st);
        else fillItem(point, rest, st);
        points.push(point);
        break;
      }
      case "sublist": {
        // UN files: the (i) items of the point before, in a sibling <sublist>
        const last = points[points.length - 1];
        if (last) readList(c, last, st);
        else readList(c, item, st);
        break;
      }
      case "wrapUp":
      case "listWrapUp": {
        const w = paras(c, st);
        if (w.length) item.wrapUp = w;
        break;
      }
      default:
        if (cleanText(c)) points.push({ kind: "point", label: "", content: paras(c, st) });
    }
  }
  if (!points.length) delete item.points;
}

// ------------------------------------------------------------------ preamble

/** The formula and preambular paragraphs of a <preamble>. */
export function readPreambleInto(pre: XEl, part: ResolutionPart, st: ReadState, later: BlockReader | null): void {
  for (const c of elements(pre)) {
    if (c.name === "formula") {
      const content = paras(c, st);
      if (!part.formula) part.formula = { kind: "formula", content };
      else addPreambular(preambularOf(content), part, later);
      continue;
    }
    const pp = preambularElement(c, st);
    if (pp) addPreambular(pp, part, later);
  }
}

function preambularOf(content: Inline[]): PreambularParagraph {
  return preambular(content);
}

function addPreambular(pp: PreambularParagraph, part: ResolutionPart, later: BlockReader | null): void {
  if (later) later.addPreambular(pp);
  else part.preamble.push(pp);
}

/** container / p / recital / blockList: one preambular paragraph (a blockList's items become lines). */
function preambularElement(c: XEl, st: ReadState): PreambularParagraph | null {
  const lines: XNode[][] = [];
  const collect = (e: XEl) => {
    for (const k of e.children) {
      if (!isEl(k)) {
        if (k.trim()) lines.push([k]);
        continue;
      }
      if (k.name === "p" || k.name === "listIntroduction" || k.name === "intro" || k.name === "wrapUp") lines.push(k.children);
      else if (k.name === "item" || k.name === "point") {
        // "(a)" + the item's text, on a line of its own
        const num = child(k, "num");
        const body = elements(k).filter((x) => x.name !== "num");
        lines.push([...(num ? [textOf(num).trim(), " "] : []), ...body.flatMap((b) => (b.name === "p" ? b.children : [b]))]);
      } else if (k.name === "blockList" || k.name === "list" || k.name === "recitals" || k.name === "content") collect(k);
      else lines.push([k]);
    }
  };
  if (c.name === "p") lines.push(c.children);
  else collect(c);
  const content = readLines(lines, st);
  return content.length ? preambular(content) : null;
}

// ------------------------------------------------------------------ annexes

const ANNEX_LINE = /^Annex(?:es)?(?: [IVXLC]+| [A-Z]| \d+)?$/;

/** One attachment document: label (preface or first line), title, blocks. */
export function readAnnex(doc: XEl, st: ReadState): Annex {
  const annex: Annex = { kind: "annex", label: "", children: [] };
  const pre = child(doc, "preface");
  const bodies = elements(doc).filter((c) => c.name === "mainBody" || c.name === "body");
  let elementsToRead = bodies.flatMap((b) => elements(b));
  if (pre) {
    // our emitter: <preface><p><docNumber>Annex I</docNumber></p></preface>, title as hcontainer name="title"
    const num = pre && findIn(pre, "docNumber");
    annex.label = num ? cleanText(num) : cleanText(pre);
    const lead = elementsToRead[0];
    if (lead?.name === "hcontainer" && lead.attrs.name === "title") {
      const title = readInlines(child(lead, "heading")?.children ?? [], st);
      if (title.length) annex.title = title;
      elementsToRead = elementsToRead.slice(1);
    }
  } else {
    // UN files: the first paragraph says "Annex I", the next may be the title
    const first = elementsToRead[0];
    if (first && ANNEX_LINE.test(cleanText(first))) {
      annex.label = cleanText(first);
      elementsToRead = elementsToRead.slice(1);
      const next = elementsToRead[0];
      if (next && isTitleLine(next)) {
        const heading = elements(next).find((c) => c.name === "subheading" || c.name === "heading");
        const title = heading ? readInlines(heading.children, st) : paras(child(next, "content") ?? next, st);
        if (title.length) annex.title = title;
        elementsToRead = elementsToRead.slice(1);
      }
    }
  }
  const reader = new BlockReader(annex.children, st, true);
  for (const e of elementsToRead) reader.add(e);
  reader.finish();
  return annex;
}

/** A title line under "Annex": a heading paragraph, or an unnumbered line with no closing punctuation. */
function isTitleLine(e: XEl): boolean {
  if (e.name !== "paragraph") return false;
  if (child(e, "num")) return false;
  const kids = elements(e);
  if (kids.length === 1 && (kids[0].name === "subheading" || kids[0].name === "heading")) return true;
  if (kids.length !== 1 || kids[0].name !== "content") return false;
  const t = cleanText(kids[0]);
  return !!t && !/[.,;:]$/.test(t) && !LEADING_LABEL.test(t);
}

function findIn(e: XEl, name: string): XEl | undefined {
  for (const c of elements(e)) {
    if (c.name === name) return c;
    const d = findIn(c, name);
    if (d) return d;
  }
  return undefined;
}
