/**
 * Read-only helpers over the AST: walks and derived facts every emitter needs
 * (plain text of inlines, footnote reference order), so none stores them.
 */
import type { Block, Footnote, Inline, Point, Resolution } from "./ast.ts";

/** The text of inlines as printed; footnote references become their marker. */
export function plainText(inlines: readonly Inline[], withMarkers = false): string {
  let out = "";
  for (const n of inlines) {
    switch (n.kind) {
      case "text":
      case "openingPhrase":
      case "documentReference":
      case "date":
        out += n.text;
        break;
      case "italic":
        out += plainText(n.children, withMarkers);
        break;
      case "noteReference":
        if (withMarkers) out += n.marker;
        break;
      case "lineBreak":
        out += " ";
        break;
    }
  }
  return out;
}

/**
 * Every inline list of the document in reading order. (An array rather than
 * a generator: much of a batch runs before V8 optimizes it, and resuming a
 * generator unoptimized costs far more than collecting the lists.)
 */
export function inlineLists(doc: Resolution): Inline[][] {
  const out: Inline[][] = [doc.title];
  for (const part of doc.parts) {
    if (part.title) out.push(part.title);
    if (part.formula) out.push(part.formula.content);
    for (let i = 0; i < part.preamble.length; i++) out.push(part.preamble[i].content);
    blocksInlines(part.operative, out);
  }
  for (const annex of doc.annexes) {
    if (annex.title) out.push(annex.title);
    blocksInlines(annex.children, out);
  }
  return out;
}

function pointsInlines(points: readonly Point[] | undefined, out: Inline[][]): void {
  if (!points) return;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out.push(p.content);
    pointsInlines(p.points, out);
    if (p.wrapUp) out.push(p.wrapUp);
  }
}

/** The inline lists of `blocks` in reading order, appended to `out`. */
export function blocksInlines(blocks: readonly Block[], out: Inline[][] = []): Inline[][] {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    switch (b.kind) {
      case "operativeParagraph":
        out.push(b.content);
        pointsInlines(b.points, out);
        if (b.wrapUp) out.push(b.wrapUp);
        break;
      case "preambularParagraph":
      case "heading":
      case "textBlock":
        out.push(b.content);
        break;
      case "section":
        out.push(b.heading.content);
        blocksInlines(b.children, out);
        break;
      case "table":
        for (const r of b.rows) for (const c of r.cells) out.push(c.content);
        break;
    }
  }
  return out;
}

/**
 * Decides, for each footnote reference in reading order, whether it is the
 * first reference to its note (where the note is printed) or a repeat.
 * Returns a function to call once per reference, in reading order, per walk.
 */
export function footnoteTracker(doc: Resolution): (marker: string) => { footnote?: Footnote; first: boolean } {
  const byMarker = new Map(doc.footnotes.map((f) => [f.marker, f]));
  const seen = new Set<string>();
  return (marker) => {
    const first = !seen.has(marker);
    seen.add(marker);
    return { footnote: byMarker.get(marker), first };
  };
}

/**
 * A deep copy of an AST value. The AST is plain data (objects, arrays,
 * strings, numbers, booleans, null), so a stage that edits the tree in place
 * copies it with this first: several times faster than structuredClone,
 * which must handle every kind of value.
 */
export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneTree) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = cloneTree((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
