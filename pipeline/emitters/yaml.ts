/**
 * The `yaml` emitter: the AST as YAML, for people and scripts.
 *
 * The document is the AST itself (pipeline/ast.ts), so the YAML reader can
 * load it back unchanged. Keys come in one fixed order everywhere (what a
 * node is, then its label, text, children, and its source span last), so the
 * same document always gives the same bytes and diffs stay small.
 */
import { Document } from "yaml";
import type { Resolution } from "../ast.ts";
import { registerEmitter } from "./registry.ts";

const KEY_ORDER = [
  "kind", "meta", "marker", "label", "num", "letter", "openingPhrase", "openingVerb", "header",
  // metadata, in the order of the masthead
  "symbol", "number", "title", "adoptionLine", "adoptionDate", "issueDate", "session", "sessionName",
  "agenda", "committee", "name", "reportSymbol", "items", "meeting", "meetingText", "jobNumber", "language",
  "text", "iso", "date", "heading", "formula", "preamble", "operative", "conclusion",
  "content", "points", "wrapUp", "children", "rows", "cells", "parts", "annexes", "footnotes",
  "source", "startLine", "endLine",
];
const rank = (k: string) => {
  const i = KEY_ORDER.indexOf(k);
  return i < 0 ? KEY_ORDER.length : i;
};

export function toYaml(doc: Resolution): string {
  const d = new Document(doc, {
    sortMapEntries: (a, b) => {
      const ka = String(a.key), kb = String(b.key);
      return rank(ka) - rank(kb) || (ka < kb ? -1 : ka > kb ? 1 : 0);
    },
  });
  d.commentBefore = ` ${doc.meta.symbol ?? "resolution"}: resolute document tree (see pipeline/ast.ts)`;
  return d.toString({ lineWidth: 0 });
}

registerEmitter({
  name: "yaml",
  extension: ".yaml",
  description: "the document tree as YAML, for people and scripts",
  emit: (doc) => ({ data: toYaml(doc), diagnostics: [] }),
});
