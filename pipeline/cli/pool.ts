/**
 * A small worker pool on worker_threads, made for the batch: each worker
 * loads the job environment once and converts one file at a time; the pool
 * hands out the next file as soon as a worker answers. A file that runs
 * past the time limit, or a worker that crashes, costs that one file: the
 * worker is terminated and replaced, and the file reported as failed.
 * Written here rather than taken from a library because the batch needs
 * exactly these three things (per-task timeout, crash isolation, instant
 * abort) and little else.
 */
import { Worker } from "node:worker_threads";
import { SetupError, type FileResult, type JobOptions, type Task } from "./job.ts";
import type { FromWorker, ToWorker } from "./worker.ts";

export interface PoolOptions {
  size: number;
  options: JobOptions;
  /** Per-file time limit in ms; 0 for none. */
  timeoutMs: number;
  /** The worker entry; defaults to worker-boot.mjs beside this file. */
  workerUrl?: URL;
}

export interface PoolRun {
  /** Resolves when every task has a result or the run was aborted. */
  done: Promise<{ killedMidTask: boolean }>;
  /** Stops at once: no new tasks, busy workers terminated. */
  abort(): void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
  ready: boolean;
  /** Started without heap limits, to retry a file that ran out of memory. */
  unlimited: boolean;
  /** The file this worker takes first (the retry). */
  handover?: Task;
  /** The retried file, to mark its result. */
  retried?: Task;
}

/**
 * Heap limits of a worker. Without them V8 sizes each worker's heap from the
 * machine's memory and lets it grow to hundreds of MB before collecting
 * (measured: 100 resolutions, all formats, two workers: peak RSS 495 MB;
 * with a 512 MB old generation 340 MB; with a 16 MB young generation as
 * well 300 MB, for ~4% more CPU; 8 MB cost ~12%). A file that needs more
 * (a resolution of many MB) runs out of memory and is retried once in a
 * worker without limits.
 */
const HEAP_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 16 };

const failedResult = (task: Task, code: string, message: string): FileResult => ({
  id: task.id, status: "failed", outputs: [], counts: { error: 1, warning: 0, info: 0 }, codes: { [code]: 1 }, ms: 0, formats: {},
  lines: [`${task.display}: error ${code}: ${message}`],
});

export function runPool(tasks: Task[], o: PoolOptions, onResult: (r: FileResult, task: Task) => void): PoolRun {
  const url = o.workerUrl ?? new URL("./worker-boot.mjs", import.meta.url);
  const slots = new Set<Slot>();
  let next = 0;
  let stopping = false;
  let killedMidTask = false;
  let resolveDone!: (v: { killedMidTask: boolean }) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<{ killedMidTask: boolean }>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  let failure: Error | undefined;

  const finishIfIdle = () => {
    if (slots.size > 0) return;
    if (failure) rejectDone(failure);
    else resolveDone({ killedMidTask });
  };

  const retire = (slot: Slot) => {
    clearTimeout(slot.timer);
    if (slot.task) killedMidTask = true;
    void slot.worker.terminate();
  };

  const dispatch = (slot: Slot) => {
    const task = slot.handover ?? (next < tasks.length && !stopping ? tasks[next++] : undefined);
    slot.handover = undefined;
    if (stopping || !task) return retire(slot);
    slot.task = task;
    if (o.timeoutMs > 0) {
      slot.timer = setTimeout(() => {
        // A worker busy in synchronous code cannot be interrupted any other way.
        const t = slot.task;
        if (!t) return;
        slot.task = undefined;
        killedMidTask = true;
        onResult(failedResult(t, "timeout", `not finished after ${o.timeoutMs / 1000} s (--timeout); stopped`), t);
        void slot.worker.terminate();
        replace(slot);
      }, o.timeoutMs);
    }
    slot.worker.postMessage({ type: "task", task } satisfies ToWorker);
  };

  /** Spawns a worker to take over from one that was lost, when work remains. */
  const replace = (lost: Slot) => {
    slots.delete(lost);
    if (!stopping && next < tasks.length) spawn();
  };

  const spawn = (unlimited = false, handover?: Task) => {
    const worker = new Worker(url, { workerData: { options: o.options }, ...(unlimited ? {} : { resourceLimits: HEAP_LIMITS }) });
    const slot: Slot = { worker, ready: false, unlimited, handover, retried: handover };
    slots.add(slot);
    worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") {
        slot.ready = true;
        dispatch(slot);
      } else if (m.type === "setup-error") {
        failure ??= new SetupError(m.message);
        abort();
      } else if (m.type === "result") {
        clearTimeout(slot.timer);
        const t = slot.task;
        slot.task = undefined;
        if (t && t === slot.retried) {
          // Say so in the counts (and so in --report-file), not as a problem.
          m.result.counts.info++;
          m.result.codes["worker-heap-retry"] = 1;
        }
        if (t) onResult(m.result, t);
        dispatch(slot);
      }
    });
    worker.on("error", (e) => {
      // An uncaught error or out-of-memory in the worker: lose the file, not the run.
      clearTimeout(slot.timer);
      const t = slot.task;
      slot.task = undefined;
      if (t && (e as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY" && !slot.unlimited && !stopping) {
        // Over the heap limit: once more, in a worker without one.
        killedMidTask = true;
        slots.delete(slot);
        spawn(true, t);
      } else if (t) {
        killedMidTask = true;
        onResult(failedResult(t, "internal", `the conversion worker crashed (${e.message}); please report this with the input`), t);
      } else if (!slot.ready) {
        failure ??= new SetupError(`a conversion worker failed to start: ${e.message}`);
        abort();
      }
    });
    worker.on("exit", () => {
      clearTimeout(slot.timer);
      if (!slots.has(slot)) return finishIfIdle();
      const t = slot.task;
      slot.task = undefined;
      if (t && !stopping) {
        killedMidTask = true;
        onResult(failedResult(t, "internal", "the conversion worker exited unexpectedly; please report this with the input"), t);
      }
      slots.delete(slot);
      if (!stopping && !slot.ready) {
        // Never got going: its replacement would not either.
        failure ??= new SetupError("a conversion worker exited before it was ready");
        abort();
      } else if (!stopping && next < tasks.length) spawn(slot.unlimited);
      finishIfIdle();
    });
  };

  const abort = () => {
    if (stopping) return;
    stopping = true;
    for (const s of slots) retire(s);
    finishIfIdle();
  };

  const size = Math.max(1, Math.min(o.size, tasks.length));
  if (tasks.length === 0) resolveDone({ killedMidTask });
  else for (let i = 0; i < size; i++) spawn();
  return { done, abort };
}
