/**
 * fontkit's text layout, for the texts a resolution is mostly made of,
 * assembled from the layouts of single characters and character pairs.
 *
 * fontkit shapes a text by running every lookup of the font's default
 * features over every glyph: some 0.1 ms and 100 KB of garbage for a word
 * in Tinos, whose tables cover Latin, Greek, Cyrillic and Hebrew. A batch of
 * resolutions meets tens of thousands of distinct words, and shaping them
 * was the largest single cost of the PDF emitter.
 *
 * For "simple" characters (the ranges below: Latin letters, digits,
 * punctuation, no combining marks, nothing default-ignorable) what the
 * layout does is pair kerning: each glyph keeps its advance, adjusted by
 * the pair it forms with the glyph before and with the glyph after. So a
 * text of simple characters is laid out from fontkit's own layouts of its
 * characters and of its adjacent pairs, each made once per font and script
 * and kept. The rule holds only while no lookup reaches across three glyphs
 * of simple characters, which pairLayoutApplies checks of the font's tables
 * as far as they say it (no ligature or contextual feature, kerning by pair
 * lookups only); a character or pair whose own layout is not plain
 * (a substitution, an offset, a vertical advance) sends the whole text to
 * fontkit, and tests/pdf-pair-layout.test.ts holds the result to fontkit's
 * on every word of the golden documents and on random texts.
 */

/** The glyph fontkit returns (its cached Glyph object; only these fields are read). */
export interface LayoutGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** fontkit's GlyphPosition, in font units, with its four fields in its order. */
export interface LayoutPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** What fontkit's layout returns, as far as pdfkit reads it. */
export interface LayoutRun {
  glyphs: LayoutGlyph[];
  positions: LayoutPosition[];
  readonly advanceWidth: number;
}

/** fontkit's `font.layout(text, features, script)`. */
export type LayoutFn = (text: string, features?: unknown, script?: string) => LayoutRun;

/**
 * The simple characters, all in the Basic Multilingual Plane, in the Latin
 * or Common script, none a combining mark or default-ignorable: ASCII, the
 * Latin-1 supplement but the soft hyphen, Latin Extended-A and -B, general
 * punctuation without the separators, zero-width and bidi controls, and
 * currency signs.
 */
const SIMPLE_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x24f],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x20a0, 0x20bf],
];

function inSimpleRange(code: number): boolean {
  for (const [lo, hi] of SIMPLE_RANGES) if (code >= lo && code <= hi) return true;
  return false;
}

const LATIN = /\p{Script=Latin}/u;

/** fontkit's script tags: a text's script is that of its first letter (fontkit's Script.forString). */
type ScriptTag = "latn" | "zzzz";

interface SimpleChar {
  glyph: LayoutGlyph;
  advance: number;
  latin: boolean;
}

/** Returned by fontkit's layout for a run of fontkit's making; here for one of ours. */
class PairRun implements LayoutRun {
  constructor(
    readonly glyphs: LayoutGlyph[],
    readonly positions: LayoutPosition[],
  ) {}

  /** As fontkit's GlyphRun: the sum of the advances, in order (pdfkit reads it after scaling them). */
  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/** Entries kept per table; beyond, the table starts afresh (recomputed the same way). */
const TABLE_MAX = 100_000;

export class PairLayout {
  /** By UTF-16 code unit; null when the character is not simple in this font. */
  private readonly chars = new Map<number, SimpleChar | null>();
  /** Kerning of a pair, [first glyph, second glyph], by script and code units; null when the pair is not plain. */
  private readonly pairs = new Map<number, readonly [number, number] | null>();

  /** Characters and advances of the text being laid out (reused: most texts are words). */
  private readonly runChars: SimpleChar[] = [];
  private readonly runX: number[] = [];

  constructor(private readonly fontkitLayout: LayoutFn) {}

