/**
 * DOCX emitter: a Word document an editor can keep working in. Layout numbers
 * come from the print template (templates/print); the document is built in
 * ./docx/build.ts and made byte-stable here.
 */
import { Packer } from "docx";
import type { Resolution } from "../ast.ts";
import { loadPrintTemplate } from "../print-template.ts";
import { buildDocument } from "./docx/build.ts";
import { readZip, writeZip, type ZipEntry } from "./docx/zip.ts";
import { registerEmitter, type EmitContext, type EmitResult } from "./registry.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** W3CDTF without milliseconds, as Word writes it. */
function w3cdtf(d: Date): string {
  return (Number.isFinite(d.getTime()) ? d : new Date(0)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Makes the package byte-stable and fixes what the docx API cannot say:
 * dates in docProps/core.xml come from `now`, not the clock; footnotes with a
 * literal mark ("*") get that mark in place of Word's automatic number.
 */
function finish(entries: ZipEntry[], now: Date, customMarks: Map<number, string>): ZipEntry[] {
  const stamp = w3cdtf(now);
  const out = entries.map((e) => {
    if (e.name === "docProps/core.xml") {
      const xml = decoder
        .decode(e.data)
        .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${stamp}`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${stamp}`);
      return { name: e.name, data: encoder.encode(xml) };
    }
    if (e.name === "word/footnotes.xml" && customMarks.size > 0) {
      let xml = decoder.decode(e.data);
      for (const [id, mark] of customMarks) {
        xml = xml.replace(new RegExp(`(<w:footnote w:id="${id}">[\\s\\S]*?)<w:footnoteRef/>`), `$1<w:t xml:space="preserve">${escapeXml(mark)}</w:t>`);
      }
      return { name: e.name, data: encoder.encode(xml) };
    }
    return e;
  });
  // [Content_Types].xml first, as Word writes it; the rest in the library's order.
  return [...out.filter((e) => e.name === "[Content_Types].xml"), ...out.filter((e) => e.name !== "[Content_Types].xml")];
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export async function emitDocx(doc: Resolution, ctx: EmitContext): Promise<EmitResult> {
  const template = loadPrintTemplate(ctx.template ?? "letter");
  const { document, customMarks, diagnostics } = buildDocument(doc, template);
  const packed = await Packer.toBuffer(document);
  const data = writeZip(finish(readZip(packed), ctx.now, customMarks), ctx.now);
  return { data, diagnostics };
}

registerEmitter({
  name: "docx",
  extension: ".docx",
  description: "Word document with named styles, real footnotes and list numbering",
  emit: emitDocx,
});
