// The precompiled CLI: pipeline/cli/main.ts and worker.ts bundled by esbuild
// into node_modules/.cache/resolute/, so a run starts without tsx. tsx costs
// about a second of start-up per thread (its loader, then every module
// transformed through it), and a batch starts one thread per core; the
// bundle starts in a fraction of that. Plain JavaScript (CommonJS, like
// bin.cjs, which loads it first thing), so it runs before any TypeScript
// loader exists.
//
// The bundles are CommonJS too: bin.cjs requires main.cjs, and a worker
// thread starts at worker-entry.cjs, written here. Node starts its ES
// module loader for the first ES module a thread loads, which cost each
// thread tens of milliseconds (see bin.cjs).
//
// The bundle is never stale: `ensureBuild` compares the size and mtime of
// every source file esbuild read last time and rebuilds when one changed
// (~0.5 s). When esbuild is missing or the cache folder is not writable it
// answers null and bin.cjs falls back to tsx. `node pipeline/cli/build.cjs`
// (npm run build) builds it ahead of time.
//
// Modules find their data files through import.meta.url (templates/, the
// package.json); in a bundle that would be the bundle's URL, so each source
// file's import.meta.url is rewritten to its own original location.
"use strict";
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { fileURLToPath, pathToFileURL } = require("node:url");

const root = path.resolve(__dirname, "../..");
const cacheDir = path.join(root, "node_modules", ".cache", "resolute");
const stampFile = path.join(cacheDir, "current.json");
/** Builds older than this that are no longer current are removed (a running batch may still start workers from the one it started with). */
const KEEP_OLD_MS = 10 * 60 * 1000;

const fingerprint = (file) => {
  const st = statSync(file);
  return `${st.size}:${st.mtimeMs}`;
};

/** The current build's entry URLs when it matches the sources, else null. */
function currentBuild() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    for (const [file, fp] of Object.entries(stamp.inputs)) if (fingerprint(path.join(root, file)) !== fp) return null;
  } catch {
    return null;
  }
  const dir = path.join(cacheDir, stamp.dir);
  return { main: pathToFileURL(path.join(dir, "main.cjs")), worker: pathToFileURL(path.join(dir, "worker-entry.cjs")) };
}

/** The worker thread's entry (worker.ts exports its start: a CommonJS bundle has no top-level await). */
const WORKER_ENTRY = `"use strict";
// Written by pipeline/cli/build.cjs.
require("./worker.cjs").startWorker();
`;

async function build() {
  const esbuild = require("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  const name = `build-${Date.now()}-${process.pid}`;
  const outdir = path.join(cacheDir, name);
  const rewriteImportMeta = {
    name: "import-meta-url",
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const src = readFileSync(args.path, "utf8");
        const rel = path.relative(outdir, args.path).split(path.sep).join("/");
        // __filename: the bundle's path, from Node's CommonJS module wrapper.
        const url = `new URL(${JSON.stringify(rel)}, __resolutePathToFileURL(__filename))`;
        let contents = src;
        if (/import\.meta\.(url|dirname|filename)/.test(contents)) {
          const toPath = "__resoluteFileURLToPath";
          contents =
            `import { fileURLToPath as ${toPath}, pathToFileURL as __resolutePathToFileURL } from "node:url";\n` +
            contents
              .replaceAll("import.meta.url", `${url}.href`)
              .replaceAll("import.meta.filename", `${toPath}(${url})`)
              .replaceAll("import.meta.dirname", `${toPath}(new URL(".", ${url})).replace(/[\\\\/]$/, "")`);
        }
        return { contents, loader: "ts" };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: { main: path.join(root, "pipeline/cli/main.ts"), worker: path.join(root, "pipeline/cli/worker.ts") },
    bundle: true,
    // Modules imported dynamically (the PDF and DOCX renderers, the schema) stay
    // in the bundle but are only evaluated when first imported.
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir,
    outExtension: { ".js": ".cjs" },
    metafile: true,
    plugins: [rewriteImportMeta],
    logLevel: "silent",
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const rel = path.relative(root, path.resolve(file)).split(path.sep).join("/");
    inputs[rel] = fingerprint(path.join(root, rel));
  }
  // Inputs of the stamp include this file: a change in how the bundle is made rebuilds it too.
  inputs[path.relative(root, __filename)] = fingerprint(__filename);
  writeFileSync(path.join(outdir, "worker-entry.cjs"), WORKER_ENTRY);
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ dir: name, inputs }, null, 1));
  renameSync(tmp, stampFile);
  for (const old of readdirSync(cacheDir)) {
    if (!old.startsWith("build-") || old === name) continue;
    try {
      if (Date.now() - statSync(path.join(cacheDir, old)).mtimeMs > KEEP_OLD_MS) rmSync(path.join(cacheDir, old), { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
  return currentBuild();
}

/** Entry URLs of an up-to-date bundle, building it when needed; null when it cannot be built. */
async function ensureBuild() {
  if (process.env.RESOLUTE_NO_BUNDLE) return null;
  try {
    return currentBuild() ?? (await build());
  } catch {
    return null;
  }
}

module.exports = { build, ensureBuild };

if (require.main === module) {
  const t = performance.now();
  build().then((b) => console.log(`resolute: bundle built in ${Math.round(performance.now() - t)} ms → ${path.relative(root, path.dirname(fileURLToPath(b.main)))}`));
}
