/**
 * The PDF emitter, checked as a reader would: qpdf, pdfinfo, pdffonts and
 * pdftotext on the output of hand-built ASTs (the seed and small structures),
 * and, when the text parser and the shared corpus are there, on real inputs.
 * Tests that need a tool or /work/shared skip with the reason in their title.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resolution } from "../pipeline/ast.ts";
import "../pipeline/emitters/pdf.ts";
import { getEmitter } from "../pipeline/emitters/registry.ts";
import { flow, linesToUnits } from "../pipeline/emitters/pdf/layout.ts";
import { breakLines, WordBuilder } from "../pipeline/emitters/pdf/text.ts";
import { loadPrintTemplate } from "../pipeline/print-template.ts";
import { expectedTexts, footnoteOverlaps, footnotePages, have, pdfFonts, pdfInfo, pdfText, pdfWords, qpdfCheck, readingOrderProblems, words } from "../scripts/pdf-check.ts";
import { longAst, partsAst, structuresAst } from "./fixtures/pdf-extra.ts";
import { seedAst } from "./fixtures/seed-ast.ts";

const NOW = new Date(Date.UTC(2024, 0, 8, 12, 0, 0));
const SHARED = process.env.RESOLUTE_SHARED ?? path.resolve("../shared");
const HAS_SHARED = fs.existsSync(path.join(SHARED, "seed"));
const POPPLER = have("pdftotext") && have("pdfinfo") && have("pdffonts");
const QPDF = have("qpdf");

function title(name: string, skipped: boolean, reason: string): string {
  return skipped ? `${name} (skipped: ${reason})` : name;
}

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "resolute-pdf-"));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function render(doc: Resolution, template?: string) {
  const r = await getEmitter("pdf")!.emit(doc, { now: NOW, template });
  expect(r.data).toBeInstanceOf(Uint8Array);
  return r as { data: Uint8Array; diagnostics: { code: string; severity: string; message: string }[] };
}

const files = new Map<string, string>();
/** Renders once per case and template, to a file the tools can read. */
async function file(name: string, doc: Resolution, template = "letter"): Promise<string> {
  const key = `${name}.${template}`;
  const hit = files.get(key);
  if (hit) return hit;
  const f = path.join(dir, `${key}.pdf`);
  fs.writeFileSync(f, (await render(doc, template)).data);
  files.set(key, f);
  return f;
}

const cases: [string, Resolution][] = [
  ["seed", seedAst],
  ["structures", structuresAst],
  ["parts", partsAst],
  ["long", longAst()],
];

describe("pdf emitter", () => {
  it("is registered with its extension", () => {
    const e = getEmitter("pdf");
    expect(e?.extension).toBe(".pdf");
  });

  it("renders the seed without diagnostics and starts with a PDF 1.7 header", async () => {
    const r = await render(seedAst);
    expect(r.diagnostics).toEqual([]);
    expect(Buffer.from(r.data.subarray(0, 8)).toString("latin1")).toBe("%PDF-1.7");
  });

  it("gives the same bytes for the same input", async () => {
    for (const [, doc] of cases) {
      const a = await render(doc);
      const b = await render(structuredClone(doc));
      expect(createHash("sha256").update(a.data).digest("hex")).toBe(createHash("sha256").update(b.data).digest("hex"));
    }
  });

  it("writes the document info and XMP metadata with PDF/A-2b identification", async () => {
    const raw = Buffer.from((await render(seedAst)).data).toString("latin1");
    expect(raw).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(raw).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(raw).toContain("/Lang (en)");
    expect(raw).toContain("/StructTreeRoot");
    expect(raw).toMatch(/<dc:title>[\s\S]*A\/RES\/58\/53/);
  });

  it("escapes markup characters in XMP", async () => {
    const doc = structuredClone(seedAst);
    doc.meta.title = "Oceans & the law of the sea <test>";
    const raw = Buffer.from((await render(doc)).data).toString("latin1");
    expect(raw).toContain("Oceans &amp; the law of the sea &lt;test&gt;");
  });

  it("reports a footnote that is referenced but missing, and one never referenced", async () => {
    const doc = structuredClone(seedAst);
    doc.footnotes = doc.footnotes.filter((f) => f.marker !== "3");
    doc.footnotes.push({ kind: "footnote", marker: "9", content: [{ kind: "text", text: "An orphan note." }] });
    const codes = (await render(doc)).diagnostics.map((d) => d.code);
    expect(codes).toContain("pdf-footnote-missing");
    expect(codes).toContain("pdf-footnote-unreferenced");
  });

  it("reports each character the fonts cannot draw once per font, beyond the BMP and lone surrogates included", async () => {
    const doc = structuredClone(seedAst);
    doc.parts[0].preamble[0].content.push({ kind: "text", text: " 你 and 你 again, 😀, a lone \ud800, and café’s “quotes” — fine." });
    const missing = (await render(doc)).diagnostics.filter((d) => d.code === "pdf-missing-glyph").map((d) => d.message);
    expect(missing.map((m) => m.match(/U\+([0-9A-F]+)/)![1]).sort()).toEqual(["1F600", "4F60", "D800"]);
    expect(missing.every((m) => m.includes("regular"))).toBe(true);
  });

  it("rejects an unknown template", async () => {
    await expect(render(seedAst, "tabloid")).rejects.toThrow(/template/);
  });
});