  /** fontkit's layout of `text` with the default features, or undefined when the text is not for this shortcut. */
  layout(text: string): LayoutRun | undefined {
    const n = text.length;
    if (n === 0 || !this.advances(text, 0, n)) return undefined;
    const glyphs = new Array<LayoutGlyph>(n);
    const positions = new Array<LayoutPosition>(n);
    for (let i = 0; i < n; i++) {
      glyphs[i] = this.runChars[i].glyph;
      positions[i] = { xAdvance: this.runX[i], yAdvance: 0, xOffset: 0, yOffset: 0 };
    }
    return new PairRun(glyphs, positions);
  }

  /**
   * The glyphs and advances (font units) of `text` as pdfkit's
   * EmbeddedFont.layout gives them: the text cut after each space or tab
   * into runs, each laid out alone, the results put end to end. Undefined
   * when a run is not for this shortcut.
   */
  layoutRuns(text: string): { glyphs: LayoutGlyph[]; advances: number[] } | undefined {
    const glyphs: LayoutGlyph[] = [];
    const advances: number[] = [];
    let last = 0;
    for (let index = 0; index <= text.length; ) {
      const c = text.charCodeAt(index);
      if ((index === text.length && last < index) || c === 0x20 || c === 0x09) {
        const end = ++index;
        if (!this.advances(text, last, end)) return undefined;
        for (let i = 0; i < end - last; i++) {
          glyphs.push(this.runChars[i].glyph);
          advances.push(this.runX[i]);
        }
        last = end;
      } else index++;
    }
    return { glyphs, advances };
  }

  /** Lays out text[start, end) into runChars and runX (font units); false when it is not for this shortcut. */
  private advances(text: string, start: number, end: number): boolean {
    const n = end - start;
    const chars = this.runChars;
    const x = this.runX;
    let script: ScriptTag = "zzzz";
    // Every character first, in order: fontkit's glyph objects keep the code
    // points they were first asked for, and fontkit would ask in this order.
    for (let i = 0; i < n; i++) {
      const c = this.char(text.charCodeAt(start + i));
      if (!c) return false;
      if (c.latin) script = "latn";
      chars[i] = c;
      x[i] = c.advance;
    }
    for (let i = 0; i + 1 < n; i++) {
      const kern = this.pair(script, text.charCodeAt(start + i), text.charCodeAt(start + i + 1), chars[i], chars[i + 1]);
      if (!kern) return false;
      x[i] += kern[0];
      x[i + 1] += kern[1];
    }
    return true;
  }

  private char(code: number): SimpleChar | null {
    let c = this.chars.get(code);
    if (c !== undefined) return c;
    c = null;
    if (inSimpleRange(code)) {
      const ch = String.fromCharCode(code);
      // Plain alone under either script a text of simple characters can have.
      const latn = this.fontkitLayout(ch, undefined, "latn");
      const zzzz = this.fontkitLayout(ch, undefined, "zzzz");
      const g = latn.glyphs[0];
      if (
        latn.glyphs.length === 1 &&
        zzzz.glyphs.length === 1 &&
        zzzz.glyphs[0] === g &&
        plain(latn.positions[0], g.advanceWidth) &&
        plain(zzzz.positions[0], g.advanceWidth)
      ) {
        c = { glyph: g, advance: g.advanceWidth, latin: LATIN.test(ch) };
      }
    }
    if (this.chars.size >= TABLE_MAX) this.chars.clear();
    this.chars.set(code, c);
    return c;
  }

