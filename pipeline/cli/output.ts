/**
 * Writing outputs safely: every file goes to a temporary name in its target
 * folder and is renamed into place, so a reader never sees a partial file;
 * nothing is written outside the output folder (not even through a symlinked
 * subfolder) or over an input. An interrupted run removes its temporary files
 * with `sweepTempFiles`, which finds them by the process id in their names.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { OutputData } from "../emitters/registry.ts";

let counter = 0;

/**
 * Temporary names carry the process id and the worker thread id, so that the
 * threads of one run never collide and a sweep after an interruption can
 * tell this run's leftovers from anyone else's: `<target>.<pid>.<thread>.<n>.tmp`.
 */
export function tempName(target: string): string {
  return `${target}.${process.pid}.${threadId}.${counter++}.tmp`;
}

/**
 * Where text is encoded to UTF-8 on its way to a file: one buffer per
 * thread, kept from file to file. writeFileSync would allocate a fresh one
 * of three bytes per character for every output; memory freed and allocated
 * again is memory the kernel maps again page by page (see OutputData). Text
 * is written in stretches of up to this size; a single piece too long for it
 * is encoded on its own.
 */
const ENCODE_BUFFER_BYTES = 1 << 20;
let encodeBuffer: Buffer | undefined;

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function writeText(fd: number, pieces: readonly string[]): void {
  const buf = (encodeBuffer ??= Buffer.allocUnsafeSlow(ENCODE_BUFFER_BYTES));
  let used = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    // At most three bytes per UTF-16 unit; lone surrogates become U+FFFD, as writeFileSync writes them.
    const room = piece.length * 3;
    if (room > buf.length - used && used > 0) {
      writeAll(fd, buf.subarray(0, used));
      used = 0;
    }
    if (room > buf.length) writeAll(fd, Buffer.from(piece, "utf8"));
    else used += buf.write(piece, used, "utf8");
  }
  if (used > 0) writeAll(fd, buf.subarray(0, used));
}

/** Creates `file` (or empties it) and writes `data` to it. */
function writeFile(file: string, data: OutputData): void {
  const fd = openSync(file, "w");
  try {
    if (data instanceof Uint8Array) writeAll(fd, data);
    else writeText(fd, typeof data === "string" ? [data] : data);
  } finally {
    closeSync(fd);
  }
}

export function writeAtomic(target: string, data: OutputData): void {
  const tmp = tempName(target);
  try {
    try {
      writeFile(tmp, data);
    } catch (e) {
      // The folder is made on the first write into it, not tried before every file.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFile(tmp, data);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Removes the temporary files that process `pid` left under `dir` (a run
 * stopped between writing and renaming). Returns how many it removed.
 */
export function sweepTempFiles(dir: string, pid = process.pid): number {
  const pattern = new RegExp(`\\.${pid}\\.\\d+\\.\\d+\\.tmp$`);
  let removed = 0;
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      // Never follow a symlink: the sweep stays inside the output folder.
      if (e.isDirectory()) visit(full);
      else if (e.isFile() && pattern.test(e.name)) {
        rmSync(full, { force: true });
        removed++;
      }
    }
  };
  visit(dir);
  return removed;
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (p need not exist). */
export function realpathLoose(p: string): string {
  const abs = path.resolve(p);
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(realpathSync(cur), ...missing.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      missing.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** True when `inner` is `outer` or lies below it (both absolute, normalised). */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Guards the writes of one run into `outDir`. Folders already checked are
 * remembered, so a batch pays for one realpath per output folder, not per file.
 */
export class OutputGuard {
  readonly outDir: string;
  readonly realOut: string;
  private readonly safeDirs = new Set<string>();

  constructor(outDir: string) {
    this.outDir = path.resolve(outDir);
    this.realOut = realpathLoose(this.outDir);
  }

  /** Throws when writing `target` would leave the output folder or overwrite `input`. */
  check(target: string, input?: string): void {
    assertInsideOutput(target, this.outDir, input);
    const dir = path.dirname(path.resolve(target));
    if (!this.safeDirs.has(dir)) {
      // A symlinked folder inside the output folder could point anywhere:
      // what counts is where the bytes would land.
      if (!isInside(realpathLoose(dir), this.realOut)) {
        throw new Error(`refusing to write through a symlink out of the output folder: ${target}`);
      }
      this.safeDirs.add(dir);
    }
    let st;
    try {
      // Most targets do not exist yet: told not to throw for that, lstat skips building an error per file.
      st = lstatSync(target, { throwIfNoEntry: false });
    } catch {
      return;
    }
    if (!st) return;
    if (st.isSymbolicLink()) throw new Error(`refusing to replace the symlink ${target}`);
    if (st.isDirectory()) throw new Error(`a folder is in the way of the output ${target}`);
    // Only an existing file can be the input under another name (a hard link, or a path through a symlinked folder).
    if (input && existsSync(input) && realpathSync(target) === realpathSync(input)) throw new Error(`refusing to overwrite the input ${input}`);
  }

  /** Writes `data` to `target` atomically, after `check`. */
  write(target: string, data: OutputData, input?: string): void {
    this.check(target, input);
    writeAtomic(target, data);
  }
}

/** Throws when `target` would leave `outDir` or is `input` (lexically; OutputGuard.check also resolves symlinks). */
function assertInsideOutput(target: string, outDir: string, input?: string): void {
  const rel = path.relative(outDir, target);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`refusing to write outside the output folder: ${target}`);
  if (input && path.resolve(target) === path.resolve(input)) throw new Error(`refusing to overwrite the input ${input}`);
}
