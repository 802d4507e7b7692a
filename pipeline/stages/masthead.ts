/**
 * masthead: the first lines of an extracted PDF page → metadata.
 *
 * The printed masthead reads "United Nations  A/RES/80/1 / General Assembly
 * Distr.: General 19 September 2025 / 25-15106 (E) *2515106* / Eightieth
 * session / Agenda item 7 Organization of work …". PDF extractions keep those
 * pieces either one per line (pdf-text) or run together on two or three lines
 * (para-text), so the lines before the adoption line are joined and read as
 * one string. Every masthead line is accounted for in an info diagnostic.
 */
import type { AgendaLine } from "../ast.ts";
import { DATE_PATTERN, isoDate, sessionNumberFromName } from "../dates.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import type { TextLine } from "./front-matter.ts";
import type { ResidueMetadata } from "./normalize.ts";

export interface Masthead {
  residue: ResidueMetadata;
  /** The lines after the masthead: the adoption line onwards. */
  rest: TextLine[];
  diagnostics: Diagnostic[];
}

/** Where the masthead ends: the adoption line, the committee line, the title line or the formula. */
const BODY_START = /^\s*(?:Resolutions? adopted by|\[|(?:ES-|S-)?\d{1,3}\/\d{1,4}\.\s|The General Assembly)/;
const ITEM = String.raw`\d+(?: ?\([a-z]{1,3}\))?`;
const AGENDA = new RegExp(String.raw`\bAgenda items? (${ITEM}(?:(?:,| and) ${ITEM})*)(?:\s+(.*))?$`);
const SESSION = /\b([A-Z][a-z]+(?:-[a-z]+)? (?:emergency special |special )?session)\b/;

/** Reads the masthead from the top of `lines`; lines that are no masthead are left untouched. */
export function readMasthead(lines: TextLine[]): Masthead {
  const diagnostics: Diagnostic[] = [];
  let end = lines.findIndex((l) => BODY_START.test(l.text));
  if (end < 0) end = 0; // no body start found: read no masthead rather than swallow the document
  const head = lines.slice(0, end).filter((l) => l.text.trim());
  const residue: ResidueMetadata = {};
  let rest = head.map((l) => l.text.trim()).join(" ").replace(/\s+/g, " ");
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = (rest.slice(0, m.index) + " " + rest.slice(m.index + m[0].length)).replace(/\s+/g, " ").trim();
    return m;
  };
  let m: RegExpExecArray | null;
  // the agenda item and its title run to the end of the masthead, so they are read first
  if ((m = take(AGENDA))) {
    const items = m[1].split(/,\s*|\s+and\s+/).map((s) => s.replace(/(\d)\(/, "$1 (")).filter(Boolean);
    const agenda: AgendaLine = { text: `Agenda item${items.length > 1 ? "s" : ""} ${m[1]}`, items };
    if (m[2]?.trim()) agenda.title = m[2].trim();
    residue.agenda = agenda;
  }
  if ((m = take(/\b(?:ES-|S-)?A\/(?:RES\/)?[\w./-]*\d[\w./-]*(?: [A-Z](?:-[A-Z])?\b)?/))) residue.symbol = m[0].trim();
  if ((m = take(new RegExp(`Distr\\.: ?\\w+(?: (${DATE_PATTERN}))?`)))) {
    if (m[1]) residue.issueDate = { text: m[1], iso: isoDate(m[1])! };
  }
  if ((m = take(/\b(\d{2})-(\d{5})(?: \([A-Z]\))?/))) residue.jobNumber = `${m[1]}-${m[2]}`;
  if ((m = take(SESSION))) {
    residue.sessionName = m[1];
    const session = sessionNumberFromName(m[1]);
    if (session) residue.session = session;
  }
  take(/\*\d{6,8}\*/); // the barcode under the job number
  take(/\bUnited Nations\b/);
  take(/\bGeneral Assembly\b/);
  for (const l of head) {
    diagnostics.push(diag("masthead-read", "info", `masthead line read into metadata, not kept as text: "${l.text.trim()}"`, l.line));
  }
  if (rest) {
    diagnostics.push(diag("masthead-unplaced", "warning", `masthead text not understood, left out of the document: "${rest}"`, head[0]?.line));
  }
  return { residue, rest: lines.slice(end), diagnostics };
}
