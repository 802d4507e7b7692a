/**
 * The `akn` emitter: a resolution as Akoma Ntoso 3.0 in the AKN4UN profile,
 * as ../shared/spec/akn4un.md specifies it element by element.
 *
 * A plain resolution is one `statement name="resolution"`; a resolution in
 * lettered parts is a `documentCollection name="publication"` (masthead,
 * shared number and title) with one component statement per part, as the
 * UN files do it. Annexes are attachments of the (last) statement.
 *
 * The output is checked before it is returned: against the OASIS schema when
 * the context has one, and always against our lint (naming convention,
 * references, IRIs), so a problem shows as a diagnostic of this file.
 */
import type { Annex, Resolution, ResolutionPart } from "../ast.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { lintAknTree } from "../validate/lint.ts";
import { annexBody, mainBody, preamble } from "./akn/body.ts";
import {
  conclusions,
  coverPage,
  eIdsIn,
  identification,
  preface,
  presentation,
  references,
  resolutionNumber,
  usedNames,
  workflow,
  workId,
  type WorkId,
} from "./akn/front.ts";
import { inlines, newDocScope, newFileState, reportUnreferenced, type DocScope, type FileState, type Place } from "./akn/inline.ts";
import { el, serialize, serializePieces, type ChildInput, type XElement } from "./akn/xml.ts";
import { registerEmitter, type EmitContext, type EmitResult } from "./registry.ts";

export const AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
export const AKN4UN_NS = "http://un.org/akn4un";

/** A document whose references block is written last, once every "#name" in it is known. */
interface Pending {
  root: XElement;
  meta: XElement;
}

/** The AKN document for `doc`, with the emitter's own diagnostics (no validation). */
export function toAkn(doc: Resolution, now: Date): { xml: string; diagnostics: Diagnostic[] } {
  const { root, diagnostics } = buildAkn(doc, now);
  return { xml: serialize(root), diagnostics };
}

/** The AKN element tree for `doc`, before serialization. */
export function buildAkn(doc: Resolution, now: Date): { root: XElement; diagnostics: Diagnostic[] } {
  const st = newFileState(doc);
  const pending: Pending[] = [];
  const number = resolutionNumber(doc.meta);
  const parts = doc.parts;

  const top: XElement[] = [];
  if (parts.length <= 1) {
    const part = parts[0] ?? { kind: "part" as const, preamble: [], operative: [] };
    const w = workId(doc, st, now, part.letter);
    const scope = newDocScope(doc);
    const at: Place = { doc: scope, prefix: "" };
    const meta = el("meta", null, identification(w, "main", now), workflow(w), presentation(doc.meta));
    // Reading order: the title (preface) comes before the text. A lone part's
    // own title (rare) stays in the preface, after the resolution's.
    const pref = preface(number && `${number}.`, doc.title.length ? doc.title : part.title, "#resolutionTitle", st, at);
    if (doc.title.length && part.title?.length) pref.children.push(el("p", null, inlines(part.title, st, at)));
    const statement = el(
      "statement",
      { name: "resolution" },
      meta,
      coverPage(doc),
      pref,
      partText(part, st, at),
      attachments(doc.annexes, w, st, scope, now),
    );
    pending.push({ root: statement, meta });
    top.push(statement);
  } else {
    const w = workId(doc, st, now);
    const scope = newDocScope(doc);
    const at: Place = { doc: scope, prefix: "" };
    const meta = el("meta", null, identification(w, "main", now), workflow(w), presentation(doc.meta));
    const pref = preface(number && `${number}.`, doc.title, "#resolutionTitle", st, at);
    const collection = el(
      "documentCollection",
      { name: "publication" },
      meta,
      coverPage(doc),
      pref,
      el(
        "collectionBody",
        null,
        parts.map((p, i) =>
          el(
            "component",
            { eId: `cmpnt_${i + 1}` },
            el("documentRef", { eId: `dref_${i + 1}`, href: `#comp_${i + 1}`, showAs: p.letter ? `Resolution ${p.letter}` : `Part ${i + 1}` }),
          ),
        ),
      ),
    );
    pending.push({ root: collection, meta });
    const components = parts.map((p, i) => {
      const last = i === parts.length - 1;
      const pw = workId(doc, st, now, p.letter ?? String(i + 1), p.conclusion?.date?.iso);
      const pscope = newDocScope(doc);
      const pat: Place = { doc: pscope, prefix: "" };
      const pmeta = el("meta", null, identification(pw, "main", now));
      const statement = el(
        "statement",
        { name: "resolution" },
        pmeta,
        preface(p.letter, p.title, undefined, st, pat),
        partText(p, st, pat),
        // Annexes are printed after the last part; the AST does not say which part they belong to.
        last && attachments(doc.annexes, pw, st, pscope, now),
      );
      pending.push({ root: statement, meta: pmeta });
      return el("component", { eId: `comp_${i + 1}` }, statement);
    });
    top.push(collection, el("components", null, components));
  }

  const root = el("akomaNtoso", { xmlns: AKN_NS, "xmlns:akn4un": AKN4UN_NS }, top);
  const fileIds = eIdsIn(root);
  for (const d of pending) {
    const names = [...usedNames(d.root)].filter((n) => !fileIds.has(n));
    const refs = references(new Set(["source", ...names]), doc, st);
    // meta's sequence: identification, workflow, references, presentation.
    const at = d.meta.children.findIndex((c) => typeof c !== "string" && c.name === "presentation");
    d.meta.children.splice(at < 0 ? d.meta.children.length : at, 0, refs);
  }
  reportUnreferenced(st);
  return { root, diagnostics: st.diagnostics };
}

