/** The issue's acceptance facts about the seed resolution, checked on the AST and the outputs. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emit, readInput } from "../pipeline/convert.ts";
import { inlineLists, plainText } from "../pipeline/ast-utils.ts";
import type { OperativeParagraph } from "../pipeline/ast.ts";
import { FIXED_NOW } from "./support/shared.ts";

const seed = readFileSync(path.join(import.meta.dirname, "golden/seed/input.txt"));
const { doc } = readInput(seed);

describe("seed A/RES/58/53", () => {
  it("has the metadata of the masthead and the body", () => {
    const m = doc!.meta;
    expect(m.symbol).toBe("A/RES/58/53");
    expect(m.number).toBe("58/53");
    expect(m.title).toBe("Implementation of the Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-personnel Mines and on Their Destruction");
    expect(m.adoptionDate?.iso).toBe("2003-12-08");
    expect(m.meeting).toBe("71st");
    expect(m.issueDate?.iso).toBe("2004-01-08");
    expect([m.session, m.sessionName]).toEqual(["58", "Fifty-eighth session"]);
    expect(m.agenda?.text).toBe("Agenda item 73 (p)");
    expect(m.committee).toMatchObject({ committee: "firstCommittee", reportSymbol: "A/58/462" });
    expect(m.jobNumber).toBe("03-45609");
  });

  it("has the formula, 13 preambular and 10 operative paragraphs and 5 footnotes", () => {
    const part = doc!.parts[0];
    expect(plainText(part.formula!.content)).toBe("The General Assembly,");
    expect(part.preamble).toHaveLength(13);
    expect(part.operative.map((p) => (p as OperativeParagraph).num)).toEqual(["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10."]);
    expect(doc!.footnotes.map((f) => f.marker)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("references note 1 in the Welcoming paragraph and again in operative paragraph 1", () => {
    const part = doc!.parts[0];
    const markers = (c: { content: { kind: string; marker?: string }[] }) => c.content.filter((i) => i.kind === "noteReference").map((i) => i.marker);
    expect(part.preamble[4].openingPhrase).toBe("Welcoming");
    expect(markers(part.preamble[4])).toEqual(["1"]);
    expect(markers(part.operative[0] as OperativeParagraph)).toEqual(["1"]);
  });

  it("keeps ODS fields, page numbers and masthead lines out of the body", async () => {
    const body = [...inlineLists(doc!)].map((l) => plainText(l)).join("\n");
    for (const residue of ["<<ODS", "N0345609E", "Distr.: General", "United Nations\u0041/RES", "03 45609", "_____"]) expect(body).not.toContain(residue);
    const akn = String((await emit(doc!, "akn", { now: FIXED_NOW })).data);
    const mainBody = akn.slice(akn.indexOf("<mainBody"), akn.indexOf("</mainBody>"));
    expect(mainBody).not.toMatch(/<<ODS|>\s*\d\s*</);
    expect(akn).toContain("03-45609 (E)");
  });
});
