/**
 * Styled words and line breaking for the PDF emitter.
 *
 * pdfkit's own wrapping measures one font per call, so a line that mixes an
 * italic opening phrase, roman text and superscript note markers would be
 * measured wrong. Here every word is a list of styled pieces, each measured
 * with its own font, and lines are broken and justified from those widths.
 */
import type { Inline } from "../../ast.ts";

export type FontKey = "regular" | "italic" | "bold" | "boldItalic";
export const fontKeys: readonly FontKey[] = ["regular", "italic", "bold", "boldItalic"];

/** Anything that can measure a string in one of the template fonts. */
export interface Measurer {
  width(font: FontKey, size: number, text: string): number;
}

/** A run of text in one font, size and vertical position. */
export interface Piece {
  text: string;
  font: FontKey;
  size: number;
  /** Baseline shift upwards (superscript), pt. */
  rise: number;
  width: number;
}

/** A word: pieces printed without space between them ("Destruction,¹"). */
export interface Word {
  pieces: Piece[];
  width: number;
  /** Natural width of the space that follows, 0 when none does. */
  space: number;
  /** Markers of footnotes first referenced in this word (their text goes on this word's page). */
  notes: string[];
  /** A forced line break follows. */
  breakAfter?: boolean;
}

export interface TextStyle {
  bold: boolean;
  italic: boolean;
  size: number;
}

export interface WordOptions {
  measure: Measurer;
  /** Superscript size factor and rise as a fraction of the text size. */
  superscript: { scale: number; rise: number };
  /**
   * Called once per footnote reference in reading order; true when this is
   * the first reference (the note's text is printed on this page).
   */
  noteRef?: (marker: string) => boolean;
  /** Print opening phrases in italics (preamble, operative paragraphs). */
  italicOpening?: boolean;
  /** Square brackets stay roman inside italic text ("[on the report …]"). */
  romanBrackets?: boolean;
}

/** Format characters with no visible form (bidi marks, zero-width spaces, word joiners, BOM). */
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

export function fontOf(s: { bold: boolean; italic: boolean }): FontKey {
  return s.bold ? (s.italic ? "boldItalic" : "bold") : s.italic ? "italic" : "regular";
}

/** Builds words from inline content; a WordBuilder can take several inline lists in a row. */
export class WordBuilder {
  readonly words: Word[] = [];
  private current: Word | null = null;

  constructor(private readonly opts: WordOptions) {}

  /** Ends the current word: the next text starts a new one, with a space between. */
  space(): void {
    if (this.current) {
      const last = this.current.pieces[this.current.pieces.length - 1];
      // The space takes the size of the body text around it, not of a superscript.
      const ref = this.current.pieces.find((p) => p.rise === 0) ?? last;
      this.current.space = this.opts.measure.width(ref.font, ref.size, " ");
      this.current = null;
    }
  }

  /** A forced break; the word before it keeps its space so extracted text does not glue the lines. */
  lineBreak(): void {
    const w = this.current ?? this.words[this.words.length - 1];
    this.space();
    if (w) w.breakAfter = true;
  }

  /** Appends text in a style; spaces split words. */
  text(text: string, style: TextStyle, rise = 0): void {
    // Bidi marks, zero-width spaces and BOMs have no glyph: drawn, they would be .notdef boxes.
    text = text.replace(INVISIBLE, "");
    // Digit groups ("1 234 500") stay on one line, as with the UN's non-breaking spaces.
    const parts = text.replace(/(\d) (?=\d{3}(?!\d))/g, "$1\u0000").split(/( +)/);
    for (let part of parts) {
      part = part.replace(/\u0000/g, " ");
      if (part === "") continue;
      if (part.startsWith(" ")) {
        this.space();
        continue;
      }
      if (this.opts.romanBrackets && style.italic && /[[\]]/.test(part)) {
        for (const bit of part.split(/([[\]])/)) {
          if (bit) this.piece(bit, /^[[\]]$/.test(bit) ? { ...style, italic: false } : style, rise);
        }
      } else {
        this.piece(part, style, rise);
      }
    }
  }

