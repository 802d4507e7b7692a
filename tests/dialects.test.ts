/**
 * Unit tests of the PDF text dialects (para-text, pdf-text): detection
 * against the ODS reader, page furniture, footnotes, unwrapping and the
 * repairs of extraction defects. Inputs are written here, not taken from
 * the corpus.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Inline, OperativeParagraph } from "../pipeline/ast.ts";
import { plainText } from "../pipeline/ast-utils.ts";
import { readInput } from "../pipeline/convert.ts";
import { detectReader, getReader } from "../pipeline/readers/index.ts";
import { readMasthead } from "../pipeline/stages/masthead.ts";
import { findNoteMarkers } from "../pipeline/stages/note-refs.ts";
import { dropPageFurniture, pullInlineNotes } from "../pipeline/stages/page-furniture.ts";
import { paragraphsByBlankLines, paragraphsByWrapping, wrapWidth, type Paragraph } from "../pipeline/stages/paragraphs.ts";
import { dropRunningHeaders, joinCutParagraphs, restoreLabels, splitRunTogether } from "../pipeline/stages/repair.ts";
import type { TextLine } from "../pipeline/stages/front-matter.ts";

const golden = (c: string, f: string) => readFileSync(path.join(import.meta.dirname, "golden-dialects", c, f), "utf8");
const PARA = golden("para-text-defects", "input.md");
const PDF = golden("pdf-text-wrapped", "input.txt");
const ODS = readFileSync(path.join(import.meta.dirname, "golden", "seed", "input.txt"), "utf8");
const read = (text: string) => readInput(new TextEncoder().encode(text));
const lines = (text: string): TextLine[] => text.split("\n").map((t, i) => ({ line: i + 1, text: t }));
const paras = (...texts: string[]): Paragraph[] => texts.map((text, i) => ({ text, line: i + 1, endLine: i + 1 }));
/** A block's content with note references written as [^n], as the scorer reads them. */
const withRefs = (c: Inline[]) => c.map((n) => (n.kind === "noteReference" ? `[^${n.marker}]` : plainText([n]))).join("");

describe("detection", () => {
  it("picks para-text for one-paragraph-a-line text with front matter and [^n]: notes", () => {
    expect(detectReader(PARA)?.name).toBe("para-text");
  });
  it("picks pdf-text for text with page furniture", () => {
    expect(detectReader(PDF)?.name).toBe("pdf-text");
  });
  it("leaves ODS text to the ods reader", () => {
    expect(detectReader(ODS)?.name).toBe("ods");
    expect(getReader("para-text")!.detect(ODS)).toBeLessThan(getReader("ods")!.detect(ODS));
    expect(getReader("pdf-text")!.detect(ODS)).toBeLessThan(getReader("ods")!.detect(ODS));
  });
  it("beats the ods reader's best score on its own dialect", () => {
    expect(getReader("para-text")!.detect(PARA)).toBeGreaterThan(0.9);
    expect(getReader("pdf-text")!.detect(PDF)).toBeGreaterThan(0.9);
  });
  it("can be forced with --from", () => {
    expect(readInput(new TextEncoder().encode(PDF), "pdf-text").from).toBe("pdf-text");
  });
});

describe("pdf-text: page furniture", () => {
  const text = [
    "The text runs on to the", // 1
    "_______________", // 2
    "", // 3
    "1 A/99/77, annex, a note that runs", // 4
    "over two lines.", // 5
    "", // 6
    "A/RES/99/8", // 7
    "Fictional measures", // 8
    "", // 9
    "99-12345", // 10
    "2/2", // 11
    "", // 12
    "next page.", // 13
  ].join("\n");
  const out = dropPageFurniture(lines(text));
  it("drops the rule, the page header and the page number, each with an info diagnostic naming the line", () => {
    expect(out.lines.map((l) => l.text).filter(Boolean)).toEqual(["The text runs on to the", "next page."]);
    const dropped = out.diagnostics.filter((d) => d.code === "page-furniture");
    expect(dropped.map((d) => d.line)).toEqual([2, 7, 8, 10, 11]);
    expect(dropped.every((d) => d.severity === "info")).toBe(true);
    expect(dropped.find((d) => d.line === 11)?.message).toContain('page number dropped: "2/2"');
  });
  it("keeps the footnote under the rule, with its continuation line", () => {
    expect(out.notes).toEqual([{ marker: "1", text: "A/99/77, annex, a note that runs over two lines.", line: 4, endLine: 5 }]);
  });
  it("drops barcodes", () => {
    const d = dropPageFurniture(lines("*9912345*\nText."));
    expect(d.lines.map((l) => l.text)).toEqual(["Text."]);
    expect(d.diagnostics[0]).toMatchObject({ code: "page-furniture", severity: "info", line: 1 });
  });
  it("takes footnotes left in the body as paragraphs out, by their number", () => {
    const p = pullInlineNotes(paras("Recalling its resolution,1", "1 A/99/1.", "25 November is a date,", "2 A/99/2."), []);
    expect(p.paragraphs.map((x) => x.text)).toEqual(["Recalling its resolution,1", "25 November is a date,"]);
    expect(p.notes.map((n) => n.marker)).toEqual(["1", "2"]);
  });
});

