/**
 * The ODS text reader: text exported from the UN Official Document System's
 * Word files → Resolution, through the stages normalize → segment → parse →
 * link → metadata (decoding happens before any reader runs).
 */
import { normalize } from "../stages/normalize.ts";
import { segment } from "../stages/segment.ts";
import { parse } from "../stages/parse.ts";
import { completeMetadata } from "../stages/metadata.ts";
import { link } from "../stages/link.ts";
import { registerReader, type ReadResult } from "./registry.ts";

export function readOdsText(text: string): ReadResult {
  const normalized = normalize(text);
  const parsed = parse(segment(normalized.lines));
  // metadata after link: the plain title must not keep the footnote markers link takes out
  const linked = link(parsed.doc);
  const withMeta = completeMetadata(linked.doc, normalized.residue);
  return {
    doc: withMeta.doc,
    diagnostics: [...normalized.diagnostics, ...parsed.diagnostics, ...linked.diagnostics, ...withMeta.diagnostics],
  };
}

registerReader({
  name: "ods",
  description: "text exported from the UN Official Document System's Word files (tab-led paragraphs, footnotes after the body)",
  detect(text) {
    let score = 0;
    if (/<<ODS /.test(text)) score += 0.5;
    if (/^Resolutions? adopted by the General Assembly/m.test(text)) score += 0.3;
    if (/^\t?The General Assembly/m.test(text)) score += 0.2;
    if (/^\s*\d+\.\t/m.test(text)) score += 0.1;
    return Math.min(score, 0.9);
  },
  read: readOdsText,
});
