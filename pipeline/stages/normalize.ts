/**
 * normalize: decoded text → body lines + metadata found in the residue.
 *
 * Word's text export of an ODS resolution ends with a trailer: the `<<ODS …>>`
 * fields, the masthead text (symbol, issue date, session, agenda item), the
 * running headers, rules and page numbers. This stage cuts the trailer off the
 * body, turns what it can into metadata and reports every other residue line as
 * a diagnostic, so no character disappears unaccounted for. It also evens out
 * the layout variants of the export: spaces for tabs, the "[DU1]" comment
 * anchor, and hard-wrapped lines (see unwrap.ts).
 */
import type { AgendaLine } from "../ast.ts";
import { DATE_PATTERN, isoDate, sessionNumberFromName } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { unwrapLines } from "./unwrap.ts";

/** One line of the body, tabs kept, leading indentation counted. */
export interface SourceLine {
  /** 1-based line number in the input. */
  line: number;
  /** Last input line this (unwrapped) line covers. */
  endLine: number;
  /** Text without leading indentation or trailing blanks; inner tabs kept. */
  text: string;
  /** Number of leading tabs (a run of 4 spaces counts as one tab). */
  indent: number;
  /**
   * The line with its leading and trailing tabs, which are cell separators
   * when the line is a table row ("\tSubtotal\t419 788 600").
   */
  raw: string;
}

/** What the trailer and masthead residue say about the document. */
export interface ResidueMetadata {
  symbol?: string;
  jobNumber?: string;
  issueDate?: { text: string; iso: string };
  sessionName?: string;
  session?: string;
  agenda?: AgendaLine;
}

export interface NormalizedText {
  lines: SourceLine[];
  residue: ResidueMetadata;
  /** True when the body was hard-wrapped and has been unwrapped. */
  unwrapped: boolean;
  diagnostics: Diagnostic[];
}

const TRAILER_START = /<<ODS |^United Nations\s*A\/\S/;
const COMMENT_ANCHOR = /^\[DU\d+\]\s*/;
const ISSUE_DATE_LINE = new RegExp(`^(${DATE_PATTERN})\\s*(.*session)$`);

export function normalize(text: string): NormalizedText {
  const diagnostics: Diagnostic[] = [];
  const input = text.split("\n");
  if (input.length && input[input.length - 1] === "") input.pop();

  let trailerAt = input.findIndex((l) => TRAILER_START.test(l));
  if (trailerAt < 0) trailerAt = input.length;
  const residue = readResidue(input.slice(trailerAt), trailerAt + 1, diagnostics);

  let lines: SourceLine[] = [];
  for (let i = 0; i < trailerAt; i++) {
    let t = input[i];
    const anchor = COMMENT_ANCHOR.exec(t);
    if (anchor) {
      diagnostics.push(diag("comment-anchor", "info", `Word comment anchor "${anchor[0].trim()}" removed`, i + 1));
      t = t.slice(anchor[0].length);
    }
    let raw = trimTrailing(t, " \u00a0");
    if (raw.includes("    ")) raw = raw.replace(/ {4}/g, "\t");
    t = trimTrailing(raw, " \t\u00a0");
    // Leading tabs are levels; a run of two or more spaces among them counts as one more.
    let lead = 0;
    let tabs = 0;
    for (let c = t.charCodeAt(0); c === 9 || c === 32; c = t.charCodeAt(++lead)) if (c === 9) tabs++;
    const indent = tabs + (lead - tabs >= 2 ? 1 : 0);
    lines.push({ line: i + 1, endLine: i + 1, text: lead ? t.slice(lead) : t, indent, raw: t ? raw : "" });
  }
  const unwrapped = unwrapLines(lines);
  if (unwrapped) {
    diagnostics.push(diag("hard-wrapped", "info", `input is hard-wrapped at ${unwrapped.width} characters; lines were joined into paragraphs`));
    lines = unwrapped.lines;
  }
  return { lines, residue, unwrapped: !!unwrapped, diagnostics };
}

/**
 * Reads the trailer lines into metadata. Every line gets one diagnostic that
 * quotes it and says what became of it (read as metadata, dropped as page
 * furniture, or not understood), so the report can account for each character.
 */
function readResidue(lines: string[], firstLine: number, diagnostics: Diagnostic[]): ResidueMetadata {
  const meta: ResidueMetadata = {};
  const note = (i: number, code: string, severity: "info" | "warning", why: string) =>
    diagnostics.push(diag(code, severity, `${why}: "${lines[i].trim()}"`, firstLine + i));
  for (let i = 0; i < lines.length; i++) {
    let t = lines[i].replace(COMMENT_ANCHOR, "").trim();
    if (!t) continue;
    let fields = false;
    t = t.replace(/<<ODS ([A-Z0-9 ]+)>>(.*?)<<ODS \1>>/g, (_, field: string, value: string) => {
      value = value.trim();
      if (field === "JOB NO") {
        const m = /^[A-Z]?(\d{2})(\d{5})[A-Z]?$/.exec(value);
        if (m) meta.jobNumber ??= `${m[1]}-${m[2]}`;
      } else if (field === "DOC SYMBOL1" && value) {
        meta.symbol ??= value;
      }
      fields = true;
      return "";
    }).trim();
    if (!t) {
      if (fields) note(i, "residue-read", "info", "ODS fields read as metadata");
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^United Nations\s*(A\/.+?)\s*General Assembly\s*Distr\.: General$/.exec(t))) {
      meta.symbol ??= m[1].trim();
      note(i, "residue-read", "info", "masthead line read as metadata (symbol)");
    } else if ((m = ISSUE_DATE_LINE.exec(t))) {
      meta.issueDate ??= { text: m[1], iso: isoDate(m[1])! };
      meta.sessionName ??= m[2].trim();
      meta.session ??= sessionNumberFromName(m[2]);
      note(i, "residue-read", "info", "masthead line read as metadata (issue date, session)");
    } else if ((m = /^Agenda items? (.+)$/.exec(t))) {
      const items = m[1].split(/,\s*|\s+and\s+/).map((x) => x.trim()).filter(Boolean);
      meta.agenda ??= { text: t, items };
      note(i, "residue-read", "info", "masthead line read as metadata (agenda item)");
      // the agenda item's title, where the masthead has one, follows on the next line
      const next = lines[i + 1]?.trim();
      if (next && !/^\d[\d ]*$/.test(next) && !/^A\/|^[-_]+$/.test(next)) {
        meta.agenda.title = next;
        i++;
        note(i, "residue-read", "info", "masthead line read as metadata (agenda item title)");
      }
    } else if ((m = /^(\d{2}) (\d{5})$/.exec(t))) {
      meta.jobNumber ??= `${m[1]}-${m[2]}`;
      note(i, "residue-read", "info", "masthead line read as metadata (job number)");
    } else if (/^[-_]+$/.test(t)) {
      note(i, "residue-dropped", "info", "rule from the page layout dropped");
    } else if (/^\d+$/.test(t)) {
      note(i, "residue-dropped", "info", "page number dropped");
    } else if (meta.symbol && t === meta.symbol) {
      note(i, "residue-dropped", "info", "running header dropped");
    } else {
      note(i, "residue-unplaced", "warning", "trailer line not understood, left out of the document");
    }
  }
  return meta;
}

/**
 * `t` without the trailing characters in `chars`. (The regex /[ \t]+$/ would
 * start a match at every space of the line and scan on to its end.)
 */
function trimTrailing(t: string, chars: string): string {
  let end = t.length;
  while (end > 0 && chars.includes(t[end - 1])) end--;
  return end === t.length ? t : t.slice(0, end);
}