  private piece(text: string, style: TextStyle, rise: number): void {
    const font = fontOf(style);
    const width = this.opts.measure.width(font, style.size, text);
    if (!this.current) {
      this.current = { pieces: [], width: 0, space: 0, notes: [] };
      this.words.push(this.current);
    }
    const last = this.current.pieces[this.current.pieces.length - 1];
    if (last && last.font === font && last.size === style.size && last.rise === rise) {
      last.text += text;
      // Re-measure the joined text so kerning across the join is counted once.
      const before = last.width;
      last.width = this.opts.measure.width(font, style.size, last.text);
      this.current.width += last.width - before;
    } else {
      this.current.pieces.push({ text, font, size: style.size, rise, width });
      this.current.width += width;
    }
  }

  /** A superscript note marker glued to the word before it. */
  marker(marker: string, style: TextStyle): boolean {
    const first = this.opts.noteRef ? this.opts.noteRef(marker) : false;
    const size = style.size * this.opts.superscript.scale;
    this.piece(marker, { bold: style.bold, italic: false, size }, style.size * this.opts.superscript.rise);
    if (first && this.current) this.current.notes.push(marker);
    return first;
  }

  inlines(inlines: readonly Inline[], style: TextStyle): this {
    for (const n of inlines) {
      switch (n.kind) {
        case "text":
        case "documentReference":
        case "date":
          this.text(n.text, style);
          break;
        case "openingPhrase":
          this.text(n.text, this.opts.italicOpening ? { ...style, italic: !style.italic } : style);
          break;
        case "italic":
          // Italic inside italic text turns roman, as in print.
          this.inlines(n.children, { ...style, italic: !style.italic });
          break;
        case "noteReference":
          this.marker(n.marker, style);
          break;
        case "lineBreak":
          this.lineBreak();
          break;
      }
    }
    return this;
  }

  /**
   * Closes the last word and returns the words. The last word gets a space
   * too: it is drawn (not counted in the layout), so the text of consecutive
   * blocks and of a label and its text does not run together when extracted.
   */
  done(): Word[] {
    this.space();
    return this.words;
  }
}

/** A placed word on a line: x relative to the box the lines were broken for. */
export interface PlacedWord {
  word: Word;
  x: number;
}

export interface Line {
  words: PlacedWord[];
  /** First-reference footnote markers in this line. */
  notes: string[];
}

export type Align = "justify" | "left" | "center" | "right";

export interface BreakOptions {
  /** Available width for the text from x = 0. */
  width: number;
  /** Start x of the first line and of the following lines. */
  firstX: number;
  restX: number;
  align: Align;
}

/**
 * Line breaking with justification. Justified text is broken by total fit
 * (the breaks that make the spaces of all lines together least stretched, as
 * TeX does, without hyphenation), which avoids the very loose lines first fit
 * leaves before a long word; ragged and centred text is broken first fit.
 * Lines end at forced breaks; the last line and lines before a forced break
 * are set ragged, as in print. A word wider than the line gets a line of its own.
 */
export function breakLines(words: readonly Word[], o: BreakOptions): Line[] {
  const ends = o.align === "justify" ? totalFitBreaks(words, o) : firstFitBreaks(words, o);
  const lines: Line[] = [];
  let i = 0;
  for (const j of ends) {
    const startX = lines.length === 0 ? o.firstX : o.restX;
    const slice = words.slice(i, j);
    const lastOfPara = j >= words.length || slice[slice.length - 1].breakAfter === true;
    const align = lastOfPara ? (o.align === "justify" ? "left" : o.align) : o.align;
    lines.push(place(slice, startX, o.width - startX, wordsWidth(slice), align));
    i = j;
  }
  return lines;
}

/** End index (exclusive) of each line, filling each line as far as it goes. */
function firstFitBreaks(words: readonly Word[], o: BreakOptions): number[] {
  const ends: number[] = [];
  let i = 0;
  while (i < words.length) {
    const avail = o.width - (ends.length === 0 ? o.firstX : o.restX);
    let j = i;
    let used = 0;
    for (; j < words.length; j++) {
      const w = words[j];
      const prevSpace = j > i ? words[j - 1].space : 0;
      if (j > i && used + prevSpace + w.width > avail + 0.001) break;
      used += prevSpace + w.width;
      if (w.breakAfter) {
        j++;
        break;
      }
    }
    ends.push(j);
    i = j;
  }
  return ends;
}

