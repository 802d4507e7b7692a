/**
 * Resolution AST → docx `Document`: body paragraphs, footnotes, numbering,
 * headers and footers. Packing and the byte-stable rewrite are in ../docx.ts.
 */
import {
  AlignmentType,
  BookmarkEnd,
  BookmarkStart,
  BorderStyle,
  BuilderElement,
  Document,
  FootnoteReferenceRun,
  Footer,
  Header,
  HeightRule,
  LevelFormat,
  LevelSuffix,
  PageNumber,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  XmlComponent,
  type ParagraphChild,
} from "docx";
import type {
  Annex,
  Block,
  Conclusion,
  Footnote,
  Inline,
  OperativeParagraph,
  Point,
  Resolution,
  ResolutionPart,
  Table as TableNode,
} from "../../ast.ts";
import { footnoteTracker, inlineLists, plainText } from "../../ast-utils.ts";
import { diag, type Diagnostic } from "../../diagnostics.ts";
import type { PrintTemplate } from "../../print-template.ts";
import { operativeLists, operativeNumber, pointLabel, regularPointFormat, type PointFormat } from "./labels.ts";
import { MAX_POINT_DEPTH, operativeGeometry, pointGeometry, S, styles, tw, type Geometry } from "./styles.ts";

/** A footnote as Word gets it: its id (reading order) and the mark when Word cannot number it. */
interface NoteInfo {
  id: number;
  /** Literal mark ("*", or a number out of sequence); undefined when Word's automatic number equals the marker. */
  customMark?: string;
  /** Bookmark around the first reference, for NOTEREF fields at the later ones. */
  bookmark?: string;
}

export interface Built {
  document: Document;
  /** Footnote ids whose reference mark is literal text, with that mark (for the footnotes.xml rewrite). */
  customMarks: Map<number, string>;
  diagnostics: Diagnostic[];
}

/** A raw WordprocessingML element, for the few things the docx API does not write (complex fields, custom marks). */
function el(name: string, attrs: Record<string, string | number> = {}, children: (XmlComponent | string)[] = []): XmlComponent {
  const attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { key: k, value: v }]));
  const e = new BuilderElement({ name, attributes });
  (e as unknown as { root: unknown[] }).root.push(...children);
  return e;
}

const asChild = (x: XmlComponent): ParagraphChild => x as unknown as ParagraphChild;

function rStyle(id: string): XmlComponent {
  return el("w:rPr", {}, [el("w:rStyle", { "w:val": id })]);
}

