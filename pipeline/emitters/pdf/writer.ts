/**
 * A pdfkit document set up for emitting many documents in one process: the
 * one place that reaches into pdfkit's (and its fontkit's) internals.
 * pdfkit 0.20.2 and fontkit 2.0.4 are pinned in package-lock.json; every
 * internal field used is declared in the interfaces below, and the bytes
 * are checked by tests/golden-pdf.test.ts (sha256 of whole files).
 *
 * pdfkit is built around one document at a time, and most of the time of
 * a batch of short resolutions went to work pdfkit redoes per document or
 * per string. Each shortcut below writes the bytes pdfkit would, but for
 * the text objects (Drawing) and the content streams' zlib level (Output):
 *
 * - Shaping. pdfkit shapes each word through fontkit (GSUB and GPOS
 *   lookups, some 30 µs a word) and caches the result on the EmbeddedFont,
 *   which is new in every document, so every document shaped every word
 *   cold. Shaping depends only on the font file and the text, so widths
 *   and shaped texts are kept per font file, across documents. Texts of
 *   simple characters (nearly all) are laid out from their characters and
 *   character pairs (pair-layout.ts) rather than by fontkit, so cheaply that
 *   their shapes are not kept but laid out again in each document.
 * - Drawing. `doc.text()` takes every string through option merging, line
 *   splitting and `_fragment`, which measures it twice more and rebuilds its
 *   glyph arrays, to place text our layout has already placed. `text()`
 *   writes _fragment's operators from the shaped text; only the subset
 *   glyph ids in them are the document's own. Unlike _fragment, texts drawn
 *   in a row share one text object (see `text`): half the content stream.
 * - Subsetting. fontkit re-reads and fully decodes (outline points and all)
 *   every glyph put in a subset, only to learn whether it is a composite.
 *   A simple glyph's bytes and metrics are now read once per font file. The
 *   subset file is assembled from the tables all subsets of a font file
 *   share (truetype-subset.ts) instead of encoded table by table.
 * - Output. pdfkit turns every operator and every fragment of the file into
 *   a typed array of its own and pushes the fragments through a Readable
 *   stream, to join them all again; here they go into growing buffers.
 *   Page content streams are compressed here, at a lower level than pdfkit's.
 * - The default font. pdfkit opens Helvetica in every document, parsing its
 *   AFM metrics, though nothing here is set in it.
 *
 * One more patch is a fix rather than a shortcut: the document information
 * is XML-escaped where pdfkit copies it into the XMP metadata.
 */
import { deflateSync } from "node:zlib";
import PDFDocument from "pdfkit";
import { usePairLayout, type LayoutFn, type PairLayout } from "./pair-layout.ts";
import { readTemplate, writeSubset, type SubsetTemplate } from "./truetype-subset.ts";
import type { FontKey, Measurer } from "./text.ts";

type Doc = PDFKit.PDFDocument;

/** fontkit's glyph position, in pdfkit's 1000-unit em once pdfkit has scaled it. */
interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  /** The glyph's own advance; added by pdfkit's layoutRun. */
  advanceWidth: number;
}

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** A text as pdfkit's EmbeddedFont lays it out. */
interface Run {
  glyphs: Glyph[];
  positions: GlyphPosition[];
  advanceWidth: number;
}

/** The parsed fontkit font; pdfkit accepts it in place of a file name. */
interface ParsedFont {
  layout: LayoutFn;
  hasGlyphForCodePoint: (cp: number) => boolean;
  /** Set for variable fonts, whose subsets fontkit re-encodes glyph by glyph. */
  _variationProcessor?: unknown;
  createSubset(): Subset;
}

/** fontkit's TrueType subset, as filled while fontkit encodes it. */
interface Subset {
  includeGlyph(glyphId: number): number;
  _addGlyph(glyphId: number): number;
  encode(): Uint8Array;
  /** The original glyph ids, in subset order; encoding appends composites' components. */
  glyphs: number[];
  font: { loca: { version: number } };
  glyf: Uint8Array[];
  loca: { offsets: number[]; version: number };
  hmtx: { metrics: { advance: number; bearing: number }[]; bearings: number[] };
  offset: number;
}

