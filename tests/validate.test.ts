/**
 * Schema validation (libxml2-wasm) and our AKN lint, on small inline
 * documents built to the spec (../shared/spec/akn4un.md) and on broken
 * variants of them.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSchemaDir, loadSchemaValidator, type SchemaValidator } from "../pipeline/validate/schema.ts";
import { lintAkn } from "../pipeline/validate/lint.ts";
import type { Diagnostic } from "../pipeline/diagnostics.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const SCHEMA_DIR = findSchemaDir({ env: process.env, cwd: PROJECT });
const CORPUS = path.resolve(PROJECT, "..", "shared", "corpus", "akn");
const HAS_CORPUS = fs.existsSync(CORPUS);

/** A test title that carries the one-line reason when the test is skipped. */
function title(name: string, skipped: boolean, reason: string): string {
  return skipped ? `${name} (skipped: ${reason})` : name;
}

// ------------------------------------------------------------------ fixtures

const PREFIX = "/akn/un/statement/deliberation/unga";

/** FRBR identification for work `sn` adopted on `date`; `component` is "main" or "annex_N". */
function identification(o: { date?: string; sn?: string; component?: string; exprThis?: string } = {}): string {
  const date = o.date ?? "2003-12-08";
  const sn = o.sn ?? "58-53";
  const c = o.component ?? "main";
  const work = `${PREFIX}/${date}/${sn}`;
  return `
      <identification source="#source">
        <FRBRWork>
          <FRBRthis value="${work}/!${c}"/>
          <FRBRuri value="${work}"/>
          <FRBRdate date="${date}" name="adoption"/>
          <FRBRauthor href="#ga" as="#author"/>
          <FRBRcountry value="un"/>
          <FRBRsubtype value="deliberation"/>
          <FRBRnumber value="${sn}" showAs="${sn.replace("-", "/")}"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="${o.exprThis ?? `${work}/eng@/!${c}`}"/>
          <FRBRuri value="${work}/eng@"/>
          <FRBRdate date="2004-01-08" name="publication"/>
          <FRBRauthor href="#ga" as="#author"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="${work}/eng@/!${c}.xml"/>
          <FRBRuri value="${work}/eng@.xml"/>
          <FRBRdate date="2024-01-01" name="markup"/>
          <FRBRauthor href="#source" as="#editor"/>
        </FRBRManifestation>
      </identification>`;
}

const REFERENCES = `
      <references source="#source">
        <TLCOrganization eId="source" href="/akn/ontology/organization/un/resolute" showAs="resolute"/>
        <TLCOrganization eId="ga" href="/akn/ontology/organization/un/generalAssembly" showAs="General Assembly"/>
        <TLCRole eId="author" href="/akn/ontology/role/un/author" showAs="Author"/>
        <TLCRole eId="editor" href="/akn/ontology/role/un/editor" showAs="Editor"/>
        <TLCEvent eId="adoption" href="/akn/ontology/event/un/adoption" showAs="Adoption"/>
        <TLCLocation eId="adoptionMeeting" href="/akn/ontology/location/un/adoptionMeeting" showAs="Adoption meeting"/>
        <TLCConcept eId="adoptionDate" href="/akn/ontology/concept/un/adoptionDate" showAs="Adoption date"/>
      </references>`;

const BODY = `
    <preamble>
      <formula name="enactingFormula" eId="formula_1"><p>The General Assembly,</p></formula>
      <container name="Recalling" eId="container_1"><p><i>Recalling</i> its resolution <ref href="https://undocs.org/en/A/RES/57/1">57/1</ref>,</p></container>
    </preamble>
    <mainBody>
      <paragraph eId="para_1">
        <num>1.</num>
        <content eId="para_1__content"><p><i>Invites</i> all States to act;<authorialNote marker="1" placement="bottom" eId="authorialNote_1"><p>See CD/1478.</p></authorialNote></p></content>
      </paragraph>
      <paragraph eId="para_2">
        <num>2.</num>
        <list eId="para_2__list_1">
          <intro eId="para_2__list_1__intro"><p><i>Requests</i> the Secretary-General:</p></intro>
          <point eId="para_2__list_1__point_a">
            <num>(a)</num>
            <content eId="para_2__list_1__point_a__content"><p>To report;<noteRef href="#authorialNote_1" marker="1"/></p></content>
          </point>
          <wrapUp eId="para_2__list_1__wrapup"><p>and to act.</p></wrapUp>
        </list>
      </paragraph>
    </mainBody>
    <conclusions>
      <p><event refersTo="#adoption"><location title="71st" refersTo="#adoptionMeeting">71st plenary meeting</location><eol/><docDate date="2003-12-08" refersTo="#adoptionDate">8 December 2003</docDate></event></p>
    </conclusions>`;