describe("pdf layout engine", () => {
  // Monospaced stand-in: 5 pt per character at 10 pt.
  const measure = { width: (_f: string, size: number, text: string) => (text.length * size) / 2 };
  const wordsOf = (s: string, noteAt?: number) => {
    let n = 0;
    const b = new WordBuilder({ measure, superscript: { scale: 0.6, rise: 0.38 }, noteRef: () => true });
    for (const w of s.split(" ")) {
      b.text(w, { bold: false, italic: false, size: 10 });
      if (++n === noteAt) b.marker("1", { bold: false, italic: false, size: 10 });
      b.space();
    }
    return b.done();
  };
  const text = Array.from({ length: 60 }, (_, i) => ["alpha", "be", "gamma", "delta", "epsilon", "z"][i % 6]).join(" ");

  it("justifies every line but the last to the full width", () => {
    const lines = breakLines(wordsOf(text), { width: 200, firstX: 20, restX: 0, align: "justify" });
    expect(lines.length).toBeGreaterThan(3);
    lines.forEach((l, i) => {
      const lastWord = l.words[l.words.length - 1];
      const end = lastWord.x + lastWord.word.width;
      if (i < lines.length - 1) expect(end).toBeCloseTo(200, 6);
      else expect(end).toBeLessThanOrEqual(200 + 1e-6);
      expect(l.words[0].x).toBe(i === 0 ? 20 : 0);
    });
  });

  it("puts a note on the page of its reference and keeps lines above it", () => {
    const words = wordsOf(text + " " + text + " " + text, 150);
    const lines = breakLines(words, { width: 200, firstX: 0, restX: 0, align: "justify" });
    const units = linesToUnits(lines, 0, 12, undefined);
    const noteUnits = linesToUnits(breakLines(wordsOf("see the report"), { width: 200, firstX: 0, restX: 0, align: "left" }), 0, 10, undefined);
    const g = { firstTop: 0, laterTop: 0, bottom: 100, noteRuleGap: 6, noteAfter: 2, noteRuleX: 0, noteRuleLength: 50, noteRuleWidth: 0.5 };
    const pages = flow([{ units, spaceBefore: 0, spaceAfter: 0 }], new Map([["1", noteUnits]]), g);
    const withNote = pages.findIndex((p) => p.notes.includes("1"));
    expect(withNote).toBeGreaterThanOrEqual(0);
    const items = pages[withNote].items.filter((i) => i.kind === "text") as { y: number; size: number; text: string }[];
    const marker = items.find((i) => i.size < 10 && i.text === "1");
    expect(marker, "the reference is on the note's page").toBeDefined();
    const noteTop = 100 - (6 + 10 + 2);
    const body = items.filter((i) => i.size === 10 && !["see ", "the ", "report "].includes(i.text));
    for (const i of body) expect(i.y).toBeLessThanOrEqual(noteTop);
  });

  it("never leaves a single line of a paragraph at the foot of a page", () => {
    const lines = breakLines(wordsOf(text), { width: 200, firstX: 0, restX: 0, align: "justify" });
    const units = linesToUnits(lines, 0, 12, undefined);
    const g = { firstTop: 0, laterTop: 0, bottom: 100, noteRuleGap: 6, noteAfter: 2, noteRuleX: 0, noteRuleLength: 50, noteRuleWidth: 0.5 };
    const filler = { units: units.slice(0, 7), spaceBefore: 0, spaceAfter: 0 };
    const pages = flow([filler, { units, spaceBefore: 0, spaceAfter: 0 }], new Map(), g);
    // 7 lines of 12 pt leave room for one line of the next paragraph: it moves whole.
    expect(pages[0].items.length).toBe(filler.units.reduce((n, u) => n + u.items.length, 0));
  });
});

