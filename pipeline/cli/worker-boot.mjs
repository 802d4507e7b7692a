// Entry of a conversion worker thread (see pool.ts). Plain JavaScript on
// purpose: on Node 20 a worker does not inherit tsx's loader, and
// `execArgv: ["--import", "tsx"]` fails with "Unknown file extension .ts",
// so each worker registers tsx itself before importing the TypeScript.
import { workerData } from "node:worker_threads";

// libxml2-wasm embeds its 1 MB wasm binary in a JavaScript string; loaded
// through tsx's hooks it takes over a second and ~150 MB more memory, loaded
// plainly ~0.15 s. Importing it first puts it in the module cache, where the
// TypeScript's later import finds it.
const o = workerData?.options;
if (o?.schemaDir && o.formats?.includes("akn")) await import("libxml2-wasm");
const { register } = await import("tsx/esm/api");
register();
const { startWorker } = await import("./worker.ts");
startWorker();