describe("pdf-text: unwrapping", () => {
  const wrapped = [
    "Recalling the Fountain Declaration adopted by the Conference of Cities on the",
    "fourth day of June, and noting the progress made since then by municipalities",
    "in all regions,",
    "",
    "1.",
    "Encourages all municipalities to keep public fountains in good repair and to",
    "provide clean drinking water;",
    "2. Decides to remain seized of the matter.",
    "Annex",
    "Declaration on fountains",
  ];
  const width = wrapWidth(lines(wrapped.join("\n")))!;
  it("joins lines of a paragraph, a label alone on its line with its text, and starts a block at a label", () => {
    expect(width).toBeGreaterThan(70);
    expect(paragraphsByWrapping(lines(wrapped.join("\n")), width).map((p) => [p.text, p.line, p.endLine])).toEqual([
      ["Recalling the Fountain Declaration adopted by the Conference of Cities on the fourth day of June, and noting the progress made since then by municipalities in all regions,", 1, 3],
      ["1. Encourages all municipalities to keep public fountains in good repair and to provide clean drinking water;", 5, 7],
      ["2. Decides to remain seized of the matter.", 8, 8],
      ["Annex", 9, 9],
      ["Declaration on fountains", 10, 10],
    ]);
  });
  it("does not take one-paragraph-a-line text for wrapped", () => {
    expect(wrapWidth(lines(Array(10).fill("x".repeat(400)).join("\n")))).toBeUndefined();
  });
});

describe("para-text: paragraphs and repairs", () => {
  it("joins lines without a blank line between them unless a label starts one", () => {
    const p = paragraphsByBlankLines(lines("Recalling its resolutions 1/1,\n2/2 and 3/3,\n\n1. Decides;\n2. Requests."));
    expect(p.map((x) => x.text)).toEqual(["Recalling its resolutions 1/1, 2/2 and 3/3,", "1. Decides;", "2. Requests."]);
  });
  it("drops running headers and joins the paragraph they cut", () => {
    const h = dropRunningHeaders(paras("99/7. Safety of lighthouses", "(b) Training keepers in the", "Safety of lighthouses", "maintenance of lamps;"), undefined, ["Safety of lighthouses"]);
    expect(h.paragraphs.map((x) => x.text)).toEqual(["99/7. Safety of lighthouses", "(b) Training keepers in the", "maintenance of lamps;"]);
    expect(h.diagnostics[0]).toMatchObject({ code: "running-header", severity: "info", line: 3 });
    expect(joinCutParagraphs(h.paragraphs).paragraphs.map((x) => x.text)).toContain("(b) Training keepers in the maintenance of lamps;");
  });
  it("keeps an annex title that repeats the resolution title", () => {
    const h = dropRunningHeaders(paras("Annex", "Safety of lighthouses"), undefined, ["Safety of lighthouses"]);
    expect(h.paragraphs).toHaveLength(2);
  });
  it("splits a heading and the next numbered paragraph run together, and the closing lines", () => {
    const s = splitRunTogether(paras("2. We note.", "II. Financing 3. We decide.", "18th plenary meeting 14 October 2099"));
    expect(s.paragraphs.map((x) => x.text)).toEqual(["2. We note.", "II. Financing", "3. We decide.", "18th plenary meeting", "14 October 2099"]);
  });
  it("restores lost labels where the list around them fixes them", () => {
    const r = restoreLabels(paras("1. Decides that:", "Lighthouses shall be lit;", "Keepers shall be trained;", "(c) Reports shall be made;", "2. Requests.", "Welcomes the report.", "4. Decides.", "Decides to remain seized of the matter.", "5th plenary meeting"));
    expect(r.paragraphs.map((x) => x.text)).toEqual([
      "1. Decides that:", "(a) Lighthouses shall be lit;", "(b) Keepers shall be trained;", "(c) Reports shall be made;",
      "2. Requests.", "3. Welcomes the report.", "4. Decides.", "5. Decides to remain seized of the matter.", "5th plenary meeting",
    ]);
    expect(r.diagnostics.every((d) => d.code === "label-restored" && d.severity === "info")).toBe(true);
  });
  it("restores a lost (i) under a lettered item from the (ii) after it", () => {
    const r = restoreLabels(paras("1. Decides:", "Asks for help by:", "Sharing data;", "(ii) Training;", "Reporting;", "(c) Reviewing."));
    expect(r.paragraphs.map((x) => x.text.slice(0, 4))).toEqual(["1. D", "(a) ", "(i) ", "(ii)", "(b) ", "(c) "]);
  });
  it("leaves labels alone where nothing fixes them", () => {
    const r = restoreLabels(paras("1. Decides that:", "Lighthouses shall be lit.", "It is so."));
    expect(r.diagnostics).toEqual([]);
  });
});

