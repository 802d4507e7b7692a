/**
 * paragraphs: input lines → logical paragraphs with their line spans.
 *
 * Two layouts occur in PDF text extractions:
 * - one paragraph per line, paragraphs apart by blank lines (para-text, newer
 *   pdf-text): a blank line ends a paragraph; a line that follows without a
 *   blank line continues it unless it opens a numbered or lettered block.
 * - hard-wrapped lines (older pdf-text): a line continues the one before it
 *   when that line was full, i.e. the next word would not have fitted on it
 *   (the rule of greedy line filling, measured against the usual line width).
 */
import type { TextLine } from "./front-matter.ts";

/** A logical paragraph: the text of one or more input lines joined by spaces. */
export interface Paragraph {
  text: string;
  /** First and last input line it covers (1-based, inclusive). */
  line: number;
  endLine: number;
}

/** A footnote text found in the input: "1 See resolution 169 (II)." or "[^1]: See …". */
export interface NoteText {
  marker: string;
  text: string;
  line: number;
  endLine: number;
}

/** A line that opens a block of its own: "1. …", "(a) …", "(iv) …", "II. …", "A. …". */
export const BLOCK_LABEL = /^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]+)\)|[IVXLC]+\.|[A-Z]\.)(?:\s|$)/;
/** A label alone on its line (hard-wrapped PDFs put "1." on a line of its own). */
const LONE_LABEL = /^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]+)\)|[IVXLC]+\.|[A-Z]\.)$/;
/** The adoption line, broken before its date in the PDF layout. */
const ADOPTION_BROKEN = /^Resolutions? adopted by the General Assembly$/;
/** Lines that always stand alone: the annex line, the meeting line. */
const OWN_LINE = /^(?:Annex(?:es)?(?: [IVXLC]+| [A-Z])?|\d+\w* (?:\(\w+\) )?plenary meeting)$/;

/** Joins two pieces of one paragraph: a hyphen at the break stays and takes no space. */
export function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return /[-‑]$/.test(a) && !/\s[-‑]$/.test(a) ? a + b : `${a} ${b}`;
}

/** Paragraphs of a text with one paragraph a line (blank lines between paragraphs). */
export function paragraphsByBlankLines(lines: TextLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  let open: Paragraph | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (!t) {
      open = undefined;
      continue;
    }
    // a label or an adoption line broken before its date always goes on; otherwise a new label starts a block
    const continues = open && (LONE_LABEL.test(open.text) || ADOPTION_BROKEN.test(open.text) || !BLOCK_LABEL.test(t));
    if (open && continues) {
      open.text = joinText(open.text, t);
      open.endLine = l.line;
    } else {
      open = { text: t, line: l.line, endLine: l.line };
      out.push(open);
    }
  }
  return out.map((p) => ({ ...p, text: p.text.replace(/[ \t]+/g, " ") }));
}

/** The usual line width of a hard-wrapped text (90th percentile), or undefined when lines are not wrapped. */
export function wrapWidth(lines: TextLine[]): number | undefined {
  const lengths = lines.map((l) => l.text.trim().length).filter((n) => n > 0).sort((a, b) => a - b);
  if (lengths.length < 8) return undefined;
  const width = lengths[Math.floor(lengths.length * 0.9)];
  return width <= 140 ? width : undefined;
}

/** Share of the width a full line reaches together with the next word. */
const NEAR_WIDTH = 0.85;

/** Paragraphs of a hard-wrapped text: blank lines, labels and short lines end paragraphs. */
export function paragraphsByWrapping(lines: TextLine[], width: number): Paragraph[] {
  const out: Paragraph[] = [];
  let open: Paragraph | undefined;
  let lastLength = 0; // length of the last line joined into `open`
  let forceJoin = false; // the last line was a label or a broken adoption line
  let forceBreak = false; // the last line stands alone (annex line, meeting line)
  for (const l of lines) {
    const t = l.text.trim().replace(/[ \t]+/g, " ");
    if (!t) {
      open = undefined;
      continue;
    }
    const firstWord = /^\S+/.exec(t)![0];
    const full = lastLength + 1 + firstWord.length > width * NEAR_WIDTH;
    const continues = open && !forceBreak && (forceJoin || (full && !BLOCK_LABEL.test(t) && !OWN_LINE.test(t)));
    if (continues) {
      open!.text = joinText(open!.text, t);
      open!.endLine = l.line;
    } else {
      open = { text: t, line: l.line, endLine: l.line };
      out.push(open);
    }
    lastLength = t.length;
    forceJoin = LONE_LABEL.test(t) || ADOPTION_BROKEN.test(t);
    forceBreak = OWN_LINE.test(t);
  }
  return out;
}
