/**
 * The PDF writer keeps widths and shapes of words across documents
 * (pipeline/emitters/pdf/writer.ts). Its keys must not keep the documents
 * themselves alive: V8 makes a substring of 13 or more characters a view
 * into the string it was cut from, so a word cut from an input and kept as
 * it is would hold the whole input for as long as the cache holds the word.
 */
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../pipeline/cli/v8-tuning.ts";
import { PdfWriter } from "../pipeline/emitters/pdf/writer.ts";
import { fontKeys, type FontKey } from "../pipeline/emitters/pdf/text.ts";
import { fontPath, loadPrintTemplate } from "../pipeline/print-template.ts";

const template = loadPrintTemplate("letter");
const files = Object.fromEntries(fontKeys.map((k) => [k, fontPath(template, k)])) as Record<FontKey, string>;
const page = { size: [612, 792] as [number, number], margins: { top: 0, bottom: 0, left: 0, right: 0 } };

/** Heap in use once the writer's last stream events have run and everything unreachable is collected. */
const heapUsed = async () => {
  await new Promise((r) => setImmediate(r));
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const MB = 1e6;
/** A "document" of some 16 MB, made afresh each time so no two tests share it. */
const bigText = (seed: string) => (seed + " abcdefghijklmnopqrstuvwxyz").repeat(600_000);

describe("PDF writer caches", () => {
  it("keep no input alive through the words they hold", async () => {
    // The premise: a kept substring keeps its source.
    const before = await heapUsed();
    let source: string | undefined = bigText("Premise");
    let kept: string | undefined = source.slice(8, 30);
    source = undefined;
    expect((await heapUsed()) - before).toBeGreaterThan(10 * MB);
    expect(kept.length).toBe(22);
    kept = undefined;

    const write = async (words: string[]) => {
      const w = new PdfWriter({ autoFirstPage: false, ...page }, files, fontKeys);
      w.addPage(page);
      words.forEach((word, i) => {
        w.width("regular", 11, word);
        w.text("bold", 11, word, 72, 100 + i * 12);
      });
      await w.end();
    };
    // Fonts are parsed and cached by the first document.
    await write(["Warm-up"]);
    const base = await heapUsed();
    let text: string | undefined = bigText("Measured");
    await write(Array.from({ length: 20 }, (_, i) => text!.slice(9 + i, 9 + i + 20)));
    text = undefined;
    // The writer's own document is gone; what its caches kept of the words is a few KB.
    expect((await heapUsed()) - base).toBeLessThan(4 * MB);
  });
});
