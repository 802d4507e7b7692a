/**
 * TrueType subsets assembled from a template (pipeline/emitters/pdf/
 * truetype-subset.ts) against fontkit's own TTFSubset.encode, byte for
 * byte: every face of the print templates, random glyph sets (composite
 * glyphs and their components included), and the short loca format.
 */
import fc from "fast-check";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { readTemplate, writeSubset } from "../pipeline/emitters/pdf/truetype-subset.ts";
import { fontPath, loadPrintTemplate } from "../pipeline/print-template.ts";

const FACES = ["regular", "italic", "bold", "boldItalic"] as const;

interface FontkitSubset {
  includeGlyph(id: number): number;
  encode(): Uint8Array;
  glyf: Uint8Array[];
  hmtx: { metrics: { advance: number; bearing: number }[] };
}
interface FontkitFont {
  numGlyphs: number;
  loca: { version: number };
  createSubset(): FontkitSubset;
}

/** A fontkit font as pdfkit opens it (a new object each time). */
function openFont(file: string): FontkitFont {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(file);
  return (doc as unknown as { _font: { font: FontkitFont } })._font.font;
}

/** fontkit's file for `ids`, and the one written from the template with the glyphs fontkit collected. */
function both(font: FontkitFont, ids: number[]) {
  const template = readTemplate(font.createSubset().encode());
  expect(template).not.toBeNull();
  const subset = font.createSubset();
  for (const id of ids) subset.includeGlyph(id);
  const reference = Buffer.from(subset.encode());
  const ours = Buffer.from(writeSubset(template!, { glyf: subset.glyf, metrics: subset.hmtx.metrics }));
  return { reference, ours };
}

const glyphSets = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 120 });

describe("TrueType subsets from a template", () => {
  const template = loadPrintTemplate("letter");

  for (const face of FACES) {
    it(`are fontkit's bytes for random glyph sets (${face})`, () => {
      const font = openFont(fontPath(template, face));
      fc.assert(
        fc.property(glyphSets(font.numGlyphs), (ids) => {
          const { reference, ours } = both(font, ids);
          expect(ours.equals(reference)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("are fontkit's bytes with every glyph of the font (composites included)", () => {
    const font = openFont(fontPath(template, "regular"));
    const { reference, ours } = both(font, Array.from({ length: font.numGlyphs }, (_, i) => i));
    expect(ours.equals(reference)).toBe(true);
  });

  it("write short loca offsets halved, as fontkit does", () => {
    const font = openFont(fontPath(template, "bold"));
    // fontkit writes the loca format of the parsed table: made short here, a font of that format.
    font.loca.version = 0;
    const { reference, ours } = both(font, [3, 36, 68, 100, 200]);
    expect(ours.equals(reference)).toBe(true);
    expect(readTemplate(font.createSubset().encode())!.longLoca).toBe(false);
  });

  it("are not made from a file laid out otherwise", () => {
    const font = openFont(fontPath(template, "regular"));
    const file = font.createSubset().encode();
    expect(readTemplate(file)).not.toBeNull();
    const checksummed = Uint8Array.from(file);
    checksummed[12 + 4] = 1;
    expect(readTemplate(checksummed)).toBeNull();
    const padded = new Uint8Array(file.length + 2);
    padded.set(file);
    expect(readTemplate(padded)).toBeNull();
    expect(readTemplate(file.slice(0, 10))).toBeNull();
  });
});
