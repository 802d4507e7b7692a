/**
 * The `yaml` emitter: the AST as YAML, for people and scripts.
 *
 * The document is the AST itself (pipeline/ast.ts), so the YAML reader can
 * load it back unchanged. Keys come in one fixed order everywhere (what a
 * node is, then its label, text, children, and its source span last), so the
 * same document always gives the same bytes and diffs stay small.
 *
 * Written directly rather than through the `yaml` library's Document model:
 * building that model (a node object per value) was half the time of an
 * akn+yaml batch, and the AST only holds plain maps, lists, strings,
 * numbers, booleans and nulls. The layout is the library's block style
 * (two-space indent, list items indented under their key), and a string is
 * written plain whenever the library would write it plain, otherwise quoted
 * as it would quote it; tests/yaml-emitter.test.ts holds the two to the same
 * bytes. The one difference: a string with a line break or a control
 * character is always double-quoted with escapes (the library would use a
 * block scalar), which reads back the same and never occurs in resolutions.
 */
import type { Resolution } from "../ast.ts";
import { registerEmitter, TEXT_PIECE_CHARS } from "./registry.ts";

const KEY_ORDER = [
  "kind", "meta", "marker", "label", "num", "letter", "openingPhrase", "openingVerb", "header",
  // metadata, in the order of the masthead
  "symbol", "number", "title", "adoptionLine", "adoptionDate", "issueDate", "session", "sessionName",
  "agenda", "committee", "name", "reportSymbol", "items", "meeting", "meetingText", "jobNumber", "language",
  "text", "iso", "date", "heading", "formula", "preamble", "operative", "conclusion",
  "content", "points", "wrapUp", "children", "rows", "cells", "parts", "annexes", "footnotes",
  "source", "startLine", "endLine",
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));
const rank = (k: string) => RANK.get(k) ?? KEY_ORDER.length;

/** The order in which a map's keys are written: by KEY_ORDER, then alphabetically. */
export function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Sorted key lists, by the map's own key list: AST nodes of a kind share
 * their keys, so each shape is sorted once. Shapes are found by comparing key
 * lists element by element (the keys are the same interned strings), which
 * is cheaper than making a lookup key of them for every map.
 */
const shapes: { keys: string[]; sorted: string[] }[] = [];
const SHAPES_MAX = 256;
let lastShape = 0;

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function orderedKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  // Consecutive maps are often of one shape (runs of text nodes): try the last one first.
  if (lastShape < shapes.length && sameKeys(shapes[lastShape].keys, keys)) return shapes[lastShape].sorted;
  for (let i = 0; i < shapes.length; i++) {
    if (sameKeys(shapes[i].keys, keys)) {
      lastShape = i;
      return shapes[i].sorted;
    }
  }
  const sorted = [...keys].sort(compareKeys);
  if (shapes.length >= SHAPES_MAX) shapes.length = 0;
  lastShape = shapes.push({ keys, sorted }) - 1;
  return sorted;
}

// A plain scalar that would read back as something other than a string (core schema).
const OTHER_TYPE =
  /^(?:~|[Nn]ull|NULL)?$|^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$|^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Line breaks, control characters and lone surrogates: only double quotes with escapes can carry them.
