/**
 * The akn emitter on hand-built documents: the seed resolution (58/53) cut
 * down and extended with what the seed lacks (points, nested points, a
 * wrap-up, sections, a footnote referenced twice, an annex with a table),
 * and a resolution in parts A/B. Outputs must be schema-valid, lint-clean,
 * and read back by the scorer's rules as the printed text.
 *
 * RESOLUTE_AKN_DUMP=dir writes the outputs there for a look with xmllint or
 * ../shared/eval/aknblocks.py.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block, Inline, Resolution } from "../pipeline/ast.ts";
import { parseResolution } from "../pipeline/convert.ts";
import { getEmitter, joinPieces } from "../pipeline/emitters/registry.ts";
import { buildAkn, toAkn } from "../pipeline/emitters/akn.ts";
import { attr, el, serialize, walkElements, type XElement } from "../pipeline/emitters/akn/xml.ts";
import { numToken } from "../pipeline/emitters/akn/ids.ts";
import { lintAkn, lintAknTree } from "../pipeline/validate/lint.ts";
import { findSchemaDir, loadSchemaValidator, type SchemaValidator } from "../pipeline/validate/schema.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const SCHEMA_DIR = findSchemaDir({ env: process.env, cwd: PROJECT });
const NOW = new Date("2024-05-01T12:00:00Z");
const SEED = path.resolve(PROJECT, "..", "shared", "seed", "A_RES_58_53.txt");
const HAS_SEED = fs.existsSync(SEED);

// ------------------------------------------------------------------ builders

const t = (text: string): Inline => ({ kind: "text", text });
const op = (text: string): Inline => ({ kind: "openingPhrase", text });
const note = (marker: string): Inline => ({ kind: "noteReference", marker });
const ref = (text: string, symbol: string): Inline => ({ kind: "documentReference", text, symbol });
const date = (text: string, iso: string): Inline => ({ kind: "date", text, iso });

function seed(): Resolution {
  return {
    kind: "resolution",
    meta: {
      symbol: "A/RES/58/53",
      number: "58/53",
      title: "Implementation of the Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-personnel Mines and on Their Destruction",
      adoptionLine: "Resolution adopted by the General Assembly on 8 December 2003",
      adoptionDate: { text: "8 December 2003", iso: "2003-12-08" },
      issueDate: { text: "8 January 2004", iso: "2004-01-08" },
      session: "58",
      sessionName: "Fifty-eighth session",
      agenda: { text: "Agenda item 73 (p)", items: ["73 (p)"] },
      committee: {
        text: "[on the report of the First Committee (A/58/462)]",
        committee: "firstCommittee",
        name: "First Committee",
        reportSymbol: "A/58/462",
      },
      meeting: "71st",
      jobNumber: "03-45609",
      language: "en",
    },
    title: [t("Implementation of the Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-personnel Mines and on Their Destruction")],
    parts: [
      {
        kind: "part",
        formula: { kind: "formula", content: [{ kind: "italic", children: [t("The General Assembly")] }, t(",")] },
        preamble: [
          {
            kind: "preambularParagraph",
            openingPhrase: "Recalling",
            content: [
              op("Recalling"),
              t(" its resolutions "),
              ref("54/54 B", "A/RES/54/54B"),
              t(" of "),
              date("1 December 1999", "1999-12-01"),
              t(" and "),
              ref("1514 (XV)", "A/RES/1514 (XV)"),
              t(","),
            ],
          },
          {
            kind: "preambularParagraph",
            openingPhrase: "Welcoming",
            content: [op("Welcoming"), t(" the entry into force of the Convention,"), note("1"), t(" & noting <progress>,")],
          },
        ],
        operative: [
          {
            kind: "operativeParagraph",
            num: "1.",
            openingVerb: "Invites",
            content: [op("Invites"), t(" all States that did not sign the Convention"), note("1"), t(" to accede to it without delay;")],
          },
          {
            kind: "operativeParagraph",
            num: "2.",
            openingVerb: "Requests",
            content: [op("Requests"), t(" the Secretary-General:")],
            points: [
              { kind: "point", label: "(a)", content: [t("To convene the Conference;")] },
              {
                kind: "point",
                label: "(b)",
                content: [t("To invite:")],
                points: [
                  { kind: "point", label: "(i)", content: [t("States not parties;")] },
                  { kind: "point", label: "(ii)", content: [t("Observers;"), note("2")] },
                ],
                wrapUp: [t("as observers;")],
              },
            ],
            wrapUp: [t("and to report thereon.")],
          },
          {
            kind: "section",
            heading: { kind: "heading", num: "II.", content: [t("Financing")] },
            children: [
              { kind: "preambularParagraph", openingPhrase: "Recalling", content: [op("Recalling"), t(" its decision,")] },
              { kind: "operativeParagraph", num: "3.", openingVerb: "Decides", content: [op("Decides"), t(" to include the item;"), { kind: "lineBreak" }, t("next line")] },
              { kind: "textBlock", content: [t("Quoted text.")] },
              { kind: "table", rows: [{ cells: [{ header: true, content: [t("Item")] }, { header: true, content: [t("Amount")] }] }, { cells: [{ header: false, content: [t("Posts")] }, { header: false, content: [t("12")] }] }] },
            ],
          },
        ],
        conclusion: { kind: "conclusion", meetingText: "71st plenary meeting", meeting: "71st", date: { text: "8 December 2003", iso: "2003-12-08" } },
      },
    ],
    annexes: [
      {
        kind: "annex",
        label: "Annex",
        title: [t("Staffing table"), note("3")],
        children: [
          { kind: "heading", content: [t("Introduction")] },
          { kind: "preambularParagraph", openingPhrase: "Recognizing", content: [op("Recognizing"), t(" the need,")] },
          { kind: "operativeParagraph", num: "1.", content: [t("We reaffirm the Convention"), note("1"), t(".")] },
          { kind: "table", rows: [{ cells: [{ header: true, content: [t("Grade")] }, { header: true, content: [] }] }, { cells: [{ header: false, content: [t("P-5")] }, { header: false, content: [t("1")] }] }] },
          { kind: "textBlock", content: [t("Note under the table.")] },
        ],
      },
    ],
    footnotes: [
      { kind: "footnote", marker: "1", content: [t("See "), ref("CD/1478", "CD/1478"), t(".")] },
      { kind: "footnote", marker: "2", content: [t("See APLC/MSP.1/1999/1, part II.")] },
      { kind: "footnote", marker: "3", content: [t("Approved by the Fifth Committee.")] },
    ],
  };
}

/** Parts A and B, numbering restarting in sections, a note referenced in both parts. */
function parts(): Resolution {
  const meeting = { kind: "conclusion" as const, meetingText: "56th (resumed) plenary meeting", meeting: "56th (resumed)", date: { text: "30 December 2022", iso: "2022-12-30" } };
  const section = (num: string, title: string, paras: Block[]): Block => ({
    kind: "section",
    heading: { kind: "heading", num, content: [t(title)] },
    children: paras,
  });
  return {
    kind: "resolution",
    meta: {
      symbol: "A/RES/77/256 A-B",
      number: "77/256",
      adoptionLine: "Resolutions adopted by the General Assembly on 30 December 2022",
      adoptionDate: { text: "30 December 2022", iso: "2022-12-30" },
      issueDate: { text: "5 January 2023", iso: "2023-01-05" },
      session: "77",
      sessionName: "Seventy-seventh session",
      agenda: { text: "Agenda item 145", items: ["145"] },
      committee: { text: "[on the report of the Fifth Committee (A/77/671, para. 10)]", committee: "fifthCommittee", reportSymbol: "A/77/671" },
      jobNumber: "23-00172",
      language: "en",
    },
    title: [t("United Nations common system")],
    parts: [
      {
        kind: "part",
        letter: "A",
        formula: { kind: "formula", content: [t("The General Assembly,")] },
        preamble: [{ kind: "preambularParagraph", openingPhrase: "Recalling", content: [op("Recalling"), t(" its resolutions,"), note("1")] }],
        operative: [{ kind: "operativeParagraph", num: "1.", content: [op("Recalls"), t(" its resolutions;")] }],
        conclusion: meeting,
      },
      {
        kind: "part",
        letter: "B",
        formula: { kind: "formula", content: [t("The General Assembly,")] },
        preamble: [{ kind: "preambularParagraph", openingPhrase: "Having considered", content: [op("Having considered"), t(" the report,"), note("1")] }],
        operative: [
          { kind: "operativeParagraph", num: "1.", content: [op("Takes note"), t(" of the work;")] },
          section("I", "Conditions of service", [{ kind: "operativeParagraph", num: "1.", content: [op("Requests"), t(" a survey;")] }]),
          section("II", "Professional staff", [
            section("A.", "Base/floor salary scale", [
              { kind: "preambularParagraph", content: [op("Recalling"), t(" its resolution 44/198,")] },
              { kind: "operativeParagraph", content: [op("Approves"), t(" the scale;")] },
            ]),
            { kind: "operativeParagraph", num: "1.", content: [op("Reaffirms"), t(" the range;")] },
          ]),
        ],
        conclusion: meeting,
      },
    ],
    annexes: [],
    footnotes: [{ kind: "footnote", marker: "1", content: [t("A/C.5/77/L.5.")] }],
  };
}

