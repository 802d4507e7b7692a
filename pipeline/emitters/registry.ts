/**
 * Emitter registry: output formats by name.
 *
 * Each emitter module calls `registerEmitter` once at import time;
 * pipeline/emitters/index.ts imports them all. Adding a format means adding a
 * module and one import line there; no other emitter changes.
 */
import type { Resolution } from "../ast.ts";
import type { Diagnostic } from "../diagnostics.ts";
import type { SchemaValidator } from "../validate/schema.ts";

/** What an emitter may need beyond the document; loaded once per run (or worker). */
export interface EmitContext {
  /**
   * The conversion time, for dates not in the document (AKN markup date, PDF
   * CreationDate): SOURCE_DATE_EPOCH where set, so output is reproducible.
   */
  now: Date;
  /** Layout template name for PDF/DOCX ("letter", "a4"); emitters default it. */
  template?: string;
  /** Compiled AKN schema, or null when none was found (validation skipped). */
  schema?: SchemaValidator | null;
}

/**
 * An output's content: bytes (PDF, DOCX), or text, as one string or as
 * pieces written one after another.
 *
 * Long text comes in pieces of about TEXT_PIECE_CHARS characters because V8
 * keeps a string of more than 64K UTF-16 units (128 KB) in its large-object
 * space, on pages mapped for it alone and unmapped when it dies: filling one
 * page-faults every 4 KB, and a fault costs some 13 µs on the development
 * machine. One string per output made two such strings for every long
 * document (the text, then its flattened copy for UTF-8 encoding), and those
 * were a third of an akn+yaml batch's page faults. Pieces stay in the young
 * generation, and the batch writer encodes them one by one into a buffer it
 * reuses (pipeline/cli/output.ts): the corpus three times over to akn+yaml,
 * 45 000 → 30 000 page faults. Pieces are encoded one at a time, so none may
 * end between the two halves of a surrogate pair.
 */
export type OutputData = string | readonly string[] | Uint8Array;

/** About the longest a piece of text output is (see OutputData); one line of output may exceed it. */
export const TEXT_PIECE_CHARS = 16_384;

/** The text of `data` as one string (pieces joined); bytes are returned as they are. */
export function joinPieces(data: OutputData): string | Uint8Array {
  return typeof data === "string" || data instanceof Uint8Array ? data : data.join("");
}

/** An emitter's output: the file content and anything worth telling the user. */
export interface EmitResult {
  data: OutputData;
  diagnostics: Diagnostic[];
}

export interface Emitter {
  /** Format name used with --to: "akn", "yaml", "pdf", "docx". */
  name: string;
  /** Output file suffix including the dot: ".akn.xml". */
  extension: string;
  /** One line for --help. */
  description: string;
  emit(doc: Resolution, ctx: EmitContext): EmitResult | Promise<EmitResult>;
  /**
   * V8 young-generation size (MB) a batch worker writing this format should
   * have, when it needs more than the pool's default for the text formats:
   * an emitter that allocates much per document collects garbage less often
   * with a larger one (pipeline/cli/pool.ts, heapLimits).
   */
  workerYoungGenerationMb?: number;
}

const emitters = new Map<string, Emitter>();

export function registerEmitter(emitter: Emitter): void {
  if (emitters.has(emitter.name)) throw new Error(`emitter "${emitter.name}" registered twice`);
  emitters.set(emitter.name, emitter);
}

export function getEmitter(name: string): Emitter | undefined {
  return emitters.get(name);
}

/** Registered emitters in registration order (the default output order). */
export function listEmitters(): Emitter[] {
  return [...emitters.values()];
}
