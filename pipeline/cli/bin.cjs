#!/usr/bin/env node
// The installed `resolute` command (and `npm run resolute`). Runs the
// precompiled bundle (./build.cjs: rebuilt whenever a source changed) or,
// where it cannot be built or RESOLUTE_NO_BUNDLE is set, the TypeScript
// through tsx's loader.
//
// CommonJS, not an ES module: Node starts its ES module loader for an .mjs
// entry, which took ~40 ms of every start here (an empty .mjs file 145 ms,
// an empty .cjs 107 ms, medians of 15), and the bundle needs no ES modules.
"use strict";
const { fileURLToPath } = require("node:url");

// V8's flags for a batch are set by the batch itself, once its worker
// threads have started (pipeline/cli/v8-tuning.ts says why not here).

const args = process.argv.slice(2);

async function run() {
  const bundle = await require("./build.cjs").ensureBuild();
  if (bundle) {
    const { cli } = require(fileURLToPath(bundle.main));
    process.exitCode = await cli(args, { workerUrl: bundle.worker });
  } else {
    // libxml2-wasm embeds its 1 MB wasm binary in a JavaScript string; loaded
    // through tsx's hooks it takes over a second and ~150 MB more memory,
    // loaded plainly ~0.15 s. Importing it before tsx is registered puts it in
    // the module cache, where the TypeScript's later import finds it.
    if (args.includes("convert") || args.includes("validate")) await import("libxml2-wasm");
    const { register } = await import("tsx/esm/api");
    register();
    const { cli } = await import("./main.ts");
    process.exitCode = await cli(args);
  }
}

run();
