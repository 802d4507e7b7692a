/**
 * One input file through the whole pipeline, as the batch runs it: read
 * (guarded against special files, huge files and binary data), skip when
 * unchanged, convert to every requested format, write each output
 * atomically. Runs in a worker thread or, for one job, in the main thread;
 * it never throws for a problem with one file, it reports it.
 *
 * `createJobEnv` loads what every document needs (the compiled schema; the
 * emitters cache fonts, templates and lexicons themselves at module level)
 * once per thread, not per document.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatDiagnostic, type Diagnostic, type Severity } from "../diagnostics.ts";
import { emitPieces, readInput } from "../convert.ts";
import { decode } from "../stages/decode.ts";
import type { EmitContext } from "../emitters/index.ts";
import "../readers/index.ts";
import { OutputGuard, writeAtomic } from "./output.ts";

/** What every file of a run is converted with; plain data, so it can be sent to a worker. */
export interface JobOptions {
  formats: string[];
  /** Output suffix of each format (".akn.xml"). */
  extensions: Record<string, string>;
  from?: string;
  template?: string;
  /** Schema folder for AKN validation; null: lint only. */
  schemaDir: string | null;
  /** Conversion time (ms since the epoch) for dates not in the document. */
  nowMs: number;
  outDir: string;
  /** Messages name files relative to this folder. */
  cwd: string;
  /** Inputs larger than this are refused. */
  maxBytes: number;
  /** Print warnings and notes too, not only errors. */
  verbose: boolean;
  /** Per format, a key of everything besides the input that shapes the output (see manifest.ts); also "report" with --report. */
  optionKeys: Record<string, string>;
  /** --report: write NAME.report.json (pipeline/report.ts) beside the outputs. */
  report?: boolean;
}

/** Suffix of the --report file. */
export const REPORT_SUFFIX = ".report.json";

/** What a run writes per input, by manifest key: each format, and the quality report with --report. */
export function outputKinds(o: Pick<JobOptions, "formats" | "report">): string[] {
  return o.report ? [...o.formats, "report"] : o.formats;
}

/** What the manifest knew about an input's last successful conversion. */
export interface PreviousRun {
  hash: string;
  formats: Record<string, string>;
}

export interface Task {
  id: number;
  path: string;
  relative: string;
  display: string;
  /** Set with --skip-unchanged when the manifest has an entry for this output name. */
  prev?: PreviousRun;
}

export type FileStatus = "converted" | "failed" | "skipped";

export interface FileResult {
  id: number;
  status: FileStatus;
  /** Output files written (or kept, when skipped), relative to the output folder. */
  outputs: string[];
  counts: Record<Severity, number>;
  /** How often each diagnostic code was raised. */
  codes: Record<string, number>;
  /** Diagnostic lines to print (errors; warnings and notes too with --verbose). */
  lines: string[];
  ms: number;
  /** sha256 of the input bytes, when they could be read. */
  hash?: string;
  /** Formats written without error, with the option key they were written under. */
  formats: Record<string, string>;
  /** --report: the report's one-line summary. */
  summary?: string;
}

export interface JobEnv {
  options: JobOptions;
  ctx: EmitContext;
  guard: OutputGuard;
  /** Loads what emitting needs (the schema) on first use: a run that skips every file never pays for it. */
  ready(): Promise<void>;
  dispose(): void;
}

export async function createJobEnv(options: JobOptions): Promise<JobEnv> {
  const ctx: EmitContext = { now: new Date(options.nowMs), template: options.template };
  let loading: Promise<void> | undefined;
  const ready = () =>
    (loading ??= (async () => {
      if (options.schemaDir && options.formats.includes("akn")) {
        // Imported here, not at the top: the wasm build of libxml2 is only worth
        // loading (and its memory only worth paying) when AKN is validated.
        const { loadSchemaValidator } = await import("../validate/schema.ts");
        ctx.schema = await loadSchemaValidator(options.schemaDir);
      }
    })());
  return { options, ctx, guard: new OutputGuard(options.outDir), ready, dispose: () => ctx.schema?.dispose() };
}

/** A problem no file can get past (the schema does not compile): the run stops. */
export class SetupError extends Error {}

/** Bytes to look at when telling text from binary data. */
const SNIFF = 64 * 1024;

/**
 * Recognises UTF-16 without a byte-order mark (every other byte NUL for
 * Latin text) and binary data (NULs or control characters that text does not
 * have). UTF-16 gets its BOM added so the decoder reads it.
 */
export function sniff(bytes: Uint8Array): { kind: "text" | "binary" } | { kind: "utf-16"; bytes: Uint8Array; order: "le" | "be" } {
  const n = Math.min(bytes.length, SNIFF);
  if (n === 0) return { kind: "text" };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { kind: "text" };
  let evenNul = 0, oddNul = 0, control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) {
      if (i % 2) oddNul++;
      else evenNul++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1a) control++;
  }
  const half = n / 2;
  if (bytes.length % 2 === 0 && n >= 4) {
    if (oddNul > half * 0.3 && evenNul < half * 0.02) return { kind: "utf-16", order: "le", bytes: withBom(bytes, [0xff, 0xfe]) };
    if (evenNul > half * 0.3 && oddNul < half * 0.02) return { kind: "utf-16", order: "be", bytes: withBom(bytes, [0xfe, 0xff]) };
  }
  // A text file with a stray NUL is still text (decode drops it, with a warning).
  if (evenNul + oddNul > n * 0.001 + 8 || control > n * 0.05) return { kind: "binary" };
  return { kind: "text" };
}

