/**
 * Inline content: text, italics, references to UN documents, dates, line
 * breaks and footnotes, as akn4un.md "Content rules" shows them.
 */
import type { Footnote, Inline, Resolution } from "../../ast.ts";
import { footnoteTracker, plainText } from "../../ast-utils.ts";
import { diag, type Diagnostic } from "../../diagnostics.ts";
import { EidScope, numToken } from "./ids.ts";
import { el, hasInvalidXmlChars, type ChildInput, type XElement } from "./xml.ts";

/** One output file: the whole resolution. */
export interface FileState {
  doc: Resolution;
  /** Called once per footnote reference, in reading order (ast-utils). */
  track: ReturnType<typeof footnoteTracker>;
  diagnostics: Diagnostic[];
  /** Diagnostics already raised, so a repeated problem is reported once. */
  reported: Set<string>;
  /** Markers referenced anywhere, to find footnotes nothing points to. */
  referenced: Set<string>;
}

/**
 * One document in the schema's sense (a statement with its annexes, or one
 * component of a collection): its eIds and the notes printed in it.
 */
export interface DocScope {
  ids: EidScope;
  /** Marker -> eId of the authorialNote printed in this document. */
  notes: Map<string, string>;
}

/** Where in a document the inlines sit: eIds there start with `prefix` ("", "att_1__"). */
export interface Place {
  doc: DocScope;
  prefix: string;
}

export function newFileState(doc: Resolution): FileState {
  return { doc, track: footnoteTracker(doc), diagnostics: [], reported: new Set(), referenced: new Set() };
}

export function newDocScope(doc: Resolution): DocScope {
  const ids = new EidScope();
  // Notes are numbered by marker; a "*" note must not take the number of a later "3".
  for (const f of doc.footnotes) {
    const t = numToken(f.marker);
    if (/^\d+$/.test(t)) ids.reserve(`authorialNote_${t}`);
  }
  return { ids, notes: new Map() };
}

export function report(st: FileState, d: Diagnostic): void {
  const key = `${d.code}\u0000${d.message}`;
  if (st.reported.has(key)) return;
  st.reported.add(key);
  st.diagnostics.push(d);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in xsd:date's plain form. */
export function isIsoDate(s: string | undefined): s is string {
  const m = s ? ISO_DATE.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** undocs.org resolves every document symbol; spaces ("1514 (XV)") must be escaped in an anyURI. */
export function undocsHref(symbol: string): string {
  return "https://undocs.org/en/" + encodeURI(symbol.trim());
}

/** Text as is; the serializer drops what XML cannot carry, and this says so once. */
function text(st: FileState, s: string): string {
  if (hasInvalidXmlChars(s)) {
    report(st, diag("akn-invalid-char", "warning", "text holds characters XML cannot carry (control characters); they were left out"));
  }
  return s;
}

/** The AKN form of `nodes`, for use inside a <p> or another text-level element. */
export function inlines(nodes: readonly Inline[], st: FileState, at: Place): ChildInput[] {
  const out: ChildInput[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    switch (n.kind) {
      case "text":
        out.push(text(st, n.text));
        break;
      case "openingPhrase":
        out.push(el("i", null, text(st, n.text)));
        break;
      case "italic":
        out.push(el("i", null, inlines(n.children, st, at)));
        break;
      case "documentReference":
        out.push(n.symbol.trim() ? el("ref", { href: undocsHref(n.symbol) }, text(st, n.text)) : text(st, n.text));
        break;
      case "date":
        if (isIsoDate(n.iso)) {
          out.push(el("date", { date: n.iso }, text(st, n.text)));
        } else {
          report(st, diag("akn-date-invalid", "warning", `date "${n.text}" has no valid ISO form ("${n.iso}"); written as plain text`));
          out.push(text(st, n.text));
        }
        break;
      case "lineBreak":
        out.push(el("eol"));
        break;
      case "noteReference":
        out.push(noteReference(n.marker, st, at));
        break;
    }
  }
  return out;
}

/**
 * The first reference to a note prints it (authorialNote); later ones point
 * to it (noteRef). A note printed in another component of a collection is
 * printed again in this one, so every document's references resolve inside it.
 */
function noteReference(marker: string, st: FileState, at: Place): ChildInput {
  const { footnote, first } = st.track(marker);
  st.referenced.add(marker);
  if (!footnote) {
    report(st, diag("akn-footnote-missing", "warning", `footnote reference "${marker}" has no footnote text; the reference was left out`));
    return null;
  }
  const printed = at.doc.notes.get(marker);
  if (!first && printed) return el("noteRef", { href: "#" + printed, marker });
  return authorialNote(footnote, st, at);
}

function authorialNote(f: Footnote, st: FileState, at: Place): XElement {
  const t = numToken(f.marker);
  const eId = at.doc.ids.take(`${at.prefix}authorialNote`, /^\d+$/.test(t) ? t : "");
  at.doc.notes.set(f.marker, eId);
  // A note's own text cannot hold another note: a marker inside it stays text.
  const content = f.content.some((c) => c.kind === "noteReference")
    ? f.content.map((c) => (c.kind === "noteReference" ? { kind: "text" as const, text: c.marker } : c))
    : f.content;
  return el("authorialNote", { marker: f.marker, placement: "bottom", eId }, el("p", null, inlines(content, st, at)));
}

/** Footnotes never referenced from the text: reported, since the output cannot place them. */
export function reportUnreferenced(st: FileState): void {
  for (const f of st.doc.footnotes) {
    if (!st.referenced.has(f.marker)) {
      report(st, {
        ...diag("akn-footnote-unreferenced", "warning", `footnote "${f.marker}" (${plainText(f.content).slice(0, 40)}…) is never referenced in the text; it is not in the output`),
        ...(f.source ? { line: f.source.startLine } : {}),
      });
    }
  }
}
