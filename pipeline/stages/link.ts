/**
 * link: the parsed tree → the same tree with its inline marks found.
 *
 * - Footnote markers: numbers glued to the character before them
 *   ("Destruction,1 and", "sessions2 and") become NoteReference nodes. Which
 *   glued numbers are markers is decided over the whole document in reading
 *   order: a candidate is a marker when it is the next footnote not yet
 *   referenced, or one already referenced (a repeat). So "A/58/462", "COVID-19"
 *   and the years in dates never become markers, and a year with a marker
 *   glued to it ("7 July 20221") splits only when its last digits are due.
 * - Opening phrases of preambular and operative paragraphs.
 * - References to UN documents and dates in the text.
 */
import type { Block, Inline, NoteReference, Resolution, Text } from "../ast.ts";
import { cloneTree, inlineLists } from "../ast-utils.ts";
import { DATE_PATTERN, isoDate } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { markerCandidates } from "./marker-candidates.ts";
import { findOpeningPhrase } from "./opening-phrases.ts";

export interface LinkResult {
  doc: Resolution;
  diagnostics: Diagnostic[];
}

export function link(parsed: Resolution): LinkResult {
  const doc = cloneTree(parsed);
  const diagnostics: Diagnostic[] = [];
  // Both steps below split nodes inside these lists, never replace a list: one listing serves all three.
  const lists = inlineLists(doc);
  linkFootnoteMarkers(doc, lists, diagnostics);
  markOpeningPhrases(doc);
  for (const f of doc.footnotes) lists.push(f.content);
  for (let i = 0; i < lists.length; i++) markReferences(lists[i]);
  return { doc, diagnostics };
}

// --- footnote markers --------------------------------------------------------

interface MarkerCandidate {
  list: Inline[];
  node: Text;
  at: number;
  len: number;
  n: number;
  /** Glued to a word or punctuation with nothing else around it: may also be a repeat. */
  clean: boolean;
  /** How strongly the shape alone says "marker" (breaks ties between readings). */
  strength: number;
}

/** Finds the footnote markers in `lists` (the document's inline lists) and turns them into note references. */
function linkFootnoteMarkers(doc: Resolution, lists: Inline[][], diagnostics: Diagnostic[]): void {
  const numeric = doc.footnotes.map((f) => f.marker).filter((m) => /^\d+$/.test(m)).map(Number).sort((a, b) => a - b);
  const known = new Set(numeric);
  if (known.size === 0) return;
  const cands: MarkerCandidate[] = [];
  for (let l = 0; l < lists.length; l++) {
    const list = lists[l];
    for (let i = 0; i < list.length; i++) {
      const node = list[i];
      if (node.kind !== "text") continue;
      for (const p of markerCandidates(node.text)) {
        const n = Number(node.text.substr(p.at, p.len));
        if (known.has(n)) cands.push({ list, node, at: p.at, len: p.len, n, clean: p.strength === 1, strength: p.strength });
      }
    }
  }

  const accepted = chooseMarkers(cands, numeric[0]);
  const referenced = new Set(accepted.map((c) => c.n));
  // split the text nodes at the accepted markers
  const byNode = new Map<Text, MarkerCandidate[]>();
  for (const c of accepted) byNode.set(c.node, [...(byNode.get(c.node) ?? []), c]);
  for (const [node, marks] of byNode) {
    const list = marks[0].list;
    const pieces: Inline[] = [];
    let from = 0;
    for (const c of marks) {
      if (c.at > from) pieces.push({ kind: "text", text: node.text.slice(from, c.at) });
      pieces.push({ kind: "noteReference", marker: String(c.n) } satisfies NoteReference);
      from = c.at + c.len;
    }
    if (from < node.text.length) pieces.push({ kind: "text", text: node.text.slice(from) });
    list.splice(list.indexOf(node), 1, ...pieces);
  }
  for (const f of doc.footnotes) {
    if (/^\d+$/.test(f.marker) && !referenced.has(Number(f.marker))) {
      diagnostics.push(diag("footnote-unreferenced", "warning", `footnote ${f.marker} is never referenced in the text`, f.source?.startLine));
    }
  }
}

/**
 * Picks the markers among the candidates, over the whole document: first
 * references to notes rise in reading order, so the first references are the
 * longest rising run of candidate numbers (preferring steps of one and clean
 * candidates); a clean candidate for a note referenced earlier is a repeat.
 */
