/**
 * The PDF emitter's implementation, loaded on first use by ../pdf.ts: the
 * resolution as the UN prints it (print.md), tagged, with embedded Tinos
 * fonts, XMP metadata and PDF/A-2b markers.
 *
 * Layout is computed in full before anything is drawn (pdf/build.ts turns
 * the AST into blocks, pdf/layout.ts flows them onto pages with their
 * footnotes), so the page count is known when the first page is drawn and
 * "n/N" needs no second pass.
 */
import type { Resolution } from "../../ast.ts";
import { plainText } from "../../ast-utils.ts";
import { diag, type Diagnostic } from "../../diagnostics.ts";
import { columnLeft, fontPath, loadPrintTemplate, type PrintTemplate } from "../../print-template.ts";
import type { EmitContext, EmitResult } from "../registry.ts";
import { buildBlocks } from "./build.ts";
import { flow, tag, type DrawItem, type PageLayout, type TagNode, type TextItem } from "./layout.ts";
import { fontKeys, type FontKey, type Measurer } from "./text.ts";
import { PdfWriter } from "./writer.ts";

type Doc = PDFKit.PDFDocument;

function fontFiles(t: PrintTemplate): Record<FontKey, string> {
  return Object.fromEntries(fontKeys.map((k) => [k, fontPath(t, k)])) as Record<FontKey, string>;
}

