/**
 * Everything around the text → Metadata: the masthead (coverPage), the
 * preface (number, title, part letter), the closing lines (conclusions) and
 * meta (language, job number, the part letter of a lone lettered part).
 *
 * Fields the AKN does not carry are derived by the rules the text reader
 * uses (pipeline/stages/metadata.ts, normalize.ts, parse.ts), so a document
 * converted from text and read back from its AKN has the same metadata.
 */
import type { AgendaLine, CommitteeLine, Conclusion, DateValue, Inline, Metadata } from "../../ast.ts";
import { DATE_PATTERN, isoDate, sessionNumberFromName } from "../../dates.ts";
import { readCommitteeLine } from "../../stages/metadata.ts";
import { readInlines, type ReadState } from "./inline.ts";
import { child, childrenNamed, cleanText, elements, find, type XEl } from "./xml.ts";

const LANG2: Record<string, string> = { eng: "en", fra: "fr", fre: "fr", spa: "es", rus: "ru", ara: "ar", zho: "zh", chi: "zh" };

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dateValue(e: XEl | undefined): DateValue | undefined {
  if (!e) return undefined;
  const text = cleanText(e);
  const iso = e.attrs.date && ISO.test(e.attrs.date) ? e.attrs.date : isoDate(text);
  return text && iso ? { text, iso } : undefined;
}

/** All elements named `name` in document order, not descending into `stop`. */
function findAll(e: XEl, name: string, out: XEl[] = []): XEl[] {
  for (const c of elements(e)) {
    if (c.name === name) out.push(c);
    findAll(c, name, out);
  }
  return out;
}

/** meta: language and job number (presentation/…/docketNumber "03-45609 (E)"). */
export function readMeta(meta: XEl | undefined, into: Metadata): void {
  const lang = find(meta, "FRBRlanguage")?.attrs.language?.trim().toLowerCase();
  if (lang) into.language = LANG2[lang] ?? (lang.length === 2 ? lang : into.language);
  const docket = find(meta, "docketNumber");
  const job = docket && cleanText(docket).replace(/\s*\([A-Z]\)$/, "");
  if (job) into.jobNumber = job;
}

/** The "S/N X" of FRBRnumber showAs, which is where our emitter keeps a lone part's letter. */
export function letterFromFrbr(meta: XEl | undefined, number: string | undefined): string | undefined {
  const work = find(meta, "FRBRWork");
  const show = child(work, "FRBRnumber")?.attrs.showAs?.trim();
  if (!show || !number) return undefined;
  const m = /^(.+) ([A-Z])$/.exec(show);
  return m && m[1] === number ? m[2] : undefined;
}

