/**
 * note-refs: footnote references in extracted PDF text → NoteReference nodes.
 *
 * The extractions write a reference as "[^1]", glue it to the word before it
 * ("Nations1 are", "2024,3", "20242" for 2024 + 2) or set it off by a space
 * ("Development 5 and"). findNoteMarkers decides, paragraph by paragraph in
 * reading order, which numbers are references: "[^n]" always; a glued or
 * spaced number only when it is a note due next (first references rise, so it
 * is one of the few notes after the highest seen) and its neighbours do not
 * make it a quantity, a date or a numbering ("from 2 to 13", "A.2"). It
 * leaves the number glued in the text, the form the ODS stages segment and
 * parse expect, and records each reference with the text before it, so that
 * placeNoteReferences can split the parsed text exactly there. The ODS link
 * stage's own guessing (needed for ODS text, which has no such record) is
 * thereby not needed here.
 */
import type { Inline, Resolution } from "../ast.ts";
import { cloneTree, inlineLists } from "../ast-utils.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import type { Paragraph } from "./paragraphs.ts";

/** One footnote reference found in a paragraph. */
export interface NoteRef {
  marker: string;
  /** Up to CONTEXT characters of the paragraph text before the marker, whitespace collapsed. */
  before: string;
  line: number;
}

const CONTEXT = 24;
/** Words after which a number is a quantity, a date or a reference, not a footnote marker. */
const NUMBER_WORDS = /\b(?:from|to|and|or|of|on|in|at|by|for|with|within|into|after|before|between|the|a|an|its|their|these|those|all|each|every|first|last|past|next|approximately|paragraphs?|resolutions?|decisions?|articles?|annex|annexes|chapters?|sections?|items?|No|Nos|vol|vols|para|paras|page|pages|than|some|over|under|about|nearly|least|until|since|rule|principle|Goal|Goals|target|targets|Protocol|phase|step|level|group|Group|Summit|Committee|Council|Article|Part|Session|Add|Rev|Corr)\.?$/;
/** After a number: a month or a unit makes it a date or a quantity. */
const QUANTITY_AFTER = /^\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|per|million|billion|years?|days?|months?|weeks?|%|to \d)/;
/** "A.2", "1.3", "Add.1": a numbering, not a marker after a full stop. */
const NUMBERING = /(?:(?:^|[\s(])(?:[A-Z]|\d{1,3})|\/[A-Za-z]+|\b[A-Z][a-z]{1,3})\.$/;

/**
 * Candidates, in text order: "[^n]" (group 1), a year with a marker glued to
 * it (2, 3), a number glued to a word or punctuation (4), a number set off by
 * one or two spaces after a word or punctuation (5).
 */
const CANDIDATE = /\s*\[\^(\w+)\]|(?<![\d/.])((?:19|20)\d\d)(\d{1,2})(?=$|[\s,.;:)’”])|(?<=[\p{L},.;:)’”"])(\d{1,3})(?=$|[\s,.;:)’”])|(?<=[\p{L},.;:)’”"]) {1,2}(\d{1,3})(?=$|[\s,.;:)’”])/gu;