/** preamble, mainBody, conclusions of one part. */
function partText(part: ResolutionPart, st: FileState, at: Place): ChildInput[] {
  return [preamble(part, st, at), mainBody(part.operative, st, at), conclusions(part.conclusion, st)];
}

/** One attachment per annex, eId att_N, each a doc name="annex" with its own identification. */
function attachments(annexes: readonly Annex[], w: WorkId, st: FileState, scope: DocScope, now: Date): XElement | null {
  if (annexes.length === 0) return null;
  return el(
    "attachments",
    null,
    annexes.map((a, i) => {
      const eId = scope.ids.exact(`att_${i + 1}`);
      const at: Place = { doc: scope, prefix: `${eId}__` };
      return el(
        "attachment",
        { eId },
        el(
          "doc",
          { name: "annex" },
          el("meta", null, identification(w, `annex_${i + 1}`, now)),
          el("preface", null, el("p", null, el("docNumber", null, a.label))),
          annexBody(a, st, at),
        ),
      );
    }),
  );
}

/** Emit, then validate (schema when available, lint always). */
export function emitAkn(doc: Resolution, ctx: EmitContext): EmitResult {
  const { root, diagnostics } = buildAkn(doc, ctx.now);
  const xml = serializePieces(root);
  if (ctx.schema) diagnostics.push(...ctx.schema.validate(xml.join("")));
  // The lint reads the tree itself rather than scanning the text back: same
  // rules, a third of the time. Its findings name the line each element
  // landed on; they are rare, so the lines are recorded only when there are some.
  let lint = lintAknTree(root, () => 0);
  if (lint.length > 0) {
    const lines = new Map<XElement, number>();
    serializePieces(root, lines);
    lint = lintAknTree(root, (n) => lines.get(n as XElement) ?? 0);
  }
  diagnostics.push(...lint);
  return { data: xml, diagnostics };
}

registerEmitter({
  name: "akn",
  extension: ".akn.xml",
  description: "Akoma Ntoso 3.0 (AKN4UN), validated against the OASIS schema",
  emit: emitAkn,
});
