/**
 * The PDF emitter's pair shortcut (pipeline/emitters/pdf/pair-layout.ts)
 * against fontkit itself: for every font of the print templates, the
 * shortcut's layout of a text must be fontkit's, glyph for glyph and unit
 * for unit, or not given at all. Texts: every word of the golden inputs and
 * random texts over the simple ranges with other characters mixed in.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { pairLayoutApplies, PairLayout, type LayoutFn, type LayoutRun } from "../pipeline/emitters/pdf/pair-layout.ts";
import { fontPath, loadPrintTemplate } from "../pipeline/print-template.ts";

const FACES = ["regular", "italic", "bold", "boldItalic"] as const;

/** A fontkit font as pdfkit opens it. */
function fontkitFont(file: string): Parameters<typeof pairLayoutApplies>[0] & { layout: LayoutFn } {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.font(file);
  return (doc as unknown as { _font: { font: Parameters<typeof pairLayoutApplies>[0] & { layout: LayoutFn } } })._font.font;
}

/** That font's own layout. */
function fontkitLayout(file: string): LayoutFn {
  const font = fontkitFont(file);
  return font.layout.bind(font);
}

function plainRun(run: LayoutRun) {
  return {
    ids: run.glyphs.map((g) => g.id),
    positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]),
    advanceWidth: run.advanceWidth,
  };
}

function goldenWords(): string[] {
  const root = path.resolve("tests/golden");
  const words = new Set<string>();
  for (const c of fs.readdirSync(root)) {
    const input = path.join(root, c, "input.txt");
    if (!fs.existsSync(input)) continue;
    for (const w of fs.readFileSync(input, "utf8").split(/[ \t\r\n]+/)) if (w) words.add(w);
  }
  return [...words];
}

const simpleChar = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0x24f }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x2010, max: 0x205e }) },
  // Outside the shortcut: combining marks, Greek, soft hyphen, zero-width space, Hebrew.
  { weight: 1, arbitrary: fc.constantFrom(0x301, 0x308, 0x3b1, 0xad, 0x200b, 0x5d0, 0x20ac) },
);
const text = fc.array(simpleChar, { minLength: 1, maxLength: 14 }).map((cs) => String.fromCharCode(...cs));

describe("PDF pair layout", () => {
  const template = loadPrintTemplate("letter");
  const words = goldenWords();

  for (const face of FACES) {
    it(`${face}: gives fontkit's layout of every golden word and of random texts, or none`, () => {
      const fontkit = fontkitLayout(fontPath(template, face));
      const pairs = new PairLayout(fontkit);
      let taken = 0;
      const check = (t: string) => {
        const mine = pairs.layout(t);
        if (!mine) return;
        taken++;
        expect(plainRun(mine), JSON.stringify(t)).toEqual(plainRun(fontkit(t)));
      };
      for (const w of words) {
        check(w);
        check(w + " ");
      }
      // Most words are the shortcut's: a change that made it refuse them all would pass the rest unnoticed.
      expect(taken).toBeGreaterThan(words.length);
      fc.assert(
        fc.property(text, (t) => {
          check(t);
        }),
        { numRuns: 3000, seed: 20261128 },
      );
    });
  }

  it("lays out texts with spaces run by run, as pdfkit's EmbeddedFont.layout does", () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.font(fontPath(template, "regular"));
    type Embedded = { scale: number; font: { layout: LayoutFn }; layout(t: string): { glyphs: { id: number }[]; positions: { xAdvance: number }[] } };
    const embedded = (doc as unknown as { _font: Embedded })._font;
    const pairs = new PairLayout(embedded.font.layout.bind(embedded.font));
    const texts = [...words.slice(0, 400).map((w) => w + " "), "Assembly, 12 December 2023 ", "  two  spaces ", "A/RES/78/1 (2023)", " "];
    fc.assert(fc.property(text, (t) => void texts.push(t + " " + t)), { numRuns: 300, seed: 7 });
    let taken = 0;
    for (const t of texts) {
      const mine = pairs.layoutRuns(t);
      if (!mine) continue;
      taken++;
      const theirs = embedded.layout(t);
      expect(mine.glyphs.map((g) => g.id), JSON.stringify(t)).toEqual(theirs.glyphs.map((g) => g.id));
      expect(mine.advances.map((x) => x * embedded.scale), JSON.stringify(t)).toEqual(theirs.positions.map((p) => p.xAdvance));
    }
    expect(taken).toBeGreaterThan(400);
  });

  it("refuses texts with characters outside the simple ranges", () => {
    const pairs = new PairLayout(fontkitLayout(fontPath(template, "regular")));
    for (const t of ["e\u0301", "α", "co\u00adop", "a\u200bb", "שלום", ""]) expect(pairs.layout(t), JSON.stringify(t)).toBeUndefined();
    expect(pairs.layout("Assembly,")).toBeDefined();
  });

  it("is used for the template fonts, and not for fonts with ligatures, contextual kerning or cursive attachment", () => {
    for (const face of FACES) expect(pairLayoutApplies(fontkitFont(fontPath(template, face))), face).toBe(true);
    const table = (features: [string, number[]][], types: number[], script = "latn") => ({
      scriptList: [{ tag: script, script: { defaultLangSys: { featureIndexes: features.map((_, i) => i) } } }],
      featureList: features.map(([tag, lookupListIndexes]) => ({ tag, feature: { lookupListIndexes } })),
      lookupList: types.map((lookupType) => ({ lookupType })),
    });
    const kern = table([["kern", [0]]], [2]);
    expect(pairLayoutApplies({ GPOS: kern })).toBe(true);
    expect(pairLayoutApplies({ GSUB: table([["ccmp", [0]]], [6]), GPOS: kern })).toBe(true);
    expect(pairLayoutApplies({ GSUB: table([["liga", [0]]], [4]), GPOS: kern })).toBe(false);
    // Under the script a text without letters falls back to.
    expect(pairLayoutApplies({ GSUB: table([["calt", [0]]], [6], "DFLT"), GPOS: kern })).toBe(false);
    expect(pairLayoutApplies({ GPOS: table([["kern", [0, 1]]], [2, 8]) })).toBe(false);
    expect(pairLayoutApplies({ GPOS: table([["curs", [0]]], [3]) })).toBe(false);
    expect(pairLayoutApplies({ GPOS: { get scriptList(): never { throw new Error("undecodable"); } } as never })).toBe(false);
  });
});
