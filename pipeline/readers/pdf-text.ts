/**
 * The pdf-text reader: older text extractions of the UN's PDFs, with YAML
 * front matter, the masthead one piece a line, and the page furniture left in
 * the middle of the text: page headers (symbol, running title, job number,
 * page number "2/5"), barcodes, and each page's footnotes under a rule where
 * the page ended. Most are hard-wrapped; some keep one paragraph a line.
 *
 * front matter → page furniture out (footnotes kept apart) → masthead →
 * paragraphs (unwrapped) → inline footnotes out → the common tail (repair,
 * then the ODS stages segment → parse → metadata → link).
 */
import { finishDialect } from "../stages/dialect-tail.ts";
import { hasFrontMatter, readFrontMatter } from "../stages/front-matter.ts";
import { readMasthead } from "../stages/masthead.ts";
import { dropPageFurniture, pullInlineNotes } from "../stages/page-furniture.ts";
import { paragraphsByBlankLines, paragraphsByWrapping, wrapWidth } from "../stages/paragraphs.ts";
import { registerReader, type ReadResult } from "./registry.ts";

export function readPdfText(text: string): ReadResult {
  const front = readFrontMatter(text);
  const bare = dropPageFurniture(front.lines);
  const masthead = readMasthead(bare.lines);
  const width = wrapWidth(masthead.rest);
  const paragraphs = width ? paragraphsByWrapping(masthead.rest, width) : paragraphsByBlankLines(masthead.rest);
  const pulled = pullInlineNotes(paragraphs, bare.notes);
  return finishDialect({
    paragraphs: pulled.paragraphs,
    notes: pulled.notes,
    residue: masthead.residue,
    fields: front.fields,
    diagnostics: [...front.diagnostics, ...bare.diagnostics, ...masthead.diagnostics, ...pulled.diagnostics],
  });
}

/**
 * Page furniture is the signature: page numbers "2/5" on a line of their
 * own, footnote rules, barcodes; or, in a text with front matter and no
 * Markdown footnotes, a footnote "1 …" left in the body.
 */
export function detectPdfText(text: string): number {
  if (/<<ODS /.test(text)) return 0; // an ODS export's trailer has rules and page numbers too
  const furniture = [/^\d{1,3}\/\d{1,3}\s*$/m, /^_{5,}\s*$/m, /^\*\d{6,9}\*\s*$/m].filter((re) => re.test(text)).length;
  if (furniture >= 2 || (furniture === 1 && hasFrontMatter(text))) return 0.96;
  if (hasFrontMatter(text) && !/^\[\^\w+\]:/m.test(text) && /^1 \S.*\n(?:.*\n){0,6}?\n/m.test(text.replace(/^[\s\S]*?\nThe General Assembly/, ""))) return 0.94;
  return 0;
}

registerReader({
  name: "pdf-text",
  description: "older text extractions of the UN's PDFs: hard-wrapped, page headers, page numbers and footnotes where the page broke",
  detect: detectPdfText,
  read: readPdfText,
});
