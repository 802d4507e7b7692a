/**
 * The common tail of the PDF text readers (para-text, pdf-text): repaired
 * paragraphs + footnote texts + masthead metadata → Resolution.
 *
 * It lays the paragraphs out as the ODS text does (paragraphs indented by a
 * tab, labels followed by a tab, headings and closing lines flush left) and
 * then reuses the ODS stages unchanged: segment → parse → completeMetadata →
 * link. The footnotes, already separated from the body, are handed to parse
 * as footnote segments instead of being laid out at the end.
 */
import type { Inline, Resolution } from "../ast.ts";
import { inlineLists } from "../ast-utils.ts";
import { isoDate } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { link } from "./link.ts";
import { completeMetadata } from "./metadata.ts";
import type { ResidueMetadata, SourceLine } from "./normalize.ts";
import type { NoteText, Paragraph } from "./paragraphs.ts";
import { findNoteMarkers, placeNoteReferences } from "./note-refs.ts";
import { parse } from "./parse.ts";
import { closeHyphens, completeTitle, dropRunningHeaders, joinCutParagraphs, looksLikeHeading, restoreLabels, splitRunTogether, type Repaired } from "./repair.ts";
import { segment, type Segment } from "./segment.ts";

export interface DialectInput {
  paragraphs: Paragraph[];
  notes: NoteText[];
  residue: ResidueMetadata;
  /** Front matter fields of the extraction (symbol, title, date). */
  fields: Record<string, string>;
  diagnostics: Diagnostic[];
}

const TITLE_LINE = /^(?:ES-|S-)?\d{1,3}\/\d{1,4}\.\s/;

export function finishDialect(input: DialectInput): { doc: Resolution; diagnostics: Diagnostic[] } {
  const diagnostics = [...input.diagnostics];
  const residue = { ...input.residue };
  // the front matter fills what the masthead lacks: para-text mastheads have no symbol line
  if (!residue.symbol && input.fields.symbol) residue.symbol = input.fields.symbol;
  if (!residue.issueDate && /^\d{4}-\d\d-\d\d$/.test(input.fields.date ?? "")) {
    const text = textDate(input.fields.date);
    if (text && isoDate(text) === input.fields.date) residue.issueDate = { text, iso: input.fields.date };
  }

  const titleLine = input.paragraphs.find((p) => TITLE_LINE.test(p.text));
  const shortTitle = titleLine?.text.replace(/^\S+\s+/, "") ?? "";
  const catalogueTitle = (input.fields.title ?? "").replace(/\s*:$/, "");
  const candidates = [residue.agenda?.title ?? "", catalogueTitle].filter(Boolean);

  let paras = input.paragraphs;
  const step = (r: Repaired) => {
    diagnostics.push(...r.diagnostics);
    paras = r.paragraphs;
  };
  step(completeTitle(paras, candidates));
  const fullTitle = paras.find((p) => TITLE_LINE.test(p.text))?.text.replace(/^\S+\s+/, "") ?? shortTitle;
  step(dropRunningHeaders(paras, residue.symbol, [shortTitle, fullTitle, catalogueTitle].filter(Boolean)));
  step(joinCutParagraphs(paras));
  step(closeHyphens(paras));
  step(splitRunTogether(paras));
  step(restoreLabels(paras));
  const found = findNoteMarkers(paras, input.notes.map((n) => n.marker));
  diagnostics.push(...found.diagnostics);
  paras = found.paragraphs;

  const segments = segment(layOut(paras));
  for (const n of input.notes) {
    const source: SourceLine = { line: n.line, endLine: n.endLine, text: n.text, indent: 0, raw: n.text };
    segments.push({ kind: "footnote", label: n.marker, text: n.text.replace(/\s+/g, " ").trim(), source } satisfies Segment);
  }
  const parsed = parse(segments);
  const withMeta = completeMetadata(parsed.doc, residue);
  const placed = placeNoteReferences(withMeta.doc, found.refs);
  diagnostics.push(...parsed.diagnostics, ...withMeta.diagnostics, ...placed.diagnostics);
  const doc = linkWithoutMarkers(placed.doc);
  diagnostics.push(...unreferenced(doc));
  return { doc, diagnostics };
}

/**
 * Runs the ODS link stage for opening phrases and references to documents
 * and dates, but not for footnote markers, which are placed already: link
 * sees the body without footnotes (so it looks for no markers) and the
 * footnotes on their own (for the references in their text).
 */
function linkWithoutMarkers(doc: Resolution): Resolution {
  const body = link({ ...doc, footnotes: [] }).doc;
  const notes = link({ ...doc, title: [], parts: [], annexes: [] }).doc.footnotes;
  return { ...body, footnotes: notes };
}

/** A warning for each footnote no reference in the text points to. */
function unreferenced(doc: Resolution): Diagnostic[] {
  const referenced = new Set<string>();
  const walk = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === "noteReference") referenced.add(n.marker);
      else if (n.kind === "italic") walk(n.children);
    }
  };
  for (const list of inlineLists(doc)) walk(list);
  return doc.footnotes
    .filter((f) => !referenced.has(f.marker))
    .map((f) => diag("footnote-unreferenced", "warning", `footnote ${f.marker} is never referenced in the text`, f.source?.startLine));
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** "2025-09-19" → "19 September 2025". */
function textDate(iso: string): string | undefined {
  const [y, m, d] = iso.split("-").map(Number);
  return MONTHS[m - 1] ? `${d} ${MONTHS[m - 1]} ${y}` : undefined;
}

const LABEL_TEXT = /^(\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]+)\))\s+(.*)$/;
const HEADING_LABEL = /^([IVXLC]+\.|[A-Z]\.)\s+(.*)$/;
const FLUSH = /^(?:Resolutions? adopted by|\[|Annex(?:es)?(?: [IVXLC]+| [A-Z])?$|\d+\w* (?:\(\w+\) )?plenary meeting$|\d{1,2} [A-Z][a-z]+ \d{4}$|[A-Z]$|[IVXLC]+\.?$|[A-Z]\.$)/;

/**
 * Paragraphs → lines in the ODS layout: "\t1.\tText" for numbered paragraphs
 * and points, "\tText" for other paragraphs, flush left for the head,
 * headings and closing lines; the title line as "80/1.\tTitle".
 */
export function layOut(paras: Paragraph[]): SourceLine[] {
  const lines: SourceLine[] = [];
  let afterAnnex = false;
  for (const p of paras) {
    const t = p.text.replace(/\t/g, " ").replace(/\s+/g, " ").trim();
    let text: string;
    let indent = 1;
    let m: RegExpExecArray | null;
    if ((m = /^((?:ES-|S-)?\d{1,3}\/\d{1,4}\.)\s+(.*)$/.exec(t))) [text, indent] = [`${m[1]}\t${m[2]}`, 0];
    else if ((m = LABEL_TEXT.exec(t))) text = `${m[1]}\t${m[2]}`;
    else if ((m = HEADING_LABEL.exec(t)) && looksLikeHeading(m[2])) [text, indent] = [`${m[1]}\t${m[2]}`, 0];
    else if (FLUSH.test(t) || afterAnnex || looksLikeHeading(t) && !/^The General Assembly/.test(t)) [text, indent] = [t, 0];
    else text = t;
    afterAnnex = /^Annex/.test(t) && indent === 0 && t.length < 12;
    lines.push({ line: p.line, endLine: p.endLine, text, indent, raw: "\t".repeat(indent) + text });
  }
  return lines;
}
