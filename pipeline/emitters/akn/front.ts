/**
 * Everything around the text: meta (FRBR identification, workflow,
 * references, presentation), the masthead (coverPage), preface and
 * conclusions. akn4un.md, "Identification (IRIs)" and "References block".
 */
import fs from "node:fs";
import type { Conclusion, Inline, Metadata, Resolution } from "../../ast.ts";
import { diag } from "../../diagnostics.ts";
import { inlines, isIsoDate, report, undocsHref, type FileState, type Place } from "./inline.ts";
import { attr, el, type ChildInput, type XElement } from "./xml.ts";

/** The actor in every IRI: what the UN files use (the guidelines' own examples say "un-ga"). */
export const ACTOR = "unga";
const IRI_BASE = `/akn/un/statement/deliberation/${ACTOR}`;

// ------------------------------------------------------------------ IRIs

/** What identifies one work: its adoption date, "S-N" and the printed number. */
export interface WorkId {
  date: string;
  /** "58-53", "75-254_A": the IRI's number component. */
  sn: string;
  /** "58/53", "75/254 A": FRBRnumber showAs. */
  show: string;
  /** Publication (issue) date. */
  published: string;
  /** ISO 639-2 language of the expression: "eng". */
  lang: string;
}

const LANG3: Record<string, string> = { en: "eng", fr: "fra", es: "spa", ru: "rus", ar: "ara", zh: "zho" };
/** The language letter of a UN job number: "03-45609 (E)". */
const JOB_LETTER: Record<string, string> = { en: "E", fr: "F", es: "S", ru: "R", ar: "A", zh: "C" };

export function lang3(language: string): string {
  const l = language.trim().toLowerCase();
  return LANG3[l] ?? (/^[a-z]{3}$/.test(l) ? l : "eng");
}

/** "58/53" from the metadata; from the symbol ("A/RES/77/256 A-B" -> "77/256") when the title line gave none. */
export function resolutionNumber(meta: Metadata): string | undefined {
  if (meta.number?.trim()) return meta.number.trim().replace(/\.$/, "");
  const m = meta.symbol?.trim().match(/^A\/RES\/(.+?)(?:\s+[A-Z](?:\s*-\s*[A-Z])?)?$/);
  return m?.[1];
}

/**
 * The work identity of the resolution or of one lettered part. Missing
 * dates fall back (adoption: the meeting date, then the issue date, then the
 * conversion date) with a warning, since FRBRdate is required.
 */
