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

/** Every inline list of the document in reading order, with its block. */
export function* inlineLists(doc: Resolution): Generator<Inline[]> {
  yield doc.title;
  for (const part of doc.parts) {
    if (part.title) yield part.title;
    if (part.formula) yield part.formula.content;
    for (const p of part.preamble) yield p.content;
    yield* blocksInlines(part.operative);
  }
  for (const annex of doc.annexes) {
    if (annex.title) yield annex.title;
    yield* blocksInlines(annex.children);
  }
}

function* pointsInlines(points: readonly Point[] | undefined): Generator<Inline[]> {
  for (const p of points ?? []) {
    yield p.content;
    yield* pointsInlines(p.points);
    if (p.wrapUp) yield p.wrapUp;
  }
}

export function* blocksInlines(blocks: readonly Block[]): Generator<Inline[]> {
  for (const b of blocks) {
    switch (b.kind) {
      case "operativeParagraph":
        yield b.content;
        yield* pointsInlines(b.points);
        if (b.wrapUp) yield b.wrapUp;
        break;
      case "preambularParagraph":
      case "heading":
      case "textBlock":
        yield b.content;
        break;
      case "section":
        yield b.heading.content;
        yield* blocksInlines(b.children);
        break;
      case "table":
        for (const r of b.rows) for (const c of r.cells) yield c.content;
        break;
    }
  }
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
