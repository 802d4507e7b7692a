/**
 * Round trips through the readers of our own output formats.
 *
 * - AST → AKN → AST and AST → YAML → AST are identities, on every golden case
 *   and on the whole development corpus (ods/, parsed with readInput). YAML
 *   carries everything; AKN carries everything but what `comparable` strips.
 * - The UN's AKN → AST → our AKN → AST is stable after the first step, on all
 *   official files, and our AKN of them is schema-valid and lint-clean.
 * - A broken YAML or AKN file gives one clear error, not a stack trace.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inline, Resolution } from "../pipeline/ast.ts";
import { inlineLists, plainText } from "../pipeline/ast-utils.ts";
import { readInput } from "../pipeline/convert.ts";
import { toAkn } from "../pipeline/emitters/akn.ts";
import { toYaml } from "../pipeline/emitters/yaml.ts";
import { runValidate } from "../pipeline/validate/command.ts";
import { lintAkn } from "../pipeline/validate/lint.ts";
import { findSchemaDir, loadSchemaValidator, type SchemaValidator } from "../pipeline/validate/schema.ts";
import { CORPUS, FIXED_NOW, hasCorpus, noCorpusReason, SHARED } from "./support/shared.ts";

const GOLDEN = path.join(import.meta.dirname, "golden");
const goldenCases = readdirSync(GOLDEN).filter((c) => existsSync(path.join(GOLDEN, c, "input.txt"))).sort();
const OFFICIAL = path.join(CORPUS, "akn");
const hasOfficial = existsSync(OFFICIAL);

const enc = (s: string) => new TextEncoder().encode(s);

function markersIn(list: readonly Inline[], out: Set<string>): void {
  for (const n of list) {
    if (n.kind === "noteReference") out.add(n.marker);
    else if (n.kind === "italic") markersIn(n.children, out);
  }
}

/**
 * The document as AKN can carry it back. Two things cannot survive, and
 * only those are removed:
 * - `source` spans: lines of the input the node came from; an AKN file is
 *   not that input and has no such lines to give back.
 * - footnotes no text refers to: AKN prints a note where it is referenced
 *   (authorialNote), so the emitter has nowhere to put one and says so
 *   (akn-footnote-unreferenced).
 * And one derived field is compared as what it is defined to be: `meta.title`
 * is "the resolution title as plain text", i.e. plainText(title), which is
 * how the AKN reader derives it. (The text reader currently derives it before
 * footnote markers are split off the title, giving "…Centre1" in the
 * table-wrapup case: a text-reader bug, reported, not an AKN limit.)
 * JSON round-tripping also drops keys whose value is undefined (the parser
 * sets `openingPhrase: undefined` where it found none).
 */
function comparable(doc: Resolution): Resolution {
  const referenced = new Set<string>();
  for (const list of inlineLists(doc)) markersIn(list, referenced);
  const copy = JSON.parse(JSON.stringify(doc, (k, v) => (k === "source" ? undefined : v))) as Resolution;
  copy.footnotes = copy.footnotes.filter((f) => referenced.has(f.marker));
  if (copy.meta.title !== undefined && copy.title.length) copy.meta.title = plainText(copy.title).trim();
  return copy;
}

/** The same document as plain JSON data (what YAML can hold: no undefined-valued keys). */
const plain = (doc: Resolution): Resolution => JSON.parse(JSON.stringify(doc)) as Resolution;

function read(text: string, form: string): Resolution {
  const out = readInput(enc(text));
  expect(out.from).toBe(form);
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return out.doc!;
}

const viaAkn = (doc: Resolution) => read(toAkn(doc, FIXED_NOW).xml, "akn");
const viaYaml = (doc: Resolution) => read(toYaml(doc), "yaml");