export function workId(doc: Resolution, st: FileState, now: Date, letter?: string, partDate?: string): WorkId {
  const meta = doc.meta;
  const today = now.toISOString().slice(0, 10);
  const adoption = [partDate, meta.adoptionDate?.iso, ...doc.parts.map((p) => p.conclusion?.date?.iso)].find(isIsoDate);
  let date = adoption;
  if (!date) {
    date = isIsoDate(meta.issueDate?.iso) ? meta.issueDate!.iso : today;
    report(st, diag("akn-no-adoption-date", "warning", `no adoption date in the document; the IRIs use ${date}`));
  }
  const published = isIsoDate(meta.issueDate?.iso) ? meta.issueDate!.iso : date;
  let number = resolutionNumber(meta);
  if (!number) {
    report(st, diag("akn-no-number", "warning", 'no resolution number in the document; the IRIs use "unknown"'));
    number = "unknown";
  }
  const sn = [number, letter]
    .filter(Boolean)
    .join("_")
    .replace(/\//g, "-")
    .replace(/\s+/g, "_")
    .replace(/[^A-Za-z0-9_-]/g, "");
  return { date, sn, show: letter ? `${number} ${letter}` : number, published, lang: lang3(meta.language) };
}

/** FRBR identification; `component` is "main" or "annex_N" (the annex of work `w`). */
export function identification(w: WorkId, component: string, now: Date): XElement {
  const work = `${IRI_BASE}/${w.date}/${w.sn}`;
  const expr = `${work}/${w.lang}@`;
  return el(
    "identification",
    { source: "#source" },
    el(
      "FRBRWork",
      null,
      el("FRBRthis", { value: `${work}/!${component}` }),
      el("FRBRuri", { value: work }),
      el("FRBRdate", { date: w.date, name: "adoption" }),
      el("FRBRauthor", { href: "#ga", as: "#author" }),
      el("FRBRcountry", { value: "un" }),
      el("FRBRsubtype", { value: "deliberation" }),
      el("FRBRnumber", { value: w.sn, showAs: w.show }),
    ),
    el(
      "FRBRExpression",
      null,
      el("FRBRthis", { value: `${expr}/!${component}` }),
      el("FRBRuri", { value: expr }),
      el("FRBRdate", { date: w.published, name: "publication" }),
      el("FRBRauthor", { href: "#ga", as: "#author" }),
      el("FRBRlanguage", { language: w.lang }),
    ),
    el(
      "FRBRManifestation",
      null,
      el("FRBRthis", { value: `${expr}/!${component}.xml` }),
      el("FRBRuri", { value: `${expr}.xml` }),
      el("FRBRdate", { date: now.toISOString().slice(0, 10), name: "markup" }),
      el("FRBRauthor", { href: "#source", as: "#editor" }),
    ),
  );
}

/** The one step the text itself attests: adoption by the Assembly on the adoption date. */
export function workflow(w: WorkId): XElement {
  return el("workflow", { source: "#source" }, el("step", { date: w.date, by: "#ga", refersTo: "#adoption" }));
}

/** akn4un:footerFirstPage with the job number, nested as in the UN files. */
export function presentation(meta: Metadata): XElement | null {
  const job = meta.jobNumber?.trim();
  if (!job) return null;
  const letter = JOB_LETTER[meta.language.trim().toLowerCase()] ?? "E";
  return el(
    "presentation",
    { source: "#source" },
    el(
      "akn4un:footerFirstPage",
      null,
      el(
        "akn4un:footerFirstPageLeft",
        null,
        el("akn4un:internalCode", null, el("docketNumber", { refersTo: "#publicationJobNumber" }, `${job} (${letter})`)),
      ),
    ),
  );
}

// ------------------------------------------------------------ references

interface TlcEntry {
  eId: string;
  element: string;
  href: string;
  showAs: string;
}

let templateCache: TlcEntry[] | null = null;

/** templates/akn/references.json: the TLC entries, in output order. */
function tlcTemplate(): TlcEntry[] {
  if (!templateCache) {
    const url = new URL("../../../templates/akn/references.json", import.meta.url);
    const json = JSON.parse(fs.readFileSync(url, "utf8")) as { entries: TlcEntry[] };
    templateCache = json.entries;
  }
  return templateCache;
}

/** Attributes whose "#name" values point at TLCs or eIds. */
const REF_ATTRS = ["refersTo", "href", "source", "as", "by", "outcome"];

const REF_ATTR_SET = new Set<string>(REF_ATTRS);

/** Every "#name" used in `root` (its subtree, nested component documents excluded). */
export function usedNames(root: XElement): Set<string> {
  const names = new Set<string>();
  // Indexed loops: this walks every element, mostly before V8 optimizes it (see akn/xml.ts).
  const visit = (e: XElement) => {
    for (let i = 0; i < e.attrs.length; i++) {
      const a = e.attrs[i][0];
      const v = e.attrs[i][1];
      if (!v || !REF_ATTR_SET.has(a)) continue;
      if (a !== "refersTo") {
        if (v.startsWith("#")) names.add(v.slice(1));
      } else for (const r of v.split(/\s+/)) if (r.startsWith("#")) names.add(r.slice(1));
    }
    for (let i = 0; i < e.children.length; i++) {
      const c = e.children[i];
      if (typeof c !== "string" && c.name !== "components") visit(c);
    }
  };
  visit(root);
  return names;
}

/** eIds anywhere in `root`. */
export function eIdsIn(root: XElement): Set<string> {
  const ids = new Set<string>();
  const visit = (e: XElement) => {
    const id = attr(e, "eId");
    if (id) ids.add(id);
    for (let i = 0; i < e.children.length; i++) {
      const c = e.children[i];
      if (typeof c !== "string") visit(c);
    }
  };
  visit(root);
  return ids;
}

/**
 * The references block: one TLC per name used that is no eId of the file,
 * in template order; a name the template lacks (a committee it does not
 * know) gets an entry built from what the document says about it.
 */
export function references(names: Set<string>, doc: Resolution, st: FileState): XElement {
  const template = tlcTemplate();
  const known = new Set(template.map((t) => t.eId));
  const entries = template.filter((t) => names.has(t.eId));
  for (const name of [...names].filter((n) => !known.has(n)).sort()) {
    const committee = doc.meta.committee;
    const isCommittee = committee?.committee === name;
    entries.push({
      eId: name,
      element: isCommittee ? "TLCOrganization" : "TLCConcept",
      href: `/akn/ontology/${isCommittee ? "organization" : "concept"}/un/${name}`,
      showAs: (isCommittee ? committee?.name : undefined) ?? name,
    });
    report(st, diag("akn-tlc-unknown", "info", `"#${name}" has no entry in templates/akn/references.json; a generic one was written`));
  }
  return el(
    "references",
    { source: "#source" },
    entries.map((t) => el(t.element, { eId: t.eId, href: t.href, showAs: t.showAs })),
  );
}

// -------------------------------------------------------------- coverPage

/**
 * The masthead, in the UN files' layout: one p per printed line, marked so
 * that symbol, issue date, session, agenda item, adoption line and committee
 * line can be read back (eval/aknblocks.py reads the first docNumber, docDate,
 * session, inline name="agenda item", docTitle and docProponent).
 */
export function coverPage(doc: Resolution): XElement {
  const m = doc.meta;
  const line = (...c: ChildInput[]) => el("p", null, ...c);
  const committee = m.committee;
  return el(
    "coverPage",
    null,
    line(el("docAuthority", { refersTo: "#publisher" }, "United Nations")),
    m.symbol && line(el("docNumber", { refersTo: "#symbol" }, m.symbol)),
    line(el("docAuthority", { refersTo: "#issuingBody" }, "General Assembly")),
    line(el("docStatus", { refersTo: "#distribution" }, "Distr.: General")),
    m.issueDate && isIsoDate(m.issueDate.iso) && line(el("docDate", { date: m.issueDate.iso, refersTo: "#dateOfIssuance" }, m.issueDate.text)),
    (m.session || m.sessionName) && line(el("session", { value: sessionNumber(m.session), refersTo: "#ga" }, m.sessionName ?? "")),
    m.agenda && line(el("inline", { name: "agenda item" }, m.agenda.text)),
    m.agenda?.title && line(el("inline", { name: "agenda item name" }, m.agenda.title)),
    m.adoptionLine && line(el("docTitle", null, m.adoptionLine)),
    committee && line(el("docProponent", { refersTo: committee.committee ? "#" + committee.committee : undefined }, committeeLine(committee.text, committee.reportSymbol))),
  );
}

/**
 * The session's ordinal, as the UN files write session/@value: "ES-11" -> "11",
 * "S-32" -> "32". The kind of session stays in the printed name ("Eleventh
 * emergency special session") and in the IRIs ("ES-11-2").
 */
function sessionNumber(session: string | undefined): string | undefined {
  return session?.trim().replace(/^E?S-/i, "") || undefined;
}

/** The committee line with the report it cites as a link: "[on the report of the First Committee (<ref>A/58/462</ref>)]". */
function committeeLine(text: string, symbol: string | undefined): ChildInput[] {
  const s = symbol?.trim();
  const i = s ? text.lastIndexOf(s) : -1;
  if (!s || i < 0) return [text];
  return [text.slice(0, i), el("ref", { href: undocsHref(s) }, s), text.slice(i + s.length)];
}

// ---------------------------------------------------------------- preface

/** <p><docNumber>58/53.</docNumber> <docTitle>…</docTitle></p>; for a part, the letter and its own title. */
export function preface(number: string | undefined, title: readonly Inline[] | undefined, titleRef: string | undefined, st: FileState, at: Place): XElement {
  const hasTitle = !!title && title.length > 0;
  return el(
    "preface",
    null,
    el(
      "p",
      null,
      number && el("docNumber", null, number),
      number && hasTitle && " ",
      hasTitle && el("docTitle", { refersTo: titleRef }, inlines(title, st, at)),
    ),
  );
}

// ------------------------------------------------------------ conclusions

/**
 * "71st plenary meeting" / "8 December 2003" as the spec writes it; a
 * resolution adopted by silence procedure has the date alone.
 */
export function conclusions(c: Conclusion | undefined, st: FileState): XElement | null {
  if (!c) return null;
  const meetingText = c.meetingText?.trim() || (c.meeting?.trim() ? `${c.meeting.trim()} plenary meeting` : "");
  const date = c.date && isIsoDate(c.date.iso) ? c.date : undefined;
  if (c.date && !date) {
    report(st, diag("akn-date-invalid", "warning", `meeting date "${c.date.text}" has no valid ISO form; written as plain text`));
  }
  if (!meetingText && !c.date) return null;
  const dateNodes: ChildInput[] = date
    ? [el("docDate", { date: date.iso, refersTo: "#adoptionDate" }, date.text)]
    : [c.date?.text];
  return el(
    "conclusions",
    null,
    el(
      "p",
      null,
      el(
        "event",
        { refersTo: "#adoption" },
        meetingText && el("location", { title: c.meeting?.trim() || undefined, refersTo: "#adoptionMeeting" }, meetingText),
        meetingText && c.date && el("eol"),
        dateNodes,
      ),
    ),
  );
}
