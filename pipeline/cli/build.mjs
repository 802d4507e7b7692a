// The precompiled CLI: pipeline/cli/main.ts and worker.ts bundled by esbuild
// into node_modules/.cache/resolute/, so a run starts without tsx. tsx costs
// about a second of start-up per thread (its loader, then every module
// transformed through it), and a batch starts one thread per core; the
// bundle starts in a fraction of that. Plain JavaScript, so it runs before
// any TypeScript loader exists.
//
// The bundle is never stale: `ensureBuild` compares the size and mtime of
// every source file esbuild read last time and rebuilds when one changed
// (~0.5 s). When esbuild is missing or the cache folder is not writable it
// answers null and bin.mjs falls back to tsx. `node pipeline/cli/build.mjs`
// (npm run build) builds it ahead of time.
//
// Modules find their data files through import.meta.url (templates/, the
// package.json); in a bundle that would be the bundle's URL, so each source
// file's import.meta.url is rewritten to its own original location.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cacheDir = path.join(root, "node_modules", ".cache", "resolute");
const stampFile = path.join(cacheDir, "current.json");
/** Builds older than this that are no longer current are removed (a running batch may still load lazy chunks of the one it started with). */
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
  return { main: pathToFileURL(path.join(dir, "main.mjs")), worker: pathToFileURL(path.join(dir, "worker.mjs")) };
}

export async function build() {
  const esbuild = await import("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  const name = `build-${Date.now()}-${process.pid}`;
  const outdir = path.join(cacheDir, name);
  const rewriteImportMeta = {
    name: "import-meta-url",
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const src = readFileSync(args.path, "utf8");
        const rel = path.relative(outdir, args.path).split(path.sep).join("/");
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url)`;
        let contents = src.replaceAll("import.meta.url", `${url}.href`);
        if (/import\.meta\.(dirname|filename)/.test(contents)) {
          const toPath = "__resoluteFileURLToPath";
          contents =
            `import { fileURLToPath as ${toPath} } from "node:url";\n` +
            contents
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
    // Separate chunks keep dynamic imports lazy: libxml2-wasm is loaded only when AKN is validated.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir,
    outExtension: { ".js": ".mjs" },
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
  inputs[path.relative(root, fileURLToPath(import.meta.url))] = fingerprint(fileURLToPath(import.meta.url));
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
export async function ensureBuild() {
  if (process.env.RESOLUTE_NO_BUNDLE) return null;
  try {
    return currentBuild() ?? (await build());
  } catch {
    return null;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  const b = await build();
  console.log(`resolute: bundle built in ${Math.round(performance.now() - t)} ms → ${path.relative(root, path.dirname(fileURLToPath(b.main)))}`);
}
