/**
 * DOCX emitter: package parts, footnotes, numbering, styles, headers,
 * determinism, and a LibreOffice round trip (skipped without soffice).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Resolution } from "../pipeline/ast.ts";
import { emitDocx } from "../pipeline/emitters/docx.ts";
import { readZip } from "../pipeline/emitters/docx/zip.ts";
import { everything, seedLike } from "./fixtures/docx-fixtures.ts";
import { checkPdfAgainstAst, hasCommand, libreOfficeToPdf } from "./fixtures/docx-libreoffice.ts";
import { seedAst } from "./fixtures/seed-ast.ts";

const NOW = new Date("2024-03-01T12:34:56Z");
const SEED_TXT = path.resolve(import.meta.dirname, "../../shared/seed/A_RES_58_53.txt");

async function docx(doc: Resolution, template?: string) {
  const r = await emitDocx(doc, { now: NOW, template });
  const bytes = r.data as Uint8Array;
  const parts = new Map(readZip(bytes).map((e) => [e.name, new TextDecoder().decode(e.data)]));
  const part = (name: string) => {
    const x = parts.get(name);
    if (x === undefined) throw new Error(`no ${name} in package`);
    return x;
  };
  return { bytes, parts, part, diagnostics: r.diagnostics };
}

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, "g")) ?? []).length;
/** Ids of the real (non-separator) footnotes in footnotes.xml, in file order. */
const noteIds = (xml: string) => [...xml.matchAll(/<w:footnote w:id="(\d+)">/g)].map((m) => Number(m[1]));
/** Ids of footnote references in document.xml, in reading order. */
const refIds = (xml: string) => [...xml.matchAll(/<w:footnoteReference [^>]*?w:id="(\d+)"/g)].map((m) => Number(m[1]));

/** The real seed parsed by the lead's parser, when it can read it yet. */
async function parsedSeed(): Promise<Resolution | undefined> {
  try {
    const { parseResolution } = await import("../pipeline/convert.ts");
    return parseResolution(fs.readFileSync(SEED_TXT, "utf8")).doc;
  } catch {
    return undefined;
  }
}

