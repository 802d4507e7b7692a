/**
 * marker-candidates: a text → the places where a footnote marker may be glued
 * into it, each with how strongly its shape alone suggests a marker. The link
 * stage decides which of them are markers, over the whole document.
 *
 * The shapes, in the order a tie at one place is broken (a number is a run of
 * digits; "after" is the end of the text, white space or one of , . ; : ) ] ’ ” " '):
 *
 * 1. glued: 1–3 digits right after a letter or , . ; : ) ] ’ ” " ' », with
 *    "after" following ("Destruction,1 and"). Strength 1, or 0 when what ends
 *    before it reads as a numbering ("A.2"); never when it is a decimal
 *    ("785.4 million").
 * 2. glued on both sides: 1–3 digits after a letter or , . ; : ) ’ ” and
 *    before a lower-case letter ("Weapons6and"), or after , ; : ) ’ ” and
 *    before an upper-case one ("2016,20S-25/1"). Strength 0.5.
 * 3. a year with a marker glued to it: 5–7 digits starting 19 or 20, not
 *    after a "/", "after" following: the digits past the year ("20221").
 *    Strength 0.5.
 * 4. a marker glued to a resolution number after , or ;: 2–6 digits, then
 *    "/" and a digit, where the first 1–3 digits can be the marker and the
 *    rest (1–3, not starting with 0) the number (",130/4"): each prefix up to
 *    the longest that fits. Strength 0.5.
 * 5. a marker glued to a number: the last one or two digits of a run of 2–6
 *    ("Agenda 216"), leaving at least one digit, "after" following; not for a
 *    lone year after a space or "(". Strength 0.
 * 6. a marker glued to the end of a resolution number: n/nnn… where n is 1–3
 *    digits not after a "/" and the part after the slash 2–5 digits followed
 *    by the end, white space or , . ; : ): its last one or two digits, leaving
 *    at least one ("59/3009"). Strength 0.5 when that part has more than three
 *    digits (no resolution number has), else 0.
 *
 * They were once six regular expressions run over every text; this is one
 * pass over the digit runs, for the same places (tests/marker-candidates.test.ts
 * holds it to those expressions on random texts).
 */

export interface MarkerPlace {
  /** Offset of the marker's first digit in the text. */
  at: number;
  /** How many digits the marker has. */
  len: number;
  /** How strongly the shape alone says "marker" (breaks ties between readings). */
  strength: number;
  /** Which shape (1–6 above) found it: orders places that tie. */
  shape: number;
}

const DIGITS = /\d+/g;
const isDigit = (c: number) => c >= 48 && c <= 57;
const FOLLOWS = /^[\s,.;:)\]’”"']$/;
const FOLLOWS_RESOLUTION = /^[\s,.;:)]$/;
const GLUED_AFTER = /^[\p{L},.;:)\]’”"'»]$/u;
const BOTH_SIDES_LOWER = /^[\p{L},.;:)’”]$/u;
const BOTH_SIDES_UPPER = /^[,;:)’”]$/;
const LOWER = /^\p{Ll}$/u;
const UPPER = /^\p{Lu}$/u;
/** "A.2", "1.3", "A/58/1/Add.1": a numbering, not a marker after a full stop. */
const NUMBERING = /(?:(?:^|[\s(])(?:[A-Z]|[IVXLC]+|\d{1,3})|\/[A-Za-z]+)\.$/;
const WORD_BREAK = /[\s(]/;

/** The code point (as a string) that ends just before `i`, or "" at the start. */
function pointBefore(text: string, i: number): string {
  if (i <= 0) return "";
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text[i - 1];
}

/** The code point (as a string) that starts at `i`, or "" at the end. */
function pointAt(text: string, i: number): string {
  if (i >= text.length) return "";
  const c = text.codePointAt(i)!;
  return c > 0xffff ? text.slice(i, i + 2) : text[i];
}

/**
 * The text before `at` back to and including the last white space or "(",
 * or from the start: every test on "what ends just before this number"
 * looks no further than that, and testing a short tail instead of the whole
 * prefix keeps a paragraph with many numbers linear, not quadratic.
 */
function lastWord(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && !WORD_BREAK.test(text[i])) i--;
  return text.slice(Math.max(0, i), at);
}

/** Whether a year (19xx or 20xx) can start at `at`. */
const isYearStart = (text: string, at: number) => {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  return (a === 49 && b === 57) || (a === 50 && b === 48);
};

/** Every place in `text` where a marker may be glued, ordered by offset, then length, then shape. */
export function markerCandidates(text: string): MarkerPlace[] {
  const out: MarkerPlace[] = [];
  const add = (at: number, len: number, strength: number, shape: number) => {
    if (text.charCodeAt(at) !== 48) out.push({ at, len, strength, shape });
  };
  // The previous run of digits, for shape 6 (its start and end).
  let prevStart = -1;
  let prevEnd = -1;
  DIGITS.lastIndex = 0;
  for (let m; (m = DIGITS.exec(text)); ) {
    const s = m.index;
    const len = m[0].length;
    const e = s + len;
    const before = pointBefore(text, s);
    const after = pointAt(text, e);
    const follows = after === "" || FOLLOWS.test(after);

    if (len <= 3 && follows && GLUED_AFTER.test(before)) {
      const word = lastWord(text, s);
      const decimal = /\d\.$/.test(word) && /^\s*[a-z\d(]/.test(text.slice(e));
      if (!decimal) add(s, len, NUMBERING.test(word) ? 0 : 1, 1);
    }
    if (len <= 3 && after !== "" && ((BOTH_SIDES_LOWER.test(before) && LOWER.test(after)) || (BOTH_SIDES_UPPER.test(before) && UPPER.test(after)))) {
      add(s, len, 0.5, 2);
    }
    if (len >= 5 && len <= 7 && follows && before !== "/" && isYearStart(text, s)) add(s + 4, len - 4, 0.5, 3);
    if ((before === "," || before === ";") && after === "/" && isDigit(text.charCodeAt(e + 1))) {
      // the longest marker that leaves 1–3 digits not starting with 0 before the "/"
      for (let g = Math.min(3, len - 1); g >= 1 && len - g <= 3; g--) {
        if (text.charCodeAt(s + g) !== 48) {
          for (let k = 1; k <= g; k++) add(s, k, 0.5, 4);
          break;
        }
      }
    }
    if (len >= 2 && len <= 6 && follows && !(len === 4 && isYearStart(text, s) && /(?:^|[\s(])$/.test(lastWord(text, s)))) {
      for (let k = 1; k <= 2 && k < len - 1; k++) add(e - k, k, 0, 5);
    }
    if (
      len >= 2 && len <= 5 && (after === "" || FOLLOWS_RESOLUTION.test(after)) &&
      prevEnd === s - 1 && text[prevEnd] === "/" && prevEnd - prevStart <= 3 &&
      !/^[\d/]$/.test(pointBefore(text, prevStart))
    ) {
      const surely = len > 3;
      for (let k = 1; k <= 2 && k < len; k++) add(e - k, k, surely ? 0.5 : 0, 6);
    }
    prevStart = s;
    prevEnd = e;
  }
  return out.length > 1 ? out.sort((a, b) => a.at - b.at || a.len - b.len || a.shape - b.shape) : out;
}