function chooseMarkers(cands: MarkerCandidate[], first: number | undefined): MarkerCandidate[] {
  const overlaps = (a: MarkerCandidate, b: MarkerCandidate) => a.node === b.node && b.at < a.at + a.len;
  const score: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    const bonus = c.strength / 10;
    score[i] = 1 + bonus + (c.n === first ? 0.5 : 0);
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      const p = cands[j];
      if (p.n >= c.n || overlaps(p, c)) continue;
      const s = score[j] + 1 + bonus + (c.n === p.n + 1 ? 0.5 : 0);
      if (s > score[i]) {
        score[i] = s;
        prev[i] = j;
      }
    }
  }
  let best = -1;
  for (let i = 0; i < cands.length; i++) if (best < 0 || score[i] > score[best]) best = i;
  const chain = new Set<number>();
  const firstAt = new Map<number, number>();
  for (let i = best; i >= 0; i = prev[i]) {
    chain.add(i);
    firstAt.set(cands[i].n, i);
  }

  const out: MarkerCandidate[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    const last = out[out.length - 1];
    if (last && overlaps(last, c)) continue;
    const isRepeat = !chain.has(i) && c.clean && (firstAt.get(c.n) ?? Infinity) < i;
    if (chain.has(i) || isRepeat) out.push(c);
  }
  return out;
}

// --- opening phrases ---------------------------------------------------------

function markOpeningPhrases(doc: Resolution): void {
  for (const part of doc.parts) {
    for (const p of part.preamble) p.openingPhrase = splitPhrase(p.content, "preamble");
    markBlocks(part.operative);
  }
  for (const a of doc.annexes) markBlocks(a.children, false);
}

function markBlocks(blocks: Block[], operative = true): void {
  for (const b of blocks) {
    if (b.kind === "preambularParagraph") b.openingPhrase = splitPhrase(b.content, "preamble");
    else if (b.kind === "operativeParagraph" && operative) {
      const verb = splitPhrase(b.content, "operative");
      if (verb) b.openingVerb = verb;
    } else if (b.kind === "section") markBlocks(b.children, operative);
  }
}

/** Splits the phrase off the first text node; returns it, or undefined. */
function splitPhrase(content: Inline[], kind: "preamble" | "operative"): string | undefined {
  const first = content[0];
  if (first?.kind !== "text") return undefined;
  const phrase = findOpeningPhrase(first.text, kind);
  if (!phrase) return undefined;
  const rest = first.text.slice(phrase.length);
  content.splice(0, 1, { kind: "openingPhrase", text: phrase }, ...(rest ? [{ kind: "text", text: rest } as Text] : []));
  return phrase;
}

// --- references and dates ----------------------------------------------------

/**
 * A document symbol: series letters, then "/"-separated parts ("A/58/462",
 * "CD/1478", "APLC/MSP.1/1999/1", "A/RES/70/1"); or a resolution number
 * after the word resolution(s) ("54/54 B", "1514 (XV)", "ES-10/19").
 */
const SYMBOL = String.raw`\b[A-Z][A-Z0-9.]*(?:\/[A-Za-z0-9.\-]*[A-Za-z0-9])+`;
const RESOLUTION_NO = String.raw`(?:ES-|S-)?\d{1,3}\/\d{1,3}(?: [A-Z](?![\w-]))?|\d{1,4} (?:[A-Z] )?\([IVXLC]+\)`;
const MARKS = new RegExp(`(${SYMBOL})|(${RESOLUTION_NO})|(${DATE_PATTERN})`, "g");
const MAY_MARK = /[\d/]/;
const RESOLUTION_CONTEXT = /\b(?:[Rr]esolutions?|and|,)\s*$/;

function markReferences(list: Inline[]): void {
  let inResolutionList = false;
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    // A symbol holds a "/", a resolution number and a date digits: most text nodes have neither.
    if (node.kind !== "text" || !MAY_MARK.test(node.text)) continue;
    const pieces: Inline[] = [];
    let from = 0;
    MARKS.lastIndex = 0;
    for (let m; (m = MARKS.exec(node.text)); ) {
      const before = node.text.slice(from, m.index);
      let mark: Inline | undefined;
      if (m[1]) mark = { kind: "documentReference", text: m[1], symbol: m[1] };
      else if (m[2]) {
        const lead = node.text.slice(Math.max(0, m.index! - 80), m.index);
        inResolutionList = /\b[Rr]esolutions? (?:\S+ ){0,1}$/.test(lead) || (inResolutionList && RESOLUTION_CONTEXT.test(lead.replace(/ of \d.*?\d{4}/g, "")));
        if (inResolutionList) mark = { kind: "documentReference", text: m[2], symbol: "A/RES/" + m[2].replace(/ ([A-Z])$/, "$1") };
      } else if (m[3]) {
        mark = { kind: "date", text: m[3], iso: isoDate(m[3])! };
      }
      if (!mark) continue;
      if (before) pieces.push({ kind: "text", text: before });
      pieces.push(mark);
      from = m.index! + m[0].length;
    }
    if (!pieces.length) continue;
    if (from < node.text.length) pieces.push({ kind: "text", text: node.text.slice(from) });
    list.splice(i, 1, ...pieces);
    i += pieces.length - 1;
  }
}

