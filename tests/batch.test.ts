/**
 * The batch at its edges: every kind of bad input (each must fail alone, with
 * a clear message, and never stop the others), the worker pool (time limit,
 * set-up errors) and a real interrupted run: the CLI is spawned, killed half
 * way, and must leave no partial file; a rerun with --skip-unchanged then
 * converts only what was missing.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseYaml } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../pipeline/cli/main.ts";
import { runBatch } from "../pipeline/cli/batch.ts";
import { OutputGuard } from "../pipeline/cli/output.ts";
import { heapLimits } from "../pipeline/cli/pool.ts";
import "../pipeline/emitters/index.ts";
import { Progress } from "../pipeline/cli/progress.ts";
import { ensureBuild } from "../pipeline/cli/build.cjs";
import type { JobOptions } from "../pipeline/cli/job.ts";
import { CORPUS, hasCorpus } from "./support/shared.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SEED = readFileSync(path.join(ROOT, "tests/golden/seed/input.txt"));
const GOLDEN = (name: string) => readFileSync(path.join(ROOT, "tests/golden", name, "input.txt"));
const EPOCH = "1700000000";
const isRoot = process.getuid?.() === 0;

function capture() {
  let text = "";
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "resolute-batch-"));
});
afterEach(() => {
  try {
    chmodSync(tmp, 0o755);
  } catch {
    // already gone
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  const out = capture(), err = capture();
  const code = await main(argv, { out, err, env: { SOURCE_DATE_EPOCH: EPOCH, ...env }, cwd: tmp });
  return { code, out: out.text, err: err.text };
}

function write(rel: string, content: string | Uint8Array): string {
  const p = path.join(tmp, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

const tmpFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".tmp")) : []);

describe("bad inputs: each fails alone with a reason, the good file is still converted", () => {
  /** Converts `bad` beside the seed; returns the run and what became of the seed. */
  async function alongside(name: string, bad: string | Uint8Array, extra: string[] = []) {
    write(`in/${name}`, bad);
    write("in/good.txt", SEED);
    const r = await run(["convert", "in", "-o", "out", "-t", "akn,yaml", "-j", "1", ...extra]);
    expect(existsSync(path.join(tmp, "out/good.akn.xml")), r.err).toBe(true);
    expect(tmpFiles(path.join(tmp, "out"))).toEqual([]);
    return r;
  }

  it("an empty file", async () => {
    const r = await alongside("empty.txt", "");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^in\/empty\.txt: error input-empty: /m);
  });

  it("a file of only blank lines", async () => {
    const r = await alongside("blank.txt", "\n\n   \t\n");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/in\/blank\.txt: error input-empty/);
  });

  it("a binary file", async () => {
    // A PNG header and pseudo-random bytes: what a mis-named image looks like.
    let x = 12345;
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => (i < 8 ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][i] : ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
    const r = await alongside("image.txt", bytes);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/in\/image\.txt: error input-binary: /);
  });

  it("a 50 MB text file is refused by size, quickly, without being read", async () => {
    const line = "\tRecalling its resolutions on the subject, and the reports of the Secretary-General thereon,\n";
    const big = Buffer.alloc(50 * 1024 * 1024, line);
    const r = await alongside("huge.txt", big);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/in\/huge\.txt: error input-too-large: input is 52\.4 MB, over the limit of 10\.0 MB \(--max-size\)/);
  });

  it("invalid UTF-8 is read as Windows-1252 with a warning, and converts", async () => {
    const bytes = Buffer.concat([SEED.subarray(0, 400), Buffer.from([0x93, 0xff, 0x94]), SEED.subarray(400)]);
    const r = await alongside("cp1252.txt", bytes, ["-v"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/in\/cp1252\.txt: warning decode-fallback: /);
    expect(existsSync(path.join(tmp, "out/cp1252.yaml"))).toBe(true);
  });

  it("UTF-16 without a byte-order mark (LE and BE) is recognised, and gives the same document", async () => {
    const le = Buffer.from(SEED.toString("utf8"), "utf16le");
    const be = Buffer.from(le).swap16();
    write("in/le.txt", le);
    write("in/be.txt", be);
    const r = await alongside("seed.txt", SEED, ["-v"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/in\/le\.txt: warning decode-utf16-no-bom: read as UTF-16 LE/);
    expect(r.err).toMatch(/in\/be\.txt: warning decode-utf16-no-bom: read as UTF-16 BE/);
    const want = readFileSync(path.join(tmp, "out/seed.akn.xml"), "utf8");
    expect(readFileSync(path.join(tmp, "out/le.akn.xml"), "utf8")).toBe(want);
    expect(readFileSync(path.join(tmp, "out/be.akn.xml"), "utf8")).toBe(want);
  });

  it("a text that is not a resolution", async () => {
    const r = await alongside("novel.txt", "It was a dark and stormy night.\n\nThe rain fell in torrents.\n".repeat(50));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/in\/novel\.txt:1: error input-unknown: not a resolution/);
  });

  it("a path with spaces and non-ASCII characters", async () => {
    const r = await alongside("dossier été/résolution n° 1 – 改.txt", SEED);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("in/dossier été/résolution n° 1 – 改.txt → dossier été/résolution n° 1 – 改{.akn.xml,.yaml}");
    expect(existsSync(path.join(tmp, "out/dossier été/résolution n° 1 – 改.yaml"))).toBe(true);
  });

  it("a FIFO named as an argument is not read (it would block)", async () => {
    try {
      execFileSync("mkfifo", [path.join(tmp, "pipe.txt")]);
    } catch {
      return; // no mkfifo on this system: nothing to check
    }
    write("good.txt", SEED);
    const r = await run(["convert", "pipe.txt", "good.txt", "-o", "out", "-t", "yaml", "-j", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/pipe\.txt: error not-a-file/);
    expect(existsSync(path.join(tmp, "out/good.yaml"))).toBe(true);
  });

  it.skipIf(isRoot)("an unreadable file (chmod 000)", async () => {
    const p = write("in/locked.txt", SEED);
    chmodSync(p, 0o000);
    const r = await alongside("other.txt", GOLDEN("parts"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/in\/locked\.txt: error read-failed: cannot read the file: EACCES/);
  });
});

describe("files that change under the run (through runBatch, past the folder walk)", () => {
  const job = (): JobOptions => ({
    formats: ["yaml"], extensions: { yaml: ".yaml" }, schemaDir: null, nowMs: 0, outDir: path.join(tmp, "out"), cwd: tmp,
    maxBytes: 1e7, verbose: false, optionKeys: { yaml: "k" },
  });
  const batch = (files: string[]) => {
    const err = capture();
    const progress = new Progress("quiet", capture(), err, false);
    const inputs = files.map((f) => ({ path: path.join(tmp, f), relative: path.basename(f, ".txt"), display: f, source: f }));
    return runBatch(inputs, { job: job(), jobs: 1, timeoutMs: 0, failFast: false, skipUnchanged: false, clashes: [], progress }).then((o) => ({ ...o, err: err.text }));
  };

  it("a file that disappeared after the walk", async () => {
    write("a.txt", SEED);
    const o = await batch(["gone.txt", "a.txt"]);
    expect(o).toMatchObject({ converted: 1, failed: 1 });
    expect(o.err).toMatch(/^gone\.txt: error read-failed: the file disappeared before it could be read$/m);
  });

  it("a path that became a folder (unreadable as a file, also for root)", async () => {
    // chmod 000 does not stop root, which CI runs as: a folder in the file's place
    // is the way to get a read error that every user sees.
    mkdirSync(path.join(tmp, "dir.txt"));
    write("a.txt", SEED);
    const o = await batch(["dir.txt", "a.txt"]);
    expect(o).toMatchObject({ converted: 1, failed: 1 });
    expect(o.err).toMatch(/dir\.txt: error read-failed: cannot read the file: is a folder/);
  });

  it("a file replaced by a FIFO after the walk is not read (it would block)", async () => {
    try {
      execFileSync("mkfifo", [path.join(tmp, "fifo.txt")]);
    } catch {
      return;
    }
    write("a.txt", SEED);
    const o = await batch(["fifo.txt", "a.txt"]);
    expect(o).toMatchObject({ converted: 1, failed: 1 });
    expect(o.err).toMatch(/fifo\.txt: error not-a-file/);
  });
});

describe("output guard", () => {
  it("refuses to write over an input reached by another path, a symlink or a folder; allows a fresh name", () => {
    const out = path.join(tmp, "out");
    mkdirSync(path.join(out, "real"), { recursive: true });
    symlinkSync(path.join(out, "real"), path.join(out, "alias"));
    writeFileSync(path.join(out, "real/a.yaml"), "input");
    symlinkSync(path.join(out, "real/a.yaml"), path.join(out, "link.yaml"));
    mkdirSync(path.join(out, "dir.yaml"));
    const guard = new OutputGuard(out);
    expect(() => guard.check(path.join(out, "alias/a.yaml"), path.join(out, "real/a.yaml"))).toThrow(/refusing to overwrite the input/);
    expect(() => guard.check(path.join(out, "real/a.yaml"), path.join(out, "real/a.yaml"))).toThrow(/refusing to overwrite the input/);
    expect(() => guard.check(path.join(out, "link.yaml"))).toThrow(/refusing to replace the symlink/);
    expect(() => guard.check(path.join(out, "dir.yaml"))).toThrow(/a folder is in the way/);
    expect(() => guard.check(path.join(tmp, "elsewhere.yaml"))).toThrow(/outside the output folder/);
    expect(() => guard.check(path.join(out, "real/b.yaml"), path.join(out, "real/a.yaml"))).not.toThrow();
  });
});

describe("worker pool", () => {
  it("sizes a worker's young generation by the formats: text formats small, PDF or DOCX among them large", () => {
    const young = (formats: string[]) => heapLimits(formats).maxYoungGenerationSizeMb;
    expect(young(["akn", "yaml"])).toBe(16);
    expect(young(["yaml"])).toBe(16);
    expect(young(["akn", "pdf"])).toBe(32);
    expect(young(["docx"])).toBe(32);
    expect(heapLimits(["akn", "yaml", "pdf", "docx"]).maxOldGenerationSizeMb).toBe(112);
  });

  it("a long run: each worker passes its periodic full collection (every 200 files) and converts every file", async () => {
    const bundle = await ensureBuild();
    const small = Buffer.from(readFileSync(path.join(ROOT, "tests/golden/seed/input.txt"), "utf8").slice(0, 4000));
    for (let i = 0; i < 420; i++) write(`many/${String(i).padStart(3, "0")}.txt`, small);
    const out = capture(), err = capture();
    const code = await main(["convert", "many", "-o", "out", "-t", "yaml", "-j", "2", "--report-file", "run.json"], { out, err, env: {}, cwd: tmp, workerUrl: bundle?.worker });
    const report = JSON.parse(readFileSync(path.join(tmp, "run.json"), "utf8")) as { totals: { converted: number; failed: number } };
    expect(report.totals).toMatchObject({ converted: 420, failed: 0 });
    expect(code).toBe(0);
  }, 120_000);

  it("gives up on a file past --timeout, replaces the worker and goes on", async () => {
    for (const n of ["a", "b", "c"]) write(`in/${n}.txt`, SEED);
    const bundle = await ensureBuild();
    const out = capture(), err = capture();
    // 1 ms: no conversion finishes in time, so every file exercises the kill-and-replace path.
    const code = await main(["convert", "in", "-o", "out", "-t", "yaml", "-j", "2", "--timeout", "0.001"], { out, err, env: {}, cwd: tmp, workerUrl: bundle?.worker });
    expect(code).toBe(1);
    expect(err.text.match(/error timeout: not finished after 0\.001 s/g)).toHaveLength(3);
    expect(tmpFiles(path.join(tmp, "out"))).toEqual([]);
  }, 60_000);

  it("starts its workers before it changes V8's flags: they take Node's own modules from its code cache", async (ctx) => {
    killTestInputs(path.join(tmp, "in"), 6);
    const run = spawnCli(["convert", "in", "-o", "out", "-t", "akn,yaml", "--jobs", "2", "-q"], tmp, { NODE_DEBUG_NATIVE: "CODE_CACHE" });
    expect(await run.exited, run.stderr).toBe(0);
    // A Node built without that cache, or one that does not report on it, has nothing to check.
    if (!/is accepted/.test(run.stderr)) ctx.skip();
    expect(run.stderr.split("\n").filter((l) => l.includes("is rejected"))).toEqual([]);
  }, 60_000);

  it("stops with exit 2 when the schema given does not compile, in workers and in this thread", async () => {
    write("in/a.txt", SEED);
    write("in/b.txt", GOLDEN("parts"));
    write("schema/akomantoso30.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='a' type='nope'/></xs:schema>");
    write("schema/xml.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>");
    const bundle = await ensureBuild();
    for (const jobs of ["1", "2"]) {
      const out = capture(), err = capture();
      const code = await main(["convert", "in", "-o", `out${jobs}`, "-t", "akn", "-j", jobs, "--schema", "schema"], { out, err, env: {}, cwd: tmp, workerUrl: bundle?.worker });
      expect(code, err.text).toBe(2);
      expect(err.text).toMatch(/resolute: cannot compile .*akomantoso30\.xsd/);
    }
  }, 60_000);
});

/** Runs the installed command as a user would, and collects its output. */
function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, "pipeline/cli/bin.cjs"), ...args], { cwd, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, exited, get stdout() { return stdout; }, get stderr() { return stderr; } };
}