describe("docx emitter: seed-like fixture", () => {
  it("registers as the docx emitter", async () => {
    const { getEmitter } = await import("../pipeline/emitters/registry.ts");
    expect(getEmitter("docx")?.extension).toBe(".docx");
  });

  it("writes real footnotes in reading order, and a NOTEREF for the repeated note 1", async () => {
    const { part, diagnostics } = await docx(seedLike());
    const body = part("word/document.xml");
    const notes = part("word/footnotes.xml");
    expect(noteIds(notes)).toEqual([1, 2, 3]);
    // One reference per note: the second mention of note 1 is a field, not a reference (LibreOffice would add an empty note).
    expect(refIds(body)).toEqual([1, 2, 3]);
    expect(count(body, /NOTEREF _RefNote1 \\f \\h/)).toBe(1);
    expect(body).toMatch(/<w:bookmarkStart w:name="_RefNote1" w:id="1"\/>.*?<w:footnoteReference w:id="1"\/>.*?<w:bookmarkEnd w:id="1"\/>/);
    // Only notes referenced twice get a bookmark.
    expect(count(body, /<w:bookmarkStart /)).toBe(1);
    // The NOTEREF shows the note's number in the reference style until Word updates it.
    expect(body).toMatch(/w:fldCharType="separate"\/><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:t xml:space="preserve">1<\/w:t>/);
    expect(notes).toContain("See CD/1478.");
    expect(notes).toMatch(/<w:pStyle w:val="FootnoteText"\/>/);
    // No empty note: every note has text.
    for (const m of notes.matchAll(/<w:footnote w:id="\d+">([\s\S]*?)<\/w:footnote>/g)) expect(m[1]).toMatch(/<w:t[^>]*>[^<]*\w/);
    expect(diagnostics).toEqual([]);
  });

  it("uses named styles and no direct run formatting in the body", async () => {
    const { part } = await docx(seedLike());
    const styles = part("word/styles.xml");
    for (const id of [
      "UNTopLine",
      "UNMastheadOrgan",
      "UNSessionLine",
      "UNAgendaLine",
      "UNAdoptionLine",
      "UNCommitteeLine",
      "UNResolutionTitle",
      "UNFormula",
      "UNPreambularParagraph",
      "UNOperativeParagraph",
      "UNSubparagraph1",
      "UNSubparagraph2",
      "UNSectionHeading",
      "UNSubsectionHeading",
      "UNClosingLines",
      "UNAnnexLabel",
      "UNAnnexTitle",
      "FootnoteText",
      "UNOpeningPhrase",
      "UNItalic",
      "FootnoteReference",
    ])
      expect(styles, id).toContain(`w:styleId="${id}"`);
    const body = part("word/document.xml");
    expect(body).toMatch(/<w:rStyle w:val="UNOpeningPhrase"\/><\/w:rPr><w:t xml:space="preserve">Recalling<\/w:t>/);
    // Italics, bold and sizes come from styles only.
    expect(body).not.toMatch(/<w:(i|b|sz)\b/);
    expect(body).not.toMatch(/<w:ind\b/);
  });

  it("numbers regular operative paragraphs and points with Word lists", async () => {
    const { part } = await docx(seedLike());
    const body = part("word/document.xml");
    const numbering = part("word/numbering.xml");
    expect(numbering).toContain('<w:lvlText w:val="%1."/>');
    expect(numbering).toMatch(/<w:numFmt w:val="lowerLetter"\/><w:suff w:val="tab"\/><w:lvlText w:val="\(%1\)"\/>/);
    expect(numbering).toMatch(/<w:numFmt w:val="lowerRoman"\/><w:suff w:val="tab"\/><w:lvlText w:val="\(%2\)"\/>/);
    // The printed numbers are not in the text.
    expect(body).not.toMatch(/>1\.<\/w:t>|>\(a\)<\/w:t>|>\(i\)<\/w:t>/);
    expect(count(body, /<w:pStyle w:val="UNOperativeParagraph"\/><w:numPr>/)).toBe(3);
    expect(count(body, /<w:pStyle w:val="UNSubparagraph1"\/><w:numPr><w:ilvl w:val="0"\/>/)).toBe(3);
    expect(count(body, /<w:pStyle w:val="UNSubparagraph2"\/><w:numPr><w:ilvl w:val="1"\/>/)).toBe(2);
  });

  it("has a first-page masthead, even/odd running headers and n/N page numbers", async () => {
    const { part, parts } = await docx(seedLike());
    const body = part("word/document.xml");
    expect(body).toContain("<w:titlePg/>");
    for (const type of ["first", "default", "even"]) {
      expect(body).toMatch(new RegExp(`<w:headerReference w:type="${type}"`));
      expect(body).toMatch(new RegExp(`<w:footerReference w:type="${type}"`));
    }
    expect(part("word/settings.xml")).toContain("<w:evenAndOddHeaders/>");
    const headers = [...parts].filter(([n]) => /^word\/header\d+\.xml$/.test(n)).map(([, x]) => x);
    const footers = [...parts].filter(([n]) => /^word\/footer\d+\.xml$/.test(n)).map(([, x]) => x);
    expect(headers.some((h) => h.includes("United Nations") && h.includes("General Assembly") && h.includes("8 January 2004"))).toBe(true);
    expect(headers.filter((h) => h.includes("A/RES/58/53") && h.includes("Implementation of the Convention")).length).toBe(2);
    expect(footers.some((f) => f.includes("03-45609 (E)"))).toBe(true);
    expect(footers.filter((f) => /PAGE[\s\S]*NUMPAGES/.test(f)).length).toBe(2);
  });

  it("writes core properties with the fixed date", async () => {
    const { part } = await docx(seedLike());
    const core = part("docProps/core.xml");
    expect(core).toContain("<dc:title>A/RES/58/53: Implementation of the Convention");
    expect(core).toContain("<dc:creator>United Nations General Assembly</dc:creator>");
    expect(core).toContain("<dc:subject>General Assembly resolution A/RES/58/53</dc:subject>");
    expect(core).toMatch(/<cp:keywords>A\/RES\/58\/53;[^<]*First Committee/);
    expect(core).toContain(">2024-03-01T12:34:56Z</dcterms:created>");
    expect(core).toContain(">2024-03-01T12:34:56Z</dcterms:modified>");
  });

  it("gives the same bytes for the same input, and stamps zip entries with the fixed date", async () => {
    const a = await docx(seedLike());
    const b = await docx(seedLike());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    // First local header: DOS time at offset 10, date at 12 (2024-03-01 12:34:56).
    const buf = Buffer.from(a.bytes);
    expect(buf.readUInt16LE(12)).toBe(((2024 - 1980) << 9) | (3 << 5) | 1);
    expect(buf.readUInt16LE(10)).toBe((12 << 11) | (34 << 5) | 28);
    expect([...a.parts.keys()][0]).toBe("[Content_Types].xml");
  });

  it("follows the a4 template", async () => {
    const { part } = await docx(seedLike(), "a4");
    expect(part("word/document.xml")).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const letter = await docx(seedLike());
    expect(letter.part("word/document.xml")).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
  });
});