export function findNoteMarkers(paras: Paragraph[], markers: string[]): { paragraphs: Paragraph[]; refs: NoteRef[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const refs: NoteRef[] = [];
  const numbers = new Set(markers.filter((m) => /^\d+$/.test(m)).map(Number));
  const known = new Set(markers);
  let highest = 0;
  const seen = new Set<number>();
  // first references rise: the next note due is one of the three after the highest seen (references get lost)
  const isDue = (n: number) => numbers.has(n) && !seen.has(n) && n > highest && n <= highest + 3;
  const paragraphs = paras.map((p) => {
    const source = p.text.replace(/[ \t]+/g, " ");
    let text = "";
    let from = 0;
    for (const m of source.matchAll(CANDIDATE)) {
      const at = m.index!;
      const before = source.slice(0, at);
      let marker: string | undefined;
      let keep = ""; // text of the match that is not the marker (the year of "20242")
      if (m[1] !== undefined) {
        marker = m[1];
        if (!known.has(marker)) diagnostics.push(diag("footnote-missing", "warning", `footnote reference [^${marker}] has no footnote text`, p.line));
      } else {
        const n = Number(m[3] ?? m[4] ?? m[5]);
        if (!isDue(n) || m[0].startsWith("0") || /^0/.test(m[3] ?? m[4] ?? m[5])) continue;
        const after = source.slice(at + m[0].length);
        // "A.2" is a numbering; "785.4 million" a decimal (but "in 2015.4 The" ends a sentence with a marker)
        if (m[4] !== undefined && (NUMBERING.test(before) || (/\d\.$/.test(before) && /^\s*(?:[a-z\d(]|$)/.test(after)))) continue;
        if (m[5] !== undefined && (NUMBER_WORDS.test(before) || /\d[,.]?$/.test(before) || QUANTITY_AFTER.test(after))) continue;
        if (m[2] !== undefined) keep = m[2];
        marker = String(n);
        if (m[5] !== undefined) diagnostics.push(diag("note-marker-spaced", "info", `footnote reference ${n} set off by a space read as a marker`, p.line));
      }
      if (/^\d+$/.test(marker)) {
        seen.add(Number(marker));
        highest = Math.max(highest, Number(marker));
      }
      text += source.slice(from, at) + keep;
      refs.push({ marker, before: (text.length > CONTEXT ? text.slice(-CONTEXT) : text).trimStart(), line: p.line });
      text += marker;
      from = at + m[0].length;
    }
    text += source.slice(from);
    return { ...p, text };
  });
  return { paragraphs, refs, diagnostics };
}

/**
 * Splits the parsed text at the references found by findNoteMarkers: each is
 * looked for, in reading order, as its context followed by its marker (the
 * context shortened where parse cut the paragraph's label off).
 */
export function placeNoteReferences(parsed: Resolution, refs: NoteRef[]): { doc: Resolution; diagnostics: Diagnostic[] } {
  const doc = cloneTree(parsed);
  const diagnostics: Diagnostic[] = [];
  const lists = [...inlineLists(doc)];
  let li = 0; // current inline list
  let ni = 0; // current node in it
  let offset = 0; // search start in that node's text
  for (const ref of refs) {
    const found = find(lists, li, ni, offset, ref);
    if (!found) {
      diagnostics.push(diag("footnote-marker-unplaced", "warning", `footnote reference ${ref.marker} after "${ref.before}" not found in the parsed text; left as text`, ref.line));
      continue;
    }
    const list = lists[found.li];
    const node = list[found.ni] as { kind: "text"; text: string };
    const pieces: Inline[] = [];
    const head = node.text.slice(0, found.at);
    const tail = node.text.slice(found.at + ref.marker.length);
    if (head) pieces.push({ kind: "text", text: head });
    pieces.push({ kind: "noteReference", marker: ref.marker });
    if (tail) pieces.push({ kind: "text", text: tail });
    list.splice(found.ni, 1, ...pieces);
    // go on after the reference: at the tail, or at the node after the reference
    [li, ni, offset] = [found.li, found.ni + (head ? 2 : 1), 0];
  }
  return { doc, diagnostics };
}

function find(lists: Inline[][], li: number, ni: number, offset: number, ref: NoteRef): { li: number; ni: number; at: number } | undefined {
  // the whole context first; then shorter, for a reference near a label parse removed
  for (const len of [ref.before.length, 12, 6, 0]) {
    const ctx = ref.before.slice(ref.before.length - Math.min(len, ref.before.length));
    for (let l = li; l < lists.length && l <= li + 60; l++) {
      for (let n = l === li ? ni : 0; n < lists[l].length; n++) {
        const node = lists[l][n];
        if (node.kind !== "text") continue;
        const start = l === li && n === ni ? offset : 0;
        let at = node.text.indexOf(ctx + ref.marker, start);
        while (at >= 0 && /\d/.test(node.text[at + ctx.length + ref.marker.length] ?? "")) at = node.text.indexOf(ctx + ref.marker, at + 1);
        if (at >= 0 && (ctx || !/\d/.test(node.text[at - 1] ?? ""))) return { li: l, ni: n, at: at + ctx.length };
      }
    }
  }
  return undefined;
}
