/**
 * segment: body lines → typed segments, one per line.
 *
 * A segment says what a line is by its own shape ("1.\tInvites …" is a
 * numbered paragraph, "(a)\t…" a point, a flush-left line with tabs a table
 * row) and, for the footnote block at the end of the body, by its position.
 * What the line means in the document (preamble or operative, annex or not)
 * is left to the parser.
 */
import { DATE_PATTERN } from "../dates.ts";
import type { SourceLine } from "./normalize.ts";

export type SegmentKind =
  | "adoption" // "Resolution adopted by the General Assembly on 8 December 2003"
  | "committee" // "[on the report of the First Committee (A/58/462)]"
  | "title" // "58/53.\tImplementation of …"
  | "partLetter" // "A" alone: a lettered part begins
  | "formula" // "The General Assembly,"
  | "numbered" // "1.\tInvites …"
  | "point" // "(a)\t…", "(iv)\t…"
  | "annex" // "Annex", "Annex II"
  | "heading" // a flush-left line: "II. Financing", "Article 10", "Introduction"
  | "tableRow" // flush-left cells separated by tabs
  | "meeting" // "71st plenary meeting"
  | "date" // "8 December 2003" alone (after a meeting line)
  | "footnote" // "1 See CD/1478." in the footnote block at the end
  | "text"; // an indented unnumbered paragraph

export interface Segment {
  kind: SegmentKind;
  /** The label: "1.", "(a)", "II.", "A", a footnote marker. */
  label?: string;
  /** The line's text without its label, whitespace collapsed. */
  text: string;
  /** Table cells, for tableRow. */
  cells?: string[];
  source: SourceLine;
}

const ADOPTION = /^Resolutions? adopted by the General Assembly\b/;
const COMMITTEE = /^\[.*\]$/;
const TITLE = /^((?:ES-|S-)?\d{1,3}\/\d{1,4})\.\s*(.*)$/;
const FORMULA = /^The General Assembly\b\s*[,:]?$/;
/** The export puts a tab after a paragraph number; "1. Income…" with a space is text (a table cell). */
const NUMBERED = /^(\d{1,3}\.)\t+(.*)$/;
const POINT = /^(\((?:[a-z]{1,2}|[ivxlc]+)\))(?:\t+|\s+)(.*)$/;
const ANNEX = /^Annex(?:es)?(?: [IVXLC]+| [A-Z]| \d+)?$/;
const MEETING = /^\d+\w*(?: \(\w+\))? plenary meeting$/;
const DATE_LINE = new RegExp(`^${DATE_PATTERN}$`);
const HEADING_LABEL = /^((?:[IVXLC]+|[A-Z])\.?)\t+(.*)$/;
const PART_LETTER = /^[A-Z]$/;
/** A heading's number on a line of its own: "II", "IV.", "B." */
const LONE_LABEL = /^(?:[IVXLC]+|[A-Z])\.?$/;
const FOOTNOTE = /^(\d{1,3}|\*{1,3})\s+(\S.*)$/;

// Most lines have single spaces only: the replacement (one match per word) is skipped for them.
const collapse = (s: string) => (s.includes("\t") || s.includes("  ") ? s.replace(/[\t ]+/g, " ") : s).trim();

export function segment(lines: SourceLine[]): Segment[] {
  const footnoteLines = findFootnoteBlock(lines);
  const out: Segment[] = [];
  let prevKind: SegmentKind | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.text) continue;
    const seg = footnoteLines.has(i) ? footnoteSegment(l) : classify(l, prevKind);
    if (seg.kind === "footnote" && seg.label === undefined && out.length && out[out.length - 1].kind === "footnote") {
      // a footnote's second line or paragraph
      const last = out[out.length - 1];
      out[out.length - 1] = { ...last, text: `${last.text} ${seg.text}`, source: { ...last.source, endLine: l.endLine } };
      continue;
    }
    out.push(seg);
    prevKind = seg.kind;
  }
  return out;
}

function footnoteSegment(l: SourceLine): Segment {
  const m = FOOTNOTE.exec(l.text);
  return m ? { kind: "footnote", label: m[1], text: collapse(m[2]), source: l } : { kind: "footnote", text: collapse(l.text), source: l };
}

function classify(l: SourceLine, prevKind: SegmentKind | undefined): Segment {
  const t = l.text;
  let m: RegExpExecArray | null;
  if (ADOPTION.test(t)) return { kind: "adoption", text: collapse(t), source: l };
  if (COMMITTEE.test(t) && (prevKind === "adoption" || prevKind === undefined)) return { kind: "committee", text: collapse(t), source: l };
  if (inHead(prevKind) && l.indent === 0 && (m = TITLE.exec(t))) {
    return { kind: "title", label: m[1], text: collapse(m[2]), source: l };
  }
  if (FORMULA.test(t)) return { kind: "formula", text: collapse(t), source: l };
  if ((m = NUMBERED.exec(t))) return { kind: "numbered", label: m[1], text: collapse(m[2]), source: l };
  if ((m = POINT.exec(t))) return { kind: "point", label: m[1], text: collapse(m[2]), source: l };
  if (MEETING.test(t)) return { kind: "meeting", text: collapse(t), source: l };
  if (DATE_LINE.test(t) && l.indent === 0) return { kind: "date", text: collapse(t), source: l };
  if (ANNEX.test(t)) return { kind: "annex", text: collapse(t), source: l };
  if ((m = HEADING_LABEL.exec(t)) && !m[2].includes("\t") && !l.raw.endsWith("\t")) {
    return { kind: "heading", label: m[1], text: collapse(m[2]), source: l };
  }
  // tabs inside the text, or a tab at the end, separate table cells
  if (t.includes("\t") && l.indent > 0 || l.raw.endsWith("\t")) return tableRow(l);
  if (l.indent > 0) return { kind: "text", text: collapse(t), source: l };
  if (PART_LETTER.test(t)) return { kind: "partLetter", label: t, text: "", source: l };
  if (LONE_LABEL.test(t)) return { kind: "heading", label: t, text: "", source: l };
  if (t.includes("\t")) return tableRow(l);
  return { kind: "heading", text: collapse(t), source: l };
}

function tableRow(l: SourceLine): Segment {
  return { kind: "tableRow", text: collapse(l.text), cells: l.raw.split("\t").map(collapse), source: l };
}

/** The title line only stands in the head of the document, before the formula. */
function inHead(prevKind: SegmentKind | undefined): boolean {
  return prevKind === undefined || prevKind === "adoption" || prevKind === "committee";
}

/**
 * The footnote block: the flush-left lines at the end of the body whose
 * numbers rise one by one ("1 …", "2 …"); a flush-left unnumbered line inside
 * the block continues the note before it. Found by walking back from the end.
 */
function findFootnoteBlock(lines: SourceLine[]): Set<number> {
  const found = new Set<number>();
  let pending: number[] = [];
  let next: number | undefined; // number of the note below the current line
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (!l.text) continue;
    if (l.indent > 0 || MEETING.test(l.text) || DATE_LINE.test(l.text)) break;
    const m = FOOTNOTE.exec(l.text);
    const n = m && /^\d/.test(m[1]) ? Number(m[1]) : undefined;
    if (m && (n === undefined || next === undefined || n < next)) {
      found.add(i);
      for (const p of pending) found.add(p);
      pending = [];
      if (n !== undefined) next = n;
      if (n === 1) break;
    } else {
      pending.push(i);
    }
  }
  return found;
}