describe.each(goldenCases)("round trip: golden %s", (name) => {
  const dir = path.join(GOLDEN, name);
  const doc = readInput(readFileSync(path.join(dir, "input.txt"))).doc!;

  it("AST → AKN → AST", () => {
    expect(comparable(viaAkn(doc))).toEqual(comparable(doc));
  });

  it("AST → YAML → AST", () => {
    expect(viaYaml(doc)).toEqual(plain(doc));
  });

  it("reads expected.akn.xml and expected.yaml into the AST they were written from", () => {
    expect(comparable(read(readFileSync(path.join(dir, "expected.akn.xml"), "utf8"), "akn"))).toEqual(comparable(doc));
    expect(read(readFileSync(path.join(dir, "expected.yaml"), "utf8"), "yaml")).toEqual(plain(doc));
  });
});

describe("round trip: development corpus (ods/)", () => {
  const dir = path.join(CORPUS, "ods");
  const files = hasCorpus ? readdirSync(dir).filter((f) => f.endsWith(".txt")).sort() : [];

  it.skipIf(!hasCorpus)(`AST → AKN → AST and AST → YAML → AST on every file ${hasCorpus ? "" : `(${noCorpusReason})`}`, () => {
    const akn: string[] = [];
    const yaml: string[] = [];
    for (const f of files) {
      const doc = readInput(readFileSync(path.join(dir, f))).doc;
      if (!doc) continue;
      // collect the names, then compare one failure in full: a 483-file diff helps nobody
      try {
        expect(comparable(viaAkn(doc))).toEqual(comparable(doc));
      } catch {
        akn.push(f);
      }
      try {
        expect(viaYaml(doc)).toEqual(plain(doc));
      } catch {
        yaml.push(f);
      }
    }
    expect({ akn, yaml }).toEqual({ akn: [], yaml: [] });
  }, 300_000);
});

describe("official AKN (corpus/akn/)", () => {
  const files = hasOfficial ? readdirSync(OFFICIAL).filter((f) => f.endsWith(".xml")).sort() : [];
  const schemaDir = findSchemaDir({ env: { RESOLUTE_SHARED: SHARED }, cwd: process.cwd() });
  let schema: SchemaValidator | undefined;
  beforeAll(async () => {
    if (hasOfficial && schemaDir) schema = await loadSchemaValidator(schemaDir);
  });
  afterAll(() => schema?.dispose());

  it.skipIf(!hasOfficial)(
    `official → AST → our AKN → AST is stable after the first step, and our AKN is valid ${hasOfficial ? "" : `(${noCorpusReason})`}`,
    () => {
      const unstable: string[] = [];
      const invalid: string[] = [];
      for (const f of files) {
        const first = readInput(readFileSync(path.join(OFFICIAL, f)));
        expect(first.from, f).toBe("akn");
        expect(first.diagnostics.filter((d) => d.severity === "error"), f).toEqual([]);
        const doc = first.doc!;
        const { xml } = toAkn(doc, FIXED_NOW);
        const problems = [...(schema?.validate(xml) ?? []), ...lintAkn(xml)];
        if (problems.length) invalid.push(`${f}: ${problems[0].code} ${problems[0].message}`);
        const again = readInput(enc(xml));
        try {
          expect(comparable(again.doc!)).toEqual(comparable(doc));
        } catch {
          unstable.push(f);
        }
      }
      expect({ unstable, invalid }).toEqual({ unstable: [], invalid: [] });
    },
    300_000,
  );
});