/** pdfkit's EmbeddedFont: the per-document font object (its subset, widths and ToUnicode map). */
interface EmbeddedFont {
  id: string;
  font: ParsedFont;
  subset: Subset;
  widths: number[];
  unicode: number[][];
  scale: number;
  layout(text: string, features?: unknown, onlyWidth?: boolean): Run;
  encode(text: string): [string[], GlyphPosition[]];
  ref(): unknown;
}

interface PdfPage {
  height: number;
  /** The content stream's PDFReference. */
  content: { compress: boolean; data: Record<string, unknown>; buffer: Uint8Array[] };
  fonts: Record<string, unknown>;
  write(chunk: string | Uint8Array): void;
  end(): void;
}

interface PdfInternals {
  info: Record<string, unknown>;
  _addInfo(): void;
  _font: EmbeddedFont;
  _fontCount: number;
  _offset: number;
  _write(data: string | Uint8Array): void;
  page: PdfPage;
  addContent(data: string): Doc;
}

const internals = (pdf: Doc) => pdf as unknown as PdfInternals;

/** A text shaped in one font, ready to be shown in any document. */
interface Shape {
  glyphs: Glyph[];
  /**
   * The TJ array's strings: where each ends (glyph index) and the kerning
   * adjustment written after it. Null when shaping moved a glyph off the
   * baseline, which needs text matrices at the text's position.
   */
  segments: Segment[] | null;
}

/** A string of a TJ array: the glyph index where it ends and the kerning adjustment written after it. */
interface Segment {
  end: number;
  adjust: string;
}

/** A simple glyph as a subset copies it. */
interface SubsetGlyph {
  bytes: Uint8Array;
  advance: number;
  bearing: number;
}

/** Everything kept of one font file across documents. */
interface FontFileCache {
  parsed: ParsedFont;
  shapes: Map<string, Shape>;
  /** Widths by size, then text. */
  widths: Map<number, Map<string, number>>;
  widthCount: number;
  /** The font file's pair layout, when it takes it: texts it lays out need no entry in `shapes`. */
  pairs?: PairLayout;
  /** Per UTF-16 code unit: 1 when the font has a glyph for it, 2 when not, 0 not yet asked. */
  coverage: Uint8Array;
  /** Simple glyphs by id; null for a composite (fontkit renumbers its components per subset). */
  glyphs: Map<number, SubsetGlyph | null>;
  /** What every subset of the font file shares (truetype-subset.ts); null: fontkit encodes them. */
  template?: SubsetTemplate | null;
}

const fontFiles = new Map<string, FontFileCache>();
/**
 * Entries kept per cache and font file: a corpus uses some tens of thousands
 * of distinct words. Beyond, that cache starts afresh; what it held is
 * recomputed the same way, so this bounds memory without changing output.
 */
const CACHE_MAX = 100_000;

function setBounded<K, V>(m: Map<K, V>, k: K, v: V): void {
  if (m.size >= CACHE_MAX) m.clear();
  m.set(k, v);
}

/**
 * A copy of `text` for a key of the caches above, which outlive the document.
 * V8 makes a substring of 13 or more characters a view into the string it
 * was cut from, and a word of a paragraph is cut, through the paragraph,
 * from the whole input: as a key it kept that input alive. Measured after
 * the 483 resolutions of the corpus, all formats, in one thread: 50.9 MB of
 * live heap, some 15 MB of it past inputs held by these keys; 36.0 MB with
 * the keys copied. A concatenation is a new string, and cutting the added
 * character off again views that one only.
 */
function ownCopy(text: string): string {
  return (" " + text).slice(1);
}

/**
 * zlib level of page content streams. Measured on 100 resolutions: level 6
 * (pdfkit's) 2.6 ms a document, 2.66 MB; level 4 1.25 ms, 3.00 MB, that is
 * 4.6 % more PDF for about 7 % less PDF time; below 4 the size grows faster
 * than the time falls.
 */
const CONTENT_DEFLATE_LEVEL = 4;

/** pdfkit's number formatting in content streams (PDFObject.number): six decimals at most. */
const num = (n: number): number => Math.round(n * 1e6) / 1e6;

const NONE: readonly string[] = [];

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * One document: the pdfkit document (`pdf`, for everything not done here),
 * its template fonts, measured and drawn through the caches of their font
 * files, and its output.
 */
