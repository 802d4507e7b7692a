/**
 * The text of a resolution: preamble, operative part (mainBody) and annex
 * bodies, with eIds after the naming convention (akn4un.md, "eIds").
 *
 * Where the spec and the schema's content models meet:
 * - paragraph/point/section are "hierarchy": either <content>, or
 *   intro? (hier elements | crossHeading)* wrapUp?. So a paragraph with
 *   sub-paragraphs is num + list(intro, point*, wrapUp), and a point with its
 *   own sub-points is num + list(intro, point*) + wrapUp.
 * - mainBody takes hier and block elements but no crossHeading or container;
 *   a hierarchy (section) takes no blocks. Text blocks, headings and tables
 *   are therefore wrapped in hcontainer inside sections, and preambular text
 *   is a crossHeading (inside an hcontainer where it stands directly in mainBody).
 */
import type { Annex, Block, Inline, OperativeParagraph, Point, PreambularParagraph, ResolutionPart, Table } from "../../ast.ts";
import { diag } from "../../diagnostics.ts";
import { EidScope, numToken } from "./ids.ts";
import { inlines, report, type FileState, type Place } from "./inline.ts";
import { el, type ChildInput, type XElement } from "./xml.ts";

/** Where a block list sits. */
interface Level extends Place {
  /** Prefix of numbered paragraphs: the annex/document level, or the section's when numbering restarts. */
  paraPrefix: string;
  /** Directly in mainBody (block elements allowed) or inside a hierarchy element. */
  inHierarchy: boolean;
  /** Whether paragraphs inside sections are scoped by the section (numbering restarts). */
  restart: boolean;
}

function p(nodes: readonly Inline[] | undefined, st: FileState, at: Place): XElement {
  return el("p", null, nodes ? inlines(nodes, st, at) : []);
}

// ------------------------------------------------------------------ preamble

/** formula + one container per preambular paragraph; null when the part has neither. */
export function preamble(part: ResolutionPart, st: FileState, at: Place): XElement | null {
  if (!part.formula && part.preamble.length === 0) return null;
  return el(
    "preamble",
    null,
    part.formula &&
      el("formula", { name: "enactingFormula", eId: at.doc.ids.take(`${at.prefix}formula`, "") }, p(part.formula.content, st, at)),
    part.preamble.map((pp) =>
      el("container", { name: containerName(pp), eId: at.doc.ids.take(`${at.prefix}container`, "") }, p(pp.content, st, at)),
    ),
  );
}

/** The container's required name is the opening phrase ("Recalling also"). */
function containerName(pp: PreambularParagraph): string {
  const first = pp.content.find((c) => c.kind === "openingPhrase");
  return (pp.openingPhrase ?? (first?.kind === "openingPhrase" ? first.text : "")).trim() || "preambularParagraph";
}

// ------------------------------------------------------------------ mainBody

/**
 * A mainBody for `blocks` (operative part or annex). `lead` goes first (an
 * annex title). mainBody may not be empty, so an empty part gets an empty p.
 */
export function mainBody(blocks: readonly Block[], st: FileState, at: Place, lead: ChildInput[] = []): XElement {
  const restart = numberingRestarts(blocks);
  const level: Level = { ...at, paraPrefix: at.prefix, inHierarchy: false, restart };
  reserveNumbered(blocks, level, !restart);
  const children = [...lead, ...blockList(blocks, st, level)].filter(Boolean);
  return el("mainBody", null, children.length ? children : el("p"));
}

/**
 * True when paragraph numbers repeat across sections ("II. … 1. … III. … 1."):
 * then a paragraph's eId is scoped by its section (sec_II__para_1); otherwise
 * paragraphs keep the flat para_N the reader sees.
 */
function numberingRestarts(blocks: readonly Block[]): boolean {
  const seen = new Set<string>();
  let dup = false;
  const visit = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.kind === "operativeParagraph") {
        const t = numToken(b.num);
        if (t && seen.has(t)) dup = true;
        if (t) seen.add(t);
      } else if (b.kind === "section") visit(b.children);
    }
  };
  visit(blocks);
  return dup;
}

/**
 * Numbered elements keep the number they print; unnumbered ones count
 * 1, 2, … among what is left. Reserving the numbered eIds of a level before
 * emitting it keeps an early unnumbered element from taking a later numbered
 * one's eId. With `deep`, flat paragraph eIds inside sections are reserved too.
 */
function reserveNumbered(blocks: readonly Block[], lv: Level, deep: boolean): void {
  const ids = lv.doc.ids;
  for (const b of blocks) {
    if (b.kind === "operativeParagraph" && numToken(b.num)) ids.reserve(`${lv.paraPrefix}para_${numToken(b.num)}`);
    if (b.kind === "heading" && numToken(b.num)) ids.reserve(`${lv.prefix}hcontainer_${numToken(b.num)}`);
    if (b.kind === "section") {
      if (numToken(b.heading.num)) ids.reserve(`${lv.prefix}sec_${numToken(b.heading.num)}`);
      if (deep) reserveParagraphs(b.children, lv.paraPrefix, ids);
    }
  }
}

function reserveParagraphs(blocks: readonly Block[], prefix: string, ids: EidScope): void {
  for (const b of blocks) {
    if (b.kind === "operativeParagraph" && numToken(b.num)) ids.reserve(`${prefix}para_${numToken(b.num)}`);
    if (b.kind === "section") reserveParagraphs(b.children, prefix, ids);
  }
}

function blockList(blocks: readonly Block[], st: FileState, lv: Level): ChildInput[] {
  return blocks.map((b) => block(b, st, lv));
}