// ------------------------------------------------------------------ checks

let schema: SchemaValidator | null = null;

beforeAll(async () => {
  if (SCHEMA_DIR) schema = await loadSchemaValidator(SCHEMA_DIR);
});
afterAll(() => schema?.dispose());

const dumpDir = process.env.RESOLUTE_AKN_DUMP;
function dump(name: string, xml: string): void {
  if (!dumpDir) return;
  fs.mkdirSync(dumpDir, { recursive: true });
  fs.writeFileSync(path.join(dumpDir, `${name}.akn.xml`), xml);
}

const fixtures: [string, () => Resolution][] = [
  ["A_RES_58_53", seed],
  ["A_RES_77_256_A-B", parts],
];

describe("akn emitter", () => {
  it("registers as akn with .akn.xml", () => {
    const e = getEmitter("akn");
    expect(e?.extension).toBe(".akn.xml");
  });

  for (const [name, make] of fixtures) {
    it(`${name}: schema-valid${SCHEMA_DIR ? "" : " (schema check skipped: ../shared/schema not found)"}`, () => {
      const { xml } = toAkn(make(), NOW);
      dump(name, xml);
      if (!schema) return;
      expect(schema.validate(xml)).toEqual([]);
    });

    it(`${name}: lint-clean and no emitter warnings`, () => {
      const { xml, diagnostics } = toAkn(make(), NOW);
      expect(lintAkn(xml)).toEqual([]);
      expect(diagnostics).toEqual([]);
    });

    it(`${name}: deterministic`, () => {
      expect(toAkn(make(), NOW).xml).toBe(toAkn(make(), NOW).xml);
    });
  }

  it("emit() returns validation and lint diagnostics with the data", async () => {
    const e = getEmitter("akn")!;
    const r = await e.emit(seed(), { now: NOW, schema });
    expect(joinPieces(r.data)).toBe(toAkn(seed(), NOW).xml);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("akn output for the seed", () => {
  const xml = toAkn(seed(), NOW).xml;

  it("identifies the work with the spec's IRIs", () => {
    const w = "/akn/un/statement/deliberation/unga/2003-12-08/58-53";
    expect(xml).toContain(`<FRBRthis value="${w}/!main"/>`);
    expect(xml).toContain(`<FRBRuri value="${w}"/>`);
    expect(xml).toContain(`<FRBRthis value="${w}/eng@/!main"/>`);
    expect(xml).toContain(`<FRBRdate date="2004-01-08" name="publication"/>`);
    expect(xml).toContain(`<FRBRthis value="${w}/eng@/!main.xml"/>`);
    expect(xml).toContain(`<FRBRdate date="2024-05-01" name="markup"/>`);
    expect(xml).toContain(`<FRBRnumber value="58-53" showAs="58/53"/>`);
    expect(xml).toContain(`<FRBRthis value="${w}/!annex_1"/>`);
    expect(xml).toContain(`<docketNumber refersTo="#publicationJobNumber">03-45609 (E)</docketNumber>`);
  });

  it("writes the masthead the scorer reads", () => {
    expect(xml).toContain(`<docNumber refersTo="#symbol">A/RES/58/53</docNumber>`);
    expect(xml).toContain(`<docDate date="2004-01-08" refersTo="#dateOfIssuance">8 January 2004</docDate>`);
    expect(xml).toContain(`<session value="58" refersTo="#ga">Fifty-eighth session</session>`);
    expect(xml).toContain(`<inline name="agenda item">Agenda item 73 (p)</inline>`);
    expect(xml).toContain(`<docTitle>Resolution adopted by the General Assembly on 8 December 2003</docTitle>`);
    expect(xml).toContain(
      `<docProponent refersTo="#firstCommittee">[on the report of the First Committee (<ref href="https://undocs.org/en/A/58/462">A/58/462</ref>)]</docProponent>`,
    );
    expect(xml).toMatch(/<p><docNumber>58\/53\.<\/docNumber> <docTitle refersTo="#resolutionTitle">Implementation of/);
  });

  it("marks opening phrases, references, dates and escapes text", () => {
    expect(xml).toContain(`<formula name="enactingFormula" eId="formula_1">`);
    expect(xml).toContain(`<container name="Recalling" eId="container_1">`);
    expect(xml).toContain(
      `<p><i>Recalling</i> its resolutions <ref href="https://undocs.org/en/A/RES/54/54B">54/54 B</ref> of <date date="1999-12-01">1 December 1999</date> and <ref href="https://undocs.org/en/A/RES/1514%20(XV)">1514 (XV)</ref>,</p>`,
    );
    expect(xml).toContain("&amp; noting &lt;progress&gt;,");
  });

  it("prints a note at its first reference and points to it after", () => {
    expect(xml).toContain(
      `the entry into force of the Convention,<authorialNote marker="1" placement="bottom" eId="authorialNote_1"><p>See <ref href="https://undocs.org/en/CD/1478">CD/1478</ref>.</p></authorialNote> &amp;`,
    );
    expect(xml).toContain(`did not sign the Convention<noteRef href="#authorialNote_1" marker="1"/> to accede`);
    expect(xml.match(/<authorialNote /g)?.length).toBe(3);
    expect(xml).toContain(`eId="att_1__authorialNote_3"`);
  });

  it("nests sub-paragraphs as lists with intro, points and wrap-up", () => {
    for (const id of [
      "para_2__list_1",
      "para_2__list_1__intro",
      "para_2__list_1__point_a",
      "para_2__list_1__point_b__list_1__point_i",
      "para_2__list_1__point_b__list_1__point_ii",
      "para_2__list_1__point_b__wrapup",
      "para_2__list_1__wrapup",
    ]) {
      expect(xml).toContain(`eId="${id}"`);
    }
  });

  it("keeps flat paragraph numbers in a section when numbering does not restart", () => {
    expect(xml).toContain(`<section eId="sec_II">`);
    expect(xml).toContain(`<paragraph eId="para_3">`);
    expect(xml).toContain(`<crossHeading eId="sec_II__crossHeading_1" refersTo="#preamble"><i>Recalling</i> its decision,</crossHeading>`);
    expect(xml).toContain(`to include the item;<eol/>next line`);
  });

  it("writes conclusions as the spec shows", () => {
    expect(xml).toContain(
      `<p><event refersTo="#adoption"><location title="71st" refersTo="#adoptionMeeting">71st plenary meeting</location><eol/><docDate date="2003-12-08" refersTo="#adoptionDate">8 December 2003</docDate></event></p>`,
    );
  });

  it("lists exactly the TLCs the document names", () => {
    const refs = xml.slice(xml.indexOf("<references"), xml.indexOf("</references>"));
    const names = [...refs.matchAll(/eId="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      "source", "ga", "author", "editor", "publisher", "issuingBody", "symbol", "distribution",
      "dateOfIssuance", "resolutionTitle", "publicationJobNumber", "preamble", "adoption",
      "adoptionMeeting", "adoptionDate", "firstCommittee",
    ]);
  });

  it("puts annexes in attachments with att_N eIds", () => {
    expect(xml).toContain(`<attachment eId="att_1">`);
    expect(xml).toContain(`<doc name="annex">`);
    expect(xml).toContain(`<p><docNumber>Annex</docNumber></p>`);
    expect(xml).toContain(`<hcontainer eId="att_1__hcontainer_1" name="title">`);
    expect(xml).toContain(`<paragraph eId="att_1__para_1">`);
    expect(xml).toContain(`<table eId="att_1__table_1">`);
    expect(xml).toContain(`<th/>`);
    expect(xml).toMatch(/<hcontainer eId="(att_1__hcontainer_\d+)" name="preamble">\s*<crossHeading eId="\1__crossHeading_1" refersTo="#preamble"><i>Recognizing<\/i> the need,<\/crossHeading>\s*<\/hcontainer>/);
  });

  it("adds no whitespace inside p", () => {
    for (const m of xml.matchAll(/<p>[\s\S]*?<\/p>/g)) expect(m[0]).not.toMatch(/\n/);
  });
});

describe("akn output for parts", () => {
  const xml = toAkn(parts(), NOW).xml;

  it("is a documentCollection with one component statement per part", () => {
    expect(xml).toContain(`<documentCollection name="publication">`);
    expect(xml).toContain(`<documentRef eId="dref_1" href="#comp_1" showAs="Resolution A"/>`);
    expect(xml).toContain(`<component eId="comp_2">`);
    expect(xml).toContain(`<FRBRuri value="/akn/un/statement/deliberation/unga/2022-12-30/77-256_B"/>`);
    expect(xml).toContain(`<p><docNumber>B</docNumber></p>`);
  });

  it("scopes paragraphs by section when numbering restarts", () => {
    expect(xml).toContain(`<paragraph eId="sec_I__para_1">`);
    expect(xml).toContain(`<paragraph eId="sec_II__para_1">`);
    expect(xml).toContain(`<section eId="sec_II__sec_A">`);
    expect(xml).toContain(`<paragraph eId="sec_II__sec_A__para_1">`);
  });

  it("prints a note again in each part that references it", () => {
    expect(xml.match(/<authorialNote /g)?.length).toBe(2);
    expect(xml).not.toContain("<noteRef");
  });
});

describe("akn output for the parsed seed", () => {
  it.skipIf(!HAS_SEED)(`A/RES/58/53 from its ODS text${HAS_SEED ? "" : " (skipped: ../shared/seed not found)"}`, () => {
    const { doc } = parseResolution(fs.readFileSync(SEED, "utf8"), "ods");
    const { xml } = toAkn(doc, NOW);
    dump("seed-A_RES_58_53", xml);
    expect(schema ? schema.validate(xml) : []).toEqual([]);
    expect(lintAkn(xml)).toEqual([]);
    expect(xml).toContain(`<docNumber refersTo="#symbol">A/RES/58/53</docNumber>`);
    expect(xml).toContain(`<inline name="agenda item">Agenda item 73 (p)</inline>`);
    expect(xml).toContain(`<docketNumber refersTo="#publicationJobNumber">03-45609 (E)</docketNumber>`);
    expect(xml).toContain(`<FRBRuri value="/akn/un/statement/deliberation/unga/2003-12-08/58-53"/>`);
    expect(xml.match(/<container /g)?.length).toBe(13);
    expect(xml.match(/<paragraph /g)?.length).toBe(10);
    // Note 1 is printed in the preamble and referenced again in paragraph 1.
    expect(xml.match(/<authorialNote /g)?.length).toBe(5);
    expect(xml).toContain(`Their Destruction<noteRef href="#authorialNote_1" marker="1"/> to accede`);
    expect(xml).toContain(`<location title="71st" refersTo="#adoptionMeeting">71st plenary meeting</location>`);
  });
});

describe("akn edge cases", () => {
  it("writes the date alone for a resolution adopted by silence procedure", () => {
    const doc = seed();
    doc.parts[0].conclusion = { kind: "conclusion", date: { text: "13 July 2020", iso: "2020-07-13" } };
    const { xml, diagnostics } = toAkn(doc, NOW);
    expect(xml).toContain(`<p><event refersTo="#adoption"><docDate date="2020-07-13" refersTo="#adoptionDate">13 July 2020</docDate></event></p>`);
    expect(xml).not.toContain("adoptionMeeting");
    expect(lintAkn(xml)).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it("writes a special session's ordinal as the session value and keeps the kind in the IRI", () => {
    const doc = seed();
    Object.assign(doc.meta, { symbol: "A/RES/ES-11/2", number: "ES-11/2", session: "ES-11", sessionName: "Eleventh emergency special session" });
    doc.meta.agenda = { text: "Agenda item 5", items: ["5"], title: "Letter dated 28 February 2014" };
    const { xml } = toAkn(doc, NOW);
    expect(xml).toContain(`<session value="11" refersTo="#ga">Eleventh emergency special session</session>`);
    expect(xml).toContain(`<inline name="agenda item name">Letter dated 28 February 2014</inline>`);
    expect(xml).toContain(`<FRBRnumber value="ES-11-2" showAs="ES-11/2"/>`);
    expect(lintAkn(xml)).toEqual([]);
  });

  it("reports missing footnote texts and unreferenced footnotes", () => {
    const doc = seed();
    doc.footnotes = doc.footnotes.filter((f) => f.marker !== "2");
    doc.footnotes.push({ kind: "footnote", marker: "9", content: [t("Never referenced.")] });
    const { xml, diagnostics } = toAkn(doc, NOW);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["akn-footnote-missing", "akn-footnote-unreferenced"]);
    expect(schema ? schema.validate(xml) : []).toEqual([]);
  });

  it("tells apart a repeated paragraph number with a suffix the lint accepts", async () => {
    // the repeat itself is the source's problem: the quality report names it
    const doc = seed();
    doc.parts[0].operative.push({ kind: "operativeParagraph", num: "1.", content: [t("Repeated number.")] });
    const r = await getEmitter("akn")!.emit(doc, { now: NOW, schema });
    expect(joinPieces(r.data)).toContain(`<paragraph eId="para_1-2">`);
    expect(r.diagnostics).toEqual([]);
  });

  it("escapes attribute values and drops characters XML cannot carry", () => {
    const doc = seed();
    doc.parts[0].preamble[0].openingPhrase = 'Recalling "all" <its> & more';
    doc.parts[0].preamble[1].content.push(t("bad\u0001char"));
    const { xml, diagnostics } = toAkn(doc, NOW);
    expect(xml).toContain(`name="Recalling &quot;all&quot; &lt;its&gt; &amp; more"`);
    expect(xml).toContain("badchar");
    expect(diagnostics.map((d) => d.code)).toEqual(["akn-invalid-char"]);
    expect(schema ? schema.validate(xml) : []).toEqual([]);
  });

  it("still writes a valid document for an empty resolution", () => {
    const doc: Resolution = { kind: "resolution", meta: { language: "en" }, title: [], parts: [], annexes: [], footnotes: [] };
    const { xml, diagnostics } = toAkn(doc, NOW);
    expect(schema ? schema.validate(xml) : []).toEqual([]);
    expect(lintAkn(xml)).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(["akn-no-adoption-date", "akn-no-number"]);
  });
});

describe("numToken", () => {
  it("takes the number from a label as the lint does", () => {
    expect(numToken("1.")).toBe("1");
    expect(numToken("(a)")).toBe("a");
    expect(numToken("(iv)")).toBe("iv");
    expect(numToken("II.")).toBe("II");
    expect(numToken("Article 10")).toBe("Article10");
    expect(numToken("")).toBe("");
  });
});

describe("lint on the emitter's tree", () => {
  // The emitter lints its tree (lintAknTree) instead of scanning its text
  // (lintAkn); both must say the same, line for line. Lint-clean output says
  // nothing, so the tree is broken on purpose in every way the rules catch.
  it("reports what lintAkn reports on the serialized text, with the same lines", () => {
    for (const doc of [seed(), parts()]) {
      const { root } = buildAkn(doc, NOW);
      const all = [...walkElements(root)];
      const withId = all.filter((e) => attr(e, "eId"));
      const set = (e: XElement, k: string, v: string) => {
        const a = e.attrs.find(([n]) => n === k);
        if (a) a[1] = v;
        else e.attrs.push([k, v]);
      };
      set(withId[3], "eId", attr(withId[4], "eId")!); // duplicate
      set(withId[5], "eId", "para 17 list"); // pattern
      const num = all.find((e) => e.name === "num" && e.children.length)!;
      num.children = ["\u0001(zz)"]; // eId and <num> disagree; a character XML cannot carry
      const refers = all.find((e) => attr(e, "refersTo"));
      if (refers) set(refers, "refersTo", "#nowhere notAFragment");
      set(all.find((e) => e.name === "FRBRthis")!, "value", "/akn/wrong/");
      const p = all.find((e) => e.name === "p")!;
      p.children.push("line one\nline two", el("noteRef", { href: "nowhere" }, "9"));
      const lines = new Map<XElement, number>();
      const xml = serialize(root, lines);
      const fromTree = lintAknTree(root, (n) => lines.get(n as XElement) ?? 0);
      expect(fromTree.length).toBeGreaterThanOrEqual(6);
      expect(fromTree).toEqual(lintAkn(xml));
    }
  });
});
