/**
 * page furniture: lines of a PDF text extraction → the body lines, the
 * footnote texts, and a diagnostic for every line dropped.
 *
 * Each printed page after the first starts with a header (symbol, running
 * title, job number, page number "2/5") and ends, where it has footnotes,
 * with a rule and the footnote texts. In the extraction they sit in the
 * middle of the text, often in the middle of a sentence. This stage cuts them
 * out so the sentence can be joined again, and keeps the footnotes apart.
 */
import { diag, type Diagnostic } from "../diagnostics.ts";
import type { TextLine } from "./front-matter.ts";
import type { NoteText, Paragraph } from "./paragraphs.ts";

export interface Unfurnished {
  lines: TextLine[];
  notes: NoteText[];
  diagnostics: Diagnostic[];
}

const PAGE_NUMBER = /^\d{1,3}\/\d{1,3}$/;
const JOB_NUMBER = /^\d{2}-\d{5}(?: \([A-Z]\))?$/;
const SYMBOL = /^(?:A\/(?:RES\/)?|A\/ES-|A\/S-)\S+$/;
const BARCODE = /^\*\d{6,9}\*$/;
const RULE = /^_{5,}$/;
const NOTE_START = /^(\d{1,3}|\*{1,3}) (\S.*)$/;
/** The longest a page header runs, in lines, up to its page number. */
const HEADER_LINES = 8;

/** Whether a line can stand in a page header: symbol, job number, blank, or a running title (no sentence end). */
function headerish(t: string): boolean {
  return !t || SYMBOL.test(t) || JOB_NUMBER.test(t) || BARCODE.test(t) || PAGE_NUMBER.test(t) || (t.length <= 110 && !/[.;,:]$/.test(t));
}

/** The end (exclusive) of a page header starting at i, or -1: header lines up to a page number. */
function headerEnd(lines: TextLine[], i: number): number {
  for (let j = i; j < lines.length && j < i + HEADER_LINES; j++) {
    const t = lines[j].text.trim();
    if (PAGE_NUMBER.test(t)) {
      // the job number and the symbol may follow the page number
      let end = j + 1;
      while (end < lines.length && end < i + HEADER_LINES + 2 && (JOB_NUMBER.test(lines[end].text.trim()) || SYMBOL.test(lines[end].text.trim()))) end++;
      return end;
    }
    if (!headerish(t)) return -1;
  }
  return -1;
}

export function dropPageFurniture(lines: TextLine[]): Unfurnished {
  const diagnostics: Diagnostic[] = [];
  const out: TextLine[] = [];
  const notes: NoteText[] = [];
  const drop = (l: TextLine, why: string) => {
    if (l.text.trim()) diagnostics.push(diag("page-furniture", "info", `${why} dropped: "${l.text.trim()}"`, l.line));
  };
  let inNotes = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    // a page header: after a blank line (the page break), lines up to the page number
    if (!t) {
      const end = headerEnd(lines, i + 1);
      if (end > 0 && lines.slice(i + 1, end).some((l) => l.text.trim() && !PAGE_NUMBER.test(l.text.trim()))) {
        for (const l of lines.slice(i + 1, end)) drop(l, PAGE_NUMBER.test(l.text.trim()) ? "page number" : JOB_NUMBER.test(l.text.trim()) ? "job number in the page header" : "page header");
        i = end - 1;
        while (i + 1 < lines.length && !lines[i + 1].text.trim()) i++; // the blank lines under the header
        inNotes = false;
        continue;
      }
    }
    if (RULE.test(t)) {
      drop(lines[i], "footnote rule");
      inNotes = true;
      continue;
    }
    if (inNotes) {
      if (!t) continue;
      const m = NOTE_START.exec(t);
      const last = notes[notes.length - 1];
      if (m && (!last || !/^\d+$/.test(m[1]) || !/^\d+$/.test(last.marker) || Number(m[1]) > Number(last.marker))) {
        notes.push({ marker: m[1], text: m[2], line: lines[i].line, endLine: lines[i].line });
      } else if (last) {
        last.text = /[-‑]$/.test(last.text) ? last.text + t : `${last.text} ${t}`;
        last.endLine = lines[i].line;
      } else {
        diagnostics.push(diag("footnote-unnumbered", "warning", `text under a footnote rule without a footnote number, kept in the body: "${t}"`, lines[i].line));
        out.push(lines[i]);
      }
      continue;
    }
    const rule = / -{3,}$/.exec(lines[i].text);
    if (rule) {
      // a rule the extraction left at the end of a line where the page's text ended
      diagnostics.push(diag("page-furniture", "info", `rule at the end of the line dropped: "${rule[0].trim()}"`, lines[i].line));
      out.push({ ...lines[i], text: lines[i].text.slice(0, rule.index) });
      continue;
    }
    if (BARCODE.test(t)) {
      drop(lines[i], "barcode");
      continue;
    }
    out.push(lines[i]);
  }
  return { lines: out, notes, diagnostics };
}

/**
 * Footnotes left in the body as paragraphs of their own (extractions that
 * keep one paragraph a line put a page's footnotes where the page ended):
 * "1 Official Records …", recognised by their number, the next note due.
 */
export function pullInlineNotes(paras: Paragraph[], notes: NoteText[]): { paragraphs: Paragraph[]; notes: NoteText[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: Paragraph[] = [];
  const found = [...notes];
  let last = Math.max(0, ...notes.filter((n) => /^\d+$/.test(n.marker)).map((n) => Number(n.marker)));
  for (const p of paras) {
    const m = /^(\d{1,3}) (\S.*)$/.exec(p.text);
    const n = m ? Number(m[1]) : 0;
    // the next note, or the one after it when a note's text was lost; never a date ("25 November …")
    if (m && n > last && n <= last + 2 && !/^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/.test(m[2])) {
      found.push({ marker: m[1], text: m[2], line: p.line, endLine: p.endLine });
      diagnostics.push(diag("footnote-moved", "info", `footnote ${n} taken out of the body, where the page broke`, p.line));
      last = n;
      continue;
    }
    out.push(p);
  }
  return { paragraphs: out, notes: found, diagnostics };
}
