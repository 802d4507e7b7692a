/**
 * The YAML emitter writes YAML itself (pipeline/emitters/yaml.ts); these
 * tests hold it to the `yaml` library's own block style, byte for byte, on
 * every golden document and on random trees and strings, and check that
 * whatever it writes reads back as the same value.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import type { Resolution } from "../pipeline/ast.ts";
import { readInput } from "../pipeline/convert.ts";
import { compareKeys, toYaml } from "../pipeline/emitters/yaml.ts";

/** What the library writes for the same value, in the emitter's key order, without anchors for shared objects. */
function libraryYaml(doc: unknown, symbol = "resolution"): string {
  const d = new Document(doc, { aliasDuplicateObjects: false, sortMapEntries: (a, b) => compareKeys(String(a.key), String(b.key)) });
  d.commentBefore = ` ${symbol}: resolute document tree (see pipeline/ast.ts)`;
  return d.toString({ lineWidth: 0 });
}

const GOLDEN = path.join(import.meta.dirname, "golden");
const cases = readdirSync(GOLDEN).filter((c) => !c.startsWith("."));
const SEED = Number(process.env.RESOLUTE_PROPERTY_SEED ?? Date.now() % 2 ** 31);

/** Strings that exercise every quoting rule: indicators, ": ", " #", numbers, booleans, quotes of both kinds. */
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", " ", ":", "#", "-", "?", "'", '"', "0", "1", ".", "e", "x", "o", "[", "{", "&", "*", "!", "|", ">", "%", "@", "`", ",", "\t", "~", "é", "“", "\u00a0") }),
  fc.constantFrom("", "null", "Null", "~", "true", "FALSE", "0x1F", "0o17", "12", "-3", "+.5", "1e3", ".inf", ".NaN", "58", "2003-12-08", "- a", "? b", "a: b", "a #b", "a:", "a ", " a", "---", "...", "%x"),
  fc.string(),
);
/** Control characters and line breaks: the emitter double-quotes these (the library would not always). */
const escaped = fc.string({ unit: fc.constantFrom("a", "\n", "\u0001", "\u007f", "\u0085", "\u2028", " ", '"', "'", "\\") });

const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, tricky, fc.integer(), fc.boolean(), fc.constant(null), tie("map"), tie("list")),
  map: fc.dictionary(fc.constantFrom("kind", "text", "label", "num", "source", "zeta", "alpha", "items"), tie("value"), { maxKeys: 5 }),
  list: fc.array(tie("value"), { maxLength: 4 }),
}));

describe("YAML emitter", () => {
  it("writes every golden document exactly as the yaml library would", () => {
    for (const c of cases) {
      const input = readdirSync(path.join(GOLDEN, c)).find((f) => f.startsWith("input."))!;
      const doc = readInput(readFileSync(path.join(GOLDEN, c, input))).doc!;
      expect(toYaml(doc), c).toBe(libraryYaml(doc, doc.meta.symbol));
    }
  });

  it("writes random trees and strings as the library does, and they read back unchanged", () => {
    fc.assert(
      fc.property(tree.map, (m) => {
        const doc = { ...m, meta: {} } as unknown as Resolution;
        const out = toYaml(doc);
        expect(out).toBe(libraryYaml(doc));
        expect(parse(out)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("double-quotes strings with line breaks and control characters, and they read back unchanged", () => {
    fc.assert(
      fc.property(escaped, (s) => {
        const doc = { kind: "resolution", meta: {}, text: s } as unknown as Resolution;
        expect(parse(toYaml(doc)).text).toBe(s);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("writes an object referenced twice in full each time, never as an alias", () => {
    const date = { text: "8 December 2003", iso: "2003-12-08" };
    const out = toYaml({ kind: "resolution", meta: { adoptionDate: date, issueDate: date } } as unknown as Resolution);
    expect(out).not.toMatch(/[&*]a\d/);
    expect(out.match(/iso: 2003-12-08/g)).toHaveLength(2);
  });
});