/** End indexes minimising the sum over lines of (1 + badness)², badness = 100·(stretch per space / space)³. */
function totalFitBreaks(words: readonly Word[], o: BreakOptions): number[] {
  const n = words.length;
  const cost = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  cost[0] = 0;
  for (let i = 0; i < n; i++) {
    if (cost[i] === Infinity) continue;
    const avail = o.width - (i === 0 ? o.firstX : o.restX);
    let used = 0;
    let gaps = 0;
    let spaces = 0;
    for (let j = i + 1; j <= n; j++) {
      const w = words[j - 1];
      if (j - 1 > i) {
        const sp = words[j - 2].space;
        used += sp;
        if (sp > 0) {
          gaps++;
          spaces += sp;
        }
      }
      used += w.width;
      if (used > avail + 0.001 && j - 1 > i) break;
      const last = j === n || w.breakAfter === true;
      let c: number;
      if (last) c = 0;
      // A lone word on a short line (or one too wide for any line) is worse than the loosest justified line.
      else if (used > avail) c = 1e9;
      else if (gaps === 0) c = avail - used < 1 ? 1 : 1e9;
      else {
        // (1 + min(10⁴, 100·ratio³))², bit for bit (ties between break
        // sequences must fall the same way), with fewer calls to pow, which
        // dominated this loop: from ratio 4.65 on 100·ratio³ > 10⁴ anyway,
        // and V8's pow squares exactly (fdlibm's special case for y = 2).
        const ratio = (avail - used) / spaces;
        const t = 1 + (ratio >= 4.65 ? 1e4 : Math.min(1e4, 100 * ratio ** 3));
        c = t * t;
      }
      if (cost[i] + c < cost[j]) {
        cost[j] = cost[i] + c;
        from[j] = i;
      }
      if (w.breakAfter) break;
    }
  }
  const ends: number[] = [];
  for (let j = n; j > 0; j = from[j]) ends.push(j);
  return ends.reverse();
}

function place(words: Word[], startX: number, avail: number, used: number, align: Align): Line {
  // Only real spaces stretch: parts of a long word broken for line breaking stay glued.
  let gaps = 0;
  for (let i = 0; i < words.length - 1; i++) if (words[i].space > 0) gaps++;
  let extra = 0;
  let x = startX;
  if (align === "justify" && gaps > 0) extra = (avail - used) / gaps;
  else if (align === "right") x += avail - used;
  else if (align === "center") x += (avail - used) / 2;
  const placed: PlacedWord[] = [];
  const notes: string[] = [];
  for (const w of words) {
    placed.push({ word: w, x });
    notes.push(...w.notes);
    x += w.width + w.space + (w.space > 0 ? extra : 0);
  }
  return { words: placed, notes };
}

/**
 * Words wider than `max` (URLs, long symbols) split after "/", "-", ".", "_"
 * or, failing that, between characters, so they can break across lines
 * instead of running out of the column. The parts are glued (no space).
 */
export function splitLongWords(words: readonly Word[], max: number, measure: Measurer): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const first = w.pieces[0];
    if (w.width <= max || max <= 0 || !first || first.width <= max) {
      out.push(w);
      continue;
    }
    const segments = first.text.split(/(?<=[/\-._?&=])/).flatMap((seg) =>
      measure.width(first.font, first.size, seg) <= max ? [seg] : [...seg],
    );
    // Each segment is a glued word of its own, so the line breaker can fill a line with as many as fit.
    const chunks = segments.filter(Boolean);
    chunks.forEach((text, i) => {
      const width = measure.width(first.font, first.size, text);
      const last = i === chunks.length - 1;
      const pieces: Piece[] = [{ ...first, text, width }, ...(last ? w.pieces.slice(1) : [])];
      out.push({
        pieces,
        width: pieces.reduce((a, p) => a + p.width, 0),
        space: last ? w.space : 0,
        notes: last ? w.notes : [],
        breakAfter: last ? w.breakAfter : undefined,
      });
    });
  }
  return out;
}

/** Natural width of words set on one line. */
export function wordsWidth(words: readonly Word[]): number {
  let w = 0;
  words.forEach((x, i) => (w += x.width + (i < words.length - 1 ? x.space : 0)));
  return w;
}
