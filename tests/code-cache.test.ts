/**
 * pipeline/cli/code-cache.cjs: a CommonJS bundle run through V8's code cache.
 * The cache may only ever change how soon code runs, never what it does.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const CODE_CACHE = path.join(import.meta.dirname, "../pipeline/cli/code-cache.cjs");
const { runBundle } = createRequire(import.meta.url)(CODE_CACHE) as {
  runBundle(file: string, opts?: { variant?: string; saveWhenGrown?: boolean }): { exports: Record<string, unknown>; saveCodeCache(): void };
};

interface Outcome {
  cacheUsed: boolean;
  cacheFile: string;
  square: number;
}

/**
 * Runs the bundle in a new process, as a run of the CLI does: within one
 * process V8 finds a script it compiled before in its own compilation cache
 * and never looks at the code cache.
 */
function runInChild(file: string, opts: { save: boolean; more?: boolean; env?: Record<string, string>; variant?: string; grow?: boolean }): Outcome {
  const script = `
    const b = require(${JSON.stringify(CODE_CACHE)}).runBundle(${JSON.stringify(file)}, ${JSON.stringify({ variant: opts.variant, saveWhenGrown: opts.grow })});
    const square = b.exports.square(5);
    if (${!!opts.more}) b.exports.more();
    if (${opts.save}) b.saveCodeCache();
    console.log(JSON.stringify({ cacheUsed: b.cacheUsed, cacheFile: b.cacheFile, square }));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, ...opts.env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Outcome;
}

const BUNDLE = `"use strict";
const path = require("node:path");
let calls = 0;
function square(n) { calls++; return n * n; }
module.exports = {
  square,
  calls: () => calls,
  where: () => path.basename(__filename),
  importBuiltin: () => __importModule("node:os").then((m) => typeof m.cpus),
  // Code only some runs use (another output format): compiled, and so cached, only when called.
  more() {
    let s = 0;
${Array.from({ length: 150 }, (_, i) => `    s += [${i}, "${"x".repeat(i % 7)}"].length * ${i};`).join("\n")}
    return s;
  },
};
`;

describe("code cache", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "resolute-cc-"));
    file = path.join(dir, "bundle.cjs");
    writeFileSync(file, BUNDLE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const caches = () => readdirSync(dir).filter((f) => f.endsWith(".cache"));

  it("runs the bundle as a CommonJS module, with a dynamic import for ES modules", async () => {
    const b = runBundle(file);
    const m = b.exports as { square(n: number): number; where(): string; importBuiltin(): Promise<string> };
    expect(m.square(7)).toBe(49);
    expect(m.where()).toBe("bundle.cjs");
    expect(await m.importBuiltin()).toBe("function");
  });

  it("writes the cache once the code has run, and the next run uses it", () => {
    const first = runInChild(file, { save: true });
    expect(first.cacheUsed).toBe(false);
    expect(caches()).toEqual([path.basename(first.cacheFile)]);
    expect(path.basename(first.cacheFile)).toMatch(/^bundle\.cjs\.\d+\.cache$/);

    const before = readFileSync(first.cacheFile);
    const second = runInChild(file, { save: true });
    expect(second).toEqual({ ...first, cacheUsed: true });
    // A run that used the cache and compiled nothing new leaves it as it is.
    expect(readFileSync(first.cacheFile).equals(before)).toBe(true);
  });

  it("keeps one cache per variant (a worker's formats)", () => {
    const ay = runInChild(file, { save: true, variant: "akn+yaml" });
    expect(path.basename(ay.cacheFile)).toMatch(/^bundle\.cjs\.akn\+yaml\.\d+\.cache$/);
    expect(runInChild(file, { save: true, variant: "pdf" }).cacheUsed).toBe(false);
    expect(runInChild(file, { save: false, variant: "akn+yaml" }).cacheUsed).toBe(true);
    expect(caches()).toHaveLength(2);
  });

  it("with saveWhenGrown, saves the cache again when a run compiled code it did not hold", () => {
    runInChild(file, { save: true, grow: true });
    const size = () => readFileSync(path.join(dir, caches()[0])).length;
    const small = size();
    // Without saveWhenGrown a used cache stays as it is.
    expect(runInChild(file, { save: true, more: true }).cacheUsed).toBe(true);
    expect(size()).toBe(small);
    expect(runInChild(file, { save: true, more: true, grow: true }).cacheUsed).toBe(true);
    const grown = size();
    expect(grown).toBeGreaterThan(small * 1.1);
    // The grown cache serves both kinds of run, and neither shrinks it.
    expect(runInChild(file, { save: true, grow: true }).cacheUsed).toBe(true);
    expect(runInChild(file, { save: true, more: true, grow: true }).cacheUsed).toBe(true);
    expect(size()).toBe(grown);
  });

  it("ignores a cache V8 refuses (damaged, or made for other source) and replaces it", () => {
    const first = runInChild(file, { save: true });
    writeFileSync(first.cacheFile, Buffer.from("not a code cache at all"));
    expect(runInChild(file, { save: true })).toEqual(first);
    expect(runInChild(file, { save: false }).cacheUsed).toBe(true);

    // The same cache file for changed source: V8 checks the source, and the answer is the new code's.
    writeFileSync(file, BUNDLE.replace("return n * n", "return n * n + 1"));
    expect(runInChild(file, { save: false })).toEqual({ ...first, square: 26 });
  });

  it("neither reads nor writes the cache with RESOLUTE_NO_CODE_CACHE set", () => {
    const off = { RESOLUTE_NO_CODE_CACHE: "1" };
    expect(runInChild(file, { save: true, env: off }).cacheUsed).toBe(false);
    expect(caches()).toEqual([]);
    runInChild(file, { save: true });
    expect(runInChild(file, { save: true, env: off }).cacheUsed).toBe(false);
    expect(runInChild(file, { save: false }).cacheUsed).toBe(true);
  });

  it("runs without a cache where none can be written", () => {
    const b = runBundle(file);
    rmSync(dir, { recursive: true, force: true });
    expect(() => b.saveCodeCache()).not.toThrow();
  });
});
