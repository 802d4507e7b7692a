/**
 * The `resolute` command line, run in-process through main(argv, io): usage
 * and exit status, help, output naming and clashes, safety checks, the
 * manifest behind --skip-unchanged, --shard, --json and the run report.
 * Conversions use --jobs 1 (this thread) unless the pool is the point, and
 * AKN and YAML only, to stay fast; tests/batch.test.ts covers the pool and
 * bad inputs.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../pipeline/cli/main.ts";
import { inShard, parseShard, type InputFile } from "../pipeline/cli/inputs.ts";
import { SHARED } from "./support/shared.ts";

const SEED = readFileSync(path.join(import.meta.dirname, "golden/seed/input.txt"));
const GOLDEN = (name: string) => readFileSync(path.join(import.meta.dirname, "golden", name, "input.txt"));
const EPOCH = "1700000000";

function capture(isTTY = false) {
  let text = "";
  return { write: (s: string) => ((text += s), true), isTTY, get text() { return text; } };
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "resolute-cli-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}, opts: { tty?: boolean } = {}) {
  const out = capture(), err = capture(opts.tty);
  // No schema: these tests are about the command, and compiling it costs seconds; AKN is linted.
  const code = await main(argv, { out, err, env: { SOURCE_DATE_EPOCH: EPOCH, ...env }, cwd: tmp });
  return { code, out: out.text, err: err.text };
}

/** A folder of inputs: name → content. */
function inputs(dir: string, files: Record<string, string | Uint8Array>): string {
  const root = path.join(tmp, dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe("usage", () => {
  it("--help names every option the parser accepts", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    for (const opt of ["--output", "--to", "--from", "--schema", "--template", "--jobs", "--skip-unchanged", "--shard", "--fail-fast", "--timeout", "--max-size", "--report", "--report-file", "--json", "--verbose", "--quiet", "--help", "--version"]) {
      expect(out, opt).toContain(opt);
    }
    // Every --option the source declares is documented (catches an option added without help text).
    const src = readFileSync(path.join(import.meta.dirname, "../pipeline/cli/main.ts"), "utf8");
    const declared = [...src.matchAll(/^\s+"?([a-z-]+)"?: \{ type: "(?:string|boolean)"/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(10);
    for (const name of declared) expect(out, name).toContain(`--${name}`);
  });

  it("exits 2 with a reason on usage errors", async () => {
    const dir = inputs("in", { "a.txt": SEED });
    const cases: [string[], RegExp][] = [
      [[], /no command/],
      [["frobnicate"], /unknown command/],
      [["convert", dir], /-o <dir>/],
      [["convert", "-o", "out"], /at least one input/],
      [["convert", dir, "-o", "out", "-t", "akn,nope"], /unknown output format "nope"/],
      [["convert", dir, "-o", "out", "--jobs", "0"], /--jobs/],
      [["convert", dir, "-o", "out", "--jobs", "two"], /--jobs/],
      [["convert", dir, "-o", "out", "--shard", "3/2"], /--shard/],
      [["convert", dir, "-o", "out", "--shard", "x"], /--shard/],
      [["convert", dir, "-o", "out", "--timeout", "-1"], /--timeout|argument/],
      [["convert", dir, "-o", "out", "--no-such-option"], /Unknown option/],
      [["convert", path.join(tmp, "empty-dir-that-is-missing"), "-o", "out"], /no input files/],
      [["convert", dir, "-o", path.join(dir, "a.txt")], /is a file/],
    ];
    for (const [argv, reason] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toMatch(reason);
    }
  });

  it("refuses an output folder equal to or inside an input folder, also through a symlink", async () => {
    const dir = inputs("in", { "a.txt": SEED });
    for (const out of [dir, path.join(dir, "out"), path.join(dir, "deep/er")]) {
      const r = await run(["convert", dir, "-o", out, "-t", "yaml", "-j", "1"]);
      expect(r.code, out).toBe(2);
      expect(r.err).toMatch(/inside the input folder/);
    }
    symlinkSync(dir, path.join(tmp, "alias"));
    const r = await run(["convert", path.join(tmp, "alias"), "-o", path.join(dir, "out"), "-t", "yaml"]);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("lists the formats", async () => {
    const { code, out } = await run(["formats"]);
    expect(code).toBe(0);
    expect(out).toMatch(/akn\s+\.akn\.xml/);
    expect(out).toMatch(/yaml\s+\.yaml/);
  });
});

describe("convert", () => {
  it("converts a folder recursively, one line per file off a terminal, and a summary", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "sub/annex.text": GOLDEN("annex"), "ignored.md": "not an input" });
    const r = await run(["convert", dir, "-o", "out", "-t", "akn,yaml", "-j", "1"]);
    expect(r.code, r.err).toBe(0);
    expect(listFiles(path.join(tmp, "out")).filter((f) => !f.startsWith("."))).toEqual(["seed.akn.xml", "seed.yaml", "sub/annex.akn.xml", "sub/annex.yaml"]);
    expect(r.out).toMatch(/^ok {3}in\/seed\.txt → seed\{\.akn\.xml,\.yaml\}/m);
    expect(r.out).toMatch(/2 of 2 converted, 0 failed .*→ out$/m);
  });

  it("gives the same bytes for the same input under SOURCE_DATE_EPOCH, in this thread or in workers", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "parts.txt": GOLDEN("parts"), "points.txt": GOLDEN("points") });
    expect((await run(["convert", dir, "-o", "a", "-t", "akn,yaml", "-j", "1"])).code).toBe(0);
    const pooled = await run(["convert", dir, "-o", "b", "-t", "akn,yaml", "-j", "2"]);
    expect(pooled.code, pooled.err).toBe(0);
    const files = listFiles(path.join(tmp, "a")).filter((f) => !f.startsWith("."));
    expect(files).toHaveLength(6);
    for (const f of files) expect(readFileSync(path.join(tmp, "b", f)).equals(readFileSync(path.join(tmp, "a", f))), f).toBe(true);
  }, 60_000);

  it("exits 1 when one file fails and still writes the others, with file:line: severity code: message", async () => {
    const dir = inputs("in", { "good.txt": SEED, "bad.txt": "Just a shopping list.\nEggs\nMilk\n" });
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^in\/bad\.txt:1: error input-unknown: /m);
    expect(existsSync(path.join(tmp, "out/good.yaml"))).toBe(true);
    expect(r.out).toMatch(/1 of 2 converted, 1 failed/);
  });

  it("counts a missing argument as a failure but converts the rest", async () => {
    const dir = inputs("in", { "good.txt": SEED });
    const r = await run(["convert", path.join(dir, "good.txt"), path.join(dir, "gone.txt"), "-o", "out", "-t", "yaml", "-j", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/gone\.txt: error not-found/);
    expect(existsSync(path.join(tmp, "out/good.yaml"))).toBe(true);
  });

  it("keeps both outputs when two inputs map to the same name, and reports the clash", async () => {
    const dir = inputs("in", { "a/x.txt": SEED, "b/x.txt": GOLDEN("parts"), "c/X.txt": GOLDEN("points"), "c/y.txt": GOLDEN("annex"), "c/y.text": GOLDEN("sections") });
    const args = ["a/x.txt", "b/x.txt", "c/X.txt", "c/y.txt", "c/y.text"].map((f) => path.join(dir, f));
    const r = await run(["convert", ...args, "-o", "out", "-t", "yaml", "-j", "1", "--report-file", "run.json"]);
    expect(r.code, r.err).toBe(0);
    // x, x~2 and X~3 (names differing only in case clash too: the output folder may be case-insensitive).
    expect(listFiles(path.join(tmp, "out")).filter((f) => !f.startsWith("."))).toEqual(["X~3.yaml", "x.yaml", "x~2.yaml", "y.yaml", "y~2.yaml"]);
    expect(readFileSync(path.join(tmp, "out/x~2.yaml"), "utf8")).not.toBe(readFileSync(path.join(tmp, "out/x.yaml"), "utf8"));
    expect(r.err).toMatch(/in\/b\/x\.txt: warning output-name-clash: in\/a\/x\.txt also maps to "x"; this one is written as "x~2"/);
    const report = JSON.parse(readFileSync(path.join(tmp, "run.json"), "utf8"));
    expect(report.clashes).toHaveLength(3);
    expect(report.clashes[0]).toMatchObject({ input: "in/b/x.txt", keptBy: "in/a/x.txt", wanted: "x", given: "x~2" });
  });

  it("refuses to write through a symlink that leads out of the output folder", async () => {
    const dir = inputs("in", { "sub/x.txt": SEED, "y.txt": GOLDEN("parts") });
    const elsewhere = path.join(tmp, "elsewhere");
    mkdirSync(elsewhere);
    mkdirSync(path.join(tmp, "out"));
    symlinkSync(elsewhere, path.join(tmp, "out/sub"));
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/symlink out of the output folder/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(path.join(tmp, "out/y.yaml"))).toBe(true);
  });

  it("writes a run report and --json lines", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "bad.txt": "" });
    const r = await run(["convert", dir, "-o", "out", "-t", "akn,yaml", "-j", "1", "--json", "--report-file", "reports/run.json"]);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.input === "in/bad.txt")).toMatchObject({ status: "failed", diagnostics: { error: 1 }, codes: { "input-empty": 1 } });
    expect(lines.at(-1).summary).toMatchObject({ files: 2, converted: 1, failed: 1, skipped: 0 });
    const report = JSON.parse(readFileSync(path.join(tmp, "reports/run.json"), "utf8"));
    expect(report.totals).toMatchObject({ files: 2, converted: 1, failed: 1, skipped: 0, notRun: 0 });
    expect(report.options).toMatchObject({ formats: ["akn", "yaml"], jobs: 1, skipUnchanged: false });
    const seed = report.files.find((f: { input: string }) => f.input === "in/seed.txt");
    expect(seed).toMatchObject({ status: "converted", outputs: ["seed.akn.xml", "seed.yaml"] });
    expect(typeof seed.ms).toBe("number");
    expect(seed.diagnostics).toEqual(expect.objectContaining({ error: 0 }));
  });

  it("--report writes NAME.report.json beside the outputs and prints its summary per file", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "bad.txt": "Not a resolution at all.\n" });
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--report"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(tmp, "out/seed.report.json"), "utf8"));
    expect(report.counts).toMatchObject({ preambularParagraph: 13, operativeParagraph: 10 });
    expect(r.out).toMatch(/in\/seed\.txt: 13 preambular, 10 operative, .*numbering ok/);
    expect(r.out).toMatch(/→ seed\{\.yaml,\.report\.json\}/);
    // With --skip-unchanged a missing report is a missing output.
    rmSync(path.join(tmp, "out/seed.report.json"));
    const again = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--report", "--skip-unchanged", "-q"]);
    expect(again.out).toMatch(/1 of 2 converted, 1 failed/);
    expect(existsSync(path.join(tmp, "out/seed.report.json"))).toBe(true);
    const third = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--report", "--skip-unchanged", "-q"]);
    expect(third.out).toMatch(/0 of 2 converted, 1 failed, 1 unchanged/);
  });

  it("shows a progress line on a terminal, and no per-file lines", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "parts.txt": GOLDEN("parts") });
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"], {}, { tty: true });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\[#+\] 2\/2 100% .* files\/s .*0 failed .*ETA/);
    expect(r.out).not.toMatch(/^ok/m);
    expect(r.out).toMatch(/2 of 2 converted/);
  });

  it("--quiet prints failures and the summary only", async () => {
    const dir = inputs("in", { "seed.txt": SEED, "bad.txt": "" });
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "-q"]);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/bad\.txt: error input-empty/);
  });

  it("--fail-fast stops at the first failure", async () => {
    const dir = inputs("in", { "a-bad.txt": "", "b.txt": SEED, "c.txt": GOLDEN("parts") });
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--fail-fast"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/--fail-fast.*0 of 3 converted, 1 failed, 2 not run/);
    expect(existsSync(path.join(tmp, "out/b.yaml"))).toBe(false);
  });

  it("stops cleanly when interrupted: exit 130, finished outputs kept, no temporary files", async () => {
    const dir = inputs("in", { "a.txt": SEED, "b.txt": GOLDEN("parts"), "c.txt": GOLDEN("points") });
    const ac = new AbortController();
    const out = capture();
    // Interrupt as soon as the first file is reported (the CLI entry wires SIGINT to this signal).
    const abortAfterFirst = { write: (s: string) => (out.write(s), s.startsWith("ok") && ac.abort("SIGINT"), true) };
    const code = await main(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"], { out: abortAfterFirst, err: capture(), env: { SOURCE_DATE_EPOCH: EPOCH }, cwd: tmp, signal: ac.signal });
    expect(code).toBe(130);
    expect(out.text).toMatch(/interrupted: 1 of 3 converted, 0 failed, 2 not run/);
    const files = listFiles(path.join(tmp, "out"));
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(files).toContain("a.yaml");
    // The manifest keeps what was finished, for --skip-unchanged.
    expect(Object.keys(JSON.parse(readFileSync(path.join(tmp, "out/.resolute-manifest.json"), "utf8")).entries)).toEqual(["a"]);
  });
});

