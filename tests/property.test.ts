/**
 * Property-based: whatever bytes arrive (random text, random bytes, real
 * resolutions cut, spliced, duplicated and sprinkled with the markers the
 * parser keys on), reading never throws and emitting what was read never
 * throws; problems come back as diagnostics. Each input must also finish:
 * the bound below is a hang detector set far above any real time, not a
 * performance assertion (growth with size is measured by npm run bench).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../pipeline/convert.ts";
import { listEmitters } from "../pipeline/emitters/index.ts";
import { FIXED_NOW } from "./support/shared.ts";

const GOLDEN = ["seed", "annex", "parts", "points", "sections", "footnote-twice", "lone-paragraph"].map((n) =>
  readFileSync(path.join(import.meta.dirname, "golden", n, "input.txt"), "utf8"),
);
/** Far above the ~0.1 s a real input takes; only a hang or a blow-up crosses it. */
const HANG_MS = 10_000;
const SEED_PROPERTY = Number(process.env.RESOLUTE_PROPERTY_SEED ?? Date.now() % 2 ** 31);

/** Pieces the stages treat specially, so mutations reach their branches. */
const TOKENS = [
  "\t", "\n", "\n\n", "\r\n", "\r", "1.\t", "(a)\t", "(iv)\t", "\t\t", "The General Assembly,", "Annex", "ANNEX", "Part I", "A.\t",
  "Resolution adopted by the General Assembly on 8 December 2003", "<<ODS JOB NO>>", "<<ODS DOC SYMBOL1>>", "[on the report of the First Committee (A/58/462)]",
  "58/53.\t", "*", "1", "23", "\u00a0", "\u200b", "\u2028", "\ufeff", "\u0000", "“", "”", "…", "—", "<", "&", "]]>", "\\", "\t1", "  ", "\f",
  "Recalling", "Decides", "Requests", "the Secretary-General", "A/RES/58/53", "_______________", "Footnote", "\t*\t",
];

interface Mutation {
  kind: "cut" | "duplicate" | "insert" | "delete" | "swap-lines" | "truncate";
  at: number;
  len: number;
  token: string;
}

function mutate(text: string, ms: Mutation[]): string {
  for (const m of ms) {
    const n = text.length;
    const at = n ? m.at % n : 0;
    const len = Math.min(m.len, n - at);
    switch (m.kind) {
      case "cut":
        text = text.slice(0, at) + text.slice(at + len);
        break;
      case "duplicate":
        text = text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
        break;
      case "insert":
        text = text.slice(0, at) + m.token + text.slice(at);
        break;
      case "delete":
        text = text.slice(0, at) + text.slice(at + 1);
        break;
      case "swap-lines": {
        const lines = text.split("\n");
        if (lines.length > 1) {
          const i = m.at % lines.length, j = (m.at + m.len) % lines.length;
          [lines[i], lines[j]] = [lines[j], lines[i]];
        }
        text = lines.join("\n");
        break;
      }
      case "truncate":
        text = text.slice(0, at);
        break;
    }
  }
  return text;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("cut", "duplicate", "insert", "insert", "insert", "delete", "swap-lines", "truncate"),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 400 }),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
});

const mutatedResolution = fc.tuple(fc.constantFrom(...GOLDEN), fc.array(mutation, { minLength: 1, maxLength: 12 })).map(([text, ms]) => mutate(text, ms));
/** Lines built from the tokens: text that looks like a resolution to the detector but is nonsense. */
const tokenSoup = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 30 })), { maxLength: 300 }).map((parts) => parts.join(""));

/** Reads and emits in every format given; returns the time taken (ms). Throws if anything does. */
async function throughPipeline(bytes: Uint8Array, formats: string[]): Promise<number> {
  const t = performance.now();
  const outcome = readInput(bytes);
  expect(Array.isArray(outcome.diagnostics)).toBe(true);
  if (outcome.doc) {
    for (const f of formats) {
      const r = await emit(outcome.doc, f, { now: FIXED_NOW });
      expect(r.data.length).toBeGreaterThan(0);
    }
  }
  return performance.now() - t;
}

const enc = new TextEncoder();
const text = ["akn", "yaml"];

describe(`the pipeline never throws and always finishes (fast-check seed ${SEED_PROPERTY}; RESOLUTE_PROPERTY_SEED=… to replay)`, () => {
  it("on mutated resolutions (akn, yaml)", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedResolution, async (t) => {
        expect(await throughPipeline(enc.encode(t), text)).toBeLessThan(HANG_MS);
      }),
      { numRuns: 250, seed: SEED_PROPERTY },
    );
  }, 120_000);

  it("on token soup that the reader takes for a resolution (akn, yaml)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(fc.constantFrom(...GOLDEN), tokenSoup), async ([head, soup]) => {
        // A real masthead first, so detection succeeds and the parser sees the soup.
        const t = head.slice(0, 300) + soup;
        expect(await throughPipeline(enc.encode(t), text)).toBeLessThan(HANG_MS);
      }),
      { numRuns: 200, seed: SEED_PROPERTY },
    );
  }, 120_000);

  it("on random text and random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "binary", maxLength: 3000 }).map((s) => enc.encode(s)), fc.uint8Array({ maxLength: 3000 })), async (bytes) => {
        expect(await throughPipeline(bytes, text)).toBeLessThan(HANG_MS);
      }),
      { numRuns: 200, seed: SEED_PROPERTY },
    );
  }, 120_000);

  it("on mutated resolutions, in every registered format", async () => {
    const all = listEmitters().map((e) => e.name);
    await fc.assert(
      fc.asyncProperty(mutatedResolution, async (t) => {
        expect(await throughPipeline(enc.encode(t), all)).toBeLessThan(HANG_MS);
      }),
      { numRuns: 15, seed: SEED_PROPERTY },
    );
  }, 120_000);
});