export class PdfWriter implements Measurer {
  readonly pdf: Doc;
  private readonly embedded = {} as Record<FontKey, EmbeddedFont>;
  private readonly caches = {} as Record<FontKey, FontFileCache>;
  /** Per font key: the TJ operators showing a text in this document's subset. */
  private readonly shown = {} as Record<FontKey, Map<string, string>>;
  /** Per font key: subset glyph ids as pdfkit writes them (4 hex digits). */
  private readonly hex = {} as Record<FontKey, string[]>;
  /**
   * The text object left open after the last text: texts drawn one after the
   * other share one, with the font set when it changes and each text placed
   * relative to the one before (`x`, `y`: where the line matrix is, NaN when
   * not known). Any other content closes it first.
   */
  private readonly textObject = { open: false, font: null as EmbeddedFont | null, size: NaN, x: NaN, y: NaN };
  /** The current page's content stream. */
  private readonly content = new ByteSink(64 * 1024);
  /** The file. */
  private readonly out = new ByteSink(256 * 1024);

  /** A new document with `fonts` registered under their keys, selected in the order given. */
  constructor(options: PDFKit.PDFDocumentOptions, fonts: Readonly<Record<FontKey, string>>, keys: readonly FontKey[]) {
    // Without the default font; the font count starts where Helvetica would
    // have left it, so the template fonts keep their names /F2….
    const pdf = (this.pdf = new PDFDocument({ ...options, font: null } as unknown as PDFKit.PDFDocumentOptions));
    const doc = internals(pdf);
    doc._fontCount = 1;
    // pdfkit copies the info strings into the XMP metadata unescaped, and XMP is XML.
    const addInfo = doc._addInfo;
    doc._addInfo = function (this: PdfInternals) {
      const saved = this.info;
      const escaped: Record<string, unknown> = { ...saved };
      for (const k of Object.keys(escaped)) if (typeof escaped[k] === "string") escaped[k] = xmlEscape(escaped[k] as string);
      this.info = escaped;
      try {
        addInfo.call(this);
      } finally {
        this.info = saved;
      }
    };
    // The file's header, written as the document was made, waits in the stream; the rest comes here.
    const head = pdf.read() as Buffer | null;
    if (head) this.out.raw(head);
    doc._write = (data) => {
      // As pdfkit's _write, which keeps the offsets the cross-reference table is made from.
      if (data instanceof Uint8Array) {
        this.out.raw(data);
        doc._offset += data.length;
      } else {
        const s = `${data}`;
        this.out.line(s);
        doc._offset += s.length + 1;
      }
    };

    // Each key is selected once, in key order, so pdfkit numbers the fonts
    // the same way whatever a document happens to draw or measure first.
    for (const k of keys) {
      const file = fonts[k];
      let cache = fontFiles.get(file);
      // pdfkit accepts a parsed font in place of a file and makes a fresh
      // subset of it per document, so sharing the parsed font (most of the
      // cost of a short document) leaks no glyphs between documents.
      pdf.registerFont(k, (cache?.parsed ?? file) as never);
      pdf.font(k);
      const font = doc._font;
      if (!cache) {
        cache = { parsed: font.font, shapes: new Map(), widths: new Map(), widthCount: 0, coverage: new Uint8Array(0x10000), glyphs: new Map() };
        fontFiles.set(file, cache);
        // Shaping texts from their character pairs (pair-layout.ts): fontkit's layout, without its cost.
        if (typeof font.font.layout === "function" && !font.font._variationProcessor) cache.pairs = usePairLayout(font.font);
      }
      // TrueType subsets only (CFF ones have no _addGlyph); variable fonts' glyphs are re-encoded per subset.
      if (typeof font.subset._addGlyph === "function" && !font.font._variationProcessor) {
        shareSubsetGlyphs(font.subset, cache.glyphs);
        // Read once per font file, also when it comes out null (fontkit then encodes every subset).
        if (cache.template === undefined) cache.template = readTemplate(font.font.createSubset().encode());
        encodeFromTemplate(font.subset, cache.template);
      }
      this.embedded[k] = font;
      this.caches[k] = cache;
      this.shown[k] = new Map();
      this.hex[k] = [];
    }
  }