describe("pdf output checked with qpdf and poppler", () => {
  for (const [name, doc] of cases) {
    it(title(`${name}: qpdf --check passes`, !QPDF, "qpdf not installed"), async (ctx) => {
      if (!QPDF) ctx.skip("qpdf not installed");
      const r = qpdfCheck(await file(name, doc));
      expect(r.ok, r.output).toBe(true);
    });

    it(title(`${name}: fonts embedded, tagged, letter size, title`, !POPPLER, "poppler-utils not installed"), async (ctx) => {
      if (!POPPLER) ctx.skip("poppler-utils not installed");
      const f = await file(name, doc);
      const fonts = pdfFonts(f);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((x) => !x.embedded)).toEqual([]);
      const info = pdfInfo(f);
      expect(info["Tagged"]).toBe("yes");
      expect(info["Page size"]).toMatch(/^612 x 792 pts/);
      expect(info["Title"]).toContain(doc.meta.symbol!);
      expect(info["Title"]).toContain(doc.meta.title!);
      expect(info["Author"]).toBe("United Nations General Assembly");
    });

    it(title(`${name}: pdftotext gives back every paragraph and footnote in reading order`, !POPPLER, "poppler-utils not installed"), async (ctx) => {
      if (!POPPLER) ctx.skip("poppler-utils not installed");
      expect(readingOrderProblems(await file(name, doc), doc)).toEqual([]);
    });

    it(title(`${name}: body text stays inside the column`, !POPPLER, "poppler-utils not installed"), async (ctx) => {
      if (!POPPLER) ctx.skip("poppler-utils not installed");
      const t = loadPrintTemplate("letter");
      const left = t.margins.left + t.columnInset;
      const right = left + t.columnWidth;
      const mastheadEnd = t.margins.top + t.type.symbolLetter.size + t.spacing.afterTopLine + t.spacing.bandHeight + t.spacing.afterBand + 2 * t.type.mastheadSmall.leading;
      const outside = pdfWords(await file(name, doc)).filter(
        (w) => w.yMin > (w.page === 1 ? mastheadEnd : t.bodyTopLater) && w.yMax < t.page.height - t.margins.bottom && (w.xMin < left - 0.5 || w.xMax > right + 0.5),
      );
      expect(outside.map((w) => `p${w.page} ${w.text} ${w.xMin.toFixed(1)}-${w.xMax.toFixed(1)}`)).toEqual([]);
    });

    it(title(`${name}: each footnote is on the page of its first reference`, !POPPLER, "poppler-utils not installed"), async (ctx) => {
      if (!POPPLER) ctx.skip("poppler-utils not installed");
      const f = await file(name, doc);
      const pages = Number(pdfInfo(f)["Pages"]);
      for (const p of footnotePages(f, doc, pages)) {
        expect(p.notePage, `note ${p.marker} printed`).toBeGreaterThan(0);
        expect(p.notePage, `note ${p.marker} on the page of its reference`).toBe(p.refPage);
      }
    });
  }

  it(title("seed: masthead, page furniture and a repeated reference", !POPPLER, "poppler-utils not installed"), async (ctx) => {
    if (!POPPLER) ctx.skip("poppler-utils not installed");
    const f = await file("seed", seedAst);
    const pages = Number(pdfInfo(f)["Pages"]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const p1 = words(pdfText(f, 1, 1)).join(" ");
    for (const s of ["United Nations", "General Assembly", "Distr.: General", "8 January 2004", "Fifty-eighth session", "Agenda item 73 (p)", "03-45609 (E)"]) {
      expect(p1).toContain(s);
    }
    expect(p1).not.toMatch(/\b1\/\d\b/);
    for (let n = 2; n <= pages; n++) {
      const pn = words(pdfText(f, n, n)).join(" ");
      expect(pn).toContain(`${n}/${pages}`);
      expect(pn).toContain("A/RES/58/53");
    }
    // Note 1 is printed once although referenced twice.
    const all = words(pdfText(f)).join(" ");
    expect(all.split("See CD/1478.").length - 1).toBe(1);
    expect(all).toContain("Destruction1 to accede");
  });

  it(title("a4 template gives A4 pages", !POPPLER, "poppler-utils not installed"), async (ctx) => {
    if (!POPPLER) ctx.skip("poppler-utils not installed");
    const f = await file("seed", seedAst, "a4");
    expect(pdfInfo(f)["Page size"]).toMatch(/^595\.2\d* x 841\.8\d* pts \(A4\)/);
    expect(readingOrderProblems(f, seedAst)).toEqual([]);
  });

  it(title("long: several pages, and body text never runs into the footnotes", !POPPLER, "poppler-utils not installed"), async (ctx) => {
    if (!POPPLER) ctx.skip("poppler-utils not installed");
    const f = await file("long", longAst());
    expect(Number(pdfInfo(f)["Pages"])).toBeGreaterThan(3);
    expect(footnoteOverlaps(f, overlapLimits())).toEqual([]);
  });
});

