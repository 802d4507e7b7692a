/**
 * The para-text reader: text a third party extracted from the UN's PDFs, one
 * paragraph a line, with YAML front matter, the masthead run together on a
 * few lines, running headers left between the halves of a paragraph, and
 * footnotes as Markdown `[^1]: …` definitions after a `---` rule at the end.
 *
 * front matter → notes (the `[^n]:` block) → masthead → paragraphs → the
 * common tail (repair, then the ODS stages segment → parse → metadata → link).
 */
import { diag, type Diagnostic } from "../diagnostics.ts";
import { finishDialect } from "../stages/dialect-tail.ts";
import { hasFrontMatter, readFrontMatter, type TextLine } from "../stages/front-matter.ts";
import { readMasthead } from "../stages/masthead.ts";
import { paragraphsByBlankLines, type NoteText } from "../stages/paragraphs.ts";
import { registerReader, type ReadResult } from "./registry.ts";

const NOTE_DEF = /^\[\^(\w+)\]:\s*(.*)$/;

/**
 * The Markdown footnote block: from the first `[^n]:` line to the end; a
 * definition goes on over indented (or any non-blank) lines up to the next
 * one. The `---` rule before the block is dropped with a note.
 */
export function readMarkdownNotes(lines: TextLine[]): { body: TextLine[]; notes: NoteText[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const start = lines.findIndex((l) => NOTE_DEF.test(l.text));
  if (start < 0) return { body: dropRules(lines, diagnostics), notes: [], diagnostics };
  const notes: NoteText[] = [];
  for (const l of lines.slice(start)) {
    const m = NOTE_DEF.exec(l.text);
    const last = notes[notes.length - 1];
    if (m) notes.push({ marker: m[1], text: m[2].trim(), line: l.line, endLine: l.line });
    else if (l.text.trim() && last) Object.assign(last, { text: `${last.text} ${l.text.trim()}`, endLine: l.line });
  }
  return { body: dropRules(lines.slice(0, start), diagnostics), notes, diagnostics };
}

/** Drops the Markdown rules (`---`) that set the footnotes off from the body. */
function dropRules(lines: TextLine[], diagnostics: Diagnostic[]): TextLine[] {
  return lines.filter((l) => {
    if (!/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(l.text)) return true;
    diagnostics.push(diag("rule-dropped", "info", `horizontal rule before the footnotes dropped: "${l.text.trim()}"`, l.line));
    return false;
  });
}

export function readParaText(text: string): ReadResult {
  const front = readFrontMatter(text);
  const notes = readMarkdownNotes(front.lines);
  const masthead = readMasthead(notes.body);
  return finishDialect({
    paragraphs: paragraphsByBlankLines(masthead.rest),
    notes: notes.notes,
    residue: masthead.residue,
    fields: front.fields,
    diagnostics: [...front.diagnostics, ...notes.diagnostics, ...masthead.diagnostics],
  });
}

/**
 * Front matter naming a symbol, and footnotes as `[^n]:` definitions (or no
 * footnotes at all), with no page furniture: that is para-text. Page numbers
 * ("2/5") and footnote rules are the pdf-text reader's, which then wins.
 */
export function detectParaText(text: string): number {
  if (!hasFrontMatter(text)) return 0;
  if (/^\[\^\w+\]:/m.test(text)) return 0.95;
  return 0.92;
}

registerReader({
  name: "para-text",
  description: "text extracted from the UN's PDFs, one paragraph a line, YAML front matter, footnotes as [^n]: at the end",
  detect: detectParaText,
  read: readParaText,
});