const NEEDS_ESCAPES = /[\n\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// The same without the unicode flag, where any surrogate matches: a quick first test.
const MAY_NEED_ESCAPES = /[\n\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/;
// Only these can start a string that reads as a number, boolean or null (or be empty).
const MAY_BE_OTHER_TYPE = /^(?:$|[-+.~0-9nNtTfF])/;

/** Characters that may not start a plain scalar, by code. */
const INDICATOR = new Set(Array.from("\t ,[]{}#&*!|>'\"%@`", (c) => c.charCodeAt(0)));

/**
 * When a plain scalar is not allowed, as YAML 1.2 (and the yaml library)
 * define it: an indicator character first, "- " or "? " first (or alone),
 * ": " or " #" inside, a space or ":" last; that is
 * /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/.test(s),
 * with the ends read directly and the inside found by includes (the
 * expression tried its inner alternatives at every space of a paragraph).
 * tests/yaml-emitter.test.ts holds the output to the library's on random strings.
 */
function notPlain(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  if (INDICATOR.has(first)) return true;
  if (first === 63 || first === 45) {
    // "?" or "-" alone or before a blank
    if (n === 1) return true;
    const second = s.charCodeAt(1);
    if (second === 32 || second === 9) return true;
  }
  const last = s.charCodeAt(n - 1);
  if (last === 32 || last === 9 || last === 58) return true;
  return s.includes(": ") || s.includes(" #") || (s.includes("\t") && (s.includes(":\t") || s.includes("\t#")));
}

function scalarString(s: string): string {
  if (MAY_NEED_ESCAPES.test(s) && NEEDS_ESCAPES.test(s)) return JSON.stringify(s);
  if (!notPlain(s) && !(MAY_BE_OTHER_TYPE.test(s) && OTHER_TYPE.test(s))) return s;
  // Single quotes only when they spare escaping a double quote, as the library chooses.
  if (s.includes('"') && !s.includes("'")) return `'${s}'`;
  return JSON.stringify(s);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return scalarString(v);
    case "number":
      return Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : JSON.stringify(v)) : Number.isNaN(v) ? ".nan" : v < 0 ? "-.inf" : ".inf";
    case "boolean":
      return v ? "true" : "false";
    default:
      throw new Error(`yaml: cannot write a value of type ${typeof v}`);
  }
}

const isCollection = (v: unknown): v is object => typeof v === "object" && v !== null;
const isEmpty = (v: object) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/**
 * The document being written: appending to one string is faster here than
 * collecting parts. Once it is a piece long it joins `pieces` (see
 * OutputData in registry.ts).
 */
let out = "";
let pieces: string[] = [];

/**
 * Writes `value` after what is already on the line (its "key:" or "-");
 * nested lines start with `indent`.
 */
function writeValue(value: unknown, indent: string, afterDash: boolean): void {
  if (!isCollection(value)) {
    out += " " + scalar(value);
    if (out.length >= TEXT_PIECE_CHARS) {
      pieces.push(out);
      out = "";
    }
  } else if (isEmpty(value)) {
    out += Array.isArray(value) ? " []" : " {}";
  } else {
    // A collection in a list item starts on the dash's own line; under a key, on the next.
    out += afterDash ? " " : "\n" + indent;
    if (Array.isArray(value)) writeSeq(value, indent, true);
    else writeMap(value as Record<string, unknown>, indent, true);
  }
}

/** Writes a map's pairs; the first line's indent is already written when `started`. */
function writeMap(obj: Record<string, unknown>, indent: string, started: boolean): void {
  let first = true;
  const inner = indent + "  ";
  const keys = orderedKeys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (v === undefined) continue;
    if (!(first && started)) out += "\n" + indent;
    first = false;
    out += k + ":";
    writeValue(v, inner, false);
  }
}

function writeSeq(arr: unknown[], indent: string, started: boolean): void {
  const inner = indent + "  ";
  for (let i = 0; i < arr.length; i++) {
    if (i > 0 || !started) out += "\n" + indent;
    out += "-";
    writeValue(arr[i] ?? null, inner, true);
  }
}

/** The document as YAML, in pieces of about TEXT_PIECE_CHARS characters. */
export function toYamlPieces(doc: Resolution): string[] {
  out = `# ${doc.meta.symbol ?? "resolution"}: resolute document tree (see pipeline/ast.ts)\n\n`;
  pieces = [];
  try {
    writeMap(doc as unknown as Record<string, unknown>, "", true);
    pieces.push(out + "\n");
    return pieces;
  } finally {
    out = "";
    pieces = [];
  }
}

export function toYaml(doc: Resolution): string {
  return toYamlPieces(doc).join("");
}

registerEmitter({
  name: "yaml",
  extension: ".yaml",
  description: "the document tree as YAML, for people and scripts",
  emit: (doc) => ({ data: toYamlPieces(doc), diagnostics: [] }),
});
