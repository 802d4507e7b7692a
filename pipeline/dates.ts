/** Dates and ordinals as the UN prints them: "8 December 2003", "Fifty-eighth session". */

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export const DATE_PATTERN = String.raw`(?:[1-9]|[12]\d|3[01]) (?:${MONTHS.join("|")}) (?:1[89]|20)\d\d`;

/** "8 December 2003" → "2003-12-08"; undefined when it is not such a date. */
export function isoDate(text: string): string | undefined {
  const m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]) + 1;
  const day = Number(m[1]);
  if (month === 0 || day < 1 || day > 31) return undefined;
  return `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"];
const TENS_ORD = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** "fifty-eighth" → 58, "eleventh" → 11; undefined for anything else (1–99). */
export function ordinalWordToNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  for (let n = 1; n < 100; n++) if (ordinalWord(n) === w) return n;
  return undefined;
}

function ordinalWord(n: number): string {
  if (n < 10) return UNITS[n];
  if (n < 20) return TEENS[n - 10];
  const t = Math.floor(n / 10);
  const u = n % 10;
  return u === 0 ? TENS_ORD[t] : `${TENS[t]}-${UNITS[u]}`;
}

/**
 * "Fifty-eighth session" → "58"; "Eleventh emergency special session" →
 * "ES-11"; "Thirty-second special session" → "S-32" (the prefixes are those
 * of the resolution numbers of such sessions).
 */
export function sessionNumberFromName(name: string): string | undefined {
  const m = /^([A-Za-z-]+) (emergency special |special )?session$/i.exec(name.trim());
  if (!m) return undefined;
  const n = ordinalWordToNumber(m[1]);
  if (n === undefined) return undefined;
  const kind = (m[2] ?? "").toLowerCase();
  return kind.startsWith("emergency") ? `ES-${n}` : kind ? `S-${n}` : String(n);
}
