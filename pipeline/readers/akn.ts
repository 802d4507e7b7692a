/**
 * The `akn` reader: Akoma Ntoso (AKN4UN) → Resolution.
 *
 * It reads our own output (pipeline/emitters/akn.ts) back exactly, and the
 * UN's published files with their quirks (../shared/spec/akn4un.md, "Where we
 * differ from the UN files"): span class="italic", <a href> citations,
 * sub-paragraphs as plain "(a)\t…" paragraphs, <sublist>, global-counter
 * eIds (ignored: structure comes from elements and <num>), leading tabs,
 * several preamble/mainBody pairs in one statement, heading paragraphs,
 * documentCollection with one component per lettered part, attachments with
 * annex docs, tables.
 *
 *   akn/xml.ts     XML text → element tree (well-formedness, entities)
 *   akn/inline.ts  mixed content → inlines (italics, refs, dates, notes)
 *   akn/body.ts    preamble, main body, sections, points, tables, annexes
 *   akn/front.ts   masthead, preface, conclusions, meta → Metadata
 *
 * What AKN cannot carry back: `source` spans (an AKN file has no lines of
 * the original input), footnotes no text refers to (the emitter cannot place
 * them), links to places other than UN documents (kept as text).
 */
import type { Block, Inline, Metadata, PreambularParagraph, Resolution, ResolutionPart } from "../ast.ts";
import { plainText } from "../ast-utils.ts";
import { diag } from "../diagnostics.ts";
import { BlockReader, readAnnex, readPreambleInto } from "./akn/body.ts";
import { adoptionDateOf, letterFromFrbr, readConclusions, readCoverPage, readMeta, readPreface } from "./akn/front.ts";
import { newReadState, type ReadState } from "./akn/inline.ts";
import { parseXml } from "./akn/xml.ts";
import { child, childrenNamed, elements, type XEl } from "./akn/xml.ts";
import { registerReader, type ReadResult } from "./registry.ts";

function emptyDoc(): Resolution {
  return { kind: "resolution", meta: { language: "en" }, title: [], parts: [], annexes: [], footnotes: [] };
}

export function readAkn(text: string): ReadResult {
  const parsed = parseXml(text);
  const st = newReadState();
  st.diagnostics.push(...parsed.diagnostics);
  const doc = emptyDoc();
  const root = parsed.root;
  if (!root) return { doc, diagnostics: st.diagnostics };
  if (root.name !== "akomaNtoso") {
    st.diagnostics.push(diag("akn-not-akn", "error", `the root element is <${root.name}>, not <akomaNtoso>: not an Akoma Ntoso document`, root.line));
    return { doc, diagnostics: st.diagnostics };
  }
  const top = elements(root).find((c) => c.name !== "components");
  if (!top) {
    st.diagnostics.push(diag("akn-no-document", "error", "<akomaNtoso> holds no document", root.line));
    return { doc, diagnostics: st.diagnostics };
  }

  const meta = doc.meta;
  const metaEl = child(top, "meta");
  readMeta(metaEl, meta);
  readCoverPage(child(top, "coverPage"), meta);
  const preface = readPreface(child(top, "preface"), st);
  if (preface.number) meta.number = preface.number;
  doc.title = preface.title;

  if (top.name === "documentCollection") {
    // One component per lettered part, in the order of akomaNtoso/components.
    const comps = childrenNamed(child(root, "components"), "component");
    const inline = childrenNamed(child(top, "collectionBody"), "component");
    for (const comp of comps.length ? comps : inline) {
      const d = elements(comp).find((c) => !["documentRef", "interstitial", "toc", "meta"].includes(c.name));
      if (!d) continue;
      const pp = readPreface(child(d, "preface"), st);
      const part = readPart(d, st, doc);
      if (pp.number) part.letter = pp.number;
      const title = pp.title.length ? pp.title : pp.partTitle;
      if (title?.length) part.title = title;
      doc.parts.push(part);
    }
  } else {
    const part = readPart(top, st, doc);
    const letter = preface.letter ?? letterFromFrbr(metaEl, meta.number);
    if (letter) part.letter = letter;
    if (preface.partTitle?.length) part.title = preface.partTitle;
    doc.parts.push(part);
  }
  if (!doc.parts.length) {
    st.diagnostics.push(diag("no-body", "error", "no resolution text found (no statement or component)", top.line));
  }

  if (doc.title.length) meta.title = plainText(doc.title).trim();
  const adopted = adoptionDateOf(meta, doc.parts.map((p) => p.conclusion));
  if (adopted) meta.adoptionDate = adopted;
  const meeting = doc.parts.find((p) => p.conclusion?.meeting)?.conclusion?.meeting;
  if (meeting) meta.meeting = meeting;
  doc.footnotes = [...st.footnotes.values()];
  return { doc: orderMeta(doc), diagnostics: st.diagnostics };
}