  /**
   * pdf.addPage; the page's content stream is then collected here and
   * handed to pdfkit in one piece when the page ends, compressed here.
   */
  addPage(options: PDFKit.PDFDocumentOptions): void {
    this.pdf.addPage(options);
    const page = internals(this.pdf).page;
    const write = page.write.bind(page);
    const end = page.end.bind(page);
    page.write = (chunk) => {
      this.closeText();
      if (typeof chunk === "string") this.content.line(chunk);
      else this.content.raw(chunk);
    };
    page.end = () => {
      this.closeText();
      const stream = page.content;
      if (stream.compress && (stream.buffer.length || this.content.length)) {
        // pdfkit compresses at zlib's default level, which costs a content
        // stream twice the time of level 4 for 10 % less size. What pdfkit
        // wrote before this hook (the page's flip) goes first.
        const bytes = Buffer.concat([...stream.buffer, this.content.take()]);
        stream.buffer = [];
        stream.compress = false;
        stream.data.Filter = "FlateDecode";
        write(deflateSync(bytes, { level: CONTENT_DEFLATE_LEVEL }));
      } else if (this.content.length) write(this.content.take());
      end();
    };
  }

  /** Ends the document (pdf.end) and answers the file. */
  async end(): Promise<Uint8Array> {
    const pdf = this.pdf;
    // Waiting for the stream's end, though every byte is here as soon as
    // pdfkit has finished the file, lets the stream's pending process.nextTick
    // callbacks run, which hold on to the document: a caller emitting many
    // documents in a row without other I/O would otherwise keep them all.
    const finished = new Promise<void>((resolve, reject) => {
      pdf.once("end", resolve);
      pdf.once("error", reject);
    });
    pdf.resume();
    pdf.end();
    await finished;
    return this.out.take();
  }

