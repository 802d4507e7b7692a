/**
 * Golden tests for the PDF text dialects: tests/golden-dialects/<case>/ with
 * input.md (para-text) or input.txt (pdf-text) and the expected AKN and YAML.
 * The readers are detected from the content, as the CLI does; each case
 * names its expected reader in its folder name. RESOLUTE_GOLDEN_UPDATE=1
 * rewrites the expected files; review their diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../pipeline/convert.ts";
import { FIXED_NOW, UPDATE_GOLDEN } from "./support/shared.ts";

const GOLDEN = path.join(import.meta.dirname, "golden-dialects");
const inputOf = (c: string) => ["input.md", "input.txt"].map((f) => path.join(GOLDEN, c, f)).find(existsSync);
const cases = readdirSync(GOLDEN).filter((c) => inputOf(c)).sort();
const FORMATS = [
  ["akn", "expected.akn.xml"],
  ["yaml", "expected.yaml"],
] as const;

describe.each(cases)("golden dialect %s", (name) => {
  const dir = path.join(GOLDEN, name);
  const outcome = readInput(readFileSync(inputOf(name)!));

  it("is read by the reader its name says, without errors", () => {
    expect(name.startsWith(outcome.from!)).toBe(true);
    expect(outcome.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(outcome.doc).toBeDefined();
  });

  it.each(FORMATS)("%s output matches %s", async (format, file) => {
    const { data, diagnostics } = await emit(outcome.doc!, format, { now: FIXED_NOW });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const expectedPath = path.join(dir, file);
    if (UPDATE_GOLDEN || !existsSync(expectedPath)) writeFileSync(expectedPath, data);
    expect(String(data)).toBe(readFileSync(expectedPath, "utf8"));
  });
});