/** The masthead lines. */
export function readCoverPage(cover: XEl | undefined, into: Metadata): void {
  if (!cover) return;
  const symbol = find(cover, "docNumber");
  if (symbol && cleanText(symbol)) into.symbol = cleanText(symbol);
  const issued = dateValue(find(cover, "docDate"));
  if (issued) into.issueDate = issued;

  const session = find(cover, "session");
  if (session) {
    const name = cleanText(session);
    if (name) into.sessionName = name;
    const value = session.attrs.value?.trim();
    // session/@value holds the ordinal alone ("11"); the name says whether it
    // was an emergency special ("ES-11") or special ("S-32") session.
    const fromName = name ? sessionNumberFromName(name) : undefined;
    if (fromName && (!value || fromName.replace(/^E?S-/, "") === value)) into.session = fromName;
    else if (value) into.session = value;
  }

  const inlines = findAll(cover, "inline");
  const agenda = inlines.find((i) => i.attrs.name === "agenda item");
  if (agenda && cleanText(agenda)) {
    const text = cleanText(agenda);
    const m = /^Agenda items? (.+)$/.exec(text);
    // normalize.ts, readResidue: the items as printed
    const items = m ? m[1].split(/,\s*|\s+and\s+/).map((s) => s.trim()).filter(Boolean) : [];
    const line: AgendaLine = { text, items };
    const titles = inlines.filter((i) => i.attrs.name === "agenda item name").map(cleanText).filter(Boolean);
    // Two agenda items have two titles; the AST has one title line.
    if (titles.length) line.title = titles.join("; ");
    into.agenda = line;
  }

  const adoption = find(cover, "docTitle");
  if (adoption && cleanText(adoption)) into.adoptionLine = cleanText(adoption);

  const proponent = find(cover, "docProponent");
  if (proponent && cleanText(proponent)) {
    const text = cleanText(proponent);
    const committee: CommitteeLine = { text, ...readCommitteeLine(text) };
    const ref = proponent.attrs.refersTo?.trim().replace(/^#/, "");
    if (!committee.committee && ref && /^[A-Za-z][A-Za-z0-9]*$/.test(ref)) committee.committee = ref;
    into.committee = committee;
  }
}

export interface PrefaceRead {
  /** "58/53" (docNumber without its final period), or the part letter in a component. */
  number?: string;
  title: Inline[];
  /** A second line: the letter and title of a lone lettered part (UN files), or a part title (ours). */
  letter?: string;
  partTitle?: Inline[];
}

/**
 * <p><docNumber>58/53.</docNumber> <docTitle>…</docTitle></p>, and in the
 * UN files sometimes more: a second docTitle, a second p with the part
 * letter and its own title. The first docNumber/docTitle are the
 * resolution's; everything after them belongs to the part.
 */
export function readPreface(pre: XEl | undefined, st: ReadState): PrefaceRead {
  const out: PrefaceRead = { title: [] };
  if (!pre) return out;
  const extra: Inline[][] = [];
  let seenNumber = false;
  let seenTitle = false;
  const ps = childrenNamed(pre, "p");
  for (const [i, p] of (ps.length ? ps : [pre]).entries()) {
    const num = find(p, "docNumber");
    const titles = findAll(p, "docTitle");
    if (!num && titles.length === 0) {
      const t = readInlines(p.children, st);
      if (t.length) extra.push(t);
      continue;
    }
    if (num) {
      const n = cleanText(num);
      if (!seenNumber) {
        out.number = n.replace(/\.$/, "");
        seenNumber = true;
      } else if (/^[A-Z]$/.test(n) && !out.letter) {
        out.letter = n;
      } else if (n) {
        extra.push([{ kind: "text", text: n }]);
      }
    }
    for (const t of titles) {
      const inl = readInlines(t.children, st);
      if (!seenTitle && i === 0) {
        out.title = inl;
        seenTitle = true;
      } else if (inl.length) {
        extra.push(inl);
      }
    }
  }
  if (extra.length) {
    const joined: Inline[] = [];
    for (const e of extra) {
      if (joined.length) joined.push({ kind: "lineBreak" });
      joined.push(...e);
    }
    out.partTitle = joined;
  }
  return out;
}

const MEETING = /^(\d+\w*(?: \(\w+\))?) plenary meeting$/;

/**
 * "71st plenary meeting" / "8 December 2003": the meeting in an
 * inline name="adoptionMeeting" (UN) or event/location (spec, ours), the date
 * in a docDate; a resolution adopted by silence procedure has the date alone.
 */
export function readConclusions(c: XEl | undefined): Conclusion | undefined {
  if (!c) return undefined;
  const out: Conclusion = { kind: "conclusion" };
  const meetingEl =
    findAll(c, "location")[0] ?? findAll(c, "inline").find((i) => /meeting/i.test(i.attrs.name ?? "") || MEETING.test(cleanText(i)));
  if (meetingEl && cleanText(meetingEl)) {
    out.meetingText = cleanText(meetingEl);
    const meeting = meetingEl.attrs.title?.trim() || MEETING.exec(out.meetingText)?.[1];
    if (meeting) out.meeting = meeting;
  }
  const date = dateValue(find(c, "docDate"));
  if (date) out.date = date;
  if (!out.meetingText && !out.date) {
    // plain text closing lines (our emitter writes a date without a valid ISO form as text)
    const text = cleanText(c);
    const m = new RegExp(`(${DATE_PATTERN})`).exec(text);
    if (m) out.date = { text: m[1], iso: isoDate(m[1])! };
    const mm = /(\d+\w*(?: \(\w+\))?) plenary meeting/.exec(text);
    if (mm) {
      out.meetingText = mm[0];
      out.meeting = mm[1];
    }
  }
  return out.meetingText || out.date ? out : undefined;
}

/** The adoption date the text states: the adoption line's, else the first closing date (parse.ts). */
export function adoptionDateOf(meta: Metadata, conclusions: (Conclusion | undefined)[]): DateValue | undefined {
  const m = meta.adoptionLine ? new RegExp(`on (${DATE_PATTERN})`).exec(meta.adoptionLine) : null;
  if (m) return { text: m[1], iso: isoDate(m[1])! };
  return conclusions.find((c) => c?.date)?.date;
}
