/**
 * Converts every file of one folder to Akoma Ntoso through the library entry
 * points (readInput → emit), whatever the file extension: the CLI walks only
 * .txt/.text files, and the para-text corpus is .md. Used by
 * scripts/score-dialects.sh.
 *
 * usage: tsx scripts/convert-dialect.ts <in-dir> <out-dir> [--from <reader>]
 * Writes <out-dir>/<name without extension>.akn.xml; prints one line per file
 * whose reader is not the expected one or that failed, and a summary.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { emit, readInput } from "../pipeline/convert.ts";

const [inDir, outDir, ...rest] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error("usage: tsx scripts/convert-dialect.ts <in-dir> <out-dir> [--from <reader>]");
  process.exit(2);
}
const from = rest[0] === "--from" ? rest[1] : undefined;
const now = new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 1767225600) * 1000);
mkdirSync(outDir, { recursive: true });

let ok = 0;
const readers = new Map<string, number>();
for (const file of readdirSync(inDir).filter((f) => !f.startsWith(".") && !/readme/i.test(f)).sort()) {
  const name = file.replace(/\.[^.]+$/, "");
  try {
    const outcome = readInput(readFileSync(path.join(inDir, file)), from);
    if (!outcome.doc) {
      console.log(`${file}: not converted: ${outcome.diagnostics.map((d) => d.message).join("; ")}`);
      continue;
    }
    readers.set(outcome.from!, (readers.get(outcome.from!) ?? 0) + 1);
    const { data } = await emit(outcome.doc, "akn", { now });
    writeFileSync(path.join(outDir, `${name}.akn.xml`), data);
    ok++;
  } catch (e) {
    console.log(`${file}: threw ${(e as Error).stack}`);
  }
}
console.log(`converted ${ok} file(s) from ${inDir}; readers: ${[...readers].map(([r, n]) => `${r} ${n}`).join(", ")}`);
