/**
 * Writing outputs safely: every file goes to a temporary name in its target
 * folder and is renamed into place, so a reader never sees a partial file;
 * nothing is written outside the output folder or over an input.
 */
import { mkdirSync, renameSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";

let counter = 0;

export function writeAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${counter++}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Throws when `target` would leave `outDir` or overwrite `input`. */
export function assertSafeOutput(target: string, outDir: string, input: string): void {
  const rel = path.relative(outDir, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`refusing to write outside the output folder: ${target}`);
  if (path.resolve(target) === path.resolve(input)) throw new Error(`refusing to overwrite the input ${input}`);
}
