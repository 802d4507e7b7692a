/**
 * `resolute validate <file|dir>...`: schema validation and lint of existing
 * Akoma Ntoso files (ours, the UN's, anyone's), one line per problem:
 *
 *   file:line: rule: message
 *
 * Exit status: 0 when every file passes, 1 when any fails (or cannot be
 * read), 2 when there is nothing to check or no schema to check against.
 * Validating without the schema would pass files the schema rejects, so a
 * missing schema is a set-up error, not a silent lint-only run.
 *
 * The CLI (pipeline/cli/) wires the command to this function; nothing here
 * parses arguments or exits the process.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.ts";
import { lintAkn } from "./lint.ts";
import { findSchemaDir, loadSchemaValidator, type SchemaValidator } from "./schema.ts";

export interface ValidateOptions {
  /** --schema: a schema folder or akomantoso30.xsd; else RESOLUTE_SCHEMA, RESOLUTE_SHARED/schema, ../shared/schema. */
  schema?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface ValidateIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
}

/** Per-rule problem counts of a run, for summaries. */
export interface ValidateSummary {
  files: number;
  failed: number;
  rules: Map<string, number>;
}

/** Files to check: the files named, and every .xml under the folders named (sorted, so output is stable). */
function collect(paths: string[], cwd: string, problems: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(`${dir}: cannot read folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith(".xml")) out.push(p);
    }
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      problems.push(`${given}: no such file or folder`);
      continue;
    }
    if (stat.isDirectory()) walk(abs);
    else out.push(abs);
  }
  return out;
}

/** One line: "file:line: rule: message" (line left out when the problem has none). */
function line(file: string, d: Diagnostic): string {
  const where = d.line !== undefined ? `${file}:${d.line}` : file;
  return `${where}: ${d.code}: ${d.message.replace(/\s+/g, " ").trim()}`;
}

/** Schema and lint diagnostics of one document's text. */
export function checkAkn(xml: string, schema: SchemaValidator): Diagnostic[] {
  const schemaDiags = schema.validate(xml);
  // Lint reads what it can of a broken file, but its findings would only repeat the parse error.
  if (schemaDiags.some((d) => d.code === "xml-not-well-formed")) return schemaDiags;
  return [...schemaDiags, ...lintAkn(xml)];
}

export async function runValidate(paths: string[], opts: ValidateOptions, io: ValidateIo, summary?: ValidateSummary): Promise<number> {
  if (paths.length === 0) {
    io.err.write("validate: no files or folders given\n");
    return 2;
  }
  const schemaDir = findSchemaDir({ flag: opts.schema, env: opts.env, cwd: opts.cwd });
  if (!schemaDir) {
    const where = opts.schema
      ? `--schema ${opts.schema} does not point at a folder holding akomantoso30.xsd and xml.xsd`
      : "no Akoma Ntoso schema found (looked at $RESOLUTE_SCHEMA, $RESOLUTE_SHARED/schema and ../shared/schema)";
    io.err.write(`validate: ${where}; pass --schema <folder|akomantoso30.xsd>\n`);
    return 2;
  }

  const problems: string[] = [];
  const files = collect(paths, opts.cwd, problems);
  for (const p of problems) io.err.write(`validate: ${p}\n`);
  if (files.length === 0) {
    io.err.write("validate: no .xml files to check\n");
    return 2;
  }

  let schema: SchemaValidator;
  try {
    schema = await loadSchemaValidator(schemaDir);
  } catch (e) {
    io.err.write(`validate: ${(e as Error).message}\n`);
    return 2;
  }
  let failed = 0;
  try {
    for (const file of files) {
      const shown = path.relative(opts.cwd, file) || file;
      let xml: string;
      try {
        xml = await fsp.readFile(file, "utf8");
      } catch (e) {
        io.out.write(`${shown}: io-error: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        failed++;
        continue;
      }
      const diags = checkAkn(xml.replace(/^\uFEFF/, ""), schema);
      if (diags.length) failed++;
      for (const d of diags) {
        io.out.write(line(shown, d) + "\n");
        if (summary) summary.rules.set(d.code, (summary.rules.get(d.code) ?? 0) + 1);
      }
    }
  } finally {
    schema.dispose();
  }
  if (summary) {
    summary.files = files.length;
    summary.failed = failed;
  }
  io.err.write(`validate: ${files.length} file${files.length === 1 ? "" : "s"}, ${failed} failed\n`);
  return failed > 0 || problems.length > 0 ? 1 : 0;
}
