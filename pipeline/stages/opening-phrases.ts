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

let lexicon: { preamble: string[]; operative: string[]; adverbs: string[]; complements: string[] } | undefined;
function load() {
  return (lexicon ??= {
    preamble: readList("preamble.txt"),
    operative: readList("operative.txt"),
    adverbs: readList("adverbs.txt"),
    complements: readList("complements.txt"),
  });
}

const startsWithWord = (text: string, phrase: string) =>
  text.startsWith(phrase) && (text.length === phrase.length || /[\s,;:]/.test(text[phrase.length]));

/**
 * The opening phrase at the start of `text`, or undefined when it has none.
 * With `lexiconOnly`, only a phrase whose head word is in the lexicon counts.
 */
export function findOpeningPhrase(text: string, kind: "preamble" | "operative", lexiconOnly = false): string | undefined {
  const lex = load();
  let pos = 0;
  for (const adverb of lex.adverbs) {
    if (startsWithWord(text, adverb)) {
      pos = adverb.length + 1;
      break;
    }
  }
  const rest = text.slice(pos);
  const heads = kind === "preamble" ? lex.preamble : lex.operative;
  let head = heads.find((h) => startsWithWord(rest, h) || (pos > 0 && startsWithWord(rest, h.toLowerCase())));
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
    for (const c of lex.complements) {
      if (text[pos] === " " && startsWithWord(text.slice(pos + 1), c)) {
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
  return lex.preamble.some((h) => startsWithWord(rest, h) || startsWithWord(rest, h.toLowerCase()));
}
