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
import { getEmitter } from "../emitters/index.ts";
import { SetupError, type FileResult, type JobOptions, type Task } from "./job.ts";
import { tuneV8ForBatch } from "./v8-tuning.ts";
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
  /**
   * Files sent to this worker and not yet answered, in the order it converts
   * them: the first is the one in progress.
   */
  queue: Task[];
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
 * Files a worker holds at once: the one it converts and the next, so it
 * never waits for a round trip to the main thread between two files (a few
 * per cent of a batch of short documents). More would only unbalance the
 * end of a run.
 */
const QUEUE_DEPTH = 2;

/**
 * Heap limits of a worker. Without them V8 sizes each worker's heap from the
 * machine's memory and lets it grow to hundreds of MB before collecting
 * (measured: 100 resolutions, all formats, two workers: peak RSS 495 MB).
 * The old generation's limit is what keeps memory flat over a long run: at
 * 512 MB each worker's heap grew from 100 to 120 MB over the corpus three
 * times over (peak RSS 323 MB once, 356 MB three times); at 112 MB the two
 * peaks were 329–337 and 351–355 MB. A file that needs more (a resolution of
 * many MB) runs out of memory and is retried once in a worker without limits.
 *
 * The young generation trades time for memory, and which way depends on the
 * formats (see DEFAULT_YOUNG_GENERATION_MB and heapLimits).
 */
const OLD_GENERATION_MB = 112;

/**
 * The young generation of a worker: the largest any of the run's emitters
 * asks for (Emitter.workerYoungGenerationMb), else this. The text formats
 * allocate little per document, and a small young generation touches less
 * fresh memory: AKN+YAML at 16 MB against 32 ran 1.48 against 1.58 s (5
 * alternating pairs, peak RSS 120 against 151 MB); 8, 12 and 24 MB were no
 * better than 16. PDF and DOCX allocate far more and ask for 32: all four
 * formats took 13 % longer at 16 (3 pairs), PDF or DOCX alone some 4 %.
 */
const DEFAULT_YOUNG_GENERATION_MB = 16;

export function heapLimits(formats: string[]): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  let young = DEFAULT_YOUNG_GENERATION_MB;
  for (const f of formats) young = Math.max(young, getEmitter(f)?.workerYoungGenerationMb ?? 0);
  return { maxOldGenerationSizeMb: OLD_GENERATION_MB, maxYoungGenerationSizeMb: young };
}

const failedResult = (task: Task, code: string, message: string): FileResult => ({
  id: task.id, status: "failed", outputs: [], counts: { error: 1, warning: 0, info: 0 }, codes: { [code]: 1 }, ms: 0, formats: {},
  lines: [`${task.display}: error ${code}: ${message}`],
});