describe("convert --validate", () => {
  // A schema whose only element is <other>: every AKN output fails it, so the result shows whether it was applied.
  const rejectingSchema = () => {
    inputs("schema", {
      "akomantoso30.xsd": "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='other'/></xs:schema>",
      "xml.xsd": "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>",
    });
    return path.join(tmp, "schema");
  };

  it("checks AKN output against the schema only when asked", async () => {
    const dir = inputs("in", { "seed.txt": SEED });
    const schema = rejectingSchema();
    // Found through the environment but not asked for: lint only.
    expect((await run(["convert", dir, "-o", "out1", "-t", "akn", "-j", "1"], { RESOLUTE_SCHEMA: schema })).code).toBe(0);
    const asked = await run(["convert", dir, "-o", "out2", "-t", "akn", "-j", "1", "--validate"], { RESOLUTE_SCHEMA: schema });
    expect(asked.code).toBe(1);
    expect(asked.err).toMatch(/schema-invalid/);
    const named = await run(["convert", dir, "-o", "out3", "-t", "akn", "-j", "1", "--schema", schema]);
    expect(named.code).toBe(1);
    expect(named.err).toMatch(/schema-invalid/);
  }, 60_000);

  it("stops with exit 2 when --validate finds no schema", async () => {
    const dir = inputs("in", { "seed.txt": SEED });
    const r = await run(["convert", dir, "-o", "out", "-t", "akn", "--validate"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--validate: Akoma Ntoso schema not found/);
  });
});

describe("validate", () => {
  const hasSchema = existsSync(path.join(SHARED, "schema/akomantoso30.xsd"));

  it.skipIf(!hasSchema)("checks AKN files against the schema and the lint rules", async () => {
    const dir = inputs("in", { "seed.txt": SEED });
    const env = { RESOLUTE_SHARED: SHARED };
    expect((await run(["convert", dir, "-o", "out", "-t", "akn", "-j", "1"], env)).code).toBe(0);
    writeFileSync(path.join(tmp, "out/broken.xml"), "<akomaNtoso><unclosed></akomaNtoso>");
    const r = await run(["validate", "out"], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^out\/broken\.xml:1: xml-not-well-formed: /m);
    expect(r.out).not.toMatch(/seed\.akn\.xml/);
    expect(r.err).toMatch(/validate: 2 files, 1 failed/);
  }, 60_000);

  it("needs a schema: exit 2 without one", async () => {
    const dir = inputs("in", { "x.xml": "<a/>" });
    const r = await run(["validate", dir, "--schema", path.join(tmp, "nowhere")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--schema .* does not point at a folder holding akomantoso30\.xsd/);
  });
});

describe("--skip-unchanged", () => {
  const convert = (dir: string, extra: string[] = [], env: Record<string, string> = {}) =>
    run(["convert", dir, "-o", "out", "-t", "akn,yaml", "-j", "1", "--skip-unchanged", "--json", ...extra], env).then((r) => ({ ...r, summary: JSON.parse(r.out.trim().split("\n").at(-1)!).summary }));

  it("converts only what changed: content, options, missing outputs; failures are retried", async () => {
    const dir = inputs("in", { "a.txt": SEED, "b.txt": GOLDEN("parts"), "c.txt": GOLDEN("points"), "bad.txt": "" });
    expect((await convert(dir)).summary).toMatchObject({ converted: 3, failed: 1, skipped: 0 });
    expect((await convert(dir)).summary).toMatchObject({ converted: 0, failed: 1, skipped: 3 });

    writeFileSync(path.join(dir, "b.txt"), GOLDEN("sections"));
    rmSync(path.join(tmp, "out/c.yaml"));
    const r = await convert(dir);
    expect(r.summary).toMatchObject({ converted: 2, failed: 1, skipped: 1 });
    expect(existsSync(path.join(tmp, "out/c.yaml"))).toBe(true);

    // Another conversion time changes the AKN markup date: everything again.
    expect((await convert(dir, [], { SOURCE_DATE_EPOCH: "1800000000" })).summary).toMatchObject({ converted: 3, skipped: 0 });
    // A format not converted before is converted; the others stay recorded.
    const docx = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--skip-unchanged", "-q"], { SOURCE_DATE_EPOCH: "1800000000" });
    expect(docx.out).toMatch(/0 of 4 converted, 1 failed, 3 unchanged/);
  });

  it("without the flag converts everything but still records the manifest", async () => {
    const dir = inputs("in", { "a.txt": SEED });
    await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"]);
    const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1"]);
    expect(r.out).toMatch(/1 of 1 converted/);
    const manifest = JSON.parse(readFileSync(path.join(tmp, "out/.resolute-manifest.json"), "utf8"));
    expect(manifest.entries.a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("--shard", () => {
  it("parses K/N", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1"]) expect(parseShard(bad), bad).toBeUndefined();
  });

  it("splits inputs into disjoint shards that cover them all, by relative path only", () => {
    const files: InputFile[] = Array.from({ length: 300 }, (_, i) => ({ path: `/x/${i}.txt`, relative: String(i), display: "", source: `sub/A_RES_${i}.txt` }));
    const shards = [1, 2, 3].map((k) => files.filter((f) => inShard(f, { index: k, count: 3 })).map((f) => f.source));
    expect(shards.flat().sort()).toEqual(files.map((f) => f.source).sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(60); // roughly even
    // The same relative path under another mount point lands in the same shard.
    const moved = files.map((f) => ({ ...f, path: `/elsewhere${f.path}` }));
    expect(moved.filter((f) => inShard(f, { index: 2, count: 3 })).map((f) => f.source)).toEqual(shards[1]);
  });

  it("converts one shard per run; the shards together convert everything once", async () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    const dir = inputs("in", Object.fromEntries(names.map((n, i) => [`${n}.txt`, [SEED, GOLDEN("parts"), GOLDEN("points")][i % 3]])));
    let total = 0;
    for (const k of [1, 2]) {
      const r = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--shard", `${k}/2`, "--json"]);
      expect(r.code).toBe(0);
      total += JSON.parse(r.out.trim().split("\n").at(-1)!).summary.converted;
      expect(existsSync(path.join(tmp, `out/.resolute-manifest.shard-${k}-of-2.json`))).toBe(true);
    }
    expect(total).toBe(6);
    expect(listFiles(path.join(tmp, "out")).filter((f) => f.endsWith(".yaml"))).toHaveLength(6);
    // An unsharded --skip-unchanged run sees the shards' manifests.
    const again = await run(["convert", dir, "-o", "out", "-t", "yaml", "-j", "1", "--skip-unchanged", "-q"]);
    expect(again.out).toMatch(/0 of 6 converted, 0 failed, 6 unchanged/);
  });
});
