/**
 * Issue 3's acceptance checks on the whole dev corpus: every resolution of
 * ../shared/corpus/ods parsed and rendered to PDF passes qpdf --check, embeds
 * every font, is tagged with the template's page size and the title, gives
 * back every paragraph and footnote in reading order through pdftotext, and
 * prints each footnote on the page of its first reference. The corpus is
 * split in shards, one test file each, so the test runner spreads them over
 * the cores.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../../pipeline/convert.ts";
import { footnotePages, have, pdfFonts, pdfInfo, qpdfCheck, readingOrderProblems } from "../../scripts/pdf-check.ts";
import { CORPUS, FIXED_NOW, hasCorpus, noCorpusReason } from "./shared.ts";

const TOOLS = have("qpdf") && have("pdftotext") && have("pdfinfo") && have("pdffonts");

export function pdfCorpusShard(shard: number, shards: number): void {
  const skip = !hasCorpus || !TOOLS;
  const reason = !hasCorpus ? noCorpusReason : "skipped: qpdf or poppler-utils not installed";
  describe.skipIf(skip)(`PDF of the dev corpus, shard ${shard}/${shards} ${skip ? reason : ""}`, () => {
    it("passes qpdf, pdffonts, pdfinfo, reading order and footnote placement", { timeout: 1_200_000 }, async () => {
      const all = fs.readdirSync(path.join(CORPUS, "ods")).filter((f) => f.endsWith(".txt")).sort();
      const files = all.filter((_, i) => i % shards === shard - 1);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resolute-pdf-corpus-"));
      const failures: string[] = [];
      try {
        for (const name of files) {
          const problems = await checkOne(name, dir);
          if (problems.length) failures.push(`${name}: ${problems.join("; ")}`);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      expect(all.length).toBeGreaterThan(400);
      expect(failures).toEqual([]);
    });
  });
}

async function checkOne(name: string, dir: string): Promise<string[]> {
  const { doc } = readInput(fs.readFileSync(path.join(CORPUS, "ods", name)));
  if (!doc) return ["not parsed"];
  const out = path.join(dir, name.replace(/\.txt$/, ".pdf"));
  fs.writeFileSync(out, (await emit(doc, "pdf", { now: FIXED_NOW })).data);
  const problems: string[] = [];
  if (!qpdfCheck(out).ok) problems.push("qpdf --check failed");
  const unembedded = pdfFonts(out).filter((f) => !f.embedded);
  if (unembedded.length) problems.push(`fonts not embedded: ${unembedded.map((f) => f.name).join(", ")}`);
  const info = pdfInfo(out);
  if (info["Tagged"] !== "yes") problems.push("not tagged");
  if (!/^612 x 792 pts/.test(info["Page size"] ?? "")) problems.push(`page size ${info["Page size"]}`);
  if (!(info["Title"] ?? "").includes(doc.meta.symbol ?? "\u0000")) problems.push(`title "${info["Title"]}"`);
  problems.push(...readingOrderProblems(out, doc).slice(0, 3));
  for (const p of footnotePages(out, doc, Number(info["Pages"]))) {
    if (p.refPage && p.notePage !== p.refPage) problems.push(`note ${p.marker} on page ${p.notePage}, referenced on ${p.refPage}`);
  }
  fs.rmSync(out);
  return problems;
}