const ANNEX = `
    <attachments>
      <attachment eId="att_1">
        <doc name="annex">
          <meta>${identification({ component: "annex_1" })}
          </meta>
          <mainBody>
            <paragraph eId="att_1__para_1"><num>1.</num><content eId="att_1__para_1__content"><p>Annex text.</p></content></paragraph>
          </mainBody>
        </doc>
      </attachment>
    </attachments>`;

/** A statement per the spec; each option swaps in a part, to break it. */
function statement(o: { ident?: string; refs?: string; preface?: string; body?: string; attachments?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:akn4un="http://un.org/akn4un">
  <statement name="resolution">
    <meta>${o.ident ?? identification()}${o.refs ?? REFERENCES}
    </meta>
    ${o.preface ?? `<preface><p><docNumber>58/53.</docNumber> <docTitle>Implementation of the Convention</docTitle></p></preface>`}${o.body ?? BODY}${o.attachments ?? ""}
  </statement>
</akomaNtoso>
`;
}

/** Resolution 75/254 in parts A and B: a documentCollection plus one statement per part. */
function collection(o: { partBBody?: string; refs?: string } = {}): string {
  const part = (letter: string, body: string) => `
    <component eId="comp_${letter === "A" ? 1 : 2}">
      <statement name="resolution">
        <meta>${identification({ date: "2020-12-31", sn: `75-254_${letter}` })}${REFERENCES}
        </meta>
        <preface><p><docNumber>${letter}</docNumber> <docTitle>Part ${letter}</docTitle></p></preface>${body}
      </statement>
    </component>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <documentCollection name="publication">
    <meta>${identification({ date: "2020-12-31", sn: "75-254" })}${REFERENCES}
    </meta>
    <preface><p><docNumber>75/254.</docNumber> <docTitle>Programme budget for 2021</docTitle></p></preface>
    <collectionBody>
      <component><documentRef href="#comp_1" showAs="Resolution A"/></component>
      <component><documentRef href="${o.refs ?? "#comp_2"}" showAs="Resolution B"/></component>
    </collectionBody>
  </documentCollection>
  <components>${part("A", BODY)}${part("B", o.partBBody ?? BODY)}
  </components>
</akomaNtoso>
`;
}

/** Line of the first occurrence of `needle` in `xml`, to check reported lines. */
function lineOf(xml: string, needle: string): number {
  const i = xml.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return xml.slice(0, i).split("\n").length;
}

function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

// --------------------------------------------------------------- findSchemaDir

describe("findSchemaDir", () => {
  let tmp: string;
  let schema: string;
  beforeAll(() => {
    // Placeholder files: findSchemaDir only looks for their presence.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "resolute-schema-"));
    schema = path.join(tmp, "shared", "schema");
    fs.mkdirSync(schema, { recursive: true });
    fs.writeFileSync(path.join(schema, "akomantoso30.xsd"), "");
    fs.writeFileSync(path.join(schema, "xml.xsd"), "");
    fs.mkdirSync(path.join(tmp, "main"));
    fs.mkdirSync(path.join(tmp, "empty", "sub"), { recursive: true });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("takes --schema as a directory or as the .xsd file, relative to cwd", () => {
    expect(findSchemaDir({ flag: schema, cwd: "/" })).toBe(schema);
    expect(findSchemaDir({ flag: path.join(schema, "akomantoso30.xsd"), cwd: "/" })).toBe(schema);
    expect(findSchemaDir({ flag: "../shared/schema", cwd: path.join(tmp, "main") })).toBe(schema);
  });

  it("does not fall back when --schema points nowhere", () => {
    expect(findSchemaDir({ flag: path.join(tmp, "empty"), env: { RESOLUTE_SCHEMA: schema }, cwd: tmp })).toBeNull();
  });

  it("then RESOLUTE_SCHEMA, RESOLUTE_SHARED/schema, <cwd>/../shared/schema", () => {
    const empty = path.join(tmp, "empty");
    expect(findSchemaDir({ env: { RESOLUTE_SCHEMA: schema }, cwd: empty })).toBe(schema);
    expect(findSchemaDir({ env: { RESOLUTE_SHARED: path.join(tmp, "shared") }, cwd: empty })).toBe(schema);
    expect(findSchemaDir({ env: { RESOLUTE_SCHEMA: empty }, cwd: path.join(tmp, "main") })).toBe(schema);
    expect(findSchemaDir({ env: {}, cwd: path.join(empty, "sub") })).toBeNull();
  });
});

// ---------------------------------------------------------------------- schema

const NO_SCHEMA = SCHEMA_DIR === null;
describe.skipIf(NO_SCHEMA)(title("schema validation", NO_SCHEMA, "akomantoso30.xsd not found, set RESOLUTE_SCHEMA"), () => {
  let validator: SchemaValidator;
  beforeAll(async () => {
    validator = await loadSchemaValidator(SCHEMA_DIR!);
  });
  afterAll(() => validator?.dispose());

  it("accepts the fixtures: statement, statement with annex, collection", () => {
    expect(validator.validate(statement())).toEqual([]);
    expect(validator.validate(statement({ attachments: ANNEX }))).toEqual([]);
    expect(validator.validate(collection())).toEqual([]);
  });

  it("reports an unknown element with its line", () => {
    const xml = statement({ body: BODY.replace("<mainBody>", "<mainBody>\n      <bogus/>") });
    const ds = validator.validate(xml);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]).toMatchObject({ code: "schema-invalid", severity: "error", line: lineOf(xml, "<bogus/>") });
    expect(ds[0].message).toMatch(/bogus/);
  });

  it("reports a missing required element", () => {
    const ds = validator.validate(statement({ body: "" }));
    expect(codes(ds)).toContain("schema-invalid");
    expect(ds[0].message).toMatch(/mainBody/);
  });

  it("reports a duplicate eId (the schema's own uniqueness constraint)", () => {
    const ds = validator.validate(statement({ body: BODY.replace('eId="para_2"', 'eId="para_1"') }));
    expect(codes(ds)).toContain("schema-invalid");
  });

  it("reports a document that is not well-formed, with its line", () => {
    const xml = statement().replace("</preamble>", "</preambel>");
    const ds = validator.validate(xml);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]).toMatchObject({ code: "xml-not-well-formed", severity: "error", line: lineOf(xml, "</preambel>") });
    expect(codes(validator.validate(""))).toEqual(["xml-not-well-formed"]);
  });

  it("reuses the compiled schema across many documents", () => {
    const xml = statement({ attachments: ANNEX });
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) expect(validator.validate(xml)).toEqual([]);
    const perDoc = (performance.now() - t0) / 200;
    // Generous bound: it only guards against recompiling the schema per call (~300 ms).
    expect(perDoc).toBeLessThan(50);
  });

  it.skipIf(!HAS_CORPUS)(title("runs on the first 20 official UN files", !HAS_CORPUS, "../shared/corpus/akn absent"), () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".xml")).sort().slice(0, 20);
    expect(files).toHaveLength(20);
    let valid = 0;
    for (const f of files) {
      const ds = validator.validate(fs.readFileSync(path.join(CORPUS, f), "utf8"));
      expect(Array.isArray(ds)).toBe(true);
      if (ds.length === 0) valid++;
    }
    // 4 of the 483 official files are schema-invalid (spec); most of any 20 validate.
    expect(valid).toBeGreaterThanOrEqual(15);
  });
});

// ------------------------------------------------------------------------ lint

describe("lintAkn", () => {
  it("passes the fixtures: statement, statement with annex, collection", () => {
    expect(lintAkn(statement())).toEqual([]);
    expect(lintAkn(statement({ attachments: ANNEX }))).toEqual([]);
    expect(lintAkn(collection())).toEqual([]);
  });

  it("reports a duplicate eId on the line of the second one", () => {
    const xml = statement({ body: BODY.replace('eId="para_2__list_1__intro"', 'eId="para_2__list_1"') });
    const ds = lintAkn(xml);
    expect(codes(ds)).toEqual(["lint-eid-duplicate"]);
    expect(ds[0].line).toBe(lineOf(xml, '<intro eId="para_2__list_1"'));
  });

  it("reports eIds outside the naming convention", () => {
    const xml = statement({
      body: BODY.replace('eId="para_2__list_1__point_a"', 'eId="para_2_list_point_a"').replace(
        'eId="container_1"',
        'eId="Container 1"',
      ),
    });
    const ds = lintAkn(xml).filter((d) => d.code === "lint-eid-pattern");
    expect(ds.map((d) => d.message.match(/"([^"]+)"/)?.[1])).toEqual(["Container 1", "para_2_list_point_a"]);
  });

  it("reports an eId whose number disagrees with <num>", () => {
    const xml = statement({ body: BODY.replace("<num>2.</num>", "<num>3.</num>") });
    expect(codes(lintAkn(xml))).toEqual(["lint-eid-num"]);
  });

  it("reports dangling #references and references that are not fragments", () => {
    const xml = statement({
      body: BODY.replace('refersTo="#adoptionMeeting"', 'refersTo="#nowhere"').replace(
        'href="#authorialNote_1"',
        'href="#authorialNote_9"',
      ),
      ident: identification().replace('href="#ga" as="#author"', 'href="ga" as="#author"'),
    });
    const ds = lintAkn(xml);
    expect(codes(ds).sort()).toEqual(["lint-dangling-ref", "lint-dangling-ref", "lint-ref-form"]);
    const dangling = ds.find((d) => d.message.includes("#nowhere"));
    expect(dangling?.line).toBe(lineOf(xml, "#nowhere"));
  });

  it("reports IRIs not in the spec's forms or not coherent with FRBRdate / FRBRnumber", () => {
    // The UN files' "eng@!main/" form.
    const unForm = statement({ ident: identification({ exprThis: `${PREFIX}/2003-12-08/58-53/eng@!main/` }) });
    expect(codes(lintAkn(unForm))).toEqual(["lint-iri"]);

    const wrongDate = statement({ ident: identification().replace('date="2003-12-08" name="adoption"', 'date="2003-12-09" name="adoption"') });
    expect(lintAkn(wrongDate).map((d) => d.message)).toEqual([
      "the work IRI has date 2003-12-08 but FRBRWork/FRBRdate is 2003-12-09",
    ]);

    const wrongNumber = statement({ ident: identification().replace('<FRBRnumber value="58-53"', '<FRBRnumber value="58-54"') });
    expect(codes(lintAkn(wrongNumber))).toEqual(["lint-iri"]);

    const trailingSlash = statement({ ident: identification().replace(`/58-53"/>`, `/58-53/"/>`) });
    expect(codes(lintAkn(trailingSlash))).toContain("lint-iri");
  });

  it("reports a missing preface or references block", () => {
    expect(codes(lintAkn(statement({ preface: "" })))).toEqual(["lint-missing-element"]);
    // Without references every "#name" in the document dangles too.
    const noRefs = lintAkn(statement({ refs: "" }));
    expect(codes(noRefs)).toContain("lint-missing-element");
    expect(codes(noRefs)).toContain("lint-dangling-ref");
  });

  it("checks annexes: att_N prefix and IRIs under the resolution's work", () => {
    const badPrefix = statement({ attachments: ANNEX.replace('eId="att_1__para_1"', 'eId="para_9"') });
    expect(codes(lintAkn(badPrefix)).sort()).toEqual(["lint-eid-num", "lint-eid-prefix"]);

    const badIri = statement({ attachments: ANNEX.replaceAll("!annex_1", "!annex_2") });
    expect(codes(lintAkn(badIri))).toEqual(["lint-iri", "lint-iri", "lint-iri"]);

    // An annex shares the resolution's eId space (the schema's uniqueness covers it).
    const clash = statement({ attachments: ANNEX.replace('eId="att_1__para_1"', 'eId="para_1"') });
    expect(codes(lintAkn(clash))).toContain("lint-eid-duplicate");
  });

  it("treats each part of a collection as its own document", () => {
    // Both parts use para_1 ... legitimately; a broken reference inside part B is still caught.
    expect(lintAkn(collection())).toEqual([]);
    const partB = collection({ partBBody: BODY.replace('refersTo="#adoption"', 'refersTo="#adoptionB"') });
    expect(codes(lintAkn(partB))).toEqual(["lint-dangling-ref"]);
    expect(codes(lintAkn(collection({ refs: "#comp_3" })))).toEqual(["lint-dangling-ref"]);
  });

  it("never throws on broken input", () => {
    expect(codes(lintAkn(""))).toEqual(["lint-missing-element"]);
    expect(codes(lintAkn("<html><body>"))).toEqual(["lint-missing-element"]);
    expect(Array.isArray(lintAkn(statement().slice(0, 1500)))).toBe(true);
  });
});
