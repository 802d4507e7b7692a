#!/usr/bin/env node
// The installed `resolute` command (and `npm run resolute`). Runs the
// precompiled bundle (./build.mjs: rebuilt whenever a source changed) or,
// where it cannot be built or RESOLUTE_NO_BUNDLE is set, the TypeScript
// through tsx's loader.
import { ensureBuild } from "./build.mjs";

const args = process.argv.slice(2);
const bundle = await ensureBuild();
if (bundle) {
  const { cli } = await import(bundle.main.href);
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