export function runPool(tasks: Task[], o: PoolOptions, onResult: (r: FileResult, task: Task) => void): PoolRun {
  const url = o.workerUrl ?? new URL("./worker-boot.mjs", import.meta.url);
  const limits = heapLimits(o.options.formats);
  const slots = new Set<Slot>();
  let next = 0;
  let stopping = false;
  let killedMidTask = false;
  let resolveDone!: (v: { killedMidTask: boolean }) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<{ killedMidTask: boolean }>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  let failure: Error | undefined;
  const size = Math.max(1, Math.min(o.size, tasks.length));
  let readyCount = 0;

  const finishIfIdle = () => {
    if (slots.size > 0) return;
    if (failure) rejectDone(failure);
    else resolveDone({ killedMidTask });
  };

  /** Files handed back by a worker that was lost with them queued but not started: they go out again first. */
  const returned: Task[] = [];
  const takeTask = (): Task | undefined => (returned.length ? returned.shift() : next < tasks.length ? tasks[next++] : undefined);
  const hasWork = () => returned.length > 0 || next < tasks.length;

  const retire = (slot: Slot) => {
    clearTimeout(slot.timer);
    if (slot.queue.length) killedMidTask = true;
    void slot.worker.terminate();
  };

  /** Starts the time limit of the file the worker is converting now. */
  const startTimer = (slot: Slot) => {
    clearTimeout(slot.timer);
    const head = slot.queue[0];
    if (!head || o.timeoutMs <= 0) return;
    slot.timer = setTimeout(() => {
      // A worker busy in synchronous code cannot be interrupted any other way.
      if (slot.queue[0] !== head) return;
      killedMidTask = true;
      onResult(failedResult(head, "timeout", `not finished after ${o.timeoutMs / 1000} s (--timeout); stopped`), head);
      lose(slot);
      void slot.worker.terminate();
    }, o.timeoutMs);
  };

  /** Tops up the worker's queue; retires it when there is nothing left to do. */
  const dispatch = (slot: Slot) => {
    if (stopping) return retire(slot);
    const wasIdle = slot.queue.length === 0;
    while (slot.queue.length < QUEUE_DEPTH) {
      const task = slot.handover ?? takeTask();
      slot.handover = undefined;
      if (!task) break;
      slot.queue.push(task);
      slot.worker.postMessage({ type: "task", task } satisfies ToWorker);
    }
    if (slot.queue.length === 0) return retire(slot);
    if (wasIdle) startTimer(slot);
  };

  /**
   * Forgets a worker that is gone or going: its queued files (not the one in
   * progress) go back out. A replacement is spawned when work remains, or,
   * with `retry`, one without heap limits that takes that file first.
   */
  const lose = (slot: Slot, retry?: Task) => {
    clearTimeout(slot.timer);
    returned.unshift(...slot.queue.slice(1));
    slot.queue = [];
    slots.delete(slot);
    if (retry) spawn(true, retry);
    else if (!stopping && hasWork()) spawn(slot.unlimited);
  };

  const spawn = (unlimited = false, handover?: Task) => {
    const worker = new Worker(url, { workerData: { options: o.options }, ...(unlimited ? {} : { resourceLimits: limits }) });
    const slot: Slot = { worker, queue: [], ready: false, unlimited, handover, retried: handover };
    slots.add(slot);
    worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") {
        slot.ready = true;
        // Not before every thread of the first round has started (see v8-tuning.ts).
        if (++readyCount === size) tuneV8ForBatch();
        dispatch(slot);
      } else if (m.type === "setup-error") {
        failure ??= new SetupError(m.message);
        abort();
      } else if (m.type === "result") {
        // Results come in the order the files were sent; a file already
        // reported (timed out) is not in the queue any more.
        const t = slot.queue[0];
        if (!t || t.id !== m.result.id) return;
        slot.queue.shift();
        if (t === slot.retried) {
          // Say so in the counts (and so in --report-file), not as a problem.
          m.result.counts.info++;
          m.result.codes["worker-heap-retry"] = 1;
        }
        onResult(m.result, t);
        startTimer(slot);
        dispatch(slot);
      }
    });
    worker.on("error", (e) => {
      // An uncaught error or out-of-memory in the worker: lose the file, not the run.
      const t = slot.queue[0];
      if (t && (e as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY" && !slot.unlimited && !stopping) {
        // Over the heap limit: once more, in a worker without one.
        killedMidTask = true;
        lose(slot, t);
      } else if (t) {
        killedMidTask = true;
        onResult(failedResult(t, "internal", `the conversion worker crashed (${e.message}); please report this with the input`), t);
        lose(slot);
      } else if (!slot.ready) {
        failure ??= new SetupError(`a conversion worker failed to start: ${e.message}`);
        abort();
      }
    });
    worker.on("exit", () => {
      clearTimeout(slot.timer);
      if (!slots.has(slot)) return finishIfIdle();
      const t = slot.queue[0];
      if (t && !stopping) {
        killedMidTask = true;
        onResult(failedResult(t, "internal", "the conversion worker exited unexpectedly; please report this with the input"), t);
      }
      if (!stopping && !slot.ready) {
        // Never got going: its replacement would not either.
        slots.delete(slot);
        failure ??= new SetupError("a conversion worker exited before it was ready");
        abort();
      } else lose(slot);
      finishIfIdle();
    });
  };

  const abort = () => {
    if (stopping) return;
    stopping = true;
    for (const s of slots) retire(s);
    finishIfIdle();
  };

  if (tasks.length === 0) resolveDone({ killedMidTask });
  else for (let i = 0; i < size; i++) spawn();
  return { done, abort };
}
