/** Where the read-only shared data (corpus, schema, spec) is, if anywhere. */
import { existsSync } from "node:fs";
import path from "node:path";

export const SHARED = path.resolve(process.env.RESOLUTE_SHARED ?? path.join(import.meta.dirname, "../../../shared"));
export const CORPUS = path.join(SHARED, "corpus");
export const hasCorpus = existsSync(path.join(CORPUS, "ods"));
export const noCorpusReason = `skipped: ../shared/corpus not found (set RESOLUTE_SHARED)`;

/** A fixed conversion time, so outputs compared in tests never depend on the clock. */
export const FIXED_NOW = new Date("2026-01-01T00:00:00Z");

export const UPDATE_GOLDEN = process.env.RESOLUTE_GOLDEN_UPDATE === "1";