function textEl(text: string): XmlComponent {
  return el("w:t", { "xml:space": "preserve" }, [text]);
}

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  readonly footnotes: Record<string, { children: Paragraph[] }> = {};
  readonly customMarks = new Map<number, string>();
  private readonly notes = new Map<string, NoteInfo>();
  private readonly track;
  private readonly refCount = new Map<string, number>();
  private readonly byMarker: Map<string, Footnote>;
  private autoNumber = 0;
  private bookmarkId = 0;
  /** Next instance per numbering reference: each Word list is one instance. */
  private readonly instances = new Map<string, number>();
  readonly usedFormats = new Set<PointFormat>();
  private usedOperative = false;
  /** Word list (reference + instance) of each numbered operative paragraph. */
  private readonly opList = new Map<OperativeParagraph, number>();

  constructor(
    private readonly doc: Resolution,
    private readonly t: PrintTemplate,
  ) {
    this.track = footnoteTracker(doc);
    this.byMarker = new Map(doc.footnotes.map((f) => [f.marker, f]));
    for (const list of inlineLists(doc)) countRefs(list, this.refCount);
    for (const f of doc.footnotes) {
      if (!this.refCount.has(f.marker))
        this.diagnostics.push(
          diag("docx-footnote-unreferenced", "warning", `footnote ${f.marker} is never referenced in the text; Word cannot place it, so it is left out`, f.source?.startLine),
        );
    }
  }

  // -------------------------------------------------------------------------
  // Inlines

  inlines(list: readonly Inline[], inNote = false, italic = false): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of list) {
      switch (n.kind) {
        case "text":
        case "documentReference":
        case "date":
          out.push(italic ? new TextRun({ text: n.text, style: S.italic }) : new TextRun(n.text));
          break;
        case "openingPhrase":
          out.push(new TextRun({ text: n.text, style: S.openingPhrase }));
          break;
        case "italic":
          out.push(...this.inlines(n.children, inNote, true));
          break;
        case "lineBreak":
          out.push(new TextRun({ break: 1 }));
          break;
        case "noteReference":
          out.push(...(inNote ? [new TextRun({ text: n.marker, style: S.footnoteReference })] : this.noteReference(n.marker)));
          break;
      }
    }
    return out;
  }

  private noteReference(marker: string): ParagraphChild[] {
    const { footnote, first } = this.track(marker);
    if (!footnote) {
      this.diagnostics.push(diag("docx-footnote-missing", "warning", `footnote ${marker} is referenced but has no text; its marker is kept as plain superscript`));
      return [new TextRun({ text: marker, style: S.footnoteReference })];
    }
    if (first) {
      const id = this.notes.size + 1;
      const info: NoteInfo = { id };
      // Word numbers its automatic footnotes 1, 2, 3 in reading order, skipping custom marks.
      if (marker === String(this.autoNumber + 1)) this.autoNumber++;
      else {
        info.customMark = marker;
        this.customMarks.set(id, marker);
      }
      if ((this.refCount.get(marker) ?? 0) > 1) info.bookmark = `_RefNote${id}`;
      this.notes.set(marker, info);
      this.footnotes[String(id)] = { children: this.footnoteParagraphs(footnote) };
      const ref = info.customMark
        ? asChild(el("w:r", {}, [rStyle(S.footnoteReference), el("w:footnoteReference", { "w:customMarkFollows": 1, "w:id": id }), textEl(info.customMark)]))
        : new FootnoteReferenceRun(id);
      if (!info.bookmark) return [ref];
      const b = ++this.bookmarkId;
      return [asChild(new BookmarkStart(info.bookmark, b)), ref, asChild(new BookmarkEnd(b))];
    }
    const info = this.notes.get(marker)!;
    // A second footnote reference would make a second (empty, in LibreOffice)
    // note; Word's own way to cite a note again is a NOTEREF field to a
    // bookmark on the first reference (\f: in the reference-mark style).
    const shown = info.customMark ?? String(this.autoNumberOf(info));
    return [
      asChild(el("w:r", {}, [el("w:fldChar", { "w:fldCharType": "begin" })])),
      asChild(el("w:r", {}, [el("w:instrText", { "xml:space": "preserve" }, [` NOTEREF ${info.bookmark} \\f \\h `])])),
      asChild(el("w:r", {}, [el("w:fldChar", { "w:fldCharType": "separate" })])),
      asChild(el("w:r", {}, [rStyle(S.footnoteReference), textEl(shown)])),
      asChild(el("w:r", {}, [el("w:fldChar", { "w:fldCharType": "end" })])),
    ];
  }

  private autoNumberOf(info: NoteInfo): number {
    let n = 0;
    for (const i of this.notes.values()) {
      if (!i.customMark) n++;
      if (i === info) return n;
    }
    return n;
  }

  private footnoteParagraphs(f: Footnote): Paragraph[] {
    // docx puts the note's own mark (w:footnoteRef) at the start of the first paragraph.
    return [new Paragraph({ style: S.footnoteText, children: [new TextRun({ children: [new Tab()] }), ...this.inlines(f.content, true)] })];
  }

  // -------------------------------------------------------------------------
  // Blocks

  /** Works out, for one operative part or annex, which numbered paragraphs become Word lists. */
  private planOperative(blocks: readonly Block[]): void {
    const paras: OperativeParagraph[] = [];
    const walk = (bs: readonly Block[]) => {
      for (const b of bs) {
        if (b.kind === "operativeParagraph" && b.num !== undefined) paras.push(b);
        else if (b.kind === "section") walk(b.children);
      }
    };
    walk(blocks);
    const lists = operativeLists(paras.map((p) => operativeNumber(p.num)));
    const base = this.instances.get("operative") ?? 0;
    let max = -1;
    paras.forEach((p, i) => {
      if (lists[i] >= 0) {
        this.opList.set(p, base + lists[i] + 1);
        max = Math.max(max, lists[i]);
      } else {
        this.diagnostics.push(
          diag("docx-literal-number", "info", `operative paragraph "${p.num}" is out of sequence; its number is kept as text rather than Word numbering`, p.source?.startLine),
        );
      }
    });
    this.instances.set("operative", base + max + 1);
    if (max >= 0) this.usedOperative = true;
  }

  private nextInstance(ref: string): number {
    const n = (this.instances.get(ref) ?? 0) + 1;
    this.instances.set(ref, n);
    return n;
  }

  blocks(list: readonly Block[], depth = 0): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    for (const b of list) {
      switch (b.kind) {
        case "operativeParagraph":
          out.push(...this.operative(b));
          break;
        case "preambularParagraph":
          out.push(new Paragraph({ style: S.preambular, children: this.inlines(b.content) }));
          break;
        case "heading":
          out.push(...this.heading(b.num, b.content, depth));
          break;
        case "section":
          out.push(...this.heading(b.heading.num, b.heading.content, depth), ...this.blocks(b.children, depth + 1));
          break;
        case "textBlock":
          out.push(new Paragraph({ style: S.textBlock, children: this.inlines(b.content) }));
          break;
        case "table":
          out.push(this.table(b));
          break;
      }
    }
    return out;
  }

  private operative(b: OperativeParagraph): (Paragraph | Table)[] {
    const list = this.opList.get(b);
    const content = this.inlines(b.content);
    let para: Paragraph;
    // Numbers of a regular 1., 2., 3. run are Word list numbers (an editor can
    // insert a paragraph and the rest renumber); out-of-sequence numbers stay
    // literal text so the document never prints a number the source lacks.
    if (list !== undefined) para = new Paragraph({ style: S.operative, numbering: { reference: "operative", level: 0, instance: list }, children: content });
    else if (b.num !== undefined) para = new Paragraph({ style: S.operative, children: [new TextRun(b.num), new TextRun({ children: [new Tab()] }), ...content] });
    else para = new Paragraph({ style: S.operative, children: content });
    const out: (Paragraph | Table)[] = [para, ...this.points(b.points, 1)];
    if (b.wrapUp) out.push(new Paragraph({ style: S.wrapUp[0], children: this.inlines(b.wrapUp) }));
    return out;
  }

  private points(points: readonly Point[] | undefined, depth: number): Paragraph[] {
    if (!points || points.length === 0) return [];
    const style = S.point[Math.min(depth, MAX_POINT_DEPTH) - 1];
    // (a), (b) … / (i), (ii) … from 1 without gaps become a Word list; any other
    // run of labels ((a) (c), "(a bis)", a list starting at (d)) stays literal.
    const format = regularPointFormat(points.map((p) => p.label));
    const ref = format ? `points-${format}` : undefined;
    const instance = ref ? this.nextInstance(ref) : 0;
    if (format) this.usedFormats.add(format);
    const romanList = !format && isRomanList(points.map((p) => p.label));
    const out: Paragraph[] = [];
    for (const p of points) {
      const content = this.inlines(p.content);
      if (ref) out.push(new Paragraph({ style, numbering: { reference: ref, level: Math.min(depth, MAX_POINT_DEPTH) - 1, instance }, children: content }));
      else out.push(new Paragraph({ style, children: [...literalLabel(p.label, romanList), new TextRun({ children: [new Tab()] }), ...content] }));
      out.push(...this.points(p.points, depth + 1));
      if (p.wrapUp) out.push(new Paragraph({ style: S.wrapUp[Math.min(depth, S.wrapUp.length - 1)], children: this.inlines(p.wrapUp) }));
    }
    return out;
  }

  /** Top-level headings centre ("II" over "Financing"); lower ones ("A. Pension …") sit at the column edge. */
  private heading(num: string | undefined, content: readonly Inline[], depth: number): Paragraph[] {
    const text = this.inlines(content);
    const n = num?.trim();
    if (depth === 0 && (!n || /^[IVXLC]+\.?$/.test(n))) {
      // One paragraph, number and heading on two lines, so the navigation pane shows "II Financing".
      const number = n ? [new TextRun(n.replace(/\.$/, "")), new TextRun({ break: 1 })] : [];
      return [new Paragraph({ style: S.heading, children: [...number, ...text] })];
    }
    return [new Paragraph({ style: S.subheading, children: n ? [new TextRun(n), new TextRun({ children: [new Tab()] }), ...text] : text })];
  }

  /** A grid table across the column; column widths follow the longest text in each column, as in the PDF. */
  private table(b: TableNode): Table {
    const cols = Math.max(1, ...b.rows.map((r) => r.cells.length));
    const width = tw(this.t.columnWidth);
    // Widths follow each column's longest text, but no column is narrower than
    // its longest word (estimated generously at ~0.75 em a glyph, so that a
    // wider substitute font, as LibreOffice picks without Times, fits too), so
    // Word does not break "Category" inside the word.
    const longest = new Array<number>(cols).fill(1);
    const longestWord = new Array<number>(cols).fill(1);
    for (const r of b.rows)
      r.cells.forEach((c, i) => {
        const text = plainText(c.content);
        longest[i] = Math.max(longest[i], text.length);
        for (const w of text.split(/\s+/)) longestWord[i] = Math.max(longestWord[i], w.length);
      });
    const sum = longest.reduce((a, x) => a + x, 0);
    // each column first gets room for its longest word, then the rest of the
    // width is shared out by text length (scaling the floors down again would
    // break short headings such as "Number" inside the word)
    const least = longestWord.map((n) => Math.min(tw(n * 0.75 * this.t.type.table.size + 2 * this.t.table.cellPaddingX), width / cols));
    const rest = Math.max(0, width - least.reduce((a, x) => a + x, 0));
    const widths = longest.map((l, i) => Math.floor(least[i] + (rest * l) / sum));
    widths[cols - 1] += width - widths.reduce((a, x) => a + x, 0);
    const line = { style: BorderStyle.SINGLE, size: Math.max(2, Math.round(this.t.table.ruleWidth * 8)), color: "000000" };
    const padX = tw(this.t.table.cellPaddingX);
    const padY = tw(this.t.table.cellPaddingY);
    let leading = true;
    const rows = b.rows.map((r) => {
      const header = leading && r.cells.length > 0 && r.cells.every((c) => c.header);
      leading = header;
      const cells = [...r.cells];
      while (cells.length < cols) cells.push({ header: false, content: [] });
      return new TableRow({
        tableHeader: header,
        cantSplit: true,
        children: cells.map(
          (c, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              children: [new Paragraph({ style: c.header ? S.tableHeading : S.tableText, children: this.inlines(c.content) })],
            }),
        ),
      });
    });
    return new Table({
      rows,
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      margins: { left: padX, right: padX, top: padY, bottom: padY },
      borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    });
  }

  // -------------------------------------------------------------------------
  // The document

  body(): (Paragraph | Table)[] {
    const { doc } = this;
    const m = doc.meta;
    const out: (Paragraph | Table)[] = [];
    if (m.sessionName) out.push(new Paragraph({ style: S.session, children: [new TextRun(m.sessionName)] }));
    if (m.agenda) out.push(new Paragraph({ style: S.agenda, children: [new TextRun(m.agenda.text)] }));
    if (m.agenda?.title) out.push(new Paragraph({ style: S.agenda, children: [new TextRun(m.agenda.title)] }));
    if (m.adoptionLine) out.push(new Paragraph({ style: S.adoption, children: [new TextRun(m.adoptionLine)] }));
    if (m.committee) out.push(new Paragraph({ style: S.committee, children: committeeRuns(m.committee.text) }));
    const titleRuns = this.inlines(doc.title);
    if (m.number || titleRuns.length > 0) {
      const num = m.number ? [new TextRun(`${m.number}.`), new TextRun({ children: [new Tab()] })] : [];
      out.push(new Paragraph({ style: S.title, children: [...num, ...titleRuns] }));
    }
    for (const part of doc.parts) out.push(...this.part(part));
    for (const annex of doc.annexes) out.push(...this.annex(annex));
    out.push(new Paragraph({ style: S.closingRule, children: [] }));
    return out;
  }

  private part(part: ResolutionPart): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    if (part.letter) out.push(new Paragraph({ style: part.title ? S.partLetterTitled : S.partLetter, children: [new TextRun(part.letter)] }));
    if (part.title) out.push(new Paragraph({ style: S.partTitle, children: this.inlines(part.title) }));
    if (part.formula) out.push(new Paragraph({ style: S.formula, children: this.inlines(part.formula.content) }));
    for (const p of part.preamble) out.push(new Paragraph({ style: S.preambular, children: this.inlines(p.content) }));
    this.planOperative(part.operative);
    out.push(...this.blocks(part.operative));
    if (part.conclusion) out.push(conclusion(part.conclusion));
    return out;
  }

  private annex(annex: Annex): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [new Paragraph({ style: S.annexLabel, children: [new TextRun(annex.label)] })];
    if (annex.title) out.push(new Paragraph({ style: S.annexTitle, children: this.inlines(annex.title) }));
    this.planOperative(annex.children);
    out.push(...this.blocks(annex.children));
    return out;
  }

  /**
   * The numbering definitions the body used. Each level repeats its paragraph
   * style's indents and tab: LibreOffice (and Word, for a level that has them)
   * takes a numbered paragraph's indents from the list level, not the style.
   */
  numberingConfig() {
    const config = [];
    const level = (level: number, format: (typeof LevelFormat)[keyof typeof LevelFormat], text: string, geometry: Geometry) => ({
      level,
      format,
      text,
      alignment: AlignmentType.LEFT,
      suffix: LevelSuffix.TAB,
      style: { paragraph: geometry },
    });
    if (this.usedOperative)
      config.push({ reference: "operative", levels: [level(0, LevelFormat.DECIMAL, "%1.", operativeGeometry(this.t))] });
    // One definition per label format, one level per depth: a list at depth d uses level d-1 only.
    for (const f of [...this.usedFormats].sort())
      config.push({
        reference: `points-${f}`,
        levels: Array.from({ length: MAX_POINT_DEPTH }, (_, i) => level(i, LevelFormat[WORD_FORMAT[f]], `(%${i + 1})`, pointGeometry(this.t, i + 1))),
      });
    return config;
  }
}

