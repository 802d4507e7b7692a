/**
 * The PDF writer's content streams (pipeline/emitters/pdf/writer.ts): texts
 * drawn in a row share one text object, placed relative to each other, and
 * any other content closes it first; each text lands where an absolute text
 * matrix would have put it.
 */
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { PdfWriter } from "../pipeline/emitters/pdf/writer.ts";
import { fontKeys, type FontKey } from "../pipeline/emitters/pdf/text.ts";
import { fontPath, loadPrintTemplate } from "../pipeline/print-template.ts";

const template = loadPrintTemplate("letter");
const files = Object.fromEntries(fontKeys.map((k) => [k, fontPath(template, k)])) as Record<FontKey, string>;

/** The first page's content stream, inflated. */
function firstContent(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString("latin1");
  const page = /\/Contents (\d+) 0 R/.exec(text)!;
  const obj = text.indexOf(`\n${page[1]} 0 obj`);
  const start = text.indexOf("stream\n", obj) + 7;
  const end = text.indexOf("\nendstream", start);
  return zlib.inflateSync(Buffer.from(pdf.subarray(start, end))).toString("latin1");
}

/** Where each text is shown, in PDF user space, from the Tm and Td operators before it. */
function textPositions(content: string): [number, number][] {
  const out: [number, number][] = [];
  let lx = NaN, ly = NaN;
  for (const line of content.split("\n")) {
    let m;
    if ((m = /^1 0 0 1 (\S+) (\S+) Tm$/.exec(line))) [lx, ly] = [Number(m[1]), Number(m[2])];
    else if ((m = /^(\S+) (\S+) Td$/.exec(line))) [lx, ly] = [lx + Number(m[1]), ly + Number(m[2])];
    else if (/ T[Jj]$/.test(line)) out.push([lx, ly]);
  }
  return out;
}

describe("PDF text objects", () => {
  it("are shared by texts in a row and closed by other content", async () => {
    const w = new PdfWriter({ autoFirstPage: false, size: [612, 792], margins: { top: 0, bottom: 0, left: 0, right: 0 } }, files, fontKeys);
    w.addPage({ size: [612, 792], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    const placed: [number, number][] = [
      [72, 100],
      [110.123456, 100],
      [72, 113.5],
    ];
    w.text("regular", 11, "General", ...placed[0]);
    w.text("bold", 11, "Assembly", ...placed[1]);
    w.text("regular", 11, "Recalling", ...placed[2]);
    w.pdf.moveTo(72, 120).lineTo(200, 120).stroke();
    placed.push([300.5, 130.25]);
    w.text("regular", 9, "AVAIL", ...placed[3]);
    const content = firstContent(await w.end());

    const ops = content.split("\n").filter((l) => /^(BT|ET|q|Q|S)$|T[fmdJj]$/.test(l)).map((l) => l.split(" ").pop());
    expect(ops).toEqual(["q", "BT", "Tf", "Tm", "Tj", "Tf", "Td", "Tj", "Tf", "Td", "Tj", "ET", "Q", "S", "q", "BT", "Tf", "Tm", "TJ", "ET", "Q"]);
    // The page is flipped (top-down coordinates); text objects undo the flip, so y counts from the bottom.
    const expected = placed.map(([x, y]) => [x, 792 - y]);
    const got = textPositions(content);
    expect(got).toHaveLength(expected.length);
    got.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 5);
      expect(y).toBeCloseTo(expected[i][1], 5);
    });
  });
});