/** One statement: preamble(s), main body(ies), conclusions, attachments. */
function readPart(d: XEl, st: ReadState, doc: Resolution): ResolutionPart {
  const part: ResolutionPart = { kind: "part", preamble: [], operative: [] };
  const body = new BlockReader(part.operative, st, false);
  let sawBody = false;
  for (const c of elements(d)) {
    switch (c.name) {
      case "preamble":
        if (!sawBody) {
          readPreambleInto(c, part, st, null);
        } else if (body.inSection) {
          // a section's own preamble (UN files: preamble/mainBody pairs, one per section)
          body.headingsBeforePreamble();
          readPreambleInto(c, part, st, body);
        } else if (body.onlyLooseText()) {
          // Unnumbered lines between two preambles (UN files): those ending like a
          // preambular paragraph continue the preamble; a line that does not is a
          // heading ("Countries in special situations", "I" + a title), and what
          // follows is that section's own preamble (parse.ts reads text the same way).
          let sectioned = false;
          for (const b of body.takeAll()) {
            const content = "content" in b ? b.content : [];
            if (!sectioned && ENDS_PREAMBULAR.test(plainText(content).trim())) part.preamble.push(toPreambular(b));
            else {
              body.heading(content, b.kind === "operativeParagraph" ? b.num : undefined);
              sectioned = true;
            }
          }
          readPreambleInto(c, part, st, sectioned ? body : null);
        } else {
          body.headingsBeforePreamble();
          readPreambleInto(c, part, st, body);
        }
        break;
      case "mainBody":
      case "body":
        sawBody = true;
        for (const e of elements(c)) body.add(e);
        break;
      case "conclusions": {
        const conclusion = readConclusions(c);
        if (conclusion) part.conclusion = conclusion;
        break;
      }
      case "attachments":
        for (const att of elements(c)) {
          const annexDoc = att.name === "attachment" ? elements(att).find((x) => x.name !== "meta") : att;
          if (annexDoc) doc.annexes.push(readAnnex(annexDoc, st));
        }
        break;
    }
  }
  body.finish();
  return part;
}

/** The end of a preambular paragraph: a comma, maybe with a footnote marker or quote after it (parse.ts). */
const ENDS_PREAMBULAR = /,[”"’]?\d{0,3}$/;

function toPreambular(b: Block): PreambularParagraph {
  const content: Inline[] = "content" in b ? b.content : b.kind === "section" ? b.heading.content : [];
  const pp: PreambularParagraph = { kind: "preambularParagraph", content };
  if (content[0]?.kind === "openingPhrase") pp.openingPhrase = content[0].text;
  return pp;
}

/** Metadata keys in the AST's order, so a document read from AKN dumps like one read from text. */
function orderMeta(doc: Resolution): Resolution {
  const m = doc.meta;
  const keys: (keyof Metadata)[] = [
    "symbol", "number", "title", "adoptionLine", "adoptionDate", "issueDate", "session", "sessionName",
    "agenda", "committee", "meeting", "jobNumber", "language",
  ];
  const ordered = {} as Record<string, unknown>;
  for (const k of keys) if (m[k] !== undefined) ordered[k] = m[k];
  doc.meta = ordered as unknown as Metadata;
  return doc;
}

/** Akoma Ntoso is XML whose root is akomaNtoso (after a declaration, comments or a doctype). */
export function detectAkn(text: string): number {
  const head = text.replace(/^\uFEFF/, "").trimStart().slice(0, 65536);
  if (!head.startsWith("<")) return 0;
  if (/<(?:[\w-]+:)?akomaNtoso[\s>/]/.test(head)) return 0.95;
  // other XML: claimed weakly, so the error says what the file is not
  return head.startsWith("<?xml") ? 0.4 : 0;
}

registerReader({
  name: "akn",
  description: "Akoma Ntoso 3.0: the UN's AKN4UN files and resolute's own AKN output",
  detect: detectAkn,
  read: readAkn,
});
