/**
 * Long text outputs come in pieces (OutputData, pipeline/emitters/registry.ts)
 * and the batch writer encodes them one by one into a buffer it reuses. The
 * pieces must join to the same text, each stay short enough for V8's young
 * generation (a string over 64K UTF-16 units is a large object), and reach
 * the file as exactly the UTF-8 of the whole.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Resolution } from "../pipeline/ast.ts";
import { writeAtomic } from "../pipeline/cli/output.ts";
import { toAkn } from "../pipeline/emitters/akn.ts";
import { getEmitter, TEXT_PIECE_CHARS } from "../pipeline/emitters/index.ts";
import { toYaml } from "../pipeline/emitters/yaml.ts";
import { seedAst } from "./fixtures/seed-ast.ts";

const NOW = new Date("2024-01-01T00:00:00Z");
const LARGE_OBJECT_CHARS = 1 << 16;

/** The seed with its operative paragraphs repeated `times` times over. */
function longDoc(times: number): Resolution {
  const doc = structuredClone(seedAst);
  const operative = doc.parts[0].operative;
  for (let i = 0; i < times; i++) operative.push(...structuredClone(seedAst.parts[0].operative));
  return doc;
}

describe("text output in pieces", () => {
  const doc = longDoc(40);
  const whole = { akn: toAkn(doc, NOW).xml, yaml: toYaml(doc) };

  for (const format of ["akn", "yaml"] as const) {
    it(`${format}: a long document comes in pieces that join to its text, none of them a large object`, async () => {
      expect(whole[format].length).toBeGreaterThan(2 * LARGE_OBJECT_CHARS);
      const { data } = await getEmitter(format)!.emit(doc, { now: NOW });
      expect(Array.isArray(data)).toBe(true);
      const pieces = data as string[];
      expect(pieces.join("")).toBe(whole[format]);
      expect(pieces.length).toBeGreaterThan(whole[format].length / (2 * TEXT_PIECE_CHARS));
      for (const p of pieces) expect(p.length).toBeLessThan(Math.min(2 * TEXT_PIECE_CHARS, LARGE_OBJECT_CHARS));
    });
  }

  it("akn: every piece is whole lines", async () => {
    const { data } = await getEmitter("akn")!.emit(doc, { now: NOW });
    for (const p of data as string[]) expect(p.endsWith("\n")).toBe(true);
  });
});

describe("writing text in pieces", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "resolute-pieces-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the UTF-8 of the joined text, across the encode buffer's end and for a piece larger than it", () => {
    const pieces = [
      "plain ASCII\n",
      "’curly’ “quotes” — dashes, ünïcödé, 中文, emoji 😀\n",
      // A lone surrogate is written as U+FFFD, as writeFileSync writes it.
      "lone \uD800 surrogate\n",
      "x".repeat(400_000),
      ...Array.from({ length: 300 }, (_, i) => `${i}: ${"’word ".repeat(200)}\n`),
      "end\n",
    ];
    const file = path.join(dir, "out.txt");
    writeAtomic(file, pieces);
    expect(readFileSync(file).equals(Buffer.from(pieces.join(""), "utf8"))).toBe(true);
    // A shorter text into the same buffer afterwards: nothing of the first is left over.
    writeAtomic(file, ["short ’one’\n"]);
    expect(readFileSync(file, "utf8")).toBe("short ’one’\n");
  });

  it("writes a single string and bytes as they are", () => {
    const file = path.join(dir, "one.txt");
    writeAtomic(file, "one string ’\n");
    expect(readFileSync(file, "utf8")).toBe("one string ’\n");
    writeAtomic(file, new Uint8Array([0, 1, 2, 255]));
    expect([...readFileSync(file)]).toEqual([0, 1, 2, 255]);
  });
});