const WORD_FORMAT = {
  lowerLetter: "LOWER_LETTER",
  upperLetter: "UPPER_LETTER",
  lowerRoman: "LOWER_ROMAN",
  upperRoman: "UPPER_ROMAN",
  decimal: "DECIMAL",
} as const satisfies Record<PointFormat, keyof typeof LevelFormat>;

function countRefs(list: readonly Inline[], counts: Map<string, number>): void {
  for (const n of list) {
    if (n.kind === "noteReference") counts.set(n.marker, (counts.get(n.marker) ?? 0) + 1);
    else if (n.kind === "italic") countRefs(n.children, counts);
  }
}

/**
 * "(a)": the letter in italics, the brackets roman, as the UN prints a literal
 * label; roman numerals and numbers stay upright. Whether "(c)" is a letter or
 * a numeral depends on its list, so the caller says which.
 */
function literalLabel(label: string, romanList: boolean): ParagraphChild[] {
  const m = /^\((.+)\)$/.exec(label);
  if (!m || romanList || !/^[a-z]+$/i.test(m[1])) return [new TextRun(label)];
  return [new TextRun("("), new TextRun({ text: m[1], style: S.italic }), new TextRun(")")];
}

/** A list of literal labels reads as roman numerals when it starts like one ("(i)", "(iv)") and every label is one. */
function isRomanList(labels: readonly string[]): boolean {
  return /^\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\)$/i.test(labels[0] ?? "") && labels.every((l) => /^\([ivxlc]+\)$/i.test(l));
}

