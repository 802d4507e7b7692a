/**
 * LibreOffice round-trip check for DOCX output.
 *
 *   tsx scripts/docx-check.ts [--corpus DIR] [--limit N] [--docx DIR] [--out DIR] [--png]
 *
 * Corpus mode (default: ../shared/corpus/ods): parses each resolution, emits
 * DOCX (timing each), converts them all with one headless soffice run, and
 * checks that the PDF text has every paragraph and footnote of the AST in
 * reading order. --docx DIR also converts the DOCX files already in DIR and
 * reports their page counts (no AST to compare against). --png renders the
 * pages at 70 dpi next to the PDFs for looking at.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Resolution } from "../pipeline/ast.ts";
import { parseResolution } from "../pipeline/convert.ts";
import { emitDocx } from "../pipeline/emitters/docx.ts";
import { checkPdfAgainstAst, hasCommand, libreOfficeToPdf } from "../tests/fixtures/docx-libreoffice.ts";

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = path.resolve(import.meta.dirname, "..");
const corpus = opt("--corpus") ?? path.resolve(root, "../shared/corpus/ods");
const limit = Number(opt("--limit") ?? Infinity);
const docxDir = opt("--docx");
const out = path.resolve(opt("--out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "docx-check-")));
const png = args.includes("--png");

if (!hasCommand("soffice") || !hasCommand("pdftotext")) {
  console.error("docx-check: soffice and pdftotext are needed (apt-get install libreoffice-writer-nogui poppler-utils)");
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const now = new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 946684800) * 1000);
const docs = new Map<string, Resolution>();
const emitMs: number[] = [];
let parseFailures = 0;

if (fs.existsSync(corpus)) {
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith(".txt")).sort().slice(0, limit);
  for (const f of files) {
    const name = f.replace(/\.txt$/, "");
    let doc: Resolution;
    try {
      doc = parseResolution(fs.readFileSync(path.join(corpus, f), "utf8")).doc;
    } catch (e) {
      parseFailures++;
      console.log(`${name}: parse failed: ${(e as Error).message}`);
      continue;
    }
    const t0 = performance.now();
    const r = await emitDocx(doc, { now });
    emitMs.push(performance.now() - t0);
    fs.writeFileSync(path.join(out, `${name}.docx`), r.data as Uint8Array);
    docs.set(name, doc);
  }
}

const extra: string[] = [];
if (docxDir) {
  for (const f of fs.readdirSync(docxDir).filter((f) => f.endsWith(".docx")).sort()) {
    const dest = path.join(out, `given-${f}`);
    fs.copyFileSync(path.join(docxDir, f), dest);
    extra.push(dest);
  }
}

const all = [...[...docs.keys()].map((n) => path.join(out, `${n}.docx`)), ...extra];
const t0 = performance.now();
// soffice takes many files per run; chunks keep the command line short.
for (let i = 0; i < all.length; i += 100) libreOfficeToPdf(all.slice(i, i + 100), out);
const loMs = performance.now() - t0;

const pages = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1] ?? 0);
let failed = 0;
for (const [name, doc] of docs) {
  const pdf = path.join(out, `${name}.pdf`);
  if (!fs.existsSync(pdf)) {
    failed++;
    console.log(`${name}: LibreOffice wrote no PDF`);
    continue;
  }
  const r = checkPdfAgainstAst(doc, pdf);
  if (r.missingBody.length || r.missingNotes.length) {
    failed++;
    console.log(`${name}: ${r.missingBody.length} paragraph(s), ${r.missingNotes.length} footnote(s) missing or out of order`);
    for (const m of [...r.missingBody, ...r.missingNotes].slice(0, 3)) console.log(`    ${m.slice(0, 100)}`);
  }
  if (png) execFileSync("pdftoppm", ["-r", "70", "-png", pdf, path.join(out, name)]);
}
for (const d of extra) {
  const pdf = d.replace(/\.docx$/, ".pdf");
  console.log(`${path.basename(d)}: ${fs.existsSync(pdf) ? `${pages(pdf)} page(s)` : "LibreOffice wrote no PDF"}`);
  if (!fs.existsSync(pdf)) failed++;
  else if (png) execFileSync("pdftoppm", ["-r", "70", "-png", pdf, d.replace(/\.docx$/, "")]);
}

const sorted = [...emitMs].sort((a, b) => a - b);
const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1) : "-");
console.log(
  `\n${docs.size} emitted (${parseFailures} parse failures), ${extra.length} given; DOCX emit ms median ${pct(0.5)}, p90 ${pct(0.9)}, max ${pct(1)}`,
);
console.log(`LibreOffice: ${all.length} file(s) in ${(loMs / 1000).toFixed(1)} s (${all.length ? (loMs / all.length).toFixed(0) : "-"} ms each)`);
console.log(`${failed} problem(s); output in ${out}`);
process.exit(failed ? 1 : 0);
