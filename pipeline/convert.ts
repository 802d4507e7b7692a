/**
 * The library entry points: bytes or text of one input → Resolution, and a
 * Resolution → one output format. The CLI and the tests call
 * these; nothing here touches the file system.
 */
import type { Resolution } from "./ast.ts";
import { diag, type Diagnostic } from "./diagnostics.ts";
import { decode } from "./stages/decode.ts";
import { detectReader, getReader, listReaders } from "./readers/index.ts";
import { getEmitter, joinPieces, type EmitContext, type EmitResult } from "./emitters/index.ts";

export interface ParseOutcome {
  doc?: Resolution;
  /** The decoded input text (for the quality report's conservation check). */
  text?: string;
  /** The input form that was read ("ods", …). */
  from?: string;
  diagnostics: Diagnostic[];
}

/** Reads one input. `from` forces an input form; otherwise it is detected. */
export function readInput(bytes: Uint8Array, from?: string): ParseOutcome {
  const decoded = decode(bytes);
  const text = decoded.text;
  if (!text.trim()) {
    return { text, diagnostics: [...decoded.diagnostics, diag("input-empty", "error", "input is empty")] };
  }
  const reader = from ? getReader(from) : detectReader(text);
  if (!reader) {
    const names = listReaders().map((r) => r.name).join(", ");
    return {
      text,
      diagnostics: [...decoded.diagnostics, diag("input-unknown", "error", `not a resolution in any known form (${names}); use --from to force one`, 1)],
    };
  }
  const { doc, diagnostics } = reader.read(text);
  return { doc, text, from: reader.name, diagnostics: [...decoded.diagnostics, ...diagnostics] };
}

/** Parses ODS-style resolution text: the common case, for library users and tests. */
export function parseResolution(text: string, from = "ods"): { doc: Resolution; diagnostics: Diagnostic[] } {
  const out = readInput(new TextEncoder().encode(text), from);
  if (!out.doc) throw new Error(out.diagnostics.map((d) => d.message).join("; "));
  return { doc: out.doc, diagnostics: out.diagnostics };
}

/** Renders a Resolution in one registered format: text as one string, or bytes. */
export async function emit(doc: Resolution, format: string, ctx: EmitContext): Promise<EmitResult & { data: string | Uint8Array }> {
  const out = await emitPieces(doc, format, ctx);
  return { data: joinPieces(out.data), diagnostics: out.diagnostics };
}

/** Renders a Resolution in one registered format, long text left in pieces: what a file writer wants (see OutputData). */
export async function emitPieces(doc: Resolution, format: string, ctx: EmitContext): Promise<EmitResult> {
  const emitter = getEmitter(format);
  if (!emitter) throw new Error(`unknown output format "${format}"`);
  return emitter.emit(doc, ctx);
}
