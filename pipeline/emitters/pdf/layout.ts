/**
 * Page flow: places blocks of lines on pages, with the footnotes first
 * referenced on a page at its foot.
 *
 * A line that carries first references needs room for its own height plus the
 * notes it brings; when that does not fit, the line (and the rest of its
 * paragraph) moves to the next page, so body text never runs into the notes.
 */
import type { FontKey, Line } from "./text.ts";

/** A structure element of the tagged PDF, filled with marked content while drawing. */
export interface TagNode {
  type: string;
  kids: TagNode[];
  /** pdfkit PDFStructureContent objects, in drawing order. */
  contents: unknown[];
}

export function tag(type: string, parent?: TagNode): TagNode {
  const n: TagNode = { type, kids: [], contents: [] };
  parent?.kids.push(n);
  return n;
}

export interface TextItem {
  kind: "text";
  x: number;
  /** Baseline, from the top of the unit (in a unit) or of the page (once placed). */
  y: number;
  text: string;
  font: FontKey;
  size: number;
  /** Structure element; absent for page furniture (drawn as an artifact). */
  node?: TagNode;
}

export interface RuleItem {
  kind: "rule";
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

export type DrawItem = TextItem | RuleItem;

/** Something placed as a whole: a line of a paragraph, a table row. */
export interface Unit {
  height: number;
  items: DrawItem[];
  /** Footnotes first referenced in this unit. */
  notes: string[];
}

export interface FlowBlock {
  units: Unit[];
  spaceBefore: number;
  spaceAfter: number;
  /** Keep on the page of the next block's first lines (headings, title). */
  keepWithNext?: boolean;
  /** Start on a new page (annexes). */
  newPage?: boolean;
  /** Least number of lines left at a page foot or carried to the next page. */
  minLines?: number;
  /** Least number of units carried to the next page when the block breaks (default minLines). */
  minTail?: number;
  /**
   * Decoration that belongs to the text above it (the closing rule): when it
   * does not fit, it may hang into the bottom margin rather than open a page
   * of its own, unless footnotes sit there.
   */
  hangs?: boolean;
}

export interface PageGeometry {
  /** Top of the body on page 1 (below the masthead) and on later pages. */
  firstTop: number;
  laterTop: number;
  /** Lowest y body text or footnotes may reach. */
  bottom: number;
  /** Space for the short rule above the notes, and after each note. */
  noteRuleGap: number;
  noteAfter: number;
  /** The footnote rule: x and length. */
  noteRuleX: number;
  noteRuleLength: number;
  noteRuleWidth: number;
}

export interface PageLayout {
  items: DrawItem[];
  notes: string[];
}

/** Turns broken lines into units: text items per word piece, baseline inside the leading. */
export function linesToUnits(lines: readonly Line[], leftX: number, leading: number, node: TagNode | undefined): Unit[] {
  return lines.map((line) => {
    const items: DrawItem[] = [];
    let size = 0;
    for (const pw of line.words) for (const p of pw.word.pieces) if (p.rise === 0) size = Math.max(size, p.size);
    const baseline = baselineIn(leading, size || leading / 1.15);
    for (const pw of line.words) {
      let x = leftX + pw.x;
      const pieces = pw.word.pieces;
      pieces.forEach((p, i) => {
        // The space is drawn after each word so text extraction keeps word
        // boundaries; after a superscript it is drawn in the text's own size,
        // or a tiny space reads as no space at all ("2011,3S-18/1").
        const spaced = i === pieces.length - 1 && pw.word.space > 0;
        const text = spaced && p.rise === 0 ? p.text + " " : p.text;
        items.push({ kind: "text", x, y: baseline - p.rise, text, font: p.font, size: p.size, node });
        x += p.width;
        if (spaced && p.rise !== 0) {
          const ref = pieces.find((q) => q.rise === 0) ?? p;
          items.push({ kind: "text", x, y: baseline, text: " ", font: ref.font, size: ref.size, node });
        }
      });
    }
    return { height: leading, items, notes: line.notes };
  });
}

/** Baseline of a line of type `size` set on `leading`: descender room below, as word processors do. */
export function baselineIn(leading: number, size: number): number {
  return leading - (leading - size) / 2 - size * 0.2;
}

export function flow(
  blocks: readonly FlowBlock[],
  notes: ReadonlyMap<string, Unit[]>,
  g: PageGeometry,
): PageLayout[] {
  interface Page {
    items: DrawItem[];
    notes: string[];
    y: number;
    empty: boolean;
  }
  const pages: Page[] = [];
  let page: Page = { items: [], notes: [], y: g.firstTop, empty: true };
  pages.push(page);
  const newPage = () => {
    page = { items: [], notes: [], y: g.laterTop, empty: true };
    pages.push(page);
  };

  const noteHeight = (m: string) => (notes.get(m) ?? []).reduce((h, u) => h + u.height, 0) + g.noteAfter;
  const areaHeight = (ms: readonly string[]) => (ms.length ? g.noteRuleGap + ms.reduce((h, m) => h + noteHeight(m), 0) : 0);

  /** How many of units[k..] fit on the current page from y, counting the notes they bring. */
  const fitting = (units: readonly Unit[], k: number, y: number): number => {
    const ms = [...page.notes];
    let m = 0;
    while (k + m < units.length) {
      const u = units[k + m];
      const more = u.notes.filter((x) => notes.has(x) && !ms.includes(x));
      if (y + u.height > g.bottom - areaHeight([...ms, ...more]) + 0.01) break;
      y += u.height;
      ms.push(...more);
      m++;
    }
    return m;
  };

  const place = (u: Unit) => {
    for (const it of u.items) {
      if (it.kind === "text") page.items.push({ ...it, y: it.y + page.y });
      else page.items.push({ ...it, y1: it.y1 + page.y, y2: it.y2 + page.y });
    }
    for (const m of u.notes) if (notes.has(m) && !page.notes.includes(m)) page.notes.push(m);
    page.y += u.height;
    page.empty = false;
  };

  blocks.forEach((block, bi) => {
    if (block.newPage && !page.empty) newPage();
    const units = block.units;
    const minLines = block.minLines ?? 2;
    const minTail = block.minTail ?? minLines;
    if (block.keepWithNext && !page.empty) {
      const next = blocks[bi + 1];
      const tail = next ? next.units.slice(0, Math.min(next.minLines ?? 2, next.units.length)) : [];
      const all = [...units, ...tail];
      const y = page.y + block.spaceBefore + (next ? block.spaceAfter + next.spaceBefore : 0);
      if (fitting(all, 0, y) < all.length) newPage();
    }
    if (block.hangs && !page.empty && page.notes.length === 0 && units.every((u) => u.notes.length === 0) && fitting(units, 0, page.y + block.spaceBefore) < units.length) {
      page.y += block.spaceBefore;
      for (const u of units) place(u);
      page.y += block.spaceAfter;
      return;
    }
    let k = 0;
    while (k < units.length) {
      const y = page.empty ? page.y : page.y + (k === 0 ? block.spaceBefore : 0);
      let m = fitting(units, k, y);
      const rest = units.length - k;
      if (m < rest) {
        // A fresh page must take something; otherwise no orphan at the foot…
        if (page.empty) m = Math.max(m, 1);
        else if (m < Math.min(minLines, rest)) m = 0;
        // …and no widow (or lone closing lines) at the head of the next page.
        if (m > 0 && rest - m < minTail) m = Math.max(page.empty ? 1 : minLines, m - (minTail - (rest - m)));
      }
      if (m > 0) {
        page.y = y;
        for (let i = 0; i < m; i++) place(units[k + i]);
        k += m;
      }
      if (k < units.length) newPage();
    }
    page.y += block.spaceAfter;
  });

  return pages.map((p) => {
    const items = [...p.items];
    if (p.notes.length) {
      let y = g.bottom - areaHeight(p.notes);
      const ruleY = y + g.noteRuleGap / 2;
      items.push({ kind: "rule", x1: g.noteRuleX, y1: ruleY, x2: g.noteRuleX + g.noteRuleLength, y2: ruleY, width: g.noteRuleWidth });
      y += g.noteRuleGap;
      for (const m of p.notes) {
        for (const u of notes.get(m) ?? []) {
          for (const it of u.items) if (it.kind === "text") items.push({ ...it, y: it.y + y });
          y += u.height;
        }
        y += g.noteAfter;
      }
    }
    return { items, notes: p.notes };
  });
}
