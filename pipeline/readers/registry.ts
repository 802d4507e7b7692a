/**
 * Reader registry: input forms by name (--from), each with a detector so the
 * form can be recognised from the content when --from is not given.
 */
import type { Resolution } from "../ast.ts";
import type { Diagnostic } from "../diagnostics.ts";

export interface ReadResult {
  doc: Resolution;
  diagnostics: Diagnostic[];
}

export interface Reader {
  /** Name used with --from: "ods", "akn", "yaml". */
  name: string;
  description: string;
  /** How sure the reader is that these bytes are its form (0 = not at all, 1 = certain). */
  detect(text: string): number;
  read(text: string): ReadResult;
}

const readers = new Map<string, Reader>();

export function registerReader(reader: Reader): void {
  if (readers.has(reader.name)) throw new Error(`reader "${reader.name}" registered twice`);
  readers.set(reader.name, reader);
}

export function getReader(name: string): Reader | undefined {
  return readers.get(name);
}

export function listReaders(): Reader[] {
  return [...readers.values()];
}

/** The reader most confident about `text`, or undefined when none claims it. */
export function detectReader(text: string): Reader | undefined {
  let best: Reader | undefined;
  let score = 0;
  for (const r of readers.values()) {
    const s = r.detect(text);
    if (s > score) [best, score] = [r, s];
  }
  return best;
}
