/**
 * From the resolution AST to flow blocks: which text goes where, in which
 * type, at which indent (print.md "Page 1, top to bottom"). All numbers come
 * from the print template.
 */
import type { Annex, Block, Footnote, Heading, Inline, OperativeParagraph, Point, Resolution, Table } from "../../ast.ts";
import { footnoteTracker, plainText } from "../../ast-utils.ts";
import { diag, type Diagnostic } from "../../diagnostics.ts";
import type { PrintTemplate, TypeStyle } from "../../print-template.ts";
import { linesToUnits, tag, type DrawItem, type FlowBlock, type TagNode, type Unit } from "./layout.ts";
import { breakLines, splitLongWords, wordsWidth, WordBuilder, type Align, type Measurer, type TextStyle, type Word } from "./text.ts";

export interface Built {
  blocks: FlowBlock[];
  /** Footnote units by marker. */
  notes: Map<string, Unit[]>;
  diagnostics: Diagnostic[];
}

interface ParaSpec {
  words: Word[];
  label?: Word[];
  labelX?: number;
  firstX: number;
  restX: number;
  align: Align;
  type: TypeStyle;
  node: TagNode;
  spaceBefore?: number;
  spaceAfter?: number;
  keepWithNext?: boolean;
  newPage?: boolean;
  /** Left of the box the lines are broken in, relative to the column, and its width. */
  boxX?: number;
  boxWidth?: number;
}

const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})\.?$/;