export async function emitPdf(doc: Resolution, ctx: EmitContext): Promise<EmitResult> {
  const diagnostics: Diagnostic[] = [];
  const t = loadPrintTemplate(ctx.template ?? "letter");
  const m = doc.meta;
  const symbol = m.symbol ?? "";
  if (!m.symbol) diagnostics.push(diag("pdf-no-symbol", "warning", "the document has no symbol: masthead and running header print without it"));
  const titleText = m.title ?? plainText(doc.title);
  const info = {
    Title: [symbol, titleText].filter(Boolean).join(" — "),
    Author: t.wording.author,
    Subject: t.wording.subject.replace("{symbol}", symbol),
    Keywords: [t.wording.unitedNations, t.wording.generalAssembly, "resolution", symbol, m.sessionName, m.committee?.name]
      .filter(Boolean)
      .join("; "),
    Creator: "resolute",
    Producer: "resolute (pdfkit)",
    // No ModDate: PDF/A wants every Info date mirrored in XMP, and pdfkit writes only CreateDate there.
    CreationDate: ctx.now,
  };

  const writer = new PdfWriter(
    {
      autoFirstPage: false,
      size: [t.page.width, t.page.height],
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      pdfVersion: "1.7",
      subset: "PDF/A-2b",
      tagged: true,
      lang: m.language || "en",
      displayTitle: true,
      info,
    },
    fontFiles(t),
    fontKeys,
  );
  const pdf = writer.pdf;

  const measure: Measurer = writer;
  const colLeft = columnLeft(t);
  const root = tag("Document");
  const mast = masthead(doc, t, measure, root);
  const built = buildBlocks(doc, t, measure, colLeft, root);
  diagnostics.push(...built.diagnostics);
  const pages = flow(built.blocks, built.notes, {
    firstTop: mast.bodyTop,
    laterTop: t.bodyTopLater,
    bottom: t.page.height - t.margins.bottom,
    noteRuleGap: t.spacing.footnoteRuleGap,
    noteAfter: t.spacing.footnoteAfter,
    noteRuleX: colLeft,
    noteRuleLength: t.rules.footnoteLength,
    noteRuleWidth: t.rules.footnoteWidth,
  });

  diagnostics.push(...missingGlyphs(pages, mast.items, writer));
  const total = pages.length;
  pages.forEach((page, i) => {
    writer.addPage({ size: [t.page.width, t.page.height], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    // Header, body, footer in this order: extracted text then reads as the page does.
    const f = i === 0 ? { head: [], foot: firstFooter(doc, t) } : laterFurniture(doc, t, measure, i + 1, total, symbol, titleText);
    drawItems(writer, f.head);
    drawItems(writer, i === 0 ? [...mast.items, ...page.items] : page.items);
    drawItems(writer, f.foot);
  });
  pdf.addStructure(structure(pdf, root));
  const data = await writer.end();
  return { data, diagnostics };
}

/** Characters the template fonts cannot draw: reported once each, as they print as empty boxes. */
function missingGlyphs(pages: readonly PageLayout[], extra: readonly DrawItem[], writer: PdfWriter): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const check = (it: DrawItem) => {
    if (it.kind !== "text") return;
    for (const ch of writer.missingChars(it.font, it.text)) {
      const key = `${it.font}:${ch}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      out.push(diag("pdf-missing-glyph", "warning", `character U+${hex} "${ch}" is not in the ${it.font} font; it prints as an empty box`));
    }
  };
  for (const it of extra) check(it);
  for (const p of pages) for (const it of p.items) check(it);
  return out;
}

/** Draws items, wrapping runs of one structure element in marked content; items without one are artifacts. */
function drawItems(writer: PdfWriter, items: readonly DrawItem[]): void {
  const pdf = writer.pdf;
  let open: TagNode | null | undefined; // undefined: nothing open; null: an artifact
  const close = () => {
    if (open !== undefined) pdf.endMarkedContent();
    open = undefined;
  };
  for (const it of items) {
    const n = it.kind === "text" ? it.node ?? null : null;
    if (n !== open) {
      close();
      if (n) n.contents.push(pdf.markStructureContent(n.type));
      else pdf.markContent("Artifact", { type: it.kind === "rule" ? "Layout" : "Pagination" } as never);
      open = n;
    }
    if (it.kind === "text") {
      writer.text(it.font, it.size, it.text, it.x, it.y);
    } else {
      pdf.save().lineWidth(it.width).moveTo(it.x1, it.y1).lineTo(it.x2, it.y2).stroke().restore();
    }
  }
  close();
}

/** The structure tree in reading order; elements that got no content (e.g. a missing note) are left out. */
function structure(pdf: Doc, n: TagNode): PDFKit.PDFStructureElement {
  const kids = n.kids.filter(hasContent).map((k) => structure(pdf, k));
  return pdf.struct(n.type, {}, [...(n.contents as PDFKit.PDFStructureContent[]), ...kids]);
}
function hasContent(n: TagNode): boolean {
  return n.contents.length > 0 || n.kids.some(hasContent);
}

interface Masthead {
  items: DrawItem[];
  bodyTop: number;
}

/** Page 1 masthead (print.md items 1-3), drawn at fixed positions above the body flow. */
function masthead(doc: Resolution, t: PrintTemplate, measure: Measurer, root: TagNode): Masthead {
  const m = doc.meta;
  const ty = t.type;
  const left = t.margins.left;
  const right = t.margins.left + t.ruleWidth;
  const items: DrawItem[] = [];
  const text = (s: string, x: number, y: number, font: FontKey, size: number, node: TagNode) =>
    items.push({ kind: "text", x, y, text: s, font, size, node });
  const head = tag("Sect", root);

  // Top line: "United Nations" left; the symbol right with its large first letter.
  const top = t.margins.top;
  const b1 = top + ty.symbolLetter.size;
  text(t.wording.unitedNations, left, b1, "regular", ty.unitedNations.size, tag("P", head));
  if (m.symbol) {
    const [letter, rest] = [m.symbol.slice(0, 1), m.symbol.slice(1)];
    const wl = measure.width("regular", ty.symbolLetter.size, letter);
    const wr = measure.width("regular", ty.symbolRest.size, rest);
    const n = tag("P", head);
    text(letter, right - wl - wr, b1, "regular", ty.symbolLetter.size, n);
    text(rest, right - wr, b1, "regular", ty.symbolRest.size, n);
  }
  const thin = b1 + t.spacing.afterTopLine;
  items.push({ kind: "rule", x1: left, y1: thin, x2: right, y2: thin, width: t.rules.thin });

  // Band: "General Assembly" large; distribution and issue date right-aligned.
  const band = t.spacing.bandHeight;
  const thick = thin + band;
  text(t.wording.generalAssembly, left, thin + band / 2 + ty.generalAssembly.size * 0.35, "bold", ty.generalAssembly.size, tag("P", head));
  const small = ty.mastheadSmall;
  const dn = tag("P", head);
  const distr = [t.wording.distribution, m.issueDate?.text].filter((s): s is string => !!s);
  distr.forEach((s, i) => {
    const w = measure.width("regular", small.size, s);
    // A drawn space keeps "Distr.: General" and the date apart in extracted text.
    text(i < distr.length - 1 ? s + " " : s, right - w, thin + small.leading * (i + 1.2), "regular", small.size, dn);
  });
  items.push({ kind: "rule", x1: left, y1: thick, x2: right, y2: thick, width: t.rules.thick });

  // Session (bold) and agenda item.
  let y = thick + t.spacing.afterBand;
  if (m.sessionName) {
    y += small.leading;
    text(m.sessionName, left, y, "bold", small.size, tag("P", head));
  }
  if (m.agenda?.text) {
    y += small.leading;
    text(m.agenda.text, left, y, "regular", small.size, tag("P", head));
  }
  if (m.agenda?.title) {
    const node = tag("P", head);
    const lines = wrapWords(m.agenda.title, (s) => measure.width("regular", small.size, s), t.agendaTitleMaxWidth);
    lines.forEach((line, i) => {
      y += small.leading;
      // the space that ended the line is drawn, so extracted text keeps its word breaks
      text(i < lines.length - 1 ? line + " " : line, left, y, "regular", small.size, node);
    });
  }
  return { items, bodyTop: y + t.spacing.afterAgenda };
}

/** Greedy word wrap of a short, single-font text (masthead lines). */
function wrapWords(s: string, width: (s: string) => number, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Page 1 foot: the job number, bottom left; no page number. */
function firstFooter(doc: Resolution, t: PrintTemplate): DrawItem[] {
  const job = doc.meta.jobNumber;
  if (!job) return [];
  const y = t.page.height - t.spacing.footerFromBottom;
  return [{ kind: "text", x: t.margins.left, y, text: job + t.wording.jobNumberSuffix, font: "regular", size: t.type.jobNumber.size }];
}

/**
 * Later pages: running header (symbol on the outer side, short title on the
 * inner side, rule under) and "n/N" at the outer bottom corner. Page 2 is a
 * left-hand page, so even pages have their outer side on the left.
 */
function laterFurniture(
  doc: Resolution,
  t: PrintTemplate,
  measure: Measurer,
  n: number,
  total: number,
  symbol: string,
  title: string,
): { head: DrawItem[]; foot: DrawItem[] } {
  const items: DrawItem[] = [];
  const left = t.margins.left;
  const right = left + t.ruleWidth;
  const even = n % 2 === 0;
  const rh = t.type.runningHeader;
  const base = t.margins.top + rh.size;
  const push = (s: string, x: number, y: number, font: FontKey, size: number) => items.push({ kind: "text", x, y, text: s, font, size } as TextItem);

  const symW = measure.width("bold", rh.size, symbol);
  const room = Math.min(t.runningTitleMaxWidth, t.ruleWidth - symW - 3 * rh.size);
  const short = shorten(title, room, (s) => measure.width("bold", rh.size, s));
  const shortW = measure.width("bold", rh.size, short);
  if (even) {
    push(symbol, left, base, "bold", rh.size);
    push(short, right - shortW, base, "bold", rh.size);
  } else {
    push(short, left, base, "bold", rh.size);
    push(symbol, right - symW, base, "bold", rh.size);
  }
  const ry = base + t.spacing.runningHeaderRuleGap;
  items.push({ kind: "rule", x1: left, y1: ry, x2: right, y2: ry, width: t.rules.runningHeaderWidth });

  const head = items.splice(0);
  const fy = t.page.height - t.spacing.footerFromBottom;
  const num = `${n}/${total}`;
  const pn = t.type.pageNumber;
  const numW = measure.width("bold", pn.size, num);
  push(num, even ? left : right - numW, fy, "bold", pn.size);
  const job = doc.meta.jobNumber;
  if (job) {
    const jw = measure.width("regular", t.type.jobNumber.size, job);
    push(job, even ? right - jw : left, fy, "regular", t.type.jobNumber.size);
  }
  return { head, foot: items };
}

/** The title cut at a word boundary to fit `width`, with an ellipsis when cut. */
function shorten(title: string, width: number, w: (s: string) => number): string {
  if (w(title) <= width) return title;
  const words = title.split(" ");
  while (words.length > 1) {
    words.pop();
    const s = words.join(" ").replace(/[,;:]$/, "") + "…";
    if (w(s) <= width) return s;
  }
  return words[0];
}