describe("broken files give one clear error", () => {
  const seedYaml = readFileSync(path.join(GOLDEN, "seed", "expected.yaml"), "utf8");
  const seedAkn = readFileSync(path.join(GOLDEN, "seed", "expected.akn.xml"), "utf8");

  function oneError(text: string, code: string) {
    const out = readInput(enc(text));
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors, JSON.stringify(out.diagnostics)).toHaveLength(1);
    const [e] = errors;
    expect(e.code).toBe(code);
    expect(e.line).toBeGreaterThan(0);
    expect(e.message).not.toMatch(/\n|\bat .+:\d+:\d+/); // no stack trace, one line
    return e;
  }

  it("a YAML edit that breaks the tree: the path, what was expected, the line", () => {
    const broken = seedYaml.replace("kind: preambularParagraph", "kind: operativeParagraph");
    const e = oneError(broken, "yaml-invalid");
    expect(e.message).toBe("parts[0].preamble[0]: expected kind preambularParagraph, got kind operativeParagraph");
    expect(broken.split("\n")[e.line! - 1]).toContain("kind: operativeParagraph");
  });

  it("a YAML edit that breaks the syntax", () => {
    const lines = seedYaml.split("\n");
    const at = lines.findIndex((l) => l.includes("sessionName:"));
    lines[at] = '  sessionName: "Fifty-eighth session';
    const e = oneError(lines.join("\n"), "yaml-syntax");
    expect(e.message).toMatch(/^not valid YAML: /);
  });

  it("a YAML value of the wrong type says how to fix it", () => {
    const e = oneError(seedYaml.replace('session: "58"', "session: 58"), "yaml-invalid");
    expect(e.message).toBe('meta.session: expected a string, got a number (58) (quote it: "58")');
  });

  it("a truncated AKN file", () => {
    const e = oneError(seedAkn.slice(0, Math.floor(seedAkn.length / 2)), "akn-syntax");
    expect(e.message).toMatch(/^not well-formed XML: the file ends with <.*> still open \(truncated\?\)$/);
  });

  it("XML that is not Akoma Ntoso", () => {
    oneError('<?xml version="1.0"?>\n<html><body/></html>\n', "akn-not-akn");
  });

  it("entities declared in a DOCTYPE are not expanded", () => {
    const bomb = seedAkn.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ).replace("The General Assembly,", "The General Assembly, &b;");
    const out = readInput(enc(bomb));
    expect(out.from).toBe("akn");
    expect(out.doc!.parts[0].formula!.content).toEqual([{ kind: "text", text: "The General Assembly, &b;" }]);
    expect(out.diagnostics.map((d) => d.code)).toContain("akn-doctype");
  });
});

describe("validate command", () => {
  const schemaDir = findSchemaDir({ env: { RESOLUTE_SHARED: SHARED }, cwd: process.cwd() });
  const seedAkn = readFileSync(path.join(GOLDEN, "seed", "expected.akn.xml"), "utf8");

  async function run(paths: string[], opts: { schema?: string; cwd: string }) {
    let out = "";
    let err = "";
    const code = await runValidate(paths, { ...opts, env: {} }, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
    return { code, out, err };
  }

  it.skipIf(!schemaDir)("checks folders recursively: one line per problem, exit 1 when a file fails, 0 when all pass", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "resolute-validate-"));
    try {
      mkdirSync(path.join(dir, "sub"));
      writeFileSync(path.join(dir, "good.xml"), seedAkn);
      writeFileSync(path.join(dir, "sub", "bad.xml"), seedAkn.replace('eId="para_2"', 'eId="para_02"'));
      writeFileSync(path.join(dir, "notes.txt"), "not checked");
      const all = await run(["."], { schema: schemaDir!, cwd: dir });
      expect(all.code).toBe(1);
      expect(all.out.trim().split("\n")).toEqual([
        expect.stringMatching(/^sub\/bad\.xml:\d+: lint-eid-num: eId "para_02" does not match <num>2\.<\/num>/),
      ]);
      expect(all.err).toContain("2 files, 1 failed");
      const good = await run(["good.xml"], { schema: schemaDir!, cwd: dir });
      expect(good).toMatchObject({ code: 0, out: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 and says so when there is no schema", async () => {
    const r = await run(["x.xml"], { schema: "/nonexistent/schema", cwd: os.tmpdir() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--schema \/nonexistent\/schema does not point at a folder holding akomantoso30\.xsd/);
  });
});