describe("footnote references", () => {
  it("reads [^n], glued and spaced references, but not quantities, dates or numberings", () => {
    const f = findNoteMarkers(paras("the Charter[^1] and Nations,2 on 2 to 13 July, in A.3 and the Convention 3 and Add.4 and Year 20255 for"), ["1", "2", "3", "4", "5"]);
    expect(f.paragraphs[0].text).toBe("the Charter1 and Nations,2 on 2 to 13 July, in A.3 and the Convention3 and Add.4 and Year 20255 for");
    expect(f.refs.map((r) => r.marker)).toEqual(["1", "2", "3", "5"]);
  });
  it("puts Footnote nodes and NoteReferences at the marker positions (para-text)", () => {
    const { doc } = read(PARA);
    expect(doc!.footnotes.map((n) => [n.marker, plainText(n.content)])).toEqual([
      ["1", "Lighthouse Charter, art. 3, of 12 May 2090 (fictional text written for this test)."],
      ["2", "A/99/250."],
    ]);
    expect(withRefs(doc!.parts[0].preamble[1].content)).toContain("on coastal safety[^2] and the work");
  });
  it("puts footnotes from the foot of a page back at their reference (pdf-text)", () => {
    const { doc, diagnostics } = read(PDF);
    expect(withRefs(doc!.parts[0].preamble[0].content)).toContain("on 4 June 2098,[^1] and noting");
    expect(doc!.footnotes).toHaveLength(1);
    expect(doc!.footnotes[0].source).toEqual({ startLine: 45, endLine: 45 });
    expect(diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });
});

describe("whole documents", () => {
  it("reads the masthead into metadata (para-text: run together; pdf-text: a piece a line)", () => {
    const m = readMasthead(lines("United Nations\n\nGeneral Assembly Distr.: General 1 December 2099\n\nNinety-ninth session Agenda items 14 and 117 (a) Fountains\nResolution adopted by the General Assembly on 1 December 2099"));
    expect(m.residue).toMatchObject({ issueDate: { iso: "2099-12-01" }, session: "99", agenda: { items: ["14", "117 (a)"], title: "Fountains" } });
    expect(m.rest[0].text).toMatch(/^Resolution adopted/);
    expect(read(PDF).doc!.meta).toMatchObject({ symbol: "A/RES/99/8", jobNumber: "99-12345", issueDate: { iso: "2099-12-11" }, committee: { committee: "noMainCommittee" } });
  });
  it("joins a paragraph cut by the page break across the footnotes and the header", () => {
    const op = read(PDF).doc!.parts[0].operative[0] as OperativeParagraph;
    expect(plainText(op.content)).toMatch(/report on the measures taken to the Secretary-General in the context/);
    expect(op.source).toEqual({ startLine: 39, endLine: 53 });
  });
  it("gives every block a source span", () => {
    const { doc } = read(PARA);
    const part = doc!.parts[0];
    for (const b of [part.formula!, ...part.preamble, ...part.operative, part.conclusion!]) expect(b.source).toBeDefined();
  });
  it("never throws on broken input: an empty body or a lone front matter gives diagnostics", () => {
    for (const text of ["---\nsymbol: A/RES/1/1\n---\n", "---\nsymbol: A/RES/1/1\n---\nUnited Nations\n\n[^1]: x\n", "1/1\n2/2\n____________\n"]) {
      for (const from of ["para-text", "pdf-text"]) {
        const out = readInput(new TextEncoder().encode(text), from);
        expect(out.diagnostics.length).toBeGreaterThan(0);
      }
    }
  });
});
