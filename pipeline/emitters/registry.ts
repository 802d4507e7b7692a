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

/** An emitter's output: the file content and anything worth telling the user. */
export interface EmitResult {
  data: string | Uint8Array;
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
