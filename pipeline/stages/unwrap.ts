/**
 * Unwrapping hard-wrapped text (Word's "insert line breaks" export).
 *
 * Such an export breaks every paragraph near a fixed width and starts
 * continuation lines flush left. The width wobbles a little from line to line
 * (the export measures in proportional type), so the rule of greedy line
 * filling is applied with a margin: a flush-left line continues the line
 * before it when that line plus the next word would have come near the
 * document's usual wrap width (its 90th-percentile line length). Lines that
 * open a block of their own (meeting lines, annex lines, lines with tabs, and
 * in the footnote block a line starting with the next note's number) are
 * never continuations.
 */
import type { SourceLine } from "./normalize.ts";

/**
 * A text whose usual line is longer than this is not hard-wrapped. Exports
 * wrap at 60–125 columns; unwrapped resolutions have paragraphs of 150
 * characters and (much) more.
 */
const MAX_WRAP_WIDTH = 130;
/** Share of the wrap width a broken line reaches, with its next word. */
const NEAR_WIDTH = 0.8;
/** Share of lines near the width that marks a hard-wrapped text. */
const FULL_LINE_SHARE = 0.25;
const NEVER_CONTINUATION = /^(\d+\w* (\(\w+\) )?plenary meeting|Annex\b|\[)|\t/;
/** Columns a tab takes in the export's line width. */
const TAB_WIDTH = 4;

function physicalLength(l: SourceLine): number {
  let tabs = 0;
  for (let i = l.text.indexOf("\t"); i !== -1; i = l.text.indexOf("\t", i + 1)) tabs++;
  return (l.indent + tabs) * TAB_WIDTH + l.text.length - tabs;
}

export function unwrapLines(lines: SourceLine[]): { lines: SourceLine[]; width: number } | null {
  const lengths = lines.filter((l) => l.text).map(physicalLength).sort((a, b) => a - b);
  if (lengths.length < 8) return null;
  const width = lengths[Math.floor(lengths.length * 0.9)];
  if (width > MAX_WRAP_WIDTH) return null;
  if (lengths.filter((n) => n >= width * NEAR_WIDTH).length / lengths.length < FULL_LINE_SHARE) return null;

  const out: SourceLine[] = [];
  let lastLength = 0; // length of the last physical line joined into out's last line
  let lastNote = 0; // number of the last line that started like a footnote ("3 Ibid., …")
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const prev = out[out.length - 1];
    const firstWord = /^\S+/.exec(l.text)?.[0] ?? "";
    const note = /^(\d{1,3}) \S/.exec(l.text);
    const nextNote = note !== null && Number(note[1]) === lastNote + 1;
    const continues =
      prev && prev.text && l.text && l.indent === 0 && !NEVER_CONTINUATION.test(l.text) && !nextNote &&
      !isHeadingBetweenParagraphs(prev, l, lines[i + 1]) &&
      lastLength + 1 + firstWord.length > width * NEAR_WIDTH;
    if (note && !continues) lastNote = Number(note[1]);
    if (continues) {
      // a hyphen at a break is kept: the export breaks only at spaces or after hyphens;
      // a suspended hyphen ("medium- and long-term") keeps its space
      const glue = prev.text.endsWith("-") && !/^(?:and|or|to)\b/.test(l.text) ? "" : " ";
      out[out.length - 1] = { ...prev, text: prev.text + glue + l.text, raw: prev.raw + glue + l.text, endLine: l.line };
    } else {
      out.push({ ...l });
    }
    lastLength = physicalLength(l);
  }
  return { lines: out, width };
}

/**
 * A flush-left line with no closing punctuation, after a finished sentence
 * and before a new (indented) paragraph, is a heading: continuation lines
 * belong to a sentence that goes on or ends with punctuation.
 */
function isHeadingBetweenParagraphs(prev: SourceLine, l: SourceLine, next: SourceLine | undefined): boolean {
  return /[.;:][”"’]?\d{0,3}$/.test(prev.text) && !/[.,;:]$/.test(l.text) && (!next || !next.text || next.indent > 0);
}