/** Word box heights of body (10 pt) and note (8.5 pt) type in Tinos, and the body area of the letter template. */
function overlapLimits() {
  const t = loadPrintTemplate("letter");
  const box = 1.107; // Tinos ascent + descent per pt of size
  return {
    top: t.bodyTopLater - 1,
    bottom: t.page.height - t.margins.bottom + 1,
    bodyHeight: t.type.body.size * box - 0.2,
    noteHeight: [t.type.footnote.size * box - 0.2, t.type.footnote.size * box + 0.2] as [number, number],
  };
}

// --------------------------------------------------------------- real inputs

type Parse = (text: string) => { doc: Resolution };
async function loadParser(): Promise<Parse | null> {
  try {
    const m = (await import("../pipeline/convert.ts")) as { parseResolution?: Parse };
    return m.parseResolution ?? null;
  } catch {
    return null;
  }
}
const parser = await loadParser();
const CORPUS_SAMPLE = ["A_RES_74_102", "A_RES_75_254_A-C", "A_RES_78_124"];

describe("pdf from parsed real resolutions", () => {
  const skip = !HAS_SHARED || !parser || !POPPLER;
  const reason = !HAS_SHARED ? `${SHARED} not found` : !parser ? "pipeline/convert.ts parseResolution not available" : "poppler-utils not installed";
  const inputs = [path.join(SHARED, "seed", "A_RES_58_53.txt"), ...CORPUS_SAMPLE.map((n) => path.join(SHARED, "corpus", "ods", `${n}.txt`))];
  for (const input of inputs) {
    const name = path.basename(input, ".txt");
    it(title(`${name}: parses, renders, passes the checks`, skip, reason), async (ctx) => {
      if (skip) ctx.skip(reason);
      if (!fs.existsSync(input)) ctx.skip(`${input} not found`);
      const { doc } = parser!(fs.readFileSync(input, "utf8"));
      const f = await file(`real-${name}`, doc);
      if (QPDF) expect(qpdfCheck(f).ok).toBe(true);
      expect(pdfFonts(f).every((x) => x.embedded)).toBe(true);
      expect(readingOrderProblems(f, doc)).toEqual([]);
      const pages = Number(pdfInfo(f)["Pages"]);
      for (const p of footnotePages(f, doc, pages)) {
        if (p.refPage) expect(p.notePage, `note ${p.marker}`).toBe(p.refPage);
      }
      expect(footnoteOverlaps(f, overlapLimits())).toEqual([]);
      expect(expectedTexts(doc).length).toBeGreaterThan(3);
    });
  }
});
