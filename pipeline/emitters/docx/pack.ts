/**
 * The parts of the DOCX package, as docx would write them, without its Packer.
 *
 * `Packer` formats every part of the package (styles, theme, settings, font
 * table, relationships …) for every document, formats headers and footers
 * twice, and zips it all, only for us to unzip and zip it again with fixed
 * times (zip.ts). Most of those parts depend only on the print template and
 * on the package's shape, which buildDocument gives every resolution alike;
 * only the parts in `documentPartNames` depend on the document (buildDocument
 * writes no images, comments or embedded fonts, which would add parts and
 * relationships of their own). So, per
 * template, one document is packed with docx's Packer, the other parts are
 * kept from it (deflated once), and for every document we format just its own
 * parts, in the order docx's compiler formats them, and write their XML with
 * xml.ts.
 *
 * That first document is also formatted our way and the two compared part by
 * part: if a docx upgrade changes how parts are formatted or written, the
 * template falls back to Packer for every document rather than writing
 * something docx would not.
 */
import { Packer, type File, type IContext, type XmlComponent } from "docx";
import { readZip, deflateEntry, SHARED_LEVEL, type DeflatedEntry } from "./zip.ts";
import { DECLARATION, DECLARATION_STANDALONE, stringifyXml } from "./xml.ts";

export interface PackageParts {
  /** Every part's path, in the order docx writes them. */
  order: readonly string[];
  /** The XML of the parts formatted for this document, by path. */
  xml: Map<string, string>;
  /** The parts the same in every document of the template, by path, compressed once. */
  fixed: ReadonlyMap<string, DeflatedEntry>;
}

/** What the documents of a template share: the parts' order and the parts that are not their own. */
interface Shared {
  order: readonly string[];
  /** Paths of the parts formatted per document, sorted, for comparison. */
  own: string;
  fixed: ReadonlyMap<string, DeflatedEntry>;
}

/** By template; null when our formatting disagreed with docx's and every document is packed by docx. */
const shared = new Map<string, Promise<Shared | null>>();
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const NO_FIXED: ReadonlyMap<string, DeflatedEntry> = new Map();

/** The parts that depend on the document: body, notes, headers, footers, list numbering, core properties. */
function documentPartNames(file: File): string[] {
  return [
    "word/document.xml",
    "docProps/core.xml",
    ...file.Headers.map((_, i) => `word/header${i + 1}.xml`),
    ...file.Footers.map((_, i) => `word/footer${i + 1}.xml`),
    "word/footnotes.xml",
    "word/numbering.xml",
  ];
}

/**
 * Formats the document's own parts, in the order docx's compiler does: the
 * body first, since formatting it creates the list instances that numbering.xml
 * and the `{reference-instance}` placeholders in the other parts refer to.
 */
function formatDocumentParts(file: File): Map<string, string> {
  const format = (component: XmlComponent, viewWrapper: IContext["viewWrapper"], declaration: string): string => {
    const data = component.prepForXml({ file, viewWrapper, stack: [] });
    if (!data) throw new Error("docx: a package part formatted to nothing");
    return stringifyXml(data, declaration);
  };
  const xml = new Map<string, string>();
  xml.set("word/document.xml", format(file.Document.View, file.Document, DECLARATION_STANDALONE));
  xml.set("word/footnotes.xml", format(file.FootNotes.View, file.FootNotes, DECLARATION_STANDALONE));
  xml.set("docProps/core.xml", format(file.CoreProperties, file.Document, DECLARATION_STANDALONE));
  file.Headers.forEach((h, i) => xml.set(`word/header${i + 1}.xml`, format(h.View, h, DECLARATION)));
  file.Footers.forEach((f, i) => xml.set(`word/footer${i + 1}.xml`, format(f.View, f, DECLARATION)));
  // Numbered paragraphs are written with a placeholder for their list's id,
  // known once the body is formatted; docx fills it in in the parts that hold
  // paragraphs (not in the core properties).
  const ids = new Map(
    file.Numbering.ConcreteNumbering.map((n) => [n.restartedListId === undefined ? `${n.reference}-${n.instance}` : `${n.reference}-restart ${n.restartedListId}`, String(n.numId)]),
  );
  if (ids.size > 0)
    for (const [path, text] of xml) if (path !== "docProps/core.xml") xml.set(path, text.replace(/\{([^{}]+)\}/g, (p, key: string) => ids.get(key) ?? p));
  xml.set("word/numbering.xml", format(file.Numbering, file.Document, DECLARATION_STANDALONE));
  return xml;
}

/** Every part as docx's Packer writes it, in its order. */
async function packWithDocx(file: File): Promise<Map<string, string>> {
  return new Map(readZip(await Packer.toBuffer(file)).map((e) => [e.name, decoder.decode(e.data)]));
}

/** W3CDTF without milliseconds, as Word writes it. */
function w3cdtf(d: Date): string {
  return (Number.isFinite(d.getTime()) ? d : new Date(0)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** docx dates docProps/core.xml by the clock; the package is dated `now` instead, so it is reproducible. */
function stampCore(xml: Map<string, string>, now: Date): Map<string, string> {
  const core = xml.get("docProps/core.xml");
  if (core === undefined) return xml;
  const stamp = w3cdtf(now);
  xml.set("docProps/core.xml", core.replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${stamp}`).replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${stamp}`));
  return xml;
}

/** Packs a document with docx, keeps the parts that are not the document's own, and checks our formatting of them against docx's. */
async function sharedParts(build: () => File): Promise<Shared | null> {
  const when = new Date(0);
  const reference = stampCore(await packWithDocx(build()), when);
  const file = build();
  const names = documentPartNames(file);
  const ours = stampCore(formatDocumentParts(file), when);
  if (names.some((n) => !reference.has(n) || ours.get(n) !== reference.get(n))) return null;
  const fixed = new Map<string, DeflatedEntry>();
  for (const [name, text] of reference) if (!ours.has(name)) fixed.set(name, deflateEntry({ name, data: encoder.encode(text) }, SHARED_LEVEL));
  return { order: [...reference.keys()], own: shapeOf(names), fixed };
}

const shapeOf = (names: readonly string[]): string => [...names].sort().join("\n");

/**
 * The package parts of `file`, dated `now`. `key` names what the shared parts
 * depend on (the print template). `build` makes more Files of the same
 * document; it is called only for the first document of a template, to
 * compare our formatting with docx's on it.
 */
export async function packageParts(key: string, file: File, build: () => File, now: Date): Promise<PackageParts> {
  let entry = shared.get(key);
  if (!entry) {
    const created = sharedParts(build);
    shared.set(key, created);
    // A document that fails to pack does not decide for the template: the next one tries again.
    created.catch(() => shared.delete(key));
    entry = created;
  }
  // Meanwhile this document is packed by docx alone, which reports its own error if it has one.
  const s = await entry.catch(() => null);
  // A document whose package has another shape than the template's first (say, more headers) is packed by docx.
  if (s && shapeOf(documentPartNames(file)) === s.own) return { order: s.order, xml: stampCore(formatDocumentParts(file), now), fixed: s.fixed };
  const xml = stampCore(await packWithDocx(file), now);
  return { order: [...xml.keys()], xml, fixed: NO_FIXED };
}
