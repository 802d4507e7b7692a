/**
 * The `resolute` command line: argument parsing, the checks that make a run
 * safe before it starts, and the summary. The batch itself (worker pool,
 * progress, manifest, report) is ./batch.ts; one file's conversion is
 * ./job.ts; writing files is ./output.ts. Exit status: 0 every input
 * converted, 1 some failed, 2 usage, 128+signal when interrupted.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { listEmitters, getEmitter } from "../emitters/index.ts";
import { listReaders, getReader } from "../readers/index.ts";
import { runBatch } from "./batch.ts";
import { assignOutputNames, collectInputs, inShard, inputFoldersContaining, parseShard, suffixesFor, type Shard } from "./inputs.ts";
import { SetupError, type JobOptions } from "./job.ts";
import { codeFingerprint, optionKey } from "./manifest.ts";
import { chooseMode, Progress, type Stream } from "./progress.ts";

const DEFAULT_TIMEOUT_S = 120;
const DEFAULT_MAX_MB = 10;

const USAGE = `resolute: convert UN General Assembly resolutions to Akoma Ntoso, YAML, PDF and DOCX

Usage:
  resolute convert <file|dir>... -o <dir> [options]
  resolute validate <file|dir>... [--schema <path>]
  resolute formats
  resolute --help | --version

convert
  Reads each file, or every input file under each directory (recursively:
  .txt, .text, .xml, .yaml and .yml, each read in the form its content
  shows; with --from only that form's files: akn .xml, yaml .yaml/.yml,
  para-text and pdf-text also .md),
  and writes <dir>/<path relative to the argument, minus its
  extension> plus one suffix per format (.akn.xml, .yaml, .pdf, .docx).
  When two inputs map to the same output name, the later one gets "~2"
  ("~3", …) before the suffix and the clash is reported. The output folder
  may not be an input folder or lie inside one.

  -o, --output <dir>     output folder (created if missing; required)
  -t, --to <formats>     comma-separated output formats (default: all): {FORMATS}
  -f, --from <form>      input form (default: detected from the content): {READERS}
      --validate         also check every AKN output against the OASIS Akoma
                         Ntoso schema (libxml2: ~2 ms per document, and ~0.3 s
                         per worker to compile the schema), found at --schema,
                         else $RESOLUTE_SCHEMA, $RESOLUTE_SHARED/schema or
                         ../shared/schema. Without it AKN output is checked by
                         the AKN4UN lint rules only (always run; the emitter's
                         schema validity is tested on the whole dev corpus).
      --schema <path>    Akoma Ntoso schema folder or akomantoso30.xsd (implies
                         --validate)
      --template <name>  print layout for pdf/docx: letter (default) or a4
  -j, --jobs <n>         files converted in parallel, each in a worker thread
                         (default: the number of CPU cores, here {CORES});
                         1, or a single file, converts in the main thread
      --skip-unchanged   convert only inputs whose content, options or
                         resolute's code (sources, templates, dependencies)
                         changed since the last run into this folder, or
                         whose outputs are missing; files
                         that failed are converted again. Every run records
                         what it converted in <dir>/.resolute-manifest.json
                         (per shard: .resolute-manifest.shard-K-of-N.json).
      --shard <K/N>      convert only the K-th of N parts of the inputs (1 ≤ K
                         ≤ N), chosen by a hash of each file's path relative
                         to its argument: N machines given the same arguments
                         split the work with no coordination
      --fail-fast        stop at the first file that fails (default: convert
                         all, then report)
      --timeout <s>      give up on a file after this many seconds (default
                         ${DEFAULT_TIMEOUT_S}; 0: no limit); applies in worker threads, that is
                         with --jobs 2 or more and more than one file
      --max-size <MB>    refuse input files larger than this (default ${DEFAULT_MAX_MB})
      --report           also write a quality report per input,
                         <dir>/<name>.report.json (node counts, numbering,
                         footnotes, text conservation), and print its
                         one-line summary for each file
      --report-file <f>  write a JSON run report: per file its status,
                         outputs, diagnostic counts and time; totals
      --json             print one JSON object per file, and a summary
                         object, on stdout instead of text lines
  -v, --verbose          also print warnings and notes for each file
  -q, --quiet            print only failures and the summary
  -h, --help             this text

On a terminal, convert shows a progress line (files done, rate, failures,
time left) on stderr; otherwise, and with --quiet or --json, it prints plain
lines, one per file. Each problem is printed as file:line: severity code:
message. Outputs are written to a temporary file and renamed into place, so
no output is ever partial; interrupted (Ctrl-C, SIGTERM), a run removes its
temporary files, keeps the outputs it finished and exits with 130 (SIGINT)
or 143 (SIGTERM).

validate
  Checks Akoma Ntoso files (each file named, every .xml under each folder)
  against the schema (--schema, else as for convert; required) and the
  AKN4UN lint rules, one line per problem: file:line: rule: message.
  Exit status 0 when all pass, 1 when any fails, 2 when there is nothing to
  check or no schema.

formats
  Lists the input forms and output formats.

Exit status of convert: 0 when every input converted, 1 when any failed (the
others are still written), 2 on a usage error. Dates not in the document
(AKN markup date, PDF/DOCX creation date) come from $SOURCE_DATE_EPOCH where
set, so the same input gives the same bytes.
`;

function usage(): string {
  return USAGE.replace("{FORMATS}", listEmitters().map((e) => e.name).join(", "))
    .replace("{READERS}", listReaders().map((r) => r.name).join(", "))
    .replace("{CORES}", String(defaultJobs()));
}

const defaultJobs = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

class UsageError extends Error {}

export interface CliIo {
  out: Stream;
  err: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborting it interrupts a convert run; its reason ("SIGINT", "SIGTERM") sets the exit status. */
  signal?: AbortSignal;
  /** Worker entry override, for the precompiled build. */
  workerUrl?: URL;
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export async function main(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const say = (s: string) => io.out.write(s + "\n");
  const warn = (s: string) => io.err.write(s + "\n");
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: "string", short: "o" },
        to: { type: "string", short: "t" },
        from: { type: "string", short: "f" },
        schema: { type: "string" },
        validate: { type: "boolean" },
        template: { type: "string" },
        jobs: { type: "string", short: "j" },
        "skip-unchanged": { type: "boolean" },
        shard: { type: "string" },
        "fail-fast": { type: "boolean" },
        timeout: { type: "string" },
        "max-size": { type: "string" },
        "report-file": { type: "string" },
        report: { type: "boolean" },
        json: { type: "boolean" },
        verbose: { type: "boolean", short: "v" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
    if (values.help) {
      say(usage());
      return 0;
    }
    if (values.version) {
      const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
      say(`resolute ${pkg.version}`);
      return 0;
    }
    const [command, ...args] = positionals;
    if (command === "formats") {
      say("input forms (--from):");
      for (const r of listReaders()) say(`  ${r.name.padEnd(6)} ${r.description}`);
      say("output formats (--to):");
      for (const e of listEmitters()) say(`  ${e.name.padEnd(6)} ${e.extension.padEnd(9)} ${e.description}`);
      return 0;
    }
    if (command === "validate") {
      const { runValidate } = await import("../validate/command.ts");
      return await runValidate(args, { schema: values.schema, env: io.env, cwd: io.cwd }, io);
    }
    if (command !== "convert") throw new UsageError(command ? `unknown command "${command}"` : "no command given");
    if (!args.length) throw new UsageError("convert needs at least one input file or folder");
    if (!values.output) throw new UsageError("convert needs an output folder: -o <dir>");
    const formats = [...new Set((values.to ?? listEmitters().map((e) => e.name).join(",")).split(",").map((s) => s.trim()).filter(Boolean))];
    if (!formats.length) throw new UsageError("--to names no format");
    for (const f of formats) if (!getEmitter(f)) throw new UsageError(`unknown output format "${f}" (known: ${listEmitters().map((e) => e.name).join(", ")})`);
    if (values.from && !getReader(values.from)) throw new UsageError(`unknown input form "${values.from}" (known: ${listReaders().map((r) => r.name).join(", ")})`);
    if (values.template && !["letter", "a4"].includes(values.template)) throw new UsageError(`unknown template "${values.template}" (known: letter, a4)`);
    const jobs = values.jobs === undefined ? defaultJobs() : positiveInt(values.jobs, "--jobs", 1);
    const timeoutS = values.timeout === undefined ? DEFAULT_TIMEOUT_S : number(values.timeout, "--timeout", 0);
    const maxMb = values["max-size"] === undefined ? DEFAULT_MAX_MB : number(values["max-size"], "--max-size", Number.MIN_VALUE);
    let shard: Shard | undefined;
    if (values.shard !== undefined) {
      shard = parseShard(values.shard);
      if (!shard) throw new UsageError(`--shard wants K/N with 1 ≤ K ≤ N, e.g. 2/4 (got "${values.shard}")`);
    }

    const outDir = path.resolve(io.cwd, values.output);
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`the output folder ${values.output} is a file`);
    const argPaths = args.map((a) => path.resolve(io.cwd, a));
    const containing = inputFoldersContaining(outDir, argPaths);
    if (containing.length) {
      throw new UsageError(`the output folder ${values.output} is inside the input folder ${path.relative(io.cwd, containing[0]) || "."}; outputs would mix with inputs: choose a folder outside it`);
    }
    const { inputs: all, problems } = collectInputs(argPaths, io.cwd, suffixesFor(values.from));
    if (!all.length) {
      for (const p of problems) warn(p);
      throw new UsageError("no input files found");
    }
    const clashes = assignOutputNames(all);
    const inputs = shard ? all.filter((i) => inShard(i, shard)) : all;

    let schemaDir: string | null = null;
    if (formats.includes("akn") && (values.validate || values.schema)) {
      const { findSchemaDir } = await import("../validate/schema.ts");
      schemaDir = findSchemaDir({ flag: values.schema, env: io.env, cwd: io.cwd });
      if (!schemaDir && values.schema) throw new UsageError(`no akomantoso30.xsd (with xml.xsd beside it) at ${values.schema}`);
      if (!schemaDir) throw new UsageError("--validate: Akoma Ntoso schema not found (--schema, $RESOLUTE_SCHEMA, $RESOLUTE_SHARED/schema, ../shared/schema)");
    }

    const epoch = io.env.SOURCE_DATE_EPOCH;
    const code = codeFingerprint();
    const job: JobOptions = {
      formats,
      extensions: Object.fromEntries(formats.map((f) => [f, getEmitter(f)!.extension])),
      from: values.from,
      template: values.template,
      schemaDir,
      nowMs: conversionTime(io.env).getTime(),
      outDir,
      cwd: io.cwd,
      maxBytes: Math.floor(maxMb * 1e6),
      verbose: !!values.verbose,
      optionKeys: Object.fromEntries(
        [...formats, "report"].map((f) => [f, optionKey({ code, format: f, from: values.from, template: values.template, schemaDir, epoch: epoch && /^\d+$/.test(epoch) ? epoch : undefined })]),
      ),
      report: !!values.report,
    };

    const progress = new Progress(chooseMode({ quiet: values.quiet, json: values.json, err: io.err }), io.out, io.err, !!values.verbose);
    for (const p of problems) warn(p);
    for (const c of clashes) {
      if (inputs.some((i) => i.display === c.input)) warn(`${c.input}: warning output-name-clash: ${c.keptBy} also maps to "${c.wanted}"; this one is written as "${c.given}"`);
    }
    if (shard && !inputs.length) {
      say(`shard ${shard.index}/${shard.count}: no files (of ${all.length}) fall in this shard`);
      return problems.length ? 1 : 0;
    }

    let outcome;
    try {
      outcome = await runBatch(inputs, {
        job, jobs, timeoutMs: timeoutS * 1000, failFast: !!values["fail-fast"], skipUnchanged: !!values["skip-unchanged"],
        shard, reportFile: values["report-file"], clashes, progress, signal: io.signal, workerUrl: io.workerUrl,
      });
    } catch (e) {
      if (e instanceof SetupError) {
        warn(`resolute: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const failed = outcome.failed + problems.length;
    const total = outcome.total + problems.length;
    const rate = (outcome.total - outcome.notRun) / Math.max(outcome.seconds, 1e-3);
    const where = path.relative(io.cwd, outDir) || ".";
    if (values.json) {
      say(JSON.stringify({ summary: { files: total, converted: outcome.converted, failed, skipped: outcome.skipped, notRun: outcome.notRun, seconds: Math.round(outcome.seconds * 1000) / 1000, interrupted: outcome.interrupted, output: where } }));
    } else {
      const extra = [outcome.skipped && `${outcome.skipped} unchanged`, outcome.notRun && `${outcome.notRun} not run`].filter(Boolean).join(", ");
      const why = outcome.interrupted ? "interrupted: " : outcome.stoppedByFailFast ? "stopped at the first failure (--fail-fast): " : "";
      say(`${why}${outcome.converted} of ${total} converted, ${failed} failed${extra ? ", " + extra : ""} (${outcome.seconds.toFixed(1)} s, ${rate.toFixed(1)} files/s) → ${where}`);
    }
    if (outcome.interrupted) return SIGNAL_EXIT[String(io.signal?.reason)] ?? 130;
    return failed || outcome.notRun ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      warn(`resolute: ${(e as Error).message}\nTry 'resolute --help'.`);
      return 2;
    }
    throw e;
  }
}

function number(s: string, flag: string, min: number): number {
  const n = Number(s);
  if (!/^\d+(\.\d+)?$/.test(s.trim()) || !Number.isFinite(n) || n < min) throw new UsageError(`${flag} wants a number${min > 0 ? " above 0" : ""} (got "${s}")`);
  return n;
}

function positiveInt(s: string, flag: string, min: number): number {
  if (!/^\d+$/.test(s.trim()) || Number(s) < min) throw new UsageError(`${flag} wants a whole number ≥ ${min} (got "${s}")`);
  return Number(s);
}

function conversionTime(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/**
 * Runs the command as a process: SIGINT/SIGTERM interrupt a convert run
 * cleanly (a second one exits at once).
 */
export async function cli(argv: string[], extra: Partial<CliIo> = {}): Promise<number> {
  const ac = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(SIGNAL_EXIT[sig] ?? 130);
    ac.abort(sig);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, handler);
  try {
    return await main(argv, { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd(), signal: ac.signal, ...extra });
  } finally {
    for (const s of signals) process.off(s, handler);
  }
}

// Run when executed directly (tsx pipeline/cli/main.ts), not when imported by tests or bin.cjs.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("pipeline/cli/main.ts")) {
  cli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
