/**
 * The DOCX emitter proper, loaded on the first DOCX emitted (see ../docx.ts):
 * the document is built in build.ts, its parts formatted in pack.ts, fixed up
 * and zipped here so the same document always gives the same bytes.
 */
import type { Resolution } from "../../ast.ts";
import { loadPrintTemplate } from "../../print-template.ts";
import type { EmitContext, EmitResult } from "../registry.ts";
import { buildDocument } from "./build.ts";
import { packageParts } from "./pack.ts";
import { writeZip, type DeflatedEntry, type ZipEntry } from "./zip.ts";

const encoder = new TextEncoder();

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Fixes what the docx API cannot say: footnotes with a literal mark ("*") get
 * that mark in place of Word's automatic number.
 */
function markFootnotes(xml: Map<string, string>, customMarks: Map<number, string>): void {
  let notes = xml.get("word/footnotes.xml");
  if (notes !== undefined && customMarks.size > 0) {
    for (const [id, mark] of customMarks) {
      notes = notes.replace(new RegExp(`(<w:footnote w:id="${id}">[\\s\\S]*?)<w:footnoteRef/>`), `$1<w:t xml:space="preserve">${escapeXml(mark)}</w:t>`);
    }
    xml.set("word/footnotes.xml", notes);
  }
}

export async function emitDocx(doc: Resolution, ctx: EmitContext): Promise<EmitResult> {
  const template = loadPrintTemplate(ctx.template ?? "letter");
  const { document, customMarks, diagnostics } = buildDocument(doc, template);
  const { order, xml, fixed } = await packageParts(template.name, document, () => buildDocument(doc, template).document, ctx.now);
  markFootnotes(xml, customMarks);
  // [Content_Types].xml first, as Word writes it; the rest in docx's order.
  const names = [...order.filter((n) => n === "[Content_Types].xml"), ...order.filter((n) => n !== "[Content_Types].xml")];
  const entries = names.map((name): ZipEntry | DeflatedEntry => {
    const text = xml.get(name);
    if (text !== undefined) return { name, data: encoder.encode(text) };
    const packed = fixed.get(name);
    if (!packed) throw new Error(`docx: nothing to write for package part ${name}`);
    return packed;
  });
  return { data: writeZip(entries, ctx.now), diagnostics };
}
