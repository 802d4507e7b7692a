/**
 * metadata: parsed tree + masthead residue → the tree with complete metadata.
 *
 * Each field comes from the first place that has it: the body lines
 * (adoption line, committee line, title line, closing lines) win over the
 * residue of the masthead and the ODS fields, which fill what the body lacks
 * (symbol, issue date, session, agenda item, job number). What neither has is
 * derived only where the rule is certain (session "58" from number "58/53").
 */
import type { CommitteeLine, Resolution } from "../ast.ts";
import { plainText } from "../ast-utils.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import type { ResidueMetadata } from "./normalize.ts";

const ORDINAL_COMMITTEES = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"];

export function completeMetadata(parsed: Resolution, residue: ResidueMetadata): { doc: Resolution; diagnostics: Diagnostic[] } {
  // Only meta changes here: a copy of it (and of the committee line it fills
  // in) keeps the stage pure without cloning the whole tree.
  const doc: Resolution = { ...parsed, meta: { ...parsed.meta } };
  if (parsed.meta.committee) doc.meta.committee = { ...parsed.meta.committee };
  const diagnostics: Diagnostic[] = [];
  const meta = doc.meta;
  meta.symbol ??= residue.symbol;
  meta.issueDate ??= residue.issueDate;
  meta.sessionName ??= residue.sessionName;
  meta.session ??= residue.session;
  meta.agenda ??= residue.agenda;
  meta.jobNumber ??= residue.jobNumber;
  if (doc.title.length) meta.title = plainText(doc.title).trim();
  if (meta.number) {
    const letters = doc.parts.map((p) => p.letter).filter(Boolean) as string[];
    const suffix = letters.length > 1 ? ` ${letters[0]}-${letters[letters.length - 1]}` : letters.length === 1 ? ` ${letters[0]}` : "";
    meta.symbol ??= `A/RES/${meta.number}${suffix}`;
    meta.session ??= /^((?:ES-|S-)?\d+)\//.exec(meta.number)?.[1];
  }
  if (meta.committee) Object.assign(meta.committee, readCommitteeLine(meta.committee.text));
  for (const [field, label] of [["symbol", "document symbol"], ["adoptionDate", "adoption date"], ["number", "resolution number"]] as const) {
    if (!meta[field]) diagnostics.push(diag("metadata-missing", "warning", `no ${label} found in the text or its masthead`));
  }
  return { doc, diagnostics };
}

/** "[on the report of the First Committee (A/58/462)]" → committee, name, report symbol. */
export function readCommitteeLine(text: string): Omit<CommitteeLine, "text"> {
  const out: Omit<CommitteeLine, "text"> = {};
  const inner = text.replace(/^\[|\]$/g, "");
  const report = /\(([A-Z][A-Z0-9./-]*\/[^,)\s]+)/.exec(inner);
  if (report) out.reportSymbol = report[1];
  if (/without reference to a Main Committee/i.test(inner)) {
    out.committee = "noMainCommittee";
    out.name = "Main Committee";
    return out;
  }
  const m = /on the report of the (.+? Committee(?: \((\w+) Committee\))?)(?= \(|$)/.exec(inner);
  if (m) {
    out.name = m[1];
    const ordinal = m[2] ?? /^(\w+) Committee$/.exec(m[1])?.[1];
    if (ordinal && ORDINAL_COMMITTEES.includes(ordinal)) out.committee = `${ordinal.toLowerCase()}Committee`;
  }
  return out;
}
