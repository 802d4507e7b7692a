// Runs a CommonJS bundle of the CLI (./build.cjs) with V8's code cache.
//
// Every thread of a batch compiles the code it runs: the main thread its
// bundle, each worker its own. A function is compiled when first called, so a
// worker spends its first documents compiling. V8 can save what it compiled
// (vm.Script#createCachedData, after the code has run, so that it includes
// the functions compiled lazily) and start from that the next time. Node 20
// offers this only for scripts compiled through node:vm, not for ES modules
// or require(): hence a CommonJS bundle, run here in Node's module wrapper.
// On the 2-core development machine an akn+yaml run of the 483-resolution
// corpus took 1.47 s with the cache against 1.59 s with the ES module bundle
// (5 alternating pairs; workers ready ~20 ms sooner, and the documents after
// that converted ~8% faster).
//
// The cache is a file beside the bundle, named by the V8 version, flags and
// CPU features it is valid for (v8.cachedDataVersionTag) and, for a worker,
// by the formats it writes (each set of formats runs other code). The code
// saves it once warm (a worker after its first files, the main thread after
// a conversion) when there was none, or V8 refused the one there was (it
// checks the source and the flags, and refuses anything that does not
// match). The main thread's also when this run compiled a tenth more than
// the cache held: it converted in this thread (--jobs 1) for the first time,
// or with other formats. (Finding that out means making the cache, ~2.5 ms;
// a worker, whose cache is made for its formats, does not ask.) Otherwise it
// is only read. It never changes what the code does, only how soon it runs:
// a missing or unwritable cache only costs time.
// RESOLUTE_NO_CODE_CACHE=1 runs without reading or writing it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");
const { createRequire } = require("node:module");
const { threadId } = require("node:worker_threads");

/**
 * Dynamic import() for the bundle: code compiled through node:vm cannot
 * import() on Node 20 without an experimental flag, this module can. The
 * bundle calls it for the ES-module-only packages it loads on demand
 * (build.cjs rewrites their import() calls to it).
 */
const importModule = (specifier) => import(specifier);

/** How much more than the cache held a run must have compiled before it saves the cache again. */
const GROWTH_TO_SAVE = 1.1;

/**
 * Runs the bundle at `bundlePath` (its top-level code, as require() would)
 * and returns its exports, whether a code cache was used, and
 * `saveCodeCache`, which saves the cache for the next run when it should.
 * `variant` names the cache among others for the same bundle; with
 * `saveWhenGrown`, a run that compiled a tenth more than the cache held saves it again.
 */
function runBundle(bundlePath, { variant = "", saveWhenGrown = false } = {}) {
  const file = path.resolve(bundlePath);
  const source = fs.readFileSync(file, "utf8");
  const cacheFile = `${file}.${variant ? variant.replace(/[^\w+-]/g, "_") + "." : ""}${v8.cachedDataVersionTag()}.cache`;
  const enabled = !process.env.RESOLUTE_NO_CODE_CACHE;
  let cachedData;
  try {
    if (enabled) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  // One line with the code's first line, so line numbers in stack traces are the bundle's own.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __importModule) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), importModule);
  let saved = !enabled;
  return {
    exports: module.exports,
    cacheUsed,
    cacheFile,
    /** Saves the cache when there was none usable (or, with saveWhenGrown, this run compiled much more); once per run. */
    saveCodeCache() {
      if (saved || (cacheUsed && !saveWhenGrown)) return;
      saved = true;
      const data = script.createCachedData();
      if (cacheUsed && data.length < cachedData.length * GROWTH_TO_SAVE) return;
      const tmp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
      try {
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only install, a full disk: the next run compiles as this one did.
        fs.rmSync(tmp, { force: true });
      }
    },
  };
}

module.exports = { runBundle };
