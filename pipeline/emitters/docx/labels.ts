/**
 * Whether a run of printed labels ("1.", "2." … or "(a)", "(b)" …) can be
 * handed to Word's list numbering. Word numbering lets an editor insert or
 * delete a paragraph and have the rest renumber, but it can only print a
 * regular sequence; anything else (gaps, repeats, "5 bis.", a list starting at
 * (c)) is kept as literal text so the document says what the source says.
 */

/** The Word number formats a point list can use, with the label shape. */
export type PointFormat = "lowerLetter" | "lowerRoman" | "upperLetter" | "upperRoman" | "decimal";

const ROMAN: [number, string][] = [
  [1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"],
  [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"],
];

export function roman(n: number): string {
  let out = "";
  for (const [v, s] of ROMAN) while (n >= v) (out += s), (n -= v);
  return out;
}

/** Word's lowerLetter past z repeats the letter: 27 → "aa", 28 → "bb" (the UN's style too). */
export function letters(n: number): string {
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

/** The label Word prints for the n-th item of a point list in `format`. */
export function pointLabel(format: PointFormat, n: number): string {
  switch (format) {
    case "lowerLetter":
      return `(${letters(n)})`;
    case "upperLetter":
      return `(${letters(n).toUpperCase()})`;
    case "lowerRoman":
      return `(${roman(n)})`;
    case "upperRoman":
      return `(${roman(n).toUpperCase()})`;
    case "decimal":
      return `(${n})`;
  }
}

// Roman first: a list "(i)", "(ii)" is roman, while "(h)", "(i)", "(j)" fails roman at its first label.
const FORMATS: PointFormat[] = ["lowerRoman", "lowerLetter", "upperRoman", "upperLetter", "decimal"];

/**
 * The Word format that prints exactly `labels` as items 1…n, or undefined when
 * none does (the list is then written with literal labels).
 */
export function regularPointFormat(labels: readonly string[]): PointFormat | undefined {
  if (labels.length === 0) return undefined;
  return FORMATS.find((f) => labels.every((l, i) => l === pointLabel(f, i + 1)));
}

/** "12." → 12; anything that is not a plain arabic number with a period → undefined. */
export function operativeNumber(num: string | undefined): number | undefined {
  const m = num === undefined ? null : /^([1-9][0-9]*)\.$/.exec(num);
  return m ? Number(m[1]) : undefined;
}

/**
 * Splits a sequence of operative numbers into Word lists. Returns, per
 * paragraph, the list (0, 1, …) it belongs to, or -1 for a literal number.
 * A list starts at "1." and runs while each number is one more than the last;
 * a run that does not start at 1 (the source skipped or repeated a number) is
 * literal, since Word would print numbers the source does not have.
 */
export function operativeLists(nums: readonly (number | undefined)[]): number[] {
  const out = new Array<number>(nums.length).fill(-1);
  let list = -1;
  let expected = -1;
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i];
    // An unnumbered paragraph does not interrupt a Word list.
    if (n === undefined) continue;
    if (n === expected) {
      out[i] = list;
      expected++;
    } else if (n === 1) {
      out[i] = ++list;
      expected = 2;
    } else {
      expected = -1;
    }
  }
  return out;
}
