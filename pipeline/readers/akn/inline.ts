/**
 * Mixed content → AST inlines: text, italics, references, dates, line breaks
 * and footnotes, in the forms of our emitter (pipeline/emitters/akn/inline.ts)
 * and of the UN's files (span class="italic", <a href>, <sup> repeats).
 *
 * Whitespace is laid out for print in the UN files (leading tabs, newlines
 * and indentation inside xml:space="preserve" paragraphs); the AST holds
 * text with single spaces. So every block's inlines are normalised once,
 * across element boundaries: runs of spaces/tabs/newlines become one space,
 * a space is never doubled across a boundary, and the block is trimmed.
 * Text our emitter wrote from an AST is already in that form, so reading our
 * output back changes nothing.
 */
import type { Footnote, Inline, Text } from "../../ast.ts";
import { plainText } from "../../ast-utils.ts";
import { diag, type Diagnostic } from "../../diagnostics.ts";
import { cleanText, elements, isEl, textOf, type XEl, type XNode } from "./xml.ts";

/** What the reading of one file accumulates. */
export interface ReadState {
  /** Footnotes by marker, in order of first appearance. */
  footnotes: Map<string, Footnote>;
  /** eId of an authorialNote → its marker, for noteRef elements without a marker. */
  noteIds: Map<string, string>;
  diagnostics: Diagnostic[];
  reported: Set<string>;
}

export function newReadState(): ReadState {
  return { footnotes: new Map(), noteIds: new Map(), diagnostics: [], reported: new Set() };
}

/** Reports a problem once per file (a quirk repeated 200 times is one diagnostic). */
export function note(st: ReadState, d: Diagnostic): void {
  const key = `${d.code}\u0000${d.message}`;
  if (st.reported.has(key)) return;
  st.reported.add(key);
  st.diagnostics.push(d);
}

/**
 * Resolvers of UN document symbols. Our emitter writes undocs.org/en/; the
 * UN files also use undocs.org without a language and docs.un.org. Links
 * anywhere else are not document references: their text is kept, the link
 * is not (the AST has no place for an arbitrary URL).
 */
const SYMBOL_HREF = /^https?:\/\/(?:www\.)?(?:undocs\.org|docs\.un\.org)\/(?:(?:en|fr|es|ru|ar|zh)\/)?(.+)$/i;

function symbolOf(href: string | undefined): string | undefined {
  const m = href ? SYMBOL_HREF.exec(href.trim()) : null;
  if (!m) return undefined;
  let s = m[1];
  try {
    s = decodeURI(s);
  } catch {
    // a malformed escape: keep the symbol as written
  }
  return s.trim() || undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Elements that only carry layout or semantics the AST does not keep: their content is read as if they were not there. */
const DROPPED = new Set(["img", "marker", "componentRef"]);

interface InlineContext {
  st: ReadState;
  /** Inside a footnote: notes cannot nest, so references stay as their marker text. */
  inNote: boolean;
}

/** Inlines of a list of nodes (the children of a p, heading, num, …), normalised. */
export function readInlines(nodes: readonly XNode[], st: ReadState): Inline[] {
  return normalizeInlines(convert(nodes, { st, inNote: false }));
}

/**
 * Inlines of block-level children (several <p> in one container, a
 * blockList): one line each, joined by line breaks.
 */
export function readLines(lines: readonly XNode[][], st: ReadState): Inline[] {
  const out: Inline[] = [];
  for (const l of lines) {
    const part = convert(l, { st, inNote: false });
    if (!part.length) continue;
    if (out.length) out.push({ kind: "lineBreak" });
    out.push(...part);
  }
  return normalizeInlines(out);
}

function convert(nodes: readonly XNode[], cx: InlineContext): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (typeof n === "string") {
      out.push({ kind: "text", text: n });
      continue;
    }
    out.push(...element(n, cx));
  }
  return out;
}

