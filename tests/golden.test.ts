/**
 * Golden tests: tests/golden/<case>/input.txt and its expected outputs.
 * `npm run golden:update` rewrites the expected files; review their diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../pipeline/convert.ts";
import { FIXED_NOW, UPDATE_GOLDEN } from "./support/shared.ts";

const GOLDEN = path.join(import.meta.dirname, "golden");
const cases = readdirSync(GOLDEN).filter((c) => existsSync(path.join(GOLDEN, c, "input.txt"))).sort();
const FORMATS = [
  ["akn", "expected.akn.xml"],
  ["yaml", "expected.yaml"],
] as const;

describe.each(cases)("golden %s", (name) => {
  const dir = path.join(GOLDEN, name);
  const outcome = readInput(readFileSync(path.join(dir, "input.txt")));

  it("parses without errors", () => {
    expect(outcome.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(outcome.doc).toBeDefined();
  });

  it.each(FORMATS)("%s output matches %s", async (format, file) => {
    const { data, diagnostics } = await emit(outcome.doc!, format, { now: FIXED_NOW });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const expectedPath = path.join(dir, file);
    if (UPDATE_GOLDEN) writeFileSync(expectedPath, data);
    expect(String(data)).toBe(readFileSync(expectedPath, "utf8"));
  });
});
