/**
 * The `resolute` command line: argument parsing, the file walk and the
 * reporting. Conversion itself is pipeline/convert.ts; writing files is
 * ./output.ts. Exit status: 0 every input converted, 1 some failed, 2 usage.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.ts";
import { emit, readInput } from "../convert.ts";
import { listEmitters, getEmitter, type EmitContext } from "../emitters/index.ts";
import { listReaders, getReader } from "../readers/index.ts";
import { findSchemaDir, loadSchemaValidator } from "../validate/schema.ts";
import { collectInputs, type InputFile } from "./inputs.ts";
import { writeAtomic, assertSafeOutput } from "./output.ts";

const USAGE = `resolute: convert UN General Assembly resolutions to Akoma Ntoso, YAML, PDF and DOCX

Usage:
  resolute convert <file|dir>... -o <dir> [options]
  resolute formats
  resolute --help | --version

convert
  Reads each file, or every input file under each directory (recursively:
  .txt, .text), and writes <dir>/<path relative to the argument, minus its
  extension> plus one suffix per format (.akn.xml, .yaml, .pdf, .docx).

  -o, --output <dir>     output folder (created if missing; required)
  -t, --to <formats>     comma-separated output formats (default: all): ${"{FORMATS}"}
  -f, --from <form>      input form (default: detected from the content): ${"{READERS}"}
      --schema <path>    Akoma Ntoso schema folder or akomantoso30.xsd; else
                         $RESOLUTE_SCHEMA, then ../shared/schema. Without one,
                         AKN output is linted but not schema-validated.
      --template <name>  print layout for pdf/docx: letter (default) or a4
  -v, --verbose          also print warnings and notes for each file
  -q, --quiet            print only failures and the summary
  -h, --help             this text

Exit status: 0 when every input converted, 1 when any failed (the others are
still written; each failure is printed as file:line: message), 2 on a usage
error. Dates not in the document (AKN markup date, PDF/DOCX creation date)
come from $SOURCE_DATE_EPOCH where set, so the same input gives the same bytes.
`;

function usage(): string {
  return USAGE.replace("{FORMATS}", listEmitters().map((e) => e.name).join(", ")).replace(
    "{READERS}",
    listReaders().map((r) => r.name).join(", "),
  );
}

class UsageError extends Error {}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
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
        template: { type: "string" },
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
    if (command !== "convert") throw new UsageError(command ? `unknown command "${command}"` : "no command given");
    if (!args.length) throw new UsageError("convert needs at least one input file or folder");
    if (!values.output) throw new UsageError("convert needs an output folder: -o <dir>");
    const formats = (values.to ?? listEmitters().map((e) => e.name).join(",")).split(",").map((s) => s.trim()).filter(Boolean);
    for (const f of formats) if (!getEmitter(f)) throw new UsageError(`unknown output format "${f}" (known: ${listEmitters().map((e) => e.name).join(", ")})`);
    if (values.from && !getReader(values.from)) throw new UsageError(`unknown input form "${values.from}" (known: ${listReaders().map((r) => r.name).join(", ")})`);
    if (values.template && !["letter", "a4"].includes(values.template)) throw new UsageError(`unknown template "${values.template}" (known: letter, a4)`);

    const outDir = path.resolve(io.cwd, values.output);
    const { inputs, problems } = collectInputs(args.map((a) => path.resolve(io.cwd, a)));
    for (const p of problems) warn(p);
    if (!inputs.length) throw new UsageError("no input files found");

    const ctx: EmitContext = { now: conversionTime(io.env), template: values.template };
    if (formats.includes("akn")) {
      const dir = findSchemaDir({ flag: values.schema, env: io.env, cwd: io.cwd });
      if (dir) ctx.schema = await loadSchemaValidator(dir);
      else if (values.schema) throw new UsageError(`no akomantoso30.xsd (with xml.xsd beside it) at ${values.schema}`);
      else warn("note: Akoma Ntoso schema not found (--schema, $RESOLUTE_SCHEMA, ../shared/schema); AKN output is linted but not schema-validated");
    }

    let failed = 0;
    const started = Date.now();
    for (const input of inputs) {
      const ok = await convertOne(input, outDir, formats, values.from, ctx, { say, warn, verbose: !!values.verbose, quiet: !!values.quiet });
      if (!ok) failed++;
    }
    ctx.schema?.dispose();
    const secs = (Date.now() - started) / 1000;
    say(`${inputs.length - failed} of ${inputs.length} converted, ${failed} failed (${secs.toFixed(1)} s) → ${path.relative(io.cwd, outDir) || "."}`);
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      warn(`resolute: ${(e as Error).message}\nTry 'resolute --help'.`);
      return 2;
    }
    throw e;
  }
}

function conversionTime(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

interface Printer {
  say(s: string): void;
  warn(s: string): void;
  verbose: boolean;
  quiet: boolean;
}

/** Converts one input to every format; true when it succeeded. */
async function convertOne(input: InputFile, outDir: string, formats: string[], from: string | undefined, ctx: EmitContext, p: Printer): Promise<boolean> {
  const shown = input.display;
  const report = (ds: Diagnostic[], file: string) => {
    for (const d of ds) {
      if (d.severity === "error" || (p.verbose && (d.severity === "warning" || d.severity === "info"))) p.warn(formatDiagnostic(d, file));
    }
  };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(input.path);
  } catch (e) {
    p.warn(`${shown}: error read-failed: ${(e as Error).message}`);
    return false;
  }
  let outcome;
  try {
    outcome = readInput(bytes, from);
  } catch (e) {
    p.warn(`${shown}: error internal: the reader failed (${(e as Error).message}); please report this with the input`);
    return false;
  }
  report(outcome.diagnostics, shown);
  if (!outcome.doc || outcome.diagnostics.some((d) => d.severity === "error")) return false;

  let ok = true;
  const written: string[] = [];
  let warnings = outcome.diagnostics.filter((d) => d.severity === "warning").length;
  for (const format of formats) {
    const emitter = getEmitter(format)!;
    const target = path.join(outDir, input.relative + emitter.extension);
    try {
      assertSafeOutput(target, outDir, input.path);
      const result = await emit(outcome.doc, format, ctx);
      report(result.diagnostics, target);
      warnings += result.diagnostics.filter((d) => d.severity === "warning").length;
      if (result.diagnostics.some((d) => d.severity === "error")) ok = false;
      writeAtomic(target, result.data);
      written.push(emitter.extension);
    } catch (e) {
      p.warn(`${shown}: error ${format}-failed: ${(e as Error).message}`);
      ok = false;
    }
  }
  if (!p.quiet) p.say(`${ok ? "ok  " : "FAIL"} ${shown} → ${input.relative}{${written.join(",")}}${warnings ? ` (${warnings} warnings)` : ""}`);
  return ok;
}

// Run when executed directly (npm run resolute / npm start), not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("pipeline/cli/main.ts")) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
