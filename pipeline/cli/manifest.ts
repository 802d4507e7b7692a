/**
 * The --skip-unchanged manifest: for each output name, the sha256 of the
 * input it was last converted from and, per format, a key of everything else
 * that shapes the output (the code, the options, SOURCE_DATE_EPOCH). An input
 * is converted again when its bytes, the code or an option changed, when an
 * output is missing, or when it failed last time (failures are not recorded,
 * so they are reported again rather than hidden by a skip).
 *
 * The manifest lives in the output folder and is written atomically, during
 * the run as well as at its end, so an interrupted run keeps what it did.
 * Each shard of a job array writes its own file; lookups read them all.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PreviousRun } from "./job.ts";
import type { Shard } from "./inputs.ts";
import { writeAtomic } from "./output.ts";

const PREFIX = ".resolute-manifest";

export function manifestName(shard?: Shard): string {
  return shard && shard.count > 1 ? `${PREFIX}.shard-${shard.index}-of-${shard.count}.json` : `${PREFIX}.json`;
}

interface Entry extends PreviousRun {
  /** The input path as the run named it; for people reading the file. */
  input: string;
}

interface ManifestFile {
  tool: "resolute";
  manifest: 1;
  entries: Record<string, Entry>;
}

export class Manifest {
  private readonly own = new Map<string, Entry>();
  private readonly others = new Map<string, Entry>();
  private dirty = false;

  constructor(
    readonly outDir: string,
    readonly name: string,
  ) {}

  /** Loads this run's manifest and, for lookups, those of other shards in the same folder. */
  static load(outDir: string, shard?: Shard): Manifest {
    const m = new Manifest(outDir, manifestName(shard));
    let names: string[] = [];
    try {
      names = readdirSync(outDir).filter((n) => n.startsWith(PREFIX) && n.endsWith(".json"));
    } catch {
      return m;
    }
    for (const n of names) {
      let data: ManifestFile;
      try {
        data = JSON.parse(readFileSync(path.join(outDir, n), "utf8"));
      } catch {
        continue; // unreadable or foreign: treat as absent; everything is converted again
      }
      if (data?.manifest !== 1 || typeof data.entries !== "object") continue;
      const into = n === m.name ? m.own : m.others;
      for (const [k, e] of Object.entries(data.entries)) {
        if (e && typeof e.hash === "string" && e.formats && typeof e.formats === "object") into.set(k, e);
      }
    }
    return m;
  }

  get(relative: string): PreviousRun | undefined {
    const e = this.own.get(relative) ?? this.others.get(relative);
    return e && { hash: e.hash, formats: e.formats };
  }

  /**
   * Records what a conversion of `relative` produced: formats converted
   * without error are set, requested formats that failed are removed.
   */
  record(relative: string, input: string, hash: string | undefined, requested: string[], done: Record<string, string>): void {
    const prev = this.own.get(relative) ?? this.others.get(relative);
    if (!hash) {
      if (this.own.delete(relative)) this.dirty = true;
      return;
    }
    const formats: Record<string, string> = prev && prev.hash === hash ? { ...prev.formats } : {};
    for (const f of requested) {
      if (done[f]) formats[f] = done[f];
      else delete formats[f];
    }
    this.own.set(relative, { input, hash, formats });
    this.dirty = true;
  }

  /** Writes the manifest (atomically) when something changed since the last save. */
  save(): void {
    if (!this.dirty) return;
    const entries: Record<string, Entry> = {};
    for (const k of [...this.own.keys()].sort()) entries[k] = this.own.get(k)!;
    const data: ManifestFile = { tool: "resolute", manifest: 1, entries };
    writeAtomic(path.join(this.outDir, this.name), JSON.stringify(data, null, 1) + "\n");
    this.dirty = false;
  }
}

/**
 * A fingerprint of the code that produces outputs: the pipeline's sources
 * and templates. A changed parser or emitter makes --skip-unchanged convert
 * everything again rather than keep outputs an older version wrote.
 */
export function codeFingerprint(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const h = createHash("sha256");
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) h.update(path.relative(root, full)).update("\0").update(readFileSync(full)).update("\0");
    }
  };
  visit(path.join(root, "pipeline"));
  visit(path.join(root, "templates"));
  try {
    h.update(readFileSync(path.join(root, "package-lock.json")));
  } catch {
    // no lock file (installed as a package): the sources alone identify the code
  }
  return h.digest("hex").slice(0, 16);
}

/** The option key of one format: what besides the input bytes decides its output. */
export function optionKey(parts: { code: string; format: string; from?: string; template?: string; schemaDir: string | null; epoch?: string }): string {
  const relevant = {
    code: parts.code,
    format: parts.format,
    from: parts.from ?? null,
    template: parts.format === "pdf" || parts.format === "docx" ? parts.template ?? "letter" : null,
    schema: parts.format === "akn" ? parts.schemaDir : null,
    epoch: parts.epoch ?? null,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 16);
}