describe("docx emitter: every node", () => {
  it("writes parts, sections, headings, text blocks, tables and annexes", async () => {
    const { part } = await docx(everything());
    const body = part("word/document.xml");
    expect(count(body, /<w:pStyle w:val="UNPartLetter(Titled)?"\/>/)).toBe(2);
    expect(body).toContain('<w:pStyle w:val="UNPartTitle"/>');
    expect(count(body, /<w:pStyle w:val="UNFormula"\/>/)).toBe(2);
    expect(count(body, /<w:pStyle w:val="UNClosingLines"\/>/)).toBe(2);
    expect(body).toMatch(/<w:pStyle w:val="UNSectionHeading"\/><\/w:pPr><w:r><w:t xml:space="preserve">II<\/w:t><\/w:r><w:r><w:br\/>/);
    expect(body).toMatch(/<w:pStyle w:val="UNSubsectionHeading"\/>.*?>A\.<\/w:t>/);
    expect(body).toContain(">Article 10</w:t>");
    expect(count(body, /<w:tbl>/)).toBe(1);
    expect(body).toMatch(/<w:tblHeader\/>/);
    expect(body).toMatch(/<w:pStyle w:val="UNAnnexLabel"\/>.*?>Annex<\/w:t>/);
    expect(part("word/styles.xml")).toMatch(/w:styleId="UNAnnexLabel">[\s\S]*?<w:pageBreakBefore\/>/);
  });

  it("keeps irregular numbering literal and restarts lists per part and section", async () => {
    const { part, diagnostics } = await docx(everything());
    const body = part("word/document.xml");
    // (a), (c): a gap, so literal labels with an italic letter.
    expect(body).toMatch(/>\(<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="UNItalic"\/><\/w:rPr><w:t xml:space="preserve">c<\/w:t>/);
    // Part A: 1., 2. numbered; 4. after 2. is literal.
    expect(body).toContain('<w:t xml:space="preserve">4.</w:t>');
    expect(diagnostics.map((d) => d.code)).toContain("docx-literal-number");
    const numIds = [...body.matchAll(/<w:pStyle w:val="UNOperativeParagraph"\/><w:numPr><w:ilvl w:val="0"\/><w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    // A: 1, 2 (one list); B: I.1, A.2 (one list), II.1 (restart); annex: 1, 2 (restart).
    expect(numIds.length).toBe(7);
    expect(new Set(numIds).size).toBe(4);
  });

  it("writes a custom-mark footnote for '*' and numbers the rest automatically", async () => {
    const { part, diagnostics } = await docx(everything());
    const body = part("word/document.xml");
    const notes = part("word/footnotes.xml");
    expect(body).toMatch(/<w:footnoteReference w:customMarkFollows="1" w:id="1"\/><w:t xml:space="preserve">\*<\/w:t>/);
    expect(noteIds(notes)).toEqual([1, 2, 3]);
    expect(notes).toMatch(/<w:footnote w:id="1">[\s\S]*?<w:t xml:space="preserve">\*<\/w:t>[\s\S]*?Part A adopted/);
    expect(notes).not.toContain("Never referenced");
    expect(diagnostics.map((d) => d.code)).toContain("docx-footnote-unreferenced");
    // Note 1 and 2 are each cited twice: NOTEREF fields, not second references.
    expect(count(body, /NOTEREF/)).toBe(2);
    expect(refIds(body)).toEqual([1, 2, 3]);
  });
});

describe("docx emitter: the real seed", () => {
  it("has every footnote once, in reading order, with note 1 cited twice", async () => {
    const doc = (await parsedSeed()) ?? seedAst;
    const { part } = await docx(doc);
    const body = part("word/document.xml");
    const notes = part("word/footnotes.xml");
    expect(noteIds(notes)).toEqual([1, 2, 3, 4, 5]);
    expect(refIds(body)).toEqual([1, 2, 3, 4, 5]);
    expect(count(body, /NOTEREF _RefNote1 /)).toBe(1);
    expect(count(body, /<w:pStyle w:val="UNOperativeParagraph"\/><w:numPr>/)).toBe(10);
  });
});

const SOFFICE = hasCommand("soffice") && hasCommand("pdftotext");

describe("docx emitter: LibreOffice round trip", () => {
  it.skipIf(!SOFFICE)(
    `converts to PDF with every paragraph and footnote in order${SOFFICE ? "" : " (skipped: soffice or pdftotext not installed)"}`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docx-lo-"));
      const cases: [string, Resolution][] = [
        ["seed-ast", seedAst],
        ["everything", everything()],
      ];
      const parsed = await parsedSeed();
      if (parsed) cases.push(["seed-parsed", parsed]);
      for (const [name, doc] of cases) fs.writeFileSync(path.join(dir, `${name}.docx`), (await docx(doc)).bytes);
      libreOfficeToPdf(
        cases.map(([n]) => path.join(dir, `${n}.docx`)),
        dir,
      );
      for (const [name, doc] of cases) {
        const r = checkPdfAgainstAst(doc, path.join(dir, `${name}.pdf`));
        expect(r.missingBody, name).toEqual([]);
        expect(r.missingNotes, name).toEqual([]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    300_000,
  );
});
