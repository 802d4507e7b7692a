/**
 * A minimal XML tree and serializer for the AKN emitter.
 *
 * The emitter builds the whole document as plain nodes first and serializes
 * once, so references can be collected from the finished tree (the TLC block
 * lists exactly the "#names" used) and so the output layout is decided in one
 * place: block elements are indented, mixed content is written as is.
 */
import { TEXT_PIECE_CHARS } from "../registry.ts";

export interface XElement {
  name: string;
  /** Attribute order is the order written here: output is byte-stable. */
  attrs: [string, string][];
  children: XNode[];
}

export type XNode = XElement | string;

type AttrInput = Record<string, string | number | undefined | null> | null | undefined;

/** `children` may contain nulls/undefined/false (skipped) and nested arrays (flattened). */
export type ChildInput = XNode | null | undefined | false | ChildInput[];

export function el(name: string, attrs?: AttrInput, ...children: ChildInput[]): XElement {
  const a: [string, string][] = [];
  if (attrs) {
    for (const k in attrs) {
      const v = attrs[k];
      if (v !== undefined && v !== null) a.push([k, typeof v === "string" ? v : String(v)]);
    }
  }
  const out: XNode[] = [];
  pushChildren(out, children);
  return { name, attrs: a, children: out };
}

function pushChildren(out: XNode[], children: ChildInput[]): void {
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) pushChildren(out, c);
    else if (typeof c === "string") {
      if (c === "") continue;
      // Adjacent text nodes are merged so "mixed" detection and output stay simple.
      const last = out[out.length - 1];
      if (typeof last === "string") out[out.length - 1] = last + c;
      else out.push(c);
    } else out.push(c);
  }
}

export function attr(node: XElement, name: string): string | undefined {
  // An indexed loop: called for every element, mostly before V8 optimizes it (see startTag).
  for (let i = 0; i < node.attrs.length; i++) if (node.attrs[i][0] === name) return node.attrs[i][1];
  return undefined;
}

/** Depth-first, document order. */
export function* walkElements(node: XElement): Generator<XElement> {
  yield node;
  for (const c of node.children) if (typeof c !== "string") yield* walkElements(c);
}

/*
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR,
 * U+FFFE/U+FFFF, unpaired surrogates). They never carry meaning in a
 * resolution; they are dropped by the emitter, which reports them.
 */
export const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const HAS_INVALID = new RegExp(INVALID_XML_CHARS.source);
// Any control character or surrogate at all: a cheap first test that spares the exact one on almost every text.
const MAY_BE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Whether `s` holds characters XML cannot carry (which the serializer leaves out). */
export function hasInvalidXmlChars(s: string): boolean {
  return MAY_BE_INVALID.test(s) && HAS_INVALID.test(s);
}

// Most strings need no escaping at all: one test spares the chain of replacements.
const TEXT_SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(INVALID_XML_CHARS, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/*
 * Elements whose content is text-level (mixed) even when it happens to hold
 * only elements: whitespace added inside them would become content.
 */
const MIXED = new Set(["p", "num", "heading", "subheading", "crossHeading", "docketNumber"]);

function startTag(node: XElement): string {
  let s = "<" + node.name;
  // Indexed loops here and below: this runs for every element, often before V8 optimizes it, and
  // unoptimized for-of (and [k, v] destructuring) goes through the iterator protocol at each step.
  for (let i = 0; i < node.attrs.length; i++) {
    const a = node.attrs[i];
    s += ` ${a[0]}="${escapeAttr(a[1])}"`;
  }
  return s;
}

/**
 * Lines of elements, recorded while serializing when asked (for lint
 * messages): the line being written, and the line the next output entry
 * starts on (an entry is one line unless its text holds line breaks).
 */
let lineMap: Map<XElement, number> | undefined;
let line = 0;
let nextLine = 0;

function inline(node: XElement): string {
  lineMap?.set(node, line);
  if (node.children.length === 0) return startTag(node) + "/>";
  let s = startTag(node) + ">";
  for (let i = 0; i < node.children.length; i++) {
    const c = node.children[i];
    if (typeof c === "string") {
      const t = escapeText(c);
      if (lineMap) for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) line++;
      s += t;
    } else s += inline(c);
  }
  return s + `</${node.name}>`;
}

const PADS: string[] = [];
const padding = (depth: number) => (PADS[depth] ??= "  ".repeat(depth));

function hasText(node: XElement): boolean {
  for (let i = 0; i < node.children.length; i++) if (typeof node.children[i] === "string") return true;
  return false;
}

function block(node: XElement, depth: number, out: string[]): void {
  const pad = padding(depth);
  line = nextLine;
  lineMap?.set(node, line);
  const mixed = MIXED.has(node.name) || hasText(node);
  if (node.children.length === 0 || mixed) {
    out.push(pad + inline(node));
    nextLine = line + 1;
    return;
  }
  out.push(pad + startTag(node) + ">");
  nextLine = line + 1;
  for (let i = 0; i < node.children.length; i++) block(node.children[i] as XElement, depth + 1, out);
  out.push(`${pad}</${node.name}>`);
  nextLine++;
}

/**
 * The document with an XML declaration, two-space indentation and a final
 * newline, in pieces of whole lines about TEXT_PIECE_CHARS characters long
 * (see OutputData in registry.ts). With `lines`, records the line each
 * element starts on.
 */
export function serializePieces(root: XElement, lines?: Map<XElement, number>): string[] {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lineMap = lines;
  nextLine = 2;
  try {
    block(root, 0, out);
  } finally {
    lineMap = undefined;
  }
  const pieces: string[] = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i < out.length; i++) {
    size += out[i].length + 1;
    if (size >= TEXT_PIECE_CHARS || i === out.length - 1) {
      pieces.push(out.slice(from, i + 1).join("\n") + "\n");
      from = i + 1;
      size = 0;
    }
  }
  return pieces;
}

/** serializePieces as one string. */
export function serialize(root: XElement, lines?: Map<XElement, number>): string {
  return serializePieces(root, lines).join("");
}
