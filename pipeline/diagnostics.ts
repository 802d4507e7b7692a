/**
 * Diagnostics: errors, warnings and notes as values.
 *
 * Every stage returns the diagnostics it raised next to its result instead of
 * throwing or logging, so a batch can report all problems of all files and a
 * single bad file never stops the others.
 */

export type Severity = "error" | "warning" | "info";

/** One problem or note, with the place in the source it concerns. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. "footnote-missing", "schema-invalid". */
  code: string;
  severity: Severity;
  /** One sentence a person can act on. */
  message: string;
  /** 1-based line in the input file, where the problem has one. */
  line?: number;
  /** 1-based column, where known. */
  column?: number;
  /** Input or output file the diagnostic concerns; the CLI fills it in. */
  file?: string;
}

export function diag(
  code: string,
  severity: Severity,
  message: string,
  line?: number,
): Diagnostic {
  return line === undefined ? { code, severity, message } : { code, severity, message, line };
}

/** "file:line: severity code: message" — the form every command prints. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = [d.file ?? file, d.line, d.column].filter((x) => x !== undefined && x !== "").join(":");
  return `${where ? where + ": " : ""}${d.severity} ${d.code}: ${d.message}`;
}
