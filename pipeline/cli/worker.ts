/**
 * A conversion worker thread: loads the job environment (schema, and through
 * the emitters' own caches fonts, templates, lexicons) once, then converts
 * one file per "task" message and answers with its result. Outputs are
 * written here, in the worker, so no document travels between threads.
 *
 * Its loader starts it (startWorker): worker-boot.mjs when the CLI runs as
 * TypeScript, the bundle's worker entry (build.cjs) otherwise.
 */
import { parentPort, workerData } from "node:worker_threads";
import { convertFile, createJobEnv, SetupError, type FileResult, type JobEnv, type JobOptions, type Task } from "./job.ts";
import { collectGarbage } from "./v8-tuning.ts";

/** The pool only sends files; it stops a worker by terminating it. */
export type ToWorker = { type: "task"; task: Task };
export type FromWorker = { type: "ready" } | { type: "setup-error"; message: string } | { type: "result"; result: FileResult };

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

/**
 * Files a worker converts between two full collections of its heap. Left to
 * itself V8 lets a worker's heap grow toward its limit over a long run (all
 * four formats: 95 -> 111 MB per worker over 600 files), so a folder three
 * times as long peaked higher. Peak RSS, median of 3 runs, once and three
 * times over the corpus: AKN+YAML 120 -> 136 MB (+13 %) without these
 * collections, 116 -> 122 MB (+5 %) with one every 200 files; all four
 * formats 299 -> 331 MB (+11 %, the bench) against 295 -> 322 MB (+9 %).
 * (Every 100 files did no better.) A full collection takes 8-15 ms with the
 * text formats and 45-55 ms with PDF's fonts in the heap: about 1 % and
 * 0.4 % of a worker's time.
 */
const FILES_PER_COLLECTION = 200;

function serve(env: JobEnv): void {
  // The pool sends the next file before this one is done (pool.ts,
  // QUEUE_DEPTH): files wait here and are converted one at a time, in order.
  const queue: Task[] = [];
  let busy = false;
  let converted = 0;
  const pump = async () => {
    if (busy) return;
    busy = true;
    for (let task = queue.shift(); task; task = queue.shift()) {
      let result: FileResult;
      try {
        result = await convertFile(task, env);
      } catch (e) {
        if (e instanceof SetupError) {
          post({ type: "setup-error", message: e.message });
          queue.length = 0;
          break;
        }
        // convertFile reports problems itself; this is a bug, but it must not take the run down.
        result = {
          id: task.id, status: "failed", outputs: [], counts: { error: 1, warning: 0, info: 0 }, codes: { internal: 1 }, ms: 0, formats: {},
          lines: [`${task.display}: error internal: ${(e as Error).message}; please report this with the input`],
        };
      }
      post({ type: "result", result });
      if (++converted % FILES_PER_COLLECTION === 0) collectGarbage();
    }
    busy = false;
  };
  port.on("message", (m: ToWorker) => {
    queue.push(m.task);
    void pump();
  });
  // Node loads its performance-timing modules when `performance` is first
  // used: here, before the batch sets V8's flags, so that they still come
  // from Node's code cache (see v8-tuning.ts).
  performance.now();
  post({ type: "ready" });
}

/** Loads the job environment and serves files until the pool terminates the worker. */
export function startWorker(): void {
  createJobEnv((workerData as { options: JobOptions }).options).then(
    serve,
    (e: unknown) => {
      post({ type: "setup-error", message: (e as Error).message });
      port.close();
    },
  );
}
