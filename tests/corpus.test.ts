/**
 * The whole development corpus through the pipeline: every output must be
 * well-formed and valid against the Akoma Ntoso schema, and nothing may throw.
 * Scores against the official files are the CI gate's job (scripts/score-gate.sh).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../pipeline/convert.ts";
import { findSchemaDir, loadSchemaValidator } from "../pipeline/validate/schema.ts";
import { CORPUS, FIXED_NOW, hasCorpus, noCorpusReason, SHARED } from "./support/shared.ts";

describe.skipIf(!hasCorpus)(`dev corpus (ods/) ${hasCorpus ? "" : noCorpusReason}`, () => {
  it("converts every file to well-formed, schema-valid AKN", { timeout: 120_000 }, async () => {
    const dir = path.join(CORPUS, "ods");
    const schemaDir = findSchemaDir({ env: { RESOLUTE_SHARED: SHARED }, cwd: process.cwd() });
    expect(schemaDir, "schema not found beside the corpus").not.toBeNull();
    const schema = await loadSchemaValidator(schemaDir!);
    const failures: string[] = [];
    const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
    for (const f of files) {
      const outcome = readInput(readFileSync(path.join(dir, f)));
      if (!outcome.doc) {
        failures.push(`${f}: ${outcome.diagnostics.map((d) => d.message).join("; ")}`);
        continue;
      }
      const { data } = await emit(outcome.doc, "akn", { now: FIXED_NOW });
      const problems = schema.validate(String(data));
      if (problems.length) failures.push(`${f}: ${problems[0].code} line ${problems[0].line}: ${problems[0].message}`);
    }
    schema.dispose();
    expect(files.length).toBeGreaterThan(400);
    expect(failures).toEqual([]);
  });
});
