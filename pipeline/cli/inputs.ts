/**
 * Which files a convert run reads: explicit files as given, and every input
 * file under a folder, walked recursively in sorted order (so runs are
 * repeatable), each with its output name relative to the folder argument.
 * Also: output names made unique when two inputs would share one, the
 * stable split of a run into shards, and the rule that outputs never go
 * into an input folder.
 */
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isInside, realpathLoose } from "./output.ts";

/** Suffixes of the inputs picked up when walking a folder. */
export const INPUT_SUFFIXES = [".txt", ".text"];

/**
 * What a folder walk picks up for an input form: text by default; the
 * structured forms only when asked for with --from, so that a folder of
 * earlier outputs is never read back by surprise.
 */
export function suffixesFor(from?: string): string[] {
  if (from === "akn") return [".xml"];
  if (from === "yaml") return [".yaml", ".yml"];
  // the third-party PDF extractions come as Markdown files
  if (from === "para-text" || from === "pdf-text") return [...INPUT_SUFFIXES, ".md"];
  if (from) return INPUT_SUFFIXES;
  // undirected, a walk takes every form a reader detects by content
  return [...INPUT_SUFFIXES, ".xml", ".yaml", ".yml"];
}

export interface InputFile {
  path: string;
  /** Output name without suffix, relative to the output folder. */
  relative: string;
  /** How the CLI names the file in messages. */
  display: string;
  /**
   * The input's path relative to the argument that named it ("/"-separated;
   * the base name for a file argument): what --shard hashes, so the split
   * does not depend on where the folder is mounted.
   */
  source: string;
}

/** x.txt → x; x.akn.xml → x (our own AKN suffix, so reading it back does not give x.akn.akn.xml). */
const stripSuffix = (p: string) => (/\.akn\.xml$/i.test(p) ? p.slice(0, -8) : p.replace(/\.[^./\\]+$/, ""));
const slashes = (p: string) => p.split(path.sep).join("/");

export function collectInputs(args: string[], cwd = process.cwd(), suffixes = INPUT_SUFFIXES): { inputs: InputFile[]; problems: string[] } {
  const inputs: InputFile[] = [];
  const problems: string[] = [];
  const show = (p: string) => path.relative(cwd, p) || ".";
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      problems.push(`${show(arg)}: error not-found: no such file or folder`);
      continue;
    }
    if (st.isFile()) {
      const base = path.basename(arg);
      inputs.push({ path: arg, relative: stripSuffix(base), display: show(arg), source: base });
      continue;
    }
    if (!st.isDirectory()) {
      // A FIFO or device would block or never end when read.
      problems.push(`${show(arg)}: error not-a-file: not a regular file or folder`);
      continue;
    }
    for (const file of walk(arg, suffixes, problems, show)) {
      const rel = path.relative(arg, file);
      inputs.push({ path: file, relative: stripSuffix(rel), display: show(file), source: slashes(rel) });
    }
  }
  return { inputs, problems };
}

function* walk(dir: string, suffixes: string[], problems: string[], show: (p: string) => string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push(`${show(dir)}: error read-failed: ${(e as Error).message}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full, suffixes, problems, show);
    else if (e.isFile() && suffixes.some((s) => e.name.toLowerCase().endsWith(s))) yield full;
  }
}

export interface NameClash {
  /** The input that had to give way, and the one that kept the name. */
  input: string;
  keptBy: string;
  wanted: string;
  given: string;
}

/**
 * Makes every output name unique, in input order: the first input keeps its
 * name, a later one that maps to the same name (a/x.txt and b/x.txt given as
 * files, or x.txt beside x.text) gets "~2", "~3"… Names are compared without
 * regard to case, because the output folder may be on a case-insensitive
 * file system. Done on the whole input list before sharding, so every shard
 * of a job array agrees on the names.
 */
export function assignOutputNames(inputs: InputFile[]): NameClash[] {
  const key = (s: string) => s.toLowerCase();
  const natural = new Set(inputs.map((i) => key(i.relative)));
  const owner = new Map<string, InputFile>();
  const clashes: NameClash[] = [];
  for (const input of inputs) {
    const wanted = input.relative;
    const first = owner.get(key(wanted));
    if (!first) {
      owner.set(key(wanted), input);
      continue;
    }
    let n = 2;
    while (natural.has(key(`${wanted}~${n}`)) || owner.has(key(`${wanted}~${n}`))) n++;
    input.relative = `${wanted}~${n}`;
    owner.set(key(input.relative), input);
    clashes.push({ input: input.display, keptBy: first.display, wanted, given: input.relative });
  }
  return clashes;
}

export interface Shard {
  index: number;
  count: number;
}

/** Parses "K/N" (1 ≤ K ≤ N); undefined when malformed. */
export function parseShard(s: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) return undefined;
  const index = Number(m[1]), count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Whether an input belongs to shard K of N: by a hash of its relative path,
 * so each machine of a job array computes the same split with no
 * coordination, and adding a file never moves the others.
 */
export function inShard(input: InputFile, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const h = createHash("sha1").update(input.source).digest();
  return h.readUInt32BE(0) % shard.count === shard.index - 1;
}

/**
 * The folder arguments that `outDir` is equal to or inside of (after
 * resolving symlinks): writing there would mix outputs with inputs, and a
 * later run would walk them.
 */
export function inputFoldersContaining(outDir: string, args: string[]): string[] {
  const realOut = realpathLoose(outDir);
  return args.filter((a) => {
    try {
      return statSync(a).isDirectory() && isInside(realOut, realpathLoose(a));
    } catch {
      return false;
    }
  });
}
