/**
 * XML text → a small element tree for the AKN reader.
 *
 * fast-xml-parser in preserveOrder mode keeps mixed content in order (text,
 * <i>, text, <authorialNote>, …), which the object mode would scatter. Its
 * own entity handling is switched off: it would expand entities declared in
 * a DOCTYPE (a document is data, not instructions, and "billion laughs"
 * documents exist) and it leaves numeric references undecoded. Instead the
 * five predefined entities and numeric character references are decoded
 * here; anything else is left as written and reported once.
 *
 * Well-formedness is checked first with the library's validator, so a
 * truncated or broken file gives one diagnostic with a line number instead
 * of a half-read tree.
 */
import { createRequire } from "node:module";

/**
 * fast-xml-parser, loaded on the first AKN input rather than at start-up:
 * most runs read text, and every worker thread would pay ~60 ms for it.
 */
let xmlLib: typeof import("fast-xml-parser") | undefined;
const lib = () => (xmlLib ??= createRequire(import.meta.url)("fast-xml-parser") as typeof import("fast-xml-parser"));
import { diag, type Diagnostic } from "../../diagnostics.ts";

export interface XEl {
  /** Local name: namespace prefixes are dropped ("akn4un:internalCode" → "internalCode"). */
  name: string;
  /** Attributes by local name, values decoded. */
  attrs: Record<string, string>;
  children: XNode[];
  /** 1-based line of the start tag. */
  line: number;
}

export type XNode = XEl | string;

export interface ParsedXml {
  root?: XEl;
  diagnostics: Diagnostic[];
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes predefined entities and character references; returns undefined names it met. */
function decoder(unknown: Set<string>): (s: string) => string {
  return (s) => {
    if (!s.includes("&")) return s;
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      const v = PREDEFINED[e];
      if (v === undefined) unknown.add(e);
      return v ?? m;
    });
  };
}

const localName = (n: string) => n.slice(n.indexOf(":") + 1);

/** Line starts, for turning a character offset into a line number. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** One sentence for a validator error; the library's message for unclosed tags is a JSON dump. */
function wellFormednessMessage(err: { code: string; msg: string; line: number }, text: string): { message: string; line: number } {
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(err.msg);
  if (open) {
    const names = [...open[1].matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
    const lines = text.split("\n").length;
    const shown = names.length > 4 ? [...names.slice(0, 2), "…", ...names.slice(-2)] : names;
    return {
      message: `not well-formed XML: the file ends with ${shown.join(", ")} still open (truncated?)`,
      line: lines,
    };
  }
  return { message: `not well-formed XML: ${err.msg.replace(/\s+/g, " ").trim()}`, line: err.line };
}

export function parseXml(text: string): ParsedXml {
  const diagnostics: Diagnostic[] = [];
  const { XMLParser, XMLValidator } = lib();
  const checked = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (checked !== true) {
    const { message, line } = wellFormednessMessage(checked.err, text);
    return { diagnostics: [diag("akn-syntax", "error", message, line)] };
  }
  if (/<!DOCTYPE[^>]*\[[\s\S]*?<!ENTITY/i.test(text)) {
    diagnostics.push(diag("akn-doctype", "warning", "the DOCTYPE declares entities; they are not expanded (references to them stay as written)"));
  }

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    allowBooleanAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: "#cdata",
    captureMetaData: true,
    // AKN nests deeply only in pathological files; the default guard (100) is kept.
  });
  // The parser normalises CRLF before indexing; so do we, for line numbers that agree.
  const normalized = text.replace(/\r\n?/g, "\n");
  let raw: unknown[];
  try {
    raw = parser.parse(normalized) as unknown[];
  } catch (e) {
    // The validator accepted it, so this is a limit of the parser (e.g. nesting depth).
    const msg = e instanceof Error ? e.message : String(e);
    return { diagnostics: [diag("akn-syntax", "error", `cannot read the XML: ${msg.split("\n")[0]}`)] };
  }
  const lineOf = lineIndex(normalized);
  const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const unknown = new Set<string>();
  const dec = decoder(unknown);

  const convert = (items: unknown[]): XNode[] => {
    const out: XNode[] = [];
    for (const item of items) {
      const obj = item as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        if (key === ":@") continue;
        const value = obj[key];
        if (key === "#text") {
          out.push(dec(String(value)));
        } else if (key === "#cdata") {
          // CDATA is literal text: no entity decoding.
          for (const c of value as Record<string, unknown>[]) if (c["#text"] !== undefined) out.push(String(c["#text"]));
        } else if (!key.startsWith("?") && !key.startsWith("!")) {
          const attrs: Record<string, string> = {};
          const rawAttrs = (obj[":@"] ?? {}) as Record<string, unknown>;
          for (const [k, v] of Object.entries(rawAttrs)) attrs[localName(k)] = dec(String(v));
          const meta = (obj as Record<symbol, { startIndex?: number } | undefined>)[META];
          out.push({
            name: localName(key),
            attrs,
            children: convert((value as unknown[]) ?? []),
            line: meta?.startIndex !== undefined ? lineOf(meta.startIndex) : 0,
          });
        }
      }
    }
    return out;
  };

  const top = convert(raw).filter((n): n is XEl => typeof n !== "string");
  if (unknown.size) {
    diagnostics.push(diag("akn-entity", "warning", `undeclared entities left as written: ${[...unknown].map((e) => `&${e};`).join(", ")}`));
  }
  if (top.length === 0) return { diagnostics: [...diagnostics, diag("akn-syntax", "error", "the file holds no XML element")] };
  return { root: top[0], diagnostics };
}

// ------------------------------------------------------------------ helpers

export const isEl = (n: XNode | undefined): n is XEl => typeof n === "object" && n !== null;

export function elements(e: XEl): XEl[] {
  return e.children.filter(isEl);
}

export function child(e: XEl | undefined, name: string): XEl | undefined {
  return e?.children.find((c): c is XEl => isEl(c) && c.name === name);
}

export function childrenNamed(e: XEl | undefined, name: string): XEl[] {
  return e ? e.children.filter((c): c is XEl => isEl(c) && c.name === name) : [];
}

/** First element named `name` in `e`'s subtree (depth first), `e` excluded. */
export function find(e: XEl | undefined, name: string): XEl | undefined {
  if (!e) return undefined;
  for (const c of e.children) {
    if (!isEl(c)) continue;
    if (c.name === name) return c;
    const d = find(c, name);
    if (d) return d;
  }
  return undefined;
}

/** All text of the subtree, as written. */
export function textOf(e: XNode | undefined): string {
  if (e === undefined) return "";
  if (typeof e === "string") return e;
  return e.children.map(textOf).join("");
}

/** Text with whitespace runs collapsed and trimmed. */
export function cleanText(e: XNode | undefined): string {
  return textOf(e).replace(/[ \t\r\n]+/g, " ").trim();
}
