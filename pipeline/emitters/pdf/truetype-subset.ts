/**
 * TrueType subset files, written as fontkit's TTFSubset.encode writes them,
 * without its generic table encoder: fontkit encodes every table of every
 * subset field by field (the hinting programs byte by byte), some 2 ms per
 * document for four faces. Only three tables of a subset depend on its
 * glyphs (loca, glyf, hmtx) and two counts in two others (hhea, maxp); the
 * rest is the same for every subset of a font file. So fontkit encodes one
 * subset of each font file (the template) and each subset is assembled from
 * the template's bytes and its own glyphs.
 *
 * The layout follows fontkit 2.0.4 (pinned): a table directory with zero
 * checksums, then the tables in the directory's order, unpadded.
 * tests/pdf-truetype-subset.test.ts holds the result to fontkit's, byte for
 * byte.
 */

/** A subset's own data, as fontkit's TTFSubset collects it. */
export interface SubsetGlyphs {
  /** Each glyph's bytes, in subset order. */
  glyf: readonly Uint8Array[];
  /** Horizontal metrics per glyph. */
  metrics: readonly { advance: number; bearing: number }[];
}

/** What every subset of one font file shares. */
export interface SubsetTemplate {
  /** The directory's first 12 bytes (tag, table count, search fields). */
  header: Uint8Array;
  /** The tables in file order; null where the subset supplies the bytes. */
  tables: { tag: string; bytes: Uint8Array | null }[];
  /** loca with 32-bit offsets (head.indexToLocFormat 1). */
  longLoca: boolean;
}

/** Tables written from the subset's glyphs. */
const OWN = new Set(["loca", "glyf", "hmtx"]);
/** Where the counts of glyphs and metrics sit. */
const MAXP_NUM_GLYPHS = 4;
const HHEA_NUMBER_OF_METRICS = 34;
const HEAD_INDEX_TO_LOC_FORMAT = 50;

/**
 * Reads the template from a subset file fontkit encoded. Null when the file
 * is not laid out as this module writes it (another fontkit, or tables this
 * module does not know), so the caller keeps fontkit's encoder.
 */
export function readTemplate(file: Uint8Array): SubsetTemplate | null {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 12) return null;
  const count = view.getUint16(4);
  let expected = 12 + 16 * count;
  const tables: SubsetTemplate["tables"] = [];
  let longLoca: boolean | undefined;
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(file[at], file[at + 1], file[at + 2], file[at + 3]);
    const checksum = view.getUint32(at + 4);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (checksum !== 0 || offset !== expected || offset + length > file.length) return null;
    expected += length;
    const bytes = file.slice(offset, offset + length);
    if (tag === "head") {
      if (length < HEAD_INDEX_TO_LOC_FORMAT + 2) return null;
      longLoca = view.getInt16(offset + HEAD_INDEX_TO_LOC_FORMAT) === 1;
    }
    if ((tag === "maxp" && length < MAXP_NUM_GLYPHS + 2) || (tag === "hhea" && length < HHEA_NUMBER_OF_METRICS + 2)) return null;
    tables.push({ tag, bytes: OWN.has(tag) ? null : bytes });
  }
  const tags = new Set(tables.map((t) => t.tag));
  if (expected !== file.length || longLoca === undefined || ![...OWN, "maxp", "hhea"].every((t) => tags.has(t))) return null;
  return { header: file.slice(0, 12), tables, longLoca };
}

/** The subset file for `glyphs` on `template`: the bytes fontkit's TTFSubset.encode gives. */
export function writeSubset(template: SubsetTemplate, glyphs: SubsetGlyphs): Uint8Array {
  const { glyf, metrics } = glyphs;
  let glyfLength = 0;
  for (const g of glyf) glyfLength += g.length;
  const lengthOf = (tag: string, bytes: Uint8Array | null): number =>
    bytes ? bytes.length : tag === "loca" ? (glyf.length + 1) * (template.longLoca ? 4 : 2) : tag === "glyf" ? glyfLength : metrics.length * 4;

  const directory = 12 + 16 * template.tables.length;
  let size = directory;
  for (const t of template.tables) size += lengthOf(t.tag, t.bytes);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(template.header, 0);
  let offset = directory;
  template.tables.forEach((t, i) => {
    const length = lengthOf(t.tag, t.bytes);
    const entry = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[entry + k] = t.tag.charCodeAt(k);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, length);
    if (t.bytes) {
      out.set(t.bytes, offset);
      if (t.tag === "maxp") view.setUint16(offset + MAXP_NUM_GLYPHS, glyf.length);
      if (t.tag === "hhea") view.setUint16(offset + HHEA_NUMBER_OF_METRICS, metrics.length);
    } else if (t.tag === "glyf") {
      let at = offset;
      for (const g of glyf) {
        out.set(g, at);
        at += g.length;
      }
    } else if (t.tag === "loca") {
      let at = offset;
      let glyphOffset = 0;
      for (let g = 0; g <= glyf.length; g++) {
        // Short offsets are stored halved, as fontkit's loca.preEncode does.
        if (template.longLoca) view.setUint32(at, glyphOffset);
        else view.setUint16(at, glyphOffset >>> 1);
        at += template.longLoca ? 4 : 2;
        if (g < glyf.length) glyphOffset += glyf[g].length;
      }
    } else {
      let at = offset;
      for (const m of metrics) {
        view.setUint16(at, m.advance);
        view.setInt16(at + 2, m.bearing);
        at += 4;
      }
    }
    offset += length;
  });
  return out;
}
