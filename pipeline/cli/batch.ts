/**
 * A convert run over many files: hands the files to a worker pool (or, for
 * one job, converts them in this thread), prints progress, keeps the
 * --skip-unchanged manifest, writes the run report, and stops cleanly when
 * interrupted: no new file is started, busy workers are terminated, their
 * temporary files removed, and the manifest keeps what was finished.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { InputFile, NameClash, Shard } from "./inputs.ts";
import { outputKinds, type FileResult, type JobOptions, type Task } from "./job.ts";
import { Manifest } from "./manifest.ts";
import { sweepTempFiles, writeAtomic } from "./output.ts";
import { runPool, type PoolRun } from "./pool.ts";
import { tuneV8ForBatch } from "./v8-tuning.ts";
import { fileRecord, Progress, type FileRecord } from "./progress.ts";

export interface BatchConfig {
  job: JobOptions;
  /** Worker threads; 1 converts in this thread. */
  jobs: number;
  /** Per-file time limit in ms (worker threads only); 0 for none. */
  timeoutMs: number;
  failFast: boolean;
  skipUnchanged: boolean;
  shard?: Shard;
  /** Where to write the run report (JSON), if anywhere. */
  reportFile?: string;
  clashes: NameClash[];
  progress: Progress;
  /** Aborting it interrupts the run (the CLI wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
  /** Worker entry override (tests, the precompiled build). */
  workerUrl?: URL;
}

export interface BatchOutcome {
  total: number;
  converted: number;
  failed: number;
  skipped: number;
  /** Files not started because the run was interrupted or stopped by --fail-fast. */
  notRun: number;
  interrupted: boolean;
  stoppedByFailFast: boolean;
  seconds: number;
  records: FileRecord[];
}

/** How often the manifest is saved during a run, at most (it is also saved at the end). */
const MANIFEST_SAVE_MS = 1000;

export async function runBatch(inputs: InputFile[], cfg: BatchConfig): Promise<BatchOutcome> {
  const started = performance.now();
  const { job, progress } = cfg;
  const manifest = Manifest.load(job.outDir, cfg.shard);
  const tasks: Task[] = inputs.map((i, id) => ({
    id, path: i.path, relative: i.relative, display: i.display,
    ...(cfg.skipUnchanged ? { prev: manifest.get(i.relative) } : {}),
  }));
  const records: FileRecord[] = [];
  const outcome: BatchOutcome = { total: tasks.length, converted: 0, failed: 0, skipped: 0, notRun: 0, interrupted: false, stoppedByFailFast: false, seconds: 0, records };

  const kinds = outputKinds(job);
  let lastSave = performance.now();
  let stop: () => void = () => {};
  let stopped = false;
  const onResult = (r: FileResult, task: Task) => {
    records.push(fileRecord(r, task));
    outcome[r.status === "converted" ? "converted" : r.status === "failed" ? "failed" : "skipped"]++;
    manifest.record(task.relative, task.display, r.hash, kinds, r.formats);
    progress.file(r, task);
    const now = performance.now();
    if (now - lastSave > MANIFEST_SAVE_MS) {
      manifest.save();
      lastSave = now;
    }
    if (cfg.failFast && r.status === "failed" && !stopped) {
      outcome.stoppedByFailFast = stopped = true;
      stop();
    }
  };
  const onAbort = () => {
    if (stopped) return;
    stopped = outcome.interrupted = true;
    stop();
  };
  cfg.signal?.addEventListener("abort", onAbort);

  progress.start(tasks.length);
  let killedMidTask = false;
  try {
    if (cfg.signal?.aborted) onAbort();
    else if (Math.min(cfg.jobs, tasks.length) <= 1) await runHere(tasks, job, onResult, () => stopped);
    else {
      const pool: PoolRun = runPool(tasks, { size: cfg.jobs, options: job, timeoutMs: cfg.timeoutMs, workerUrl: cfg.workerUrl }, onResult);
      stop = pool.abort;
      if (stopped) pool.abort();
      ({ killedMidTask } = await pool.done);
    }
  } finally {
    cfg.signal?.removeEventListener("abort", onAbort);
    progress.stop();
    // A worker terminated between writing a temporary file and renaming it leaves the temporary file.
    if (killedMidTask || stopped) sweepTempFiles(job.outDir);
    saveQuietly(manifest, progress);
  }
  outcome.notRun = tasks.length - records.length;
  outcome.seconds = (performance.now() - started) / 1000;
  if (cfg.reportFile) writeReport(cfg, outcome);
  return outcome;
}

/** One job: convert in this thread, with no worker start-up to pay. */
async function runHere(tasks: Task[], job: JobOptions, onResult: (r: FileResult, t: Task) => void, stopped: () => boolean): Promise<void> {
  const { createJobEnv, convertFile } = await import("./job.ts");
  tuneV8ForBatch();
  const env = await createJobEnv(job);
  try {
    for (const t of tasks) {
      if (stopped()) break;
      onResult(await convertFile(t, env), t);
      // Let a pending SIGINT be seen between files: convertFile is mostly synchronous.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    env.dispose();
  }
}

function saveQuietly(manifest: Manifest, progress: Progress): void {
  try {
    manifest.save();
  } catch (e) {
    progress.note(`warning manifest-not-saved: ${(e as Error).message}; --skip-unchanged will convert these files again`);
  }
}

const version = (() => {
  try {
    return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
})();

function writeReport(cfg: BatchConfig, o: BatchOutcome): void {
  const { job } = cfg;
  const report = {
    tool: "resolute",
    version,
    outputFolder: path.relative(job.cwd, job.outDir) || ".",
    options: {
      formats: job.formats, report: !!job.report, from: job.from ?? null, template: job.template ?? null, schema: job.schemaDir,
      jobs: cfg.jobs, shard: cfg.shard ? `${cfg.shard.index}/${cfg.shard.count}` : null, skipUnchanged: cfg.skipUnchanged, failFast: cfg.failFast,
    },
    totals: { files: o.total, converted: o.converted, failed: o.failed, skipped: o.skipped, notRun: o.notRun, seconds: Math.round(o.seconds * 1000) / 1000 },
    interrupted: o.interrupted,
    stoppedByFailFast: o.stoppedByFailFast,
    clashes: cfg.clashes,
    files: [...o.records].sort((a, b) => a.index - b.index),
  };
  writeAtomic(path.resolve(job.cwd, cfg.reportFile!), JSON.stringify(report, null, 1) + "\n");
}
