/**
 * Which files a convert run reads: explicit files as given, and every input
 * file under a folder, walked recursively in sorted order (so runs are
 * repeatable), each with its output name relative to the folder argument.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Suffixes of the inputs picked up when walking a folder. */
export const INPUT_SUFFIXES = [".txt", ".text"];

export interface InputFile {
  path: string;
  /** Output name without suffix, relative to the output folder. */
  relative: string;
  /** How the CLI names the file in messages. */
  display: string;
}

const stripSuffix = (p: string) => p.replace(/\.[^./\\]+$/, "");

export function collectInputs(args: string[]): { inputs: InputFile[]; problems: string[] } {
  const inputs: InputFile[] = [];
  const problems: string[] = [];
  const cwd = process.cwd();
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      problems.push(`${path.relative(cwd, arg)}: error not-found: no such file or folder`);
      continue;
    }
    if (st.isFile()) {
      inputs.push({ path: arg, relative: stripSuffix(path.basename(arg)), display: path.relative(cwd, arg) });
      continue;
    }
    for (const file of walk(arg)) {
      const rel = path.relative(arg, file);
      inputs.push({ path: file, relative: stripSuffix(rel), display: path.relative(cwd, file) });
    }
  }
  return { inputs, problems };
}

function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile() && INPUT_SUFFIXES.some((s) => e.name.toLowerCase().endsWith(s))) yield full;
  }
}
