import { describe, expect, it } from "vitest";
import { decode } from "../pipeline/stages/decode.ts";
import { normalize } from "../pipeline/stages/normalize.ts";
import { segment } from "../pipeline/stages/segment.ts";
import { parseResolution } from "../pipeline/convert.ts";
import { inlineLists, plainText } from "../pipeline/ast-utils.ts";
import { findOpeningPhrase } from "../pipeline/stages/opening-phrases.ts";
import { readCommitteeLine } from "../pipeline/stages/metadata.ts";
import { sessionNumberFromName, isoDate } from "../pipeline/dates.ts";
import type { Inline, OperativeParagraph, Resolution } from "../pipeline/ast.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("decode", () => {
  it("reads UTF-8 with and without BOM", () => {
    expect(decode(enc("Résolution")).text).toBe("Résolution");
    const bom = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...enc("Résolution")]));
    expect(bom.text).toBe("Résolution");
    expect(bom.encoding).toBe("utf-8-bom");
  });
  it("reads UTF-16 LE and BE with BOM", () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from("Noting “it”", "utf16le")]);
    expect(decode(le).text).toBe("Noting “it”");
    const be = Buffer.from("Noting “it”", "utf16le").swap16();
    expect(decode(new Uint8Array([0xfe, 0xff, ...be])).text).toBe("Noting “it”");
  });
  it("falls back to Windows-1252 for bytes that are not UTF-8, and says so", () => {
    const d = decode(new Uint8Array([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0xe9])); // “A” – é
    expect(d.text).toBe("“A” – é");
    expect(d.encoding).toBe("windows-1252");
    expect(d.diagnostics.map((x) => x.code)).toContain("decode-fallback");
  });
  it("turns CRLF and CR line ends into LF", () => {
    expect(decode(enc("a\r\nb\rc\nd")).text).toBe("a\nb\nc\nd");
    expect(decode(enc("a\r\nb")).lineEnding).toBe("crlf");
    expect(decode(enc("a\rb\nc")).lineEnding).toBe("mixed");
  });
});

const TRAILER = `[DU1]<<ODS JOB NO>>N0345609E<<ODS JOB NO>>
<<ODS DOC SYMBOL1>>A/RES/58/53<<ODS DOC SYMBOL1>>
<<ODS DOC SYMBOL2>><<ODS DOC SYMBOL2>>
_______________
3
United NationsA/RES/58/53General AssemblyDistr.: General
8 January 2004Fifty-eighth session
Agenda item 73 (p)
Implementation of the Convention

03 45609
A/RES/58/53
2
`;