/** Blocks of the body in reading order; structure elements are added under `root`. */
export function buildBlocks(doc: Resolution, t: PrintTemplate, measure: Measurer, colLeft: number, root: TagNode): Built {
  const diagnostics: Diagnostic[] = [];
  const track = footnoteTracker(doc);
  const notePlaced = new Set<string>();
  const blocks: FlowBlock[] = [];
  const body = t.type.body;
  const ind = t.indents;
  const sp = t.spacing;
  /**
   * Notes first referenced in words built since the last block: their Note
   * elements go under the block's element once it is known.
   */
  let pending: string[] = [];
  const noteNodes = new Map<string, TagNode>();
  const flushNotes = (owner: TagNode) => {
    for (const mk of pending) noteNodes.set(mk, tag("Note", owner));
    pending = [];
  };

  const noteRef = (marker: string): boolean => {
    const { footnote, first } = track(marker);
    if (!footnote) {
      if (first) diagnostics.push(diag("pdf-footnote-missing", "warning", `footnote ${marker} is referenced but has no text`));
      return false;
    }
    if (first) {
      notePlaced.add(marker);
      pending.push(marker);
    }
    return first;
  };

  const builder = (extra: { italicOpening?: boolean; romanBrackets?: boolean } = {}) =>
    new WordBuilder({ measure, superscript: t.type.superscript, noteRef, ...extra });
  const style = (type: TypeStyle, bold = false, italic = false): TextStyle => ({ bold, italic, size: type.size });
  const words = (inl: readonly Inline[], st: TextStyle, extra?: { italicOpening?: boolean; romanBrackets?: boolean }) =>
    builder(extra).inlines(inl, st).done();
  const textWords = (s: string, st: TextStyle, extra?: { romanBrackets?: boolean }) => {
    const b = builder(extra);
    b.text(s, st);
    return b.done();
  };
  /** "(a)": the letter italic, the brackets roman. */
  const labelWords = (label: string, st: TextStyle) => {
    const b = builder();
    const m = /^(\()(.*)(\))$/.exec(label);
    if (m) {
      b.text(m[1], st);
      b.text(m[2], { ...st, italic: !st.italic });
      b.text(m[3], st);
    } else b.text(label, st);
    return b.done();
  };

  const para = (p: ParaSpec): FlowBlock => {
    flushNotes(p.node);
    const boxX = p.boxX ?? 0;
    let firstX = p.firstX;
    let labelItems: DrawItem[] = [];
    if (p.label?.length) {
      const lw = wordsWidth(p.label);
      const gap = p.label[p.label.length - 1].space || measure.width("regular", p.type.size, " ");
      firstX = Math.max(firstX, (p.labelX ?? 0) + lw + gap);
      // Laid out as a one-line paragraph of its own, then put on the first line.
      const lab = breakLines(p.label, { width: 1e6, firstX: p.labelX ?? 0, restX: 0, align: "left" });
      labelItems = linesToUnits(lab, colLeft + boxX, p.type.leading, p.node)[0]?.items ?? [];
      for (const w of p.label) if (w.notes.length) diagnostics.push(diag("pdf-note-in-label", "info", "footnote reference in a paragraph label"));
    }
    const width = p.boxWidth ?? t.columnWidth;
    const fitted = splitLongWords(p.words, width - Math.max(firstX, p.restX), measure);
    const lines = breakLines(fitted, { width, firstX, restX: p.restX, align: p.align });
    const units = linesToUnits(lines, colLeft + boxX, p.type.leading, p.node);
    if (labelItems.length) {
      if (units.length === 0) units.push({ height: p.type.leading, items: [], notes: [] });
      // The label is drawn before the text so extraction reads "1. Invites".
      units[0].items.unshift(...labelItems);
    }
    return {
      units,
      spaceBefore: p.spaceBefore ?? 0,
      spaceAfter: p.spaceAfter ?? sp.paragraphAfter,
      keepWithNext: p.keepWithNext,
      newPage: p.newPage,
    };
  };

  const node = tag;

  // --- Adoption line, committee line, number and title -------------------
  const m = doc.meta;
  if (m.adoptionLine) {
    const st = style(t.type.adoptionLine, true);
    let w = textWords(m.adoptionLine, st);
    // Too long for one line: break before the date ("… General Assembly / on 8 December 2003"), as the UN does.
    const cut = m.adoptionLine.lastIndexOf(" on ");
    if (wordsWidth(w) > t.columnWidth && cut > 0) {
      const b = builder();
      b.text(m.adoptionLine.slice(0, cut), st);
      b.lineBreak();
      b.text(m.adoptionLine.slice(cut + 1), st);
      w = b.done();
    }
    blocks.push(
      para({
        words: w,
        firstX: 0, restX: 0, align: "center", type: t.type.adoptionLine,
        node: node("P", root), spaceAfter: sp.afterAdoptionLine, keepWithNext: true,
      }),
    );
  }
  if (m.committee?.text) {
    blocks.push(
      para({
        words: textWords(m.committee.text, style(t.type.committeeLine, false, true), { romanBrackets: true }),
        firstX: 0, restX: 0, align: "center", type: t.type.committeeLine,
        node: node("P", root), spaceAfter: sp.afterCommitteeLine, keepWithNext: true,
      }),
    );
  }
  {
    const h1 = node("H1", root);
    const st = style(t.type.title, true);
    const label = m.number ? textWords(`${m.number}.`, st) : undefined;
    blocks.push(
      para({
        words: words(doc.title, st), label, labelX: 0,
        firstX: label ? ind.titleTab : 0, restX: label ? ind.titleTab : 0, align: "left",
        type: t.type.title, node: h1, spaceAfter: sp.afterTitle, keepWithNext: true,
      }),
    );
  }

  // --- Blocks --------------------------------------------------------------
  const bodyStyle = style(body);

  const headingBlocks = (h: Heading, depth: number, parent: TagNode): void => {
    const n = node(depth === 0 ? "H2" : "H3", parent);
    const st = style(t.type.heading, true);
    const num = h.num?.trim();
    const centred = depth === 0 && (!num || ROMAN.test(num));
    if (centred) {
      if (num) {
        blocks.push(para({
          words: textWords(num.replace(/\.$/, ""), st), firstX: 0, restX: 0, align: "center",
          type: t.type.heading, node: n, spaceBefore: sp.beforeHeading, spaceAfter: 0, keepWithNext: true,
        }));
      }
      blocks.push(para({
        words: words(h.content, st), firstX: 0, restX: 0, align: "center",
        type: t.type.heading, node: n, spaceBefore: num ? 0 : sp.beforeHeading, spaceAfter: sp.afterHeading, keepWithNext: true,
      }));
    } else {
      blocks.push(para({
        words: words(h.content, st), label: num ? textWords(num, st) : undefined, labelX: 0,
        firstX: num ? ind.firstLine : 0, restX: num ? ind.firstLine : 0, align: "left",
        type: t.type.heading, node: n, spaceBefore: sp.beforeHeading, spaceAfter: sp.afterHeading, keepWithNext: true,
      }));
    }
  };

  const pointBlocks = (points: readonly Point[] | undefined, level: number, parent: TagNode): void => {
    for (const p of points ?? []) {
      const labelX = ind.firstLine + (level - 1) * ind.pointStep;
      const textX = ind.pointText + (level - 1) * ind.pointStep;
      const restX = level === 1 ? 0 : textX;
      const n = node("P", parent);
      blocks.push(para({
        label: labelWords(p.label, bodyStyle), labelX,
        words: words(p.content, bodyStyle, { italicOpening: true }),
        firstX: textX, restX, align: "justify", type: body, node: n,
      }));
      pointBlocks(p.points, level + 1, parent);
      if (p.wrapUp?.length) {
        blocks.push(para({
          words: words(p.wrapUp, bodyStyle), firstX: textX, restX, align: "justify", type: body, node: node("P", parent),
        }));
      }
    }
  };

  const operative = (o: OperativeParagraph, parent: TagNode): void => {
    const n = node("P", parent);
    const num = o.num?.trim();
    blocks.push(para({
      label: num ? textWords(num, bodyStyle) : undefined, labelX: ind.firstLine,
      words: words(o.content, bodyStyle, { italicOpening: true }),
      firstX: num ? ind.operativeText : ind.firstLine, restX: 0, align: "justify", type: body, node: n,
    }));
    pointBlocks(o.points, 1, parent);
    if (o.wrapUp?.length) {
      blocks.push(para({
        words: words(o.wrapUp, bodyStyle), firstX: ind.firstLine, restX: 0, align: "justify", type: body, node: node("P", parent),
      }));
    }
  };

  const table = (tb: Table, parent: TagNode): void => {
    const tn = node("Table", parent);
    const ts = t.type.table;
    const padX = t.table.cellPaddingX;
    const padY = t.table.cellPaddingY;
    const cols = Math.max(1, ...tb.rows.map((r) => r.cells.length));
    // Each cell's words are built once, in reading order (footnote numbering depends on it).
    const rows = tb.rows.map((r) => {
      const tr = tag("TR", tn);
      return r.cells.map((c) => {
        const cn = tag(c.header ? "TH" : "TD", tr);
        const w = words(c.content, style(ts, c.header));
        flushNotes(cn);
        // Figures are set flush right, as in the UN's budget tables.
        const numeric = /^[\d\s.,()%\u2013-]+$/.test(plainText(c.content)) && /\d/.test(plainText(c.content));
        return { node: cn, words: w, align: (numeric ? "right" : "left") as Align };
      });
    });
    const natural = new Array<number>(cols).fill(0);
    const least = new Array<number>(cols).fill(0);
    for (const r of rows) {
      r.forEach((c, i) => {
        const w = c.words.reduce((s, x, j) => s + x.width + (j < c.words.length - 1 ? x.space : 0), 0);
        natural[i] = Math.max(natural[i], w + 2 * padX);
        least[i] = Math.max(least[i], Math.max(0, ...c.words.map((x) => x.width)) + 2 * padX);
      });
    }
    const total = t.columnWidth;
    // Automatic table layout as in HTML: every column gets its natural width
    // when all fit; otherwise its longest word plus a share of the rest in
    // proportion to how much more it would need.
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    let widths: number[];
    if (sum(natural) <= total) {
      const spare = total - sum(natural);
      widths = natural.map((w) => w + (spare * w) / (sum(natural) || 1));
    } else if (sum(least) <= total) {
      const want = natural.map((w, i) => w - least[i]);
      widths = least.map((w, i) => w + ((total - sum(least)) * want[i]) / (sum(want) || 1));
    } else {
      widths = least.map((w) => (w / sum(least)) * total);
      diagnostics.push(diag("pdf-table-too-wide", "warning", "a table's words do not fit the column; cells overflow"));
    }
    const xs = widths.reduce<number[]>((acc, w) => [...acc, acc[acc.length - 1] + w], [0]);
    const rw = t.table.ruleWidth;
    const units: Unit[] = rows.map((r) => {
      const cells = r.map((c, i) => {
        const lines = breakLines(splitLongWords(c.words, widths[i] - 2 * padX, measure), { width: widths[i] - 2 * padX, firstX: 0, restX: 0, align: c.align });
        return { lines, node: c.node, x: xs[i] + padX };
      });
      const h = Math.max(1, ...cells.map((c) => c.lines.length)) * ts.leading + 2 * padY;
      const items: DrawItem[] = [];
      const notes: string[] = [];
      for (const c of cells) {
        linesToUnits(c.lines, colLeft + c.x, ts.leading, c.node).forEach((u, li) => {
          for (const it of u.items) items.push(it.kind === "text" ? { ...it, y: it.y + padY + li * ts.leading } : it);
          notes.push(...u.notes);
        });
      }
      const l = colLeft;
      const r2 = colLeft + total;
      items.push({ kind: "rule", x1: l, y1: 0, x2: r2, y2: 0, width: rw });
      items.push({ kind: "rule", x1: l, y1: h, x2: r2, y2: h, width: rw });
      for (const x of xs) items.push({ kind: "rule", x1: colLeft + x, y1: 0, x2: colLeft + x, y2: h, width: rw });
      return { height: h, items, notes };
    });
    blocks.push({ units, spaceBefore: 0, spaceAfter: sp.paragraphAfter, minLines: 1 });
  };

  const blockList = (list: readonly Block[], depth: number, parent: TagNode): void => {
    for (const b of list) {
      switch (b.kind) {
        case "operativeParagraph":
          operative(b, parent);
          break;
        case "preambularParagraph":
          blocks.push(para({
            words: words(b.content, bodyStyle, { italicOpening: true }),
            firstX: ind.firstLine, restX: 0, align: "justify", type: body, node: node("P", parent),
          }));
          break;
        case "textBlock":
          blocks.push(para({
            words: words(b.content, bodyStyle), firstX: ind.firstLine, restX: 0, align: "justify", type: body, node: node("P", parent),
          }));
          break;
        case "heading":
          headingBlocks(b, depth, parent);
          break;
        case "section": {
          const s = tag("Sect", parent);
          headingBlocks(b.heading, depth, s);
          blockList(b.children, depth + 1, s);
          break;
        }
        case "table":
          table(b, parent);
          break;
      }
    }
  };

  // --- Parts ---------------------------------------------------------------
  for (const part of doc.parts) {
    const sect = tag("Sect", root);
    if (part.letter) {
      const h = node("H2", sect);
      const st = style(t.type.partLetter, true);
      const hasTitle = !!part.title?.length;
      blocks.push(para({
        words: textWords(part.letter, st), firstX: 0, restX: 0, align: "center", type: t.type.partLetter, node: h,
        spaceBefore: sp.beforePartHeading, spaceAfter: hasTitle ? 0 : sp.afterPartHeading, keepWithNext: true,
      }));
      if (hasTitle) {
        blocks.push(para({
          words: words(part.title!, st), firstX: 0, restX: 0, align: "center", type: t.type.partLetter, node: h,
          spaceAfter: sp.afterPartHeading, keepWithNext: true,
        }));
      }
    }
    if (part.formula) {
      blocks.push(para({
        words: words(unwrapItalic(part.formula.content), style(body, false, true)),
        firstX: ind.firstLine, restX: 0, align: "left", type: body, node: node("P", sect), keepWithNext: true,
      }));
    }
    for (const p of part.preamble) {
      blocks.push(para({
        words: words(p.content, bodyStyle, { italicOpening: true }),
        firstX: ind.firstLine, restX: 0, align: "justify", type: body, node: node("P", sect),
      }));
    }
    blockList(part.operative, 0, sect);
    if (part.conclusion) {
      const c = part.conclusion;
      const b = builder();
      const it = style(body, false, true);
      // Adopted by silence procedure: a date and no meeting line.
      const lines = [c.meetingText, c.date?.text].filter((x): x is string => !!x);
      lines.forEach((line, i) => {
        if (i > 0) b.lineBreak();
        b.text(line, it);
      });
      const closing = para({
        words: b.done(), firstX: 0, restX: 0, align: "right", type: body, node: node("P", sect),
        spaceBefore: sp.beforeConclusion,
      });
      // The meeting line never stands alone at the top of a page: it joins the
      // block above, which then carries at least two of its own lines along.
      const prev = blocks[blocks.length - 1];
      if (prev && !prev.keepWithNext) {
        const gap = { height: prev.spaceAfter + closing.spaceBefore, items: [], notes: [] };
        prev.units.push(gap, ...closing.units);
        prev.minTail = closing.units.length + 1 + Math.min(2, prev.minLines ?? 2);
        prev.spaceAfter = closing.spaceAfter;
      } else blocks.push(closing);
    }
  }

  // --- Annexes -------------------------------------------------------------
  for (const a of doc.annexes) annex(a);
  function annex(a: Annex): void {
    const sect = tag("Sect", root);
    const h = node("H2", sect);
    blocks.push(para({
      words: textWords(a.label, style(t.type.annexLabel, true)), firstX: 0, restX: 0, align: "left",
      type: t.type.annexLabel, node: h, newPage: true, spaceAfter: sp.afterAnnexLabel, keepWithNext: true,
    }));
    if (a.title?.length) {
      blocks.push(para({
        words: words(a.title, style(t.type.annexTitle, true)), firstX: 0, restX: 0, align: "left",
        type: t.type.annexTitle, node: h, spaceAfter: sp.afterTitle, keepWithNext: true,
      }));
    }
    blockList(a.children, 0, sect);
  }

  // --- Closing rule ----------------------------------------------------------
  {
    const len = t.rules.closingLength;
    const x = colLeft + (t.columnWidth - len) / 2;
    const gap = sp.closingRuleGap;
    blocks.push({
      units: [{ height: gap, items: [{ kind: "rule", x1: x, y1: gap / 2, x2: x + len, y2: gap / 2, width: t.rules.closingWidth }], notes: [] }],
      spaceBefore: 0,
      spaceAfter: 0,
      minLines: 1,
      hangs: true,
    });
  }

  // --- Footnote texts --------------------------------------------------------
  const notes = new Map<string, Unit[]>();
  const unreferenced: string[] = [];
  for (const f of doc.footnotes) {
    if (!notePlaced.has(f.marker)) {
      diagnostics.push(diag("pdf-footnote-unreferenced", "warning", `footnote ${f.marker} is never referenced; printed on the last page`));
      unreferenced.push(f.marker);
      noteNodes.set(f.marker, tag("Note", root));
    }
    notes.set(f.marker, footnoteUnits(f, noteNodes.get(f.marker)!));
  }
  if (unreferenced.length) blocks[blocks.length - 1].units[0].notes.push(...unreferenced);

  function footnoteUnits(f: Footnote, n: TagNode): Unit[] {
    const fs = t.type.footnote;
    const st = style(fs);
    const b = new WordBuilder({ measure, superscript: t.type.superscript });
    b.marker(f.marker, st);
    const label = b.done();
    // References inside a note do not print further notes.
    const text = new WordBuilder({ measure, superscript: t.type.superscript }).inlines(f.content, st).done();
    const lines = breakLines(splitLongWords(text, t.columnWidth - ind.footnoteText, measure), { width: t.columnWidth, firstX: ind.footnoteText, restX: ind.footnoteText, align: "justify" });
    const units = linesToUnits(lines, colLeft, fs.leading, n);
    const lab = linesToUnits(breakLines(label, { width: 1e6, firstX: ind.footnoteMarker, restX: 0, align: "left" }), colLeft, fs.leading, n);
    if (units.length === 0) units.push({ height: fs.leading, items: [], notes: [] });
    units[0].items.unshift(...lab[0].items);
    return units.map((u) => ({ ...u, notes: [] }));
  }

  return { blocks, notes, diagnostics };
}

/** The formula is italic as a whole; an Italic wrapper around all of it must not flip it back to roman. */
function unwrapItalic(inl: readonly Inline[]): Inline[] {
  const real = inl.filter((n) => n.kind !== "noteReference");
  if (real.length && real.every((n) => n.kind === "italic")) {
    return inl.flatMap((n) => (n.kind === "italic" ? n.children : [n]));
  }
  return [...inl];
}