/** Inputs for the kill test: a slice of the corpus, or the golden inputs repeated. */
function killTestInputs(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  if (hasCorpus) {
    const files = readdirSync(path.join(CORPUS, "ods")).filter((f) => f.endsWith(".txt")).sort().slice(0, n);
    for (const f of files) copyFileSync(path.join(CORPUS, "ods", f), path.join(dir, f));
    return;
  }
  const sources = ["seed", "annex", "parts", "points", "sections", "footnote-twice", "lone-paragraph"].map(GOLDEN);
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `r${String(i).padStart(3, "0")}.txt`), sources[i % sources.length]);
}

describe("an interrupted run (spawned, killed half-way)", () => {
  it("leaves no partial file, exits 130, and --skip-unchanged then converts only what was missing", async () => {
    const total = 80;
    killTestInputs(path.join(tmp, "in"), total);
    const args = ["convert", "in", "-o", "out", "-t", "akn,yaml", "--jobs", "2", "--json"];
    const first = spawnCli(args, tmp);
    // Kill once some files are done, well before all are.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no progress: ${first.stderr}`)), 60_000);
      const poll = setInterval(() => {
        if (first.stdout.split("\n").filter((l) => l.includes('"status"')).length >= 8) {
          clearInterval(poll);
          clearTimeout(deadline);
          first.child.kill("SIGINT");
          resolve();
        }
      }, 20);
    });
    const code = await first.exited;
    expect(code, first.stderr).toBe(130);
    const summary = JSON.parse(first.stdout.trim().split("\n").at(-1)!).summary;
    expect(summary.interrupted).toBe(true);
    expect(summary.notRun).toBeGreaterThan(0);

    const out = path.join(tmp, "out");
    expect(tmpFiles(out)).toEqual([]);
    const outputs = readdirSync(out).filter((f) => !f.startsWith("."));
    for (const f of outputs) {
      const text = readFileSync(path.join(out, f), "utf8");
      if (f.endsWith(".akn.xml")) expect(XMLValidator.validate(text), f).toBe(true);
      else expect(() => parseYaml(text), f).not.toThrow();
    }
    // What the manifest recorded as done, with both outputs there, is what the rerun may skip.
    const entries = JSON.parse(readFileSync(path.join(out, ".resolute-manifest.json"), "utf8")).entries as Record<string, { formats: Record<string, string> }>;
    const done = Object.entries(entries).filter(([name, e]) => e.formats.akn && e.formats.yaml && existsSync(path.join(out, name + ".akn.xml")) && existsSync(path.join(out, name + ".yaml")));
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(total);

    const second = spawnCli([...args, "--skip-unchanged"], tmp);
    expect(await second.exited, second.stderr).not.toBe(130);
    const s2 = JSON.parse(second.stdout.trim().split("\n").at(-1)!).summary;
    expect(s2.skipped).toBe(done.length);
    expect(s2.converted + s2.failed).toBe(total - done.length);
    expect(readdirSync(out).filter((f) => f.endsWith(".yaml"))).toHaveLength(total);
    expect(tmpFiles(out)).toEqual([]);
  }, 180_000);

  it("SIGTERM stops a run too, with exit 143", async () => {
    killTestInputs(path.join(tmp, "in"), 40);
    const run = spawnCli(["convert", "in", "-o", "out", "-t", "yaml", "--jobs", "2"], tmp);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (/^ok /m.test(run.stdout) || run.child.exitCode !== null) {
          clearInterval(poll);
          run.child.kill("SIGTERM");
          resolve();
        }
      }, 20);
    });
    expect(await run.exited, run.stderr).toBe(143);
    expect(run.stdout).toMatch(/^interrupted: /m);
    expect(tmpFiles(path.join(tmp, "out"))).toEqual([]);
  }, 120_000);
});