function block(b: Block, st: FileState, lv: Level): ChildInput {
  const ids = lv.doc.ids;
  switch (b.kind) {
    case "operativeParagraph":
      return paragraph(b, st, lv);
    case "preambularParagraph": {
      if (lv.inHierarchy) {
        return el("crossHeading", { eId: ids.take(`${lv.prefix}crossHeading`, ""), refersTo: "#preamble" }, inlines(b.content, st, lv));
      }
      // crossHeading may not stand directly in mainBody or an annex body: an hcontainer
      // holds it, so preambular text reads as preambular wherever it stands
      const eId = ids.take(`${lv.prefix}hcontainer`, "");
      return el("hcontainer", { eId, name: "preamble" }, el("crossHeading", { eId: `${eId}__crossHeading_1`, refersTo: "#preamble" }, inlines(b.content, st, lv)));
    }
    case "heading":
      return el(
        "hcontainer",
        { eId: ids.take(`${lv.prefix}hcontainer`, numToken(b.num)), name: "heading" },
        b.num && el("num", null, b.num),
        el("heading", null, inlines(b.content, st, lv)),
      );
    case "section": {
      const eId = ids.take(`${lv.prefix}sec`, numToken(b.heading.num));
      const inner: Level = {
        ...lv,
        prefix: `${eId}__`,
        paraPrefix: lv.restart ? `${eId}__` : lv.paraPrefix,
        inHierarchy: true,
      };
      reserveNumbered(b.children, inner, false);
      return el(
        "section",
        { eId },
        b.heading.num && el("num", null, b.heading.num),
        el("heading", null, inlines(b.heading.content, st, lv)),
        blockList(b.children, st, inner),
      );
    }
    case "textBlock": {
      const eId = ids.take(`${lv.prefix}hcontainer`, "");
      return el("hcontainer", { eId, name: "textBlock" }, el("content", { eId: `${eId}__content` }, p(b.content, st, lv)));
    }
    case "table": {
      if (!lv.inHierarchy) return table(b, ids.take(`${lv.prefix}table`, ""), st, lv);
      const eId = ids.take(`${lv.prefix}hcontainer`, "");
      return el("hcontainer", { eId, name: "table" }, el("content", { eId: `${eId}__content` }, table(b, `${eId}__table_1`, st, lv)));
    }
  }
}

function table(t: Table, eId: string, st: FileState, at: Place): XElement | null {
  const rows = t.rows.filter((r) => r.cells.length > 0);
  if (rows.length === 0) {
    report(st, diag("akn-table-empty", "warning", "a table without cells was left out", t.source?.startLine));
    return null;
  }
  return el(
    "table",
    { eId },
    rows.map((r) =>
      el("tr", null, r.cells.map((c) => el(c.header ? "th" : "td", null, c.content.length ? p(c.content, st, at) : null))),
    ),
  );
}

// --------------------------------------------------------- paragraphs/points

function paragraph(para: OperativeParagraph, st: FileState, lv: Level): XElement {
  const eId = lv.doc.ids.take(`${lv.paraPrefix}para`, numToken(para.num));
  return el("paragraph", { eId }, para.num && el("num", null, para.num), itemBody(para, eId, st, lv, true));
}

/**
 * content, or list(intro, points) with the wrap-up in the list (paragraphs,
 * as the spec's para_7__list_1__wrapup) or after it (points: the scorer's
 * reading of a nested list ignores a wrapUp inside it, and both are valid).
 */
function itemBody(
  item: { content: Inline[]; points?: Point[]; wrapUp?: Inline[] },
  eId: string,
  st: FileState,
  at: Place,
  wrapUpInList: boolean,
): ChildInput[] {
  const hasWrapUp = !!item.wrapUp && item.wrapUp.length > 0;
  if (!item.points || item.points.length === 0) {
    // A wrap-up without points is text after the content: keep it, as a second p.
    return [el("content", { eId: `${eId}__content` }, p(item.content, st, at), hasWrapUp && p(item.wrapUp, st, at))];
  }
  const listId = at.doc.ids.exact(`${eId}__list_1`);
  const intro = item.content.length > 0 && el("intro", { eId: `${listId}__intro` }, p(item.content, st, at));
  const points = item.points.map((pt) => point(pt, listId, st, at));
  if (wrapUpInList) {
    return [el("list", { eId: listId }, intro, points, hasWrapUp && el("wrapUp", { eId: `${listId}__wrapup` }, p(item.wrapUp, st, at)))];
  }
  return [el("list", { eId: listId }, intro, points), hasWrapUp && el("wrapUp", { eId: `${eId}__wrapup` }, p(item.wrapUp, st, at))];
}

function point(pt: Point, listId: string, st: FileState, at: Place): XElement {
  const eId = at.doc.ids.take(`${listId}__point`, numToken(pt.label));
  return el("point", { eId }, pt.label && el("num", null, pt.label), itemBody(pt, eId, st, at, false));
}

// ------------------------------------------------------------------- annexes

/**
 * An annex body. The label ("Annex I") is the doc's preface; the title is the
 * first block of its mainBody, so both read as the separate lines they are
 * printed as (the UN files and the scorer keep them apart).
 */
export function annexBody(annex: Annex, st: FileState, at: Place): XElement {
  const lead: ChildInput[] = [];
  if (annex.title && annex.title.length > 0) {
    lead.push(el("hcontainer", { eId: at.doc.ids.take(`${at.prefix}hcontainer`, ""), name: "title" }, el("heading", null, inlines(annex.title, st, at))));
  }
  return mainBody(annex.children, st, at, lead);
}