  private pair(script: ScriptTag, a: number, b: number, ca: SimpleChar, cb: SimpleChar): readonly [number, number] | null {
    const key = (script === "latn" ? 0x1_0000_0000 : 0) + a * 0x1_0000 + b;
    let kern = this.pairs.get(key);
    if (kern !== undefined) return kern;
    const run = this.fontkitLayout(String.fromCharCode(a, b), undefined, script);
    kern = null;
    const [p, q] = run.positions;
    if (run.glyphs.length === 2 && run.glyphs[0] === ca.glyph && run.glyphs[1] === cb.glyph && onBaseline(p) && onBaseline(q)) {
      kern = [p.xAdvance - ca.advance, q.xAdvance - cb.advance];
    }
    if (this.pairs.size >= TABLE_MAX) this.pairs.clear();
    this.pairs.set(key, kern);
    return kern;
  }
}

/** A glyph that advances horizontally only and sits where it is put. */
function onBaseline(p: LayoutPosition): boolean {
  return p.yAdvance === 0 && p.xOffset === 0 && p.yOffset === 0;
}

/** A glyph alone as the font draws it: on the baseline, advancing by its own width. */
function plain(p: LayoutPosition, advance: number): boolean {
  return p.xAdvance === advance && onBaseline(p);
}

/** The parts of fontkit's decoded GSUB and GPOS tables read here. */
interface LayoutTable {
  scriptList: { tag: string; script: { defaultLangSys?: { featureIndexes: number[] } | null } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get?(i: number): { lookupType: number } } & ArrayLike<{ lookupType: number }>;
}

/** The scripts fontkit tries when a text's own (here latn, or zzzz for none) is not in the font. */
const FALLBACK_SCRIPTS = ["DFLT", "dflt", "latn"];

/**
 * Features fontkit's default shaper applies that substitute across letters
 * (ligatures, contextual alternates, localized forms, fractions). A font whose
 * default scripts offer any of them may change a text by a rule over three
 * glyphs that no pair shows, so it does not get the shortcut.
 */
const CONTEXTUAL_SUBSTITUTIONS = new Set(["rvrn", "ltra", "ltrm", "numr", "dnom", "frac", "locl", "rlig", "calt", "clig", "liga", "rclt"]);

/**
 * Whether texts of simple characters are laid out by pair kerning alone in
 * this font, as the shortcut assumes: for the scripts such a text can take,
 * no contextual substitution feature, no cursive attachment, and kerning
 * by pair adjustment lookups only (GPOS type 2). Mark features are allowed:
 * simple characters are not marks. What a single pair does (a ccmp
 * composition, say) is caught per pair by PairLayout itself.
 */
export function pairLayoutApplies(font: { GSUB?: LayoutTable | null; GPOS?: LayoutTable | null }): boolean {
  const featuresOf = (table: LayoutTable) => {
    const find = (tag: string) => table.scriptList.find((s) => s.tag === tag);
    const scripts = [find("latn") ?? FALLBACK_SCRIPTS.map(find).find(Boolean), FALLBACK_SCRIPTS.map(find).find(Boolean)];
    const features: LayoutTable["featureList"] = [];
    for (const s of scripts) for (const i of s?.script.defaultLangSys?.featureIndexes ?? []) features.push(table.featureList[i]);
    return features;
  };
  const lookupType = (table: LayoutTable, i: number) => (typeof table.lookupList.get === "function" ? table.lookupList.get(i) : table.lookupList[i]).lookupType;
  try {
    if (font.GSUB && featuresOf(font.GSUB).some((f) => CONTEXTUAL_SUBSTITUTIONS.has(f.tag))) return false;
    const gpos = font.GPOS;
    if (gpos) {
      for (const f of featuresOf(gpos)) {
        if (f.tag === "curs") return false;
        if (f.tag === "kern" && f.feature.lookupListIndexes.some((i) => lookupType(gpos, i) !== 2)) return false;
      }
    }
    return true;
  } catch {
    // Tables fontkit could not decode: leave every text to fontkit.
    return false;
  }
}

/**
 * Makes `font.layout` (fontkit's, as pdfkit calls it: text and optional
 * features) take the pair shortcut for texts with the default features,
 * when the font is one the shortcut holds for (pairLayoutApplies). Returns
 * the shortcut, or undefined when the font does not take it.
 */
export function usePairLayout(font: { layout: LayoutFn; GSUB?: LayoutTable | null; GPOS?: LayoutTable | null }): PairLayout | undefined {
  if (!pairLayoutApplies(font)) return undefined;
  const fontkitLayout: LayoutFn = font.layout.bind(font);
  const pairs = new PairLayout(fontkitLayout);
  font.layout = (text: string, features?: unknown, script?: string, ...rest: unknown[]) =>
    (features === undefined && script === undefined && rest.length === 0 ? pairs.layout(text) : undefined) ??
    (fontkitLayout as (...a: unknown[]) => LayoutRun)(text, features, script, ...rest);
  return pairs;
}
