import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInput } from "../pipeline/convert.ts";
import { buildReport, reportSummary } from "../pipeline/report.ts";
import type { OperativeParagraph } from "../pipeline/ast.ts";

const seed = readFileSync(path.join(import.meta.dirname, "golden/seed/input.txt"));
const report = (bytes: Uint8Array, mutate?: (o: ReturnType<typeof readInput>) => void) => {
  const outcome = readInput(bytes);
  mutate?.(outcome);
  return buildReport({ text: outcome.text!, outcome });
};

describe("quality report", () => {
  it("counts the nodes of the seed and finds its text conserved", () => {
    const r = report(seed);
    expect(r.counts).toMatchObject({ preambularParagraph: 13, operativeParagraph: 10, footnote: 5, noteReference: 6, part: 1 });
    expect(r.numbering).toEqual([]);
    expect(r.footnotes).toEqual({ unreferenced: [], missing: [] });
    expect(r.conservation).toMatchObject({ checked: true, missing: [], outOfOrder: 0 });
    expect(r.conservation.inDocument + r.conservation.inDiagnostics).toBe(r.conservation.inputCharacters);
    expect(reportSummary(r)).toBe("13 preambular, 10 operative, 0 points, 5 notes; numbering ok; text conserved; 0 errors, 0 warnings");
  });

  it("names the lines whose text did not reach the document", () => {
    const r = report(seed, (o) => {
      o.doc!.parts[0].preamble.splice(2, 1);
    });
    expect(r.conservation.missing).toEqual([{ line: 10, text: expect.stringMatching(/^Believing it necessary/) }]);
    expect(reportSummary(r)).toMatch(/TEXT LOST: \d+ characters on 1 line\(s\), first at line 10/);
  });

  it("reports numbering gaps and repeats, and footnote problems", () => {
    const text = [
      "79/1.\tT",
      "\tThe General Assembly,",
      "\t1.\tDecides;",
      "\t3.\tDecides;",
      "\t3.\tDecides:",
      "\t(a)\tA;",
      "\t(c)\tC;",
      "1st plenary meeting",
      "1 A note nobody refers to.",
    ].join("\n");
    const r = report(new TextEncoder().encode(text));
    expect(r.numbering.map((n) => [n.kind, n.detail])).toEqual([
      ["gap", "3. follows 1."],
      ["repeat", "3. repeats 3."],
      ["gap", "(c) follows (a)"],
    ]);
    expect(r.footnotes.unreferenced).toEqual(["1"]);
  });

  it("does not check conservation for markup inputs", () => {
    const r = report(seed, (o) => {
      o.from = "akn";
      (o.doc!.parts[0].operative[0] as OperativeParagraph).content = [];
    });
    expect(r.conservation.checked).toBe(false);
  });
});