function isItalic(e: XEl): boolean {
  if (e.name === "i" || e.name === "em") return true;
  return e.name === "span" && /\bitalic\b/.test(e.attrs.class ?? "");
}

/** The text of an element with its surrounding whitespace moved outside it ("<a> A/74/23</a>"). */
function padded(raw: string, make: (t: string) => Inline): Inline[] {
  const t = raw.replace(/[ \t\r\n]+/g, " ");
  const core = t.trim();
  if (!core) return t ? [{ kind: "text", text: " " }] : [];
  const out: Inline[] = [];
  if (t.startsWith(" ")) out.push({ kind: "text", text: " " });
  out.push(make(core));
  if (t.endsWith(" ")) out.push({ kind: "text", text: " " });
  return out;
}

function element(e: XEl, cx: InlineContext): Inline[] {
  const { st } = cx;
  if (isItalic(e)) return [{ kind: "italic", children: convert(e.children, cx) }];
  switch (e.name) {
    case "eol":
    case "br":
      return [{ kind: "lineBreak" }];
    case "ref":
    case "a": {
      const symbol = symbolOf(e.attrs.href);
      // A link with markup inside (a note, italics) keeps its markup; the AST's reference is plain text.
      if (!symbol || elements(e).some((c) => c.name === "authorialNote" || c.name === "noteRef")) {
        if (e.attrs.href && !symbol) {
          note(st, diag("akn-link-dropped", "info", `links to places other than UN document symbols are kept as text (e.g. ${e.attrs.href})`, e.line));
        }
        return convert(e.children, cx);
      }
      return padded(textOf(e), (text) => ({ kind: "documentReference", text, symbol }));
    }
    case "date": {
      const iso = e.attrs.date;
      if (!iso || !ISO.test(iso)) return convert(e.children, cx);
      return padded(textOf(e), (text) => ({ kind: "date", text, iso }));
    }
    case "authorialNote":
      return authorialNote(e, cx);
    case "noteRef": {
      const marker = e.attrs.marker ?? st.noteIds.get((e.attrs.href ?? "").replace(/^#/, ""));
      if (!marker) {
        note(st, diag("akn-noteref-unresolved", "warning", `a noteRef (href "${e.attrs.href ?? ""}") names no note; left out`, e.line));
        return [];
      }
      return cx.inNote ? [{ kind: "text", text: marker }] : [{ kind: "noteReference", marker }];
    }
    case "sup": {
      // The UN files print a repeated reference to a note as its bare number in <sup>.
      const t = textOf(e).trim();
      if (!cx.inNote && t && st.footnotes.has(t)) return [{ kind: "noteReference", marker: t }];
      return convert(e.children, cx);
    }
    default:
      if (DROPPED.has(e.name)) return [];
      // span (bold, layout classes), inline, b, u, sub, docTitle, subheading inside a p, …:
      // the text counts, the element does not.
      return convert(e.children, cx);
  }
}

/**
 * The first authorialNote with a marker is the footnote; a later one with the
 * same marker (a collection prints a note again in each part that cites it)
 * is a reference to it.
 */
function authorialNote(e: XEl, cx: InlineContext): Inline[] {
  const { st } = cx;
  const marker = (e.attrs.marker ?? "").trim() || String(st.footnotes.size + 1);
  if (e.attrs.eId) st.noteIds.set(e.attrs.eId, marker);
  if (cx.inNote) return [{ kind: "text", text: marker }];
  const inner: InlineContext = { st, inNote: true };
  const blocks = e.children.some((c) => isEl(c) && c.name === "p")
    ? e.children.filter(isEl).filter((c) => c.name === "p").map((p) => convert(p.children, inner))
    : [convert(e.children, inner)];
  const content: Inline[] = [];
  for (const b of blocks) {
    if (!b.length) continue;
    if (content.length) content.push({ kind: "lineBreak" });
    content.push(...b);
  }
  const normalized = normalizeInlines(content);
  const known = st.footnotes.get(marker);
  if (known) {
    if (plainText(known.content) !== plainText(normalized)) {
      note(st, diag("akn-footnote-conflict", "warning", `two notes with marker "${marker}" have different texts; the first is kept`, e.line));
    }
  } else {
    st.footnotes.set(marker, { kind: "footnote", marker, content: normalized });
  }
  return [{ kind: "noteReference", marker }];
}

// ------------------------------------------------------------ normalising

interface Flow {
  /** The text so far ends in whitespace (or nothing has been written yet). */
  space: boolean;
  /** The last text node written, while nothing but text followed it. */
  last: Text | null;
}

/** Collapses, de-duplicates and trims whitespace across a block's inlines; drops empty nodes. */
export function normalizeInlines(list: Inline[]): Inline[] {
  const flow: Flow = { space: true, last: null };
  const out = walk(list, flow);
  if (flow.last) flow.last.text = flow.last.text.replace(/ $/, "");
  return prune(out);
}

function walk(list: readonly Inline[], flow: Flow): Inline[] {
  const out: Inline[] = [];
  for (const n of list) {
    switch (n.kind) {
      case "text": {
        let t = n.text.replace(/[ \t\r\n]+/g, " ");
        if (flow.space) t = t.replace(/^ /, "");
        if (!t) break;
        const prev = out[out.length - 1];
        if (prev?.kind === "text" && prev === flow.last) {
          prev.text += t;
        } else {
          const node: Text = { kind: "text", text: t };
          out.push(node);
          flow.last = node;
        }
        flow.space = t.endsWith(" ");
        break;
      }
      case "italic": {
        const children = walk(n.children, flow);
        out.push({ kind: "italic", children });
        break;
      }
      case "openingPhrase": {
        const t = n.text.replace(/[ \t\r\n]+/g, " ").trim();
        out.push({ kind: "openingPhrase", text: t });
        flow.space = false;
        flow.last = null;
        break;
      }
      case "lineBreak":
        if (flow.last) flow.last.text = flow.last.text.replace(/ $/, "");
        out.push(n);
        flow.space = true;
        flow.last = null;
        break;
      default:
        out.push(n);
        flow.space = false;
        flow.last = null;
    }
  }
  return out;
}

function prune(list: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of list) {
    if (n.kind === "text" && !n.text) continue;
    if (n.kind === "italic") {
      const children = prune(n.children);
      if (!children.length) continue;
      out.push({ kind: "italic", children });
      continue;
    }
    const prev = out[out.length - 1];
    if (n.kind === "text" && prev?.kind === "text") {
      out[out.length - 1] = { kind: "text", text: prev.text + n.text };
      continue;
    }
    out.push(n);
  }
  // Leading/trailing line breaks carry nothing.
  while (out[0]?.kind === "lineBreak") out.shift();
  while (out[out.length - 1]?.kind === "lineBreak") out.pop();
  return out;
}

/**
 * The opening phrase of a paragraph: an italic run at its very start holding
 * only text ("<i>Recalling also</i> its …"). Our emitter writes both opening
 * phrases and other leading italics as <i>; in a paragraph the leading one is
 * the phrase, which is how the UN files mean it too. Whitespace inside the
 * italics moves out of the phrase.
 */
export function splitOpeningPhrase(content: Inline[]): { content: Inline[]; phrase?: string } {
  const first = content[0];
  if (first?.kind !== "italic" || !first.children.every((c) => c.kind === "text")) return { content };
  const raw = plainText(first.children);
  const phrase = raw.trim();
  if (!phrase) return { content };
  const rest = content.slice(1);
  if (/\s$/.test(raw)) {
    const next = rest[0];
    if (next?.kind === "text") rest[0] = { kind: "text", text: " " + next.text };
    else rest.unshift({ kind: "text", text: " " });
  }
  return { content: [{ kind: "openingPhrase", text: phrase }, ...rest], phrase };
}

/** The printed text of an element, for labels and metadata fields. */
export { cleanText };
