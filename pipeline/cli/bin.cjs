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
const { setFlagsFromString } = require("node:v8");

// A batch is a short run of much code. V8 by default optimizes a function
// once some 66 KB of its bytecode has run, and compiling that much optimized
// code (on background threads, which on a machine of few cores take CPU from
// the conversion itself) cost more than it saved. Tiering up some fifteen
// times later leaves only the really hot functions to optimize. On the
// 2-core development machine, paired runs of the 483-resolution corpus:
// all four formats 20.2 -> 16.6 s (3 pairs), AKN+YAML 2.92 -> 2.41 s (4
// pairs), a fifth less CPU time; 270 000 and 540 000 gave about half that
// gain with all four formats, 2 000 000 the same as this. V8 flags are
// process-wide, so the workers get it too.
setFlagsFromString("--interrupt-budget=1000000");

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