function withBom(bytes: Uint8Array, bom: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length + 2);
  out.set(bom, 0);
  out.set(bytes, 2);
  return out;
}

/** Reads a regular file without ever blocking on a FIFO or device, refusing files over `max` bytes. */
function readRegular(file: string, max: number): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error("is a folder, not a file"), { code: "EISDIR" });
    if (!st.isFile()) throw Object.assign(new Error("not a regular file"), { code: "not-a-file" });
    if (st.size > max) {
      throw Object.assign(new Error(`input is ${(st.size / 1e6).toFixed(1)} MB, over the limit of ${(max / 1e6).toFixed(1)} MB (--max-size)`), { code: "too-large" });
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function convertFile(task: Task, env: JobEnv): Promise<FileResult> {
  const started = performance.now();
  const { options: o, ctx, guard } = env;
  const result: FileResult = { id: task.id, status: "failed", outputs: [], counts: { error: 0, warning: 0, info: 0 }, codes: {}, lines: [], ms: 0, formats: {} };
  const show = (p: string) => path.relative(o.cwd, p) || p;
  const note = (d: Diagnostic, file: string) => {
    result.counts[d.severity]++;
    result.codes[d.code] = (result.codes[d.code] ?? 0) + 1;
    if (d.severity === "error" || o.verbose) result.lines.push(formatDiagnostic(d, file));
  };
  const fail = (code: string, message: string) => {
    note({ code, severity: "error", message }, task.display);
    result.status = "failed";
    result.ms = performance.now() - started;
    return result;
  };

  let bytes: Uint8Array;
  try {
    bytes = readRegular(task.path, o.maxBytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "too-large") return fail("input-too-large", err.message);
    if (err.code === "not-a-file") return fail("not-a-file", "not a regular file (a FIFO, socket or device); not read");
    if (err.code === "ENOENT") return fail("read-failed", "the file disappeared before it could be read");
    return fail("read-failed", `cannot read the file: ${err.message}`);
  }
  result.hash = createHash("sha256").update(bytes).digest("hex");
  const targets = o.formats.map((f) => ({ format: f, file: task.relative + o.extensions[f] }));
  const kinds = outputKinds(o);
  const files = [...targets.map((t) => t.file), ...(o.report ? [task.relative + REPORT_SUFFIX] : [])];

  if (task.prev && task.prev.hash === result.hash && kinds.every((f) => task.prev!.formats[f] === o.optionKeys[f])) {
    // Unchanged input, same options: skip unless an output went missing.
    if (files.every((f) => existsSync(path.join(o.outDir, f)))) {
      result.status = "skipped";
      result.outputs = files;
      result.formats = { ...task.prev.formats };
      result.ms = performance.now() - started;
      return result;
    }
  }

  const kind = sniff(bytes);
  if (kind.kind === "binary") return fail("input-binary", "looks like binary data (NUL or control bytes), not text");
  if (kind.kind === "utf-16") {
    bytes = kind.bytes;
    note({ code: "decode-utf16-no-bom", severity: "warning", message: `read as UTF-16 ${kind.order.toUpperCase()} without a byte-order mark` }, task.display);
  }

  let outcome;
  try {
    outcome = readInput(bytes, o.from);
  } catch (e) {
    return fail("internal", `the reader failed (${(e as Error).message}); please report this with the input`);
  }
  for (const d of outcome.diagnostics) note(d, task.display);
  // The report is listed after the formats, but written first: it also explains a file that fails here.
  let reportFile: string | undefined;
  if (o.report) {
    const file = task.relative + REPORT_SUFFIX;
    const target = path.join(o.outDir, file);
    try {
      const { buildReport, reportSummary } = await import("../report.ts");
      const report = buildReport({ text: decode(bytes).text, outcome });
      guard.check(target, task.path);
      writeAtomic(target, JSON.stringify(report, null, 1) + "\n");
      reportFile = file;
      result.formats.report = o.optionKeys.report;
      result.summary = reportSummary(report);
    } catch (e) {
      note({ code: "report-failed", severity: "error", message: (e as Error).message }, task.display);
    }
  }
  if (!outcome.doc || outcome.diagnostics.some((d) => d.severity === "error")) {
    if (reportFile) result.outputs.push(reportFile);
    result.ms = performance.now() - started;
    return result;
  }

  try {
    await env.ready();
  } catch (e) {
    // The schema is shared by every file: a set-up problem, not this file's.
    throw new SetupError((e as Error).message);
  }
  let ok = true;
  for (const t of targets) {
    const target = path.join(o.outDir, t.file);
    try {
      guard.check(target, task.path);
      const out = await emitPieces(outcome.doc, t.format, ctx);
      const errors = out.diagnostics.filter((d) => d.severity === "error").length;
      for (const d of out.diagnostics) note(d, show(target));
      writeAtomic(target, out.data);
      result.outputs.push(t.file);
      if (errors) ok = false;
      else result.formats[t.format] = o.optionKeys[t.format];
    } catch (e) {
      note({ code: `${t.format}-failed`, severity: "error", message: (e as Error).message }, task.display);
      ok = false;
    }
  }
  if (reportFile) result.outputs.push(reportFile);
  result.status = ok && !result.counts.error ? "converted" : "failed";
  result.ms = performance.now() - started;
  return result;
}
