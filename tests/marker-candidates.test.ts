/**
 * markerCandidates finds in one pass over the digit runs what the link stage
 * once found with six regular expressions. The expressions are kept here as
 * the definition of the six shapes, and random texts built from the
 * characters they look at must give the same places, lengths, strengths and
 * order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markerCandidates, type MarkerPlace } from "../pipeline/stages/marker-candidates.ts";

const GLUED = /(\d(?<=[\p{L},.;:)\]’”"'»]\d)\d{0,2})(?=$|[\s,.;:)\]’”"'])/gu;
const GLUED_BOTH_SIDES = /(\d(?:(?<=[\p{L},.;:)’”]\d)\d{0,2}(?=\p{Ll})|(?<=[,;:)’”]\d)\d{0,2}(?=\p{Lu})))/gu;
const YEAR_GLUED = /((?:19|20)(?<![\d/](?:19|20))\d\d)(\d{1,3})(?=$|[\s,.;:)\]’”"'])/g;
const NUMBER_GLUED = /(\d(?<=[,;]\d)\d{0,2})(?=[1-9]\d{0,2}\/\d)/g;
const NUMBER_RUN = /(\d(?<!\d\d)\d{1,5})(?=$|[\s,.;:)\]’”"'])/g;
const RESOLUTION_GLUED = /\d(?<![\d/]\d)\d{0,2}\/(\d{2,5})(?=$|[\s,.;:)])/g;
const NUMBERING = /(?:(?:^|[\s(])(?:[A-Z]|[IVXLC]+|\d{1,3})|\/[A-Za-z]+)\.$/;

function lastWord(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && !/[\s(]/.test(text[i])) i--;
  return text.slice(Math.max(0, i), at);
}

/** The regular expressions' answer, in the order the link stage used to sort it. */
function byExpressions(text: string): MarkerPlace[] {
  const out: MarkerPlace[] = [];
  const add = (at: number, len: number, strength: number, shape: number) => {
    if (text[at] !== "0") out.push({ at, len, strength, shape });
  };
  for (const m of text.matchAll(GLUED)) {
    const word = lastWord(text, m.index);
    const decimal = /\d\.$/.test(word) && /^\s*[a-z\d(]/.test(text.slice(m.index + m[1].length));
    if (!decimal) add(m.index, m[1].length, NUMBERING.test(word) ? 0 : 1, 1);
  }
  for (const m of text.matchAll(GLUED_BOTH_SIDES)) add(m.index, m[1].length, 0.5, 2);
  for (const m of text.matchAll(YEAR_GLUED)) add(m.index + 4, m[2].length, 0.5, 3);
  for (const m of text.matchAll(NUMBER_GLUED)) for (let k = 1; k <= m[1].length; k++) add(m.index, k, 0.5, 4);
  for (const m of text.matchAll(NUMBER_RUN)) {
    if (/^(?:19|20)\d\d$/.test(m[1]) && /(?:^|[\s(])$/.test(lastWord(text, m.index))) continue;
    const end = m.index + m[0].length;
    for (let k = 1; k <= 2 && k < m[1].length - 1; k++) add(end - k, k, 0, 5);
  }
  for (const m of text.matchAll(RESOLUTION_GLUED)) {
    const end = m.index + m[0].length;
    const surely = m[1].length > 3;
    for (let k = 1; k <= 2 && k < m[1].length; k++) add(end - k, k, surely ? 0.5 : 0, 6);
  }
  // a stable sort: places that tie keep the order of the expressions above
  return out.sort((a, b) => a.at - b.at || a.len - b.len);
}

/** Characters the shapes look at, weighted towards digits. */
const PIECES = [
  ..."0123456789".split(""), "1", "2", "19", "20", "2022", "1999", "0",
  "a", "z", "A", "Z", "é", "É", "ß", "𝐚", "𝐀", "\ud835", "\udc1a",
  ",", ".", ";", ":", ")", "(", "]", "[", "’", "”", "\"", "'", "»", "/", "-",
  " ", "\u00a0", "\t", "\n", "S-", "A/", "Add.", "CP.",
];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(""));

describe("markerCandidates", () => {
  it("finds what the six expressions find, on examples", () => {
    for (const text of [
      "Destruction,1 and", "sessions2 and", "A/58/462", "COVID-19", "7 July 20221", "Weapons6and", "General,2and",
      "2016,20S-25/1", "Agenda 216", "1/CP.2125", ",130/4 and", "59/3009 of", "785.4 million", "in 2015.4 The", "A.2 and", "(1999) 2003",
    ]) {
      expect(markerCandidates(text), text).toEqual(byExpressions(text));
    }
  });

  it("finds what the six expressions find, on random texts", () => {
    fc.assert(fc.property(texts, (text) => {
      expect(markerCandidates(text)).toEqual(byExpressions(text));
    }), { numRuns: 20_000 });
  });
});