describe("normalize: trailer residue", () => {
  it("turns ODS fields and masthead residue into metadata", () => {
    const n = normalize("\tThe General Assembly,\n" + TRAILER);
    expect(n.lines.map((l) => l.text)).toEqual(["The General Assembly,"]);
    expect(n.residue).toEqual({
      jobNumber: "03-45609",
      symbol: "A/RES/58/53",
      issueDate: { text: "8 January 2004", iso: "2004-01-08" },
      sessionName: "Fifty-eighth session",
      session: "58",
      agenda: { text: "Agenda item 73 (p)", items: ["73 (p)"], title: "Implementation of the Convention" },
    });
  });
  it("accounts for every dropped residue line in a diagnostic", () => {
    const n = normalize("\tThe General Assembly,\n" + TRAILER + "Something else\n");
    // one diagnostic per non-empty trailer line, quoting it
    const residue = n.diagnostics.filter((d) => d.code.startsWith("residue"));
    expect(residue.map((d) => d.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    expect(residue.map((d) => d.code.replace("residue-", ""))).toEqual([
      "read", "read", "read", "dropped", "dropped", "read", "read", "read", "read", "read", "dropped", "dropped", "unplaced",
    ]);
    expect(residue.at(-1)).toMatchObject({ severity: "warning", message: expect.stringContaining('"Something else"') });
  });
  it("reads spaces used for tabs as tabs", () => {
    const n = normalize("    1.    Decides to remain seized of the matter.\n");
    expect(n.lines[0]).toMatchObject({ indent: 1, text: "1.\tDecides to remain seized of the matter." });
  });
  it("unwraps hard-wrapped paragraphs and keeps headings apart", () => {
    const wrapped = [
      "\tRecalling its resolutions on the question and the reports of the Special",
      "Committee on the Situation with regard to the Implementation of the Declaration",
      "on the Granting of Independence,",
      "\tNoting with concern that the situation in the Territory has not improved in",
      "the period under review, and that much remains to be done by all of the parties",
      "concerned,",
      "\t1.\tRequests the Secretary-General to report to it on the implementation of",
      "the present resolution at its next session, and decides to remain seized of it.",
      "",
      "52nd plenary meeting",
    ].join("\n");
    const n = normalize(wrapped);
    expect(n.unwrapped).toBe(true);
    expect(n.lines.filter((l) => l.text).map((l) => [l.line, l.endLine])).toEqual([[1, 3], [4, 6], [7, 8], [10, 10]]);
    expect(n.lines[0].text).toBe(
      "Recalling its resolutions on the question and the reports of the Special Committee on the Situation with regard to the Implementation of the Declaration on the Granting of Independence,",
    );
  });
});

describe("segment", () => {
  const kinds = (text: string) => segment(normalize(text).lines).map((s) => [s.kind, s.label ?? ""]);
  it("tells the kinds of lines apart by their shape", () => {
    const text = [
      "Resolution adopted by the General Assembly on 8 December 2003",
      "[on the report of the First Committee (A/58/462)]",
      "58/53.\tImplementation of the Convention",
      "\tThe General Assembly,",
      "\tRecalling its resolutions,",
      "II",
      "Financing",
      "\t1.\tInvites all States:",
      "\t(a)\tTo accede;",
      "Post\tGrade\tNumber",
      "71st plenary meeting",
      "8 December 2003",
      "Annex",
      "1 See CD/1478.",
      "2 See APLC/MSP.1/1999/1,",
      "part II.",
    ].join("\n");
    expect(kinds(text)).toEqual([
      ["adoption", ""], ["committee", ""], ["title", "58/53"], ["formula", ""], ["text", ""],
      ["heading", "II"], ["heading", ""], ["numbered", "1."], ["point", "(a)"], ["tableRow", ""],
      ["meeting", ""], ["date", ""], ["annex", ""], ["footnote", "1"], ["footnote", "2"],
    ]);
    const notes = segment(normalize(text).lines).filter((s) => s.kind === "footnote");
    expect(notes[1].text).toBe("See APLC/MSP.1/1999/1, part II.");
  });
  it("does not take numbered annex paragraphs for footnotes", () => {
    expect(kinds("Annex\n\t1.\tWe affirm;\n1 A/80/1.")).toEqual([["annex", ""], ["numbered", "1."], ["footnote", "1"]]);
  });
});

function doc(body: string, notes = ""): Resolution {
  const operative = /\t1\.\t/.test(body) ? "" : "\n\t1.\tDecides to remain seized of the matter.";
  const text = `Resolution adopted by the General Assembly on 1 July 2025\n79/1.\tTitle\n\tThe General Assembly,\n${body}${operative}\n\n1st plenary meeting\n1 July 2025\n${notes}`;
  return parseResolution(text).doc;
}
const refs = (d: Resolution) =>
  [...inlineLists(d)].flatMap((l) => l.filter((n): n is Extract<Inline, { kind: "noteReference" }> => n.kind === "noteReference").map((n) => n.marker));

describe("link: footnote markers versus numbers", () => {
  it("finds markers glued to words and punctuation", () => {
    const d = doc("\tWelcoming the entry into force of the Convention on Their Destruction,1 and noting the sessions2 and the Declaration,3", "1 A.\n2 B.\n3 C.");
    expect(refs(d)).toEqual(["1", "2", "3"]);
    expect(plainText(d.parts[0].preamble[0].content)).toBe("Welcoming the entry into force of the Convention on Their Destruction, and noting the sessions and the Declaration,");
  });
  it("leaves symbols, dates and names alone", () => {
    const d = doc("\tRecalling A/58/462 of 7 July 2022, COVID-19 and Youth4Disarmament,1", "1 A.");
    expect(refs(d)).toEqual(["1"]);
    expect(plainText(d.parts[0].preamble[0].content)).toContain("A/58/462 of 7 July 2022, COVID-19 and Youth4Disarmament,");
  });
  it("splits a marker glued to a year or a resolution number when it is due", () => {
    const d = doc("\tRecalling its resolution of 7 July 20221 and resolution 59/3002 and its resolutions 27/13 of 25 September 2014,330/4,", "1 A.\n2 B.\n3 C.");
    expect(refs(d)).toEqual(["1", "2", "3"]);
    expect(plainText(d.parts[0].preamble[0].content)).toBe("Recalling its resolution of 7 July 2022 and resolution 59/300 and its resolutions 27/13 of 25 September 2014,30/4,");
  });
  it("keeps a second reference to the same note", () => {
    const d = doc("\tWelcoming the Convention,1\n\t1.\tInvites States to accede to the Convention1 without delay;", "1 A.");
    expect(refs(d)).toEqual(["1", "1"]);
  });
  it("goes on after a note whose marker is lost", () => {
    const d = doc("\tRecalling the Charter, and the Declaration,\n\tNoting the report,2", "1 A.\n2 B.");
    expect(refs(d)).toEqual(["2"]);
  });
});

describe("parse: nesting and structure", () => {
  it("nests (i) under (a) and keeps (i) after (h) a letter", () => {
    const d = doc(["\t1.\tDecides:", "\t(a)\tA;", "\t(i)\tA1;", "\t(ii)\tA2;", "\t(b)\tB;"].join("\n"));
    const p = d.parts[0].operative[0] as OperativeParagraph;
    expect(p.points!.map((x) => x.label)).toEqual(["(a)", "(b)"]);
    expect(p.points![0].points!.map((x) => x.label)).toEqual(["(i)", "(ii)"]);
    const letters = "abcdefghij".split("").map((c) => `\t(${c})\tItem;`);
    const d2 = doc(["\t1.\tDecides:", ...letters].join("\n"));
    expect((d2.parts[0].operative[0] as OperativeParagraph).points!.map((x) => x.label).join("")).toBe("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)");
  });
  it("reads a lone unnumbered paragraph as operative", () => {
    const d = parseResolution("79/1.\tT\n\tThe General Assembly,\n\tRecalling its resolution 70/1,\n\tDecides to proclaim 2 October the World Day.\n1st plenary meeting\n").doc;
    expect(d.parts[0].preamble).toHaveLength(1);
    expect(d.parts[0].operative[0]).toMatchObject({ kind: "operativeParagraph", openingVerb: "Decides" });
  });
  it("reads parts, sections and annexes", () => {
    const d = parseResolution("80/1.\tT\nA\n\tThe General Assembly,\n\t1.\tDecides;\n1st plenary meeting\nB\n\tThe General Assembly,\nI\nFirst\n\t1.\tDecides;\n2nd plenary meeting\nAnnex\nThe title\n\t1.\tText.\n").doc;
    expect(d.parts.map((p) => p.letter)).toEqual(["A", "B"]);
    expect(d.parts[1].operative[0]).toMatchObject({ kind: "section", heading: { num: "I", content: [{ kind: "text", text: "First" }] } });
    expect(d.annexes[0].title).toEqual([{ kind: "text", text: "The title" }]);
  });
});

describe("opening phrases, committee lines, dates", () => {
  it("finds opening phrases by the lexicon rule", () => {
    expect(findOpeningPhrase("Recalling also its resolution", "preamble")).toBe("Recalling also");
    expect(findOpeningPhrase("Deeply concerned about", "preamble")).toBe("Deeply concerned");
    expect(findOpeningPhrase("Noting with deep concern that", "preamble")).toBe("Noting with deep concern");
    expect(findOpeningPhrase("Also requests the Secretary-General", "operative")).toBe("Also requests");
    expect(findOpeningPhrase("Exhorts all States", "operative")).toBe("Exhorts");
  });
  it("reads committee lines of every form", () => {
    expect(readCommitteeLine("[on the report of the First Committee (A/58/462)]")).toEqual({ committee: "firstCommittee", name: "First Committee", reportSymbol: "A/58/462" });
    expect(readCommitteeLine("[without reference to a Main Committee (A/76/L.58)]")).toMatchObject({ committee: "noMainCommittee", reportSymbol: "A/76/L.58" });
    expect(readCommitteeLine("[on the report of the Special Political and Decolonization Committee (Fourth Committee) (A/74/418)]")).toMatchObject({ committee: "fourthCommittee", reportSymbol: "A/74/418" });
  });
  it("reads session names and dates", () => {
    expect(sessionNumberFromName("Fifty-eighth session")).toBe("58");
    expect(sessionNumberFromName("Eleventh emergency special session")).toBe("ES-11");
    expect(sessionNumberFromName("Thirty-second special session")).toBe("S-32");
    expect(isoDate("8 December 2003")).toBe("2003-12-08");
  });
});