/** "[on the report of … (A/58/462)]": the words italic, the brackets roman. */
function committeeRuns(text: string): ParagraphChild[] {
  const m = /^\[(.*)\]$/s.exec(text.trim());
  if (!m) return [new TextRun({ text, style: S.italic })];
  return [new TextRun("["), new TextRun({ text: m[1], style: S.italic }), new TextRun("]")];
}

function conclusion(c: Conclusion): Paragraph {
  const lines = [c.meetingText, c.date?.text].filter((l): l is string => l !== undefined && l !== "");
  return new Paragraph({ style: S.conclusion, children: lines.map((text, i) => new TextRun({ text, break: i > 0 ? 1 : 0 })) });
}

// ---------------------------------------------------------------------------
// Headers and footers

function noBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: "auto" };
  return { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
}

/** Page 1: "United Nations … A/RES/58/53", rule, "General Assembly | Distr.: General / date", thick rule. */
function masthead(doc: Resolution, t: PrintTemplate): (Paragraph | Table)[] {
  const m = doc.meta;
  const symbol = m.symbol ?? "";
  const slash = symbol.indexOf("/");
  const series = slash > 0 ? symbol.slice(0, slash) : symbol;
  const rest = slash > 0 ? symbol.slice(slash) : "";
  const top = new Paragraph({
    style: S.topLine,
    children: [
      new TextRun(t.wording.unitedNations),
      new TextRun({ children: [new Tab()] }),
      new TextRun({ text: series, style: S.symbolSeries }),
      ...(rest ? [new TextRun({ text: rest, style: S.symbolRest })] : []),
    ],
  });
  const thick = { style: BorderStyle.SINGLE, size: Math.round(t.rules.thick * 8), color: "000000" };
  const none = { style: BorderStyle.NONE, size: 0, color: "auto" };
  const full = tw(t.ruleWidth);
  const half = Math.round(full / 2);
  const right = [new Paragraph({ style: S.bandRight, children: [new TextRun(t.wording.distribution)] })];
  if (m.issueDate) right.push(new Paragraph({ style: S.bandRight, children: [new TextRun(m.issueDate.text)] }));
  const band = new Table({
    width: { size: full, type: WidthType.DXA },
    columnWidths: [half, full - half],
    indent: { size: -tw(t.columnInset), type: WidthType.DXA },
    margins: { left: 0, right: 0, top: 0, bottom: tw(t.spacing.afterBand) },
    borders: { ...noBorders(), bottom: thick },
    rows: [
      new TableRow({
        height: { value: tw(t.spacing.bandHeight), rule: HeightRule.ATLEAST },
        children: [
          new TableCell({ width: { size: half, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { bottom: thick, top: none, left: none, right: none }, children: [new Paragraph({ style: S.bandLeft, children: [new TextRun(t.wording.generalAssembly)] })] }),
          new TableCell({ width: { size: full - half, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { bottom: thick, top: none, left: none, right: none }, children: right }),
        ],
      }),
    ],
  });
  return [top, band];
}

/**
 * Later pages: symbol and title, the symbol on the outer side (right on odd
 * pages, left on even), over a rule. A two-cell table lets a long title wrap
 * in its own column instead of pushing the symbol onto a second line.
 */
function runningHeader(doc: Resolution, t: PrintTemplate, even: boolean): Header {
  const symbol = doc.meta.symbol ?? "";
  const title = doc.meta.title ?? plainText(doc.title);
  const full = tw(t.ruleWidth);
  const symW = tw(t.docx?.runningHeaderSymbolWidth ?? t.ruleWidth / 4);
  const line = { style: BorderStyle.SINGLE, size: Math.max(2, Math.round(t.rules.runningHeaderWidth * 8)), color: "000000" };
  const none = { style: BorderStyle.NONE, size: 0, color: "auto" };
  const cell = (text: string, width: number, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.BOTTOM,
      borders: { bottom: line, top: none, left: none, right: none },
      children: [new Paragraph({ style: S.runningHeader, alignment: align, children: [new TextRun(text)] })],
    });
  const cells = even
    ? [cell(symbol, symW, AlignmentType.LEFT), cell(title, full - symW, AlignmentType.RIGHT)]
    : [cell(title, full - symW, AlignmentType.LEFT), cell(symbol, symW, AlignmentType.RIGHT)];
  return new Header({
    children: [
      new Table({
        width: { size: full, type: WidthType.DXA },
        columnWidths: even ? [symW, full - symW] : [full - symW, symW],
        indent: { size: -tw(t.columnInset), type: WidthType.DXA },
        margins: { left: 0, right: 0, top: 0, bottom: tw(t.spacing.runningHeaderRuleGap) },
        borders: { ...noBorders(), bottom: line },
        rows: [new TableRow({ children: cells })],
      }),
    ],
  });
}

function pageNumberFooter(even: boolean): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: S.pageNumber,
        alignment: even ? AlignmentType.LEFT : AlignmentType.RIGHT,
        children: [new TextRun({ children: [PageNumber.CURRENT, "/", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

/** Builds the docx Document for `doc` with template `t`. */
export function buildDocument(doc: Resolution, t: PrintTemplate): Built {
  const b = new Builder(doc, t);
  const body = b.body();
  const m = doc.meta;
  const title = m.title ?? plainText(doc.title);
  const symbol = m.symbol ?? "";
  const keywords = [symbol, m.number ? `resolution ${m.number}` : "", m.sessionName ?? "", m.committee?.name ?? "", ...(m.agenda ? [m.agenda.text] : [])]
    .filter((k) => k !== "")
    .join("; ");
  const page = t.page;
  const document = new Document({
    title: [symbol, title].filter((s) => s !== "").join(": "),
    subject: t.wording.subject.replace("{symbol}", symbol),
    creator: t.wording.author,
    lastModifiedBy: t.wording.author,
    keywords,
    description: m.adoptionLine,
    evenAndOddHeaderAndFooters: true,
    styles: styles(t),
    numbering: { config: b.numberingConfig() },
    footnotes: b.footnotes,
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: tw(page.width), height: tw(page.height) },
            margin: {
              top: tw(t.bodyTopLater),
              bottom: tw(t.margins.bottom),
              left: tw(t.margins.left + t.columnInset),
              right: tw(t.margins.right + t.columnInset),
              header: tw(t.margins.top),
              footer: tw(t.spacing.footerFromBottom),
              gutter: 0,
            },
          },
        },
        headers: {
          first: new Header({ children: masthead(doc, t) }),
          default: runningHeader(doc, t, false),
          even: runningHeader(doc, t, true),
        },
        footers: {
          first: new Footer({
            children: [new Paragraph({ style: S.jobNumber, children: m.jobNumber ? [new TextRun(m.jobNumber + t.wording.jobNumberSuffix)] : [] })],
          }),
          default: pageNumberFooter(false),
          even: pageNumberFooter(true),
        },
        children: body,
      },
    ],
  });
  return { document, customMarks: b.customMarks, diagnostics: b.diagnostics };
}
