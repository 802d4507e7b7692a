/**
 * Opening phrases: "Recalling also", "Deeply concerned", "Also requests".
 *
 * Italics are lost in text exports, so the phrase is found by rule: an
 * optional adverb, a head word or phrase from the lexicon, then any number of
 * complements ("also", "with concern"). A paragraph whose head is not in the
 * lexicon still gets a phrase: its first word (preamble) or the words up to
 * the first verb-like word ending in "s" (operative), plus complements.
 * The word lists are data: templates/lexicon/*.txt.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const lexiconDir = fileURLToPath(new URL("../../templates/lexicon/", import.meta.url));

function readList(name: string): string[] {
  return readFileSync(lexiconDir + name, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .sort((a, b) => b.length - a.length); // longest first: "Taking note with appreciation" before "Taking note"
}

/** Where a word ends: what startsWithWord accepts after a phrase. */
const WORD_END = /[\s,;:]/;

/** `s` up to its first word end. */
function firstWord(s: string): string {
  for (let i = 0; i < s.length; i++) if (WORD_END.test(s[i])) return s.slice(0, i);
  return s;
}

/**
 * Head phrases, longest first, indexed by their first word (as written and
 * lower-cased): a phrase can only open a text that starts with its first
 * word, so a lookup tries a handful instead of the whole list.
 */
interface Heads {
  list: string[];
  /** The same phrases lower-cased ("also recalling" after an adverb). */
  lower: string[];
  byWord: Map<string, number[]>;
  byLowerWord: Map<string, number[]>;
}

function heads(list: string[]): Heads {
  const byWord = new Map<string, number[]>();
  const byLowerWord = new Map<string, number[]>();
  list.forEach((h, i) => {
    for (const [map, key] of [[byWord, firstWord(h)], [byLowerWord, firstWord(h.toLowerCase())]] as const) {
      const at = map.get(key);
      if (at) at.push(i);
      else map.set(key, [i]);
    }
  });
  return { list, lower: list.map((h) => h.toLowerCase()), byWord, byLowerWord };
}

const NONE: number[] = [];

/** The first head of the list (in its longest-first order) that opens `rest`, also lower-cased when `lower`. */
function findHead(h: Heads, rest: string, lower: boolean): string | undefined {
  const word = firstWord(rest);
  let best = -1;
  // Indexed loops here and below: this runs for every paragraph, mostly before V8 optimizes it,
  // and unoptimized for-of goes through the iterator protocol at each step.
  const same = h.byWord.get(word) ?? NONE;
  for (let k = 0; k < same.length; k++) {
    const i = same[k];
    if (startsWithWord(rest, h.list[i])) {
      best = i;
      break;
    }
  }
  if (lower) {
    const lowered = h.byLowerWord.get(word) ?? NONE;
    for (let k = 0; k < lowered.length; k++) {
      const i = lowered[k];
      if (best >= 0 && i >= best) break;
      if (startsWithWord(rest, h.lower[i])) {
        best = i;
        break;
      }
    }
  }
  return best >= 0 ? h.list[best] : undefined;
}

let lexicon: { preamble: Heads; operative: Heads; adverbs: string[]; complements: string[] } | undefined;
function load() {
  return (lexicon ??= {
    preamble: heads(readList("preamble.txt")),
    operative: heads(readList("operative.txt")),
    adverbs: readList("adverbs.txt"),
    complements: readList("complements.txt"),
  });
}

const startsWithWord = (text: string, phrase: string, at = 0) =>
  text.startsWith(phrase, at) && (text.length === at + phrase.length || WORD_END.test(text[at + phrase.length]));

/**
 * The opening phrase at the start of `text`, or undefined when it has none.
 * With `lexiconOnly`, only a phrase whose head word is in the lexicon counts.
 */
export function findOpeningPhrase(text: string, kind: "preamble" | "operative", lexiconOnly = false): string | undefined {
  const lex = load();
  let pos = 0;
  for (let i = 0; i < lex.adverbs.length; i++) {
    const adverb = lex.adverbs[i];
    if (startsWithWord(text, adverb)) {
      pos = adverb.length + 1;
      break;
    }
  }
  const rest = pos ? text.slice(pos) : text;
  let head = findHead(kind === "preamble" ? lex.preamble : lex.operative, rest, pos > 0);
  if (!head) {
    if (lexiconOnly || (pos === 0 && !/^[A-Z]/.test(rest))) return undefined;
    const m = kind === "preamble" ? /^[A-Za-z-]+/.exec(rest) : /^(?:[a-z]+ )?[A-Za-z-]+s\b/.exec(rest);
    if (!m) return undefined;
    head = m[0];
  }
  pos += head.length;
  // complements may stack: "Taking note also with appreciation"
  for (let again = true; again; ) {
    again = false;
    for (let i = 0; i < lex.complements.length; i++) {
      const c = lex.complements[i];
      if (text[pos] === " " && startsWithWord(text, c, pos + 1)) {
        pos += c.length + 1;
        again = true;
        break;
      }
    }
  }
  return text.slice(0, pos);
}

/** Whether `text` opens with a preambular phrase of the lexicon (not merely a capitalised word). */
export function hasPreambularOpening(text: string): boolean {
  const lex = load();
  let rest = text;
  for (const adverb of lex.adverbs) {
    if (startsWithWord(rest, adverb)) {
      rest = rest.slice(adverb.length + 1);
      break;
    }
  }
  return findHead(lex.preamble, rest, true) !== undefined;
}