  /** Characters of `text` (in order, repeats included) that the font has no glyph for. */
  missingChars(font: FontKey, text: string): readonly string[] {
    const coverage = this.caches[font].coverage;
    const parsed = this.caches[font].parsed;
    let missing: string[] | undefined;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      // Surrogate pairs (characters beyond the BMP) are asked about whole, every time.
      if (unit >= 0xd800 && unit <= 0xdfff) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        if (!parsed.hasGlyphForCodePoint(cp)) (missing ??= []).push(String.fromCodePoint(cp));
        continue;
      }
      let known = coverage[unit];
      if (known === 0) coverage[unit] = known = parsed.hasGlyphForCodePoint(unit) ? 1 : 2;
      if (known === 2) (missing ??= []).push(text[i]);
    }
    return missing ?? NONE;
  }

  /** The width of `text` in points, as `doc.font(font).fontSize(size).widthOfString(text)` gives it. */
  width(font: FontKey, size: number, text: string): number {
    const cache = this.caches[font];
    let widths = cache.widths.get(size);
    if (!widths) cache.widths.set(size, (widths = new Map()));
    let w = widths.get(text);
    if (w === undefined) {
      // pdfkit's document-level widthOfString with no character spacing and
      // 100 % scaling, written out as pdfkit computes it: the `* 100 / 100`
      // can move the last bit, and widths must match pdfkit's to the bit.
      const advance = this.embedded[font].layout(text, undefined, true).advanceWidth;
      w = ((advance * (size / 1000) + 0 * (text.length - 1)) * 100) / 100;
      if (cache.widthCount >= CACHE_MAX) {
        cache.widths.clear();
        cache.widths.set(size, (widths = new Map()));
        cache.widthCount = 0;
      }
      widths.set(ownCopy(text), w);
      cache.widthCount++;
    }
    return w;
  }

  /**
   * Draws `text` with its alphabetic baseline at (x, y), top-down page
   * coordinates: the bytes `doc.font(font).fontSize(size).text(text, x, y,
   * { lineBreak: false, baseline: "alphabetic" })` writes, that is those of
   * pdfkit's TextMixin._fragment for left-aligned text without spacing
   * options, whose steps this follows.
   */
  text(font: FontKey, size: number, text: string, x: number, y: number): void {
    const pdf = this.pdf;
    if (text.includes("\n")) {
      // pdfkit shows each line of such a text after the one before; rare enough to leave to pdfkit.
      pdf.font(font).fontSize(size).text(text, x, y, { lineBreak: false, baseline: "alphabetic" } as PDFKit.Mixins.TextOptions);
      return;
    }
    if (text === "") return;
    const f = this.embedded[font];
    const page = internals(pdf).page;
    if (page.fonts[f.id] == null) page.fonts[f.id] = f.ref();
    const top = page.height - y;
    let ops = this.shown[font].get(text);
    // showAt's operators set text matrices of their own, which leave the line matrix unknown.
    let setsMatrix = false;
    if (ops === undefined) {
      const cache = this.caches[font];
      // A text the pair layout takes is laid out again in each document that
      // shows it rather than kept: as cheap as a lookup in a cache of every
      // text shown, which took 20 MB.
      const direct = cache.pairs?.layoutRuns(text);
      let shape: Shape | undefined;
      if (direct) {
        const { glyphs, advances } = direct;
        shape = { glyphs, segments: tjSegments(glyphs.length, (i) => advances[i] * f.scale - glyphs[i].advanceWidth * f.scale) };
      } else {
        shape = cache.shapes.get(text);
        if (shape === undefined) setBounded(cache.shapes, ownCopy(text), (shape = shapeOf(f, text)));
      }
      if (shape.segments) {
        ops = this.showShape(font, shape.glyphs, shape.segments);
        this.shown[font].set(text, ops);
      } else {
        ops = showAt(f, text, size, x, top);
        setsMatrix = true;
      }
    }
    // pdfkit wraps every text in a text object of its own, in a graphics
    // state that undoes the page's flip of the y axis, with its font and
    // absolute position: some 60 bytes a word, over half of the content
    // stream and of the time spent compressing it. Texts in a row share one
    // text object instead; each is placed by its offset from the last (the
    // line matrix), which showAt's own text matrices make unknown.
    const t = this.textObject;
    const c = this.content;
    if (!t.open) {
      c.line(`q\n1 0 0 -1 0 ${num(page.height)} cm\nBT`);
      t.open = true;
      t.font = null;
      t.x = t.y = NaN;
    }
    if (f !== t.font || size !== t.size) {
      t.font = f;
      t.size = size;
      c.line(`/${f.id} ${num(size)} Tf`);
    }
    if (Number.isNaN(t.x)) {
      t.x = num(x);
      t.y = num(top);
      c.line(`1 0 0 1 ${t.x} ${t.y} Tm`);
    } else {
      const dx = num(x - t.x);
      const dy = num(top - t.y);
      t.x += dx;
      t.y += dy;
      c.line(`${dx} ${dy} Td`);
    }
    c.text(ops);
    if (setsMatrix) t.x = t.y = NaN;
  }

  /** Ends the open text object, before content that is not text. */
  private closeText(): void {
    if (!this.textObject.open) return;
    this.textObject.open = false;
    this.content.line("ET\nQ");
  }

  /** TJ operators for a shape, adding its glyphs to the subset as EmbeddedFont.encode does. */
  private showShape(font: FontKey, glyphs: readonly Glyph[], segments: readonly Segment[]): string {
    if (segments.length === 0) return "";
    const f = this.embedded[font];
    const hex = this.hex[font];
    let out = "[";
    let start = 0;
    for (let s = 0; s < segments.length; s++) {
      const { end, adjust } = segments[s];
      if (s > 0) out += " ";
      out += "<";
      for (let i = start; i < end; i++) {
        const glyph = glyphs[i];
        const gid = f.subset.includeGlyph(glyph.id);
        out += hex[gid] ??= `0000${gid.toString(16)}`.slice(-4);
        if (f.widths[gid] == null) f.widths[gid] = glyph.advanceWidth * f.scale;
        if (f.unicode[gid] == null) f.unicode[gid] = glyph.codePoints;
      }
      out += `> ${adjust}`;
      start = end;
    }
    // A text without kerning needs no array.
    if (segments.length === 1 && segments[0].adjust === "0") return `${out.slice(1, -2)} Tj\n`;
    return out + "] TJ\n";
  }
}

/** Shapes `text` as EmbeddedFont.encode would, split as tjSegments splits it. */
function shapeOf(f: EmbeddedFont, text: string): Shape {
  const { glyphs, positions } = f.layout(text);
  if (positions.some((p) => p.xOffset || p.yOffset)) return { glyphs, segments: null };
  return { glyphs, segments: tjSegments(positions.length, (i) => positions[i].xAdvance - positions[i].advanceWidth) };
}

/**
 * The TJ array's strings for `count` glyphs, split the way _fragment splits
 * them: after each glyph whose advance differs from its width by `kern(i)`
 * (pdfkit's scaled units), and at the end.
 */
