/**
 * A conversion worker thread: loads the job environment (schema, and through
 * the emitters' own caches fonts, templates, lexicons) once, then converts
 * one file per "task" message and answers with its result. Outputs are
 * written here, in the worker, so no document travels between threads.
 */
import { parentPort, workerData } from "node:worker_threads";
import { convertFile, createJobEnv, SetupError, type FileResult, type JobEnv, type JobOptions, type Task } from "./job.ts";

/** The pool only sends files; it stops a worker by terminating it. */
export type ToWorker = { type: "task"; task: Task };
export type FromWorker = { type: "ready" } | { type: "setup-error"; message: string } | { type: "result"; result: FileResult };

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

function serve(env: JobEnv): void {
  // The pool sends the next file before this one is done (pool.ts,
  // QUEUE_DEPTH): files wait here and are converted one at a time, in order.
  const queue: Task[] = [];
  let busy = false;
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
    }
    busy = false;
  };
  port.on("message", (m: ToWorker) => {
    queue.push(m.task);
    void pump();
  });
  post({ type: "ready" });
}

let env: JobEnv | undefined;
try {
  env = await createJobEnv((workerData as { options: JobOptions }).options);
} catch (e) {
  post({ type: "setup-error", message: (e as Error).message });
  port.close();
}
if (env) serve(env);