function tjSegments(count: number, kern: (i: number) => number): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) {
    const k = kern(i);
    if (k !== 0 || i === count - 1) segments.push({ end: i + 1, adjust: `${num(-k)}` });
  }
  return segments;
}

/**
 * _fragment's text-showing operators for a text with glyphs moved off the
 * baseline, each such glyph placed with a text matrix of its own at
 * (x, y), bottom-up coordinates.
 */
function showAt(f: EmbeddedFont, text: string, size: number, x: number, y: number): string {
  const [encoded, positions] = f.encode(text);
  const scale = size / 1000;
  let out = "";
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number) => {
    if (last < cur) {
      const hex = encoded.slice(last, cur).join("");
      const advance = positions[cur - 1].xAdvance - positions[cur - 1].advanceWidth;
      commands.push(`<${hex}> ${num(-advance)}`);
    }
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      out += `[${commands.join(" ")}] TJ\n`;
      commands.length = 0;
    }
  };
  let i: number;
  for (i = 0; i < positions.length; i++) {
    const pos = positions[i];
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      out += `1 0 0 1 ${num(x + pos.xOffset * scale)} ${num(y + pos.yOffset * scale)} Tm\n`;
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        out += `1 0 0 1 ${num(x)} ${num(y)} Tm\n`;
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    x += pos.xAdvance * scale;
  }
  flush(i);
  return out;
}

/**
 * fontkit's TTFSubset._addGlyph decodes the whole glyph to learn whether it
 * is a composite (whose component ids it renumbers), then copies its bytes
 * and metrics. A simple glyph is copied unchanged, so the first subset that
 * takes it lets fontkit do the work and records the result; later subsets
 * append the recorded bytes and metrics as _addGlyph would. Composites
 * always go to fontkit.
 */
function shareSubsetGlyphs(subset: Subset, glyphs: Map<number, SubsetGlyph | null>): void {
  const addGlyph = subset._addGlyph.bind(subset);
  subset._addGlyph = (gid: number): number => {
    const g = glyphs.get(gid);
    if (!g) {
      const index = addGlyph(gid);
      if (g === undefined) {
        const bytes = subset.glyf[index];
        // A glyph's first field is its contour count, negative for a composite.
        const composite = bytes.length >= 2 && ((bytes[0] << 8) | bytes[1]) >= 0x8000;
        const { advance, bearing } = subset.hmtx.metrics[index];
        setBounded(glyphs, gid, composite ? null : { bytes, advance, bearing });
      }
      return index;
    }
    subset.glyf.push(g.bytes);
    subset.loca.offsets.push(subset.offset);
    subset.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
    subset.offset += g.bytes.length;
    return subset.glyf.length - 1;
  };
}

/**
 * Bytes written the way pdfkit writes them: a string as its Latin-1 bytes
 * (the low byte of each UTF-16 unit, as pdfkit's fromBinaryString takes
 * it) followed by a newline, a byte array as it is.
 */
class ByteSink {
  private bytes: Buffer;
  length = 0;

  constructor(size: number) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  line(s: string): void {
    this.room(s.length + 1);
    this.length += this.bytes.write(s, this.length, "latin1");
    this.bytes[this.length++] = 10;
  }

  /** A string without the newline (one that ends with its own). */
  text(s: string): void {
    this.room(s.length);
    this.length += this.bytes.write(s, this.length, "latin1");
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  /** A copy of the bytes so far; the sink starts again empty. */
  take(): Uint8Array {
    const out = new Uint8Array(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.length + n, 2 * this.bytes.length));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/**
 * TTFSubset.encode with the file assembled by truetype-subset.ts: the
 * glyphs are collected as fontkit collects them (the loop below is
 * encode's), only the bytes are written without fontkit's table encoder.
 */
function encodeFromTemplate(subset: Subset, template: SubsetTemplate | null): void {
  if (!template) return;
  subset.encode = function (this: Subset): Uint8Array {
    this.glyf = [];
    this.offset = 0;
    this.loca = { offsets: [], version: this.font.loca.version };
    this.hmtx = { metrics: [], bearings: [] };
    // _addGlyph appends a composite's components to `glyphs` while this runs.
    for (let i = 0; i < this.glyphs.length; i++) this._addGlyph(this.glyphs[i]);
    return writeSubset(template, { glyf: this.glyf, metrics: this.hmtx.metrics });
  };
}
