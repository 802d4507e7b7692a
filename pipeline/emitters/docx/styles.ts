/**
 * The named Word styles of a resolution, built from the print template. Every
 * kind of paragraph gets its own paragraph style and the body carries no
 * direct formatting, so an editor restyles a whole document from the Styles
 * pane and a paragraph typed in Word looks like its neighbours.
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  TabStopType,
  type ICharacterStyleOptions,
  type IParagraphPropertiesOptions,
  type IParagraphStyleOptions,
  type IStylesOptions,
} from "docx";
import type { PrintTemplate, TypeStyle } from "../../print-template.ts";

/** Points to twentieths of a point (twips), Word's unit for lengths. */
export const tw = (pt: number): number => Math.round(pt * 20);
/** Points to half-points, Word's unit for type sizes. */
const hp = (pt: number): number => Math.round(pt * 2);

/** Style ids used by the emitter; the names shown in Word are in `styles()`. */
export const S = {
  // Page 1 masthead (first-page header) and its body lines.
  topLine: "UNTopLine",
  bandLeft: "UNMastheadOrgan",
  bandRight: "UNMastheadDistribution",
  session: "UNSessionLine",
  agenda: "UNAgendaLine",
  adoption: "UNAdoptionLine",
  committee: "UNCommitteeLine",
  title: "UNResolutionTitle",
  partLetter: "UNPartLetter",
  partLetterTitled: "UNPartLetterTitled",
  partTitle: "UNPartTitle",
  formula: "UNFormula",
  preambular: "UNPreambularParagraph",
  operative: "UNOperativeParagraph",
  point: ["UNSubparagraph1", "UNSubparagraph2", "UNSubparagraph3", "UNSubparagraph4"],
  wrapUp: ["UNContinuation", "UNContinuation1", "UNContinuation2", "UNContinuation3"],
  textBlock: "UNTextBlock",
  heading: "UNSectionHeading",
  subheading: "UNSubsectionHeading",
  conclusion: "UNClosingLines",
  closingRule: "UNClosingRule",
  annexLabel: "UNAnnexLabel",
  annexTitle: "UNAnnexTitle",
  tableText: "UNTableText",
  tableHeading: "UNTableHeading",
  footnoteText: "FootnoteText",
  runningHeader: "UNRunningHeader",
  pageNumber: "UNPageNumber",
  jobNumber: "UNJobNumber",
  // Character styles.
  openingPhrase: "UNOpeningPhrase",
  italic: "UNItalic",
  footnoteReference: "FootnoteReference",
  symbolSeries: "UNSymbolSeries",
  symbolRest: "UNSymbolRest",
} as const;

/** Deepest point level with its own style; deeper points reuse the last. */
export const MAX_POINT_DEPTH = S.point.length;

function spacing(type: TypeStyle, before = 0, after = 0) {
  return { before: tw(before), after: tw(after), line: tw(type.leading), lineRule: LineRuleType.EXACT };
}

/** Indents and tab stops of a kind of paragraph, shared by its style and its list level. */
export interface Geometry {
  indent: { left: number; firstLine?: number; hanging?: number };
  tabStops: { type: (typeof TabStopType)[keyof typeof TabStopType]; position: number }[];
}

/** Operative paragraph: number at the first-line indent, text at the tab, wrapped lines at the column edge. */
export function operativeGeometry(t: PrintTemplate): Geometry {
  return {
    indent: { left: 0, firstLine: tw(t.indents.firstLine) },
    tabStops: [{ type: TabStopType.LEFT, position: tw(t.indents.operativeText) }],
  };
}

/**
 * Sub-paragraph at `depth` (1 = "(a)"): the label at the first-line indent and
 * wrapped lines back at the column edge; deeper levels ("(i)") hang, their
 * label one step further in and wrapped lines under their text.
 */
export function pointGeometry(t: PrintTemplate, depth: number): Geometry {
  const ind = t.indents;
  const text = ind.pointText + (depth - 1) * ind.pointStep;
  return {
    indent: depth === 1 ? { left: 0, firstLine: tw(ind.firstLine) } : { left: tw(text), hanging: tw(ind.pointText - ind.firstLine) },
    tabStops: [{ type: TabStopType.LEFT, position: tw(text) }],
  };
}

export function styles(t: PrintTemplate): IStylesOptions {
  const ty = t.type;
  const ind = t.indents;
  const sp = t.spacing;
  const after = sp.paragraphAfter;
  const body = spacing(ty.body, 0, after);
  const thin = (w: number) => ({ style: BorderStyle.SINGLE, size: Math.max(2, Math.round(w * 8)), space: 1, color: "000000" });
  // The masthead and running header span the rule, wider than the text column
  // the page margins describe: they hang out by the column inset on both sides.
  const outdent = { left: -tw(t.columnInset), right: -tw(t.columnInset) };
  const ruleRight = tw(t.columnWidth + t.columnInset);

  // docx writes tab stops and page-break-before in styles but leaves them out of the style option type.
  type StyleParagraph = NonNullable<IParagraphStyleOptions["paragraph"]> & Pick<IParagraphPropertiesOptions, "tabStops" | "pageBreakBefore">;
  const p = (
    id: string,
    name: string,
    o: Omit<IParagraphStyleOptions, "id" | "name" | "paragraph"> & { paragraph?: StyleParagraph },
  ): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: "Normal",
    quickFormat: true,
    ...o,
  }) as IParagraphStyleOptions;

  const paragraphStyles: IParagraphStyleOptions[] = [
    p(S.topLine, "UN Masthead Top Line", {
      run: { size: hp(ty.unitedNations.size) },
      paragraph: {
        indent: outdent,
        spacing: spacing(ty.symbolLetter, 0, sp.afterTopLine),
        tabStops: [{ type: TabStopType.RIGHT, position: ruleRight }],
        border: { bottom: thin(t.rules.thin) },
      },
    }),
    p(S.bandLeft, "UN Masthead Organ", {
      run: { size: hp(ty.generalAssembly.size), bold: true },
      paragraph: { spacing: spacing(ty.generalAssembly) },
    }),
    p(S.bandRight, "UN Masthead Distribution", {
      run: { size: hp(ty.mastheadSmall.size) },
      paragraph: { alignment: AlignmentType.RIGHT, spacing: spacing(ty.mastheadSmall) },
    }),
    p(S.session, "UN Session Line", {
      next: S.agenda,
      run: { size: hp(ty.mastheadSmall.size), bold: true },
      paragraph: { spacing: spacing(ty.mastheadSmall), indent: { left: -tw(t.columnInset) }, keepNext: true },
    }),
    p(S.agenda, "UN Agenda Line", {
      run: { size: hp(ty.mastheadSmall.size) },
      paragraph: { spacing: spacing(ty.mastheadSmall, 0, sp.afterAgenda), indent: { left: -tw(t.columnInset) }, keepNext: true },
    }),
    p(S.adoption, "UN Adoption Line", {
      next: S.committee,
      run: { size: hp(ty.adoptionLine.size), bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: spacing(ty.adoptionLine, 0, sp.afterAdoptionLine), keepNext: true },
    }),
    p(S.committee, "UN Committee Line", {
      next: S.title,
      run: { size: hp(ty.committeeLine.size) },
      paragraph: { alignment: AlignmentType.CENTER, spacing: spacing(ty.committeeLine, 0, sp.afterCommitteeLine), keepNext: true },
    }),
    p(S.title, "UN Resolution Title", {
      next: S.formula,
      run: { size: hp(ty.title.size), bold: true },
      paragraph: {
        indent: { left: tw(ind.titleTab), hanging: tw(ind.titleTab) },
        tabStops: [{ type: TabStopType.LEFT, position: tw(ind.titleTab) }],
        spacing: spacing(ty.title, 0, sp.afterTitle),
        keepNext: true,
        keepLines: true,
        outlineLevel: 0,
      },
    }),
    // The part title's style carries the gap after the heading; a part without
    // a title gets the letter-only style, which has that gap itself.
    p(S.partLetter, "UN Part Letter", {
      next: S.formula,
      run: { size: hp(ty.partLetter.size), bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: spacing(ty.partLetter, sp.beforePartHeading, sp.afterPartHeading), keepNext: true, outlineLevel: 1 },
    }),
    p(S.partLetterTitled, "UN Part Letter (with title)", {
      basedOn: S.partLetter,
      next: S.partTitle,
      paragraph: { spacing: spacing(ty.partLetter, sp.beforePartHeading, 0) },
    }),
    p(S.partTitle, "UN Part Title", {
      next: S.formula,
      run: { size: hp(ty.partLetter.size), bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: spacing(ty.partLetter, 0, sp.afterPartHeading), keepNext: true },
    }),
    p(S.formula, "UN Formula", {
      next: S.preambular,
      run: { italics: true },
      paragraph: { indent: { firstLine: tw(ind.firstLine) }, spacing: body, keepNext: true },
    }),
    p(S.preambular, "UN Preambular Paragraph", {
      next: S.preambular,
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: tw(ind.firstLine) }, spacing: body },
    }),
    p(S.operative, "UN Operative Paragraph", {
      next: S.operative,
      paragraph: {
        alignment: AlignmentType.JUSTIFIED,
        ...operativeGeometry(t),
        spacing: body,
      },
    }),
    ...S.point.map((id, i) =>
      p(id, `UN Subparagraph ${i + 1}`, {
        next: id,
        paragraph: { alignment: AlignmentType.JUSTIFIED, ...pointGeometry(t, i + 1), spacing: body },
      }),
    ),
    // Text after the last sub-paragraph: flush with the text of the level it closes.
    ...S.wrapUp.map((id, i) =>
      p(id, i === 0 ? "UN Continuation" : `UN Continuation ${i}`, {
        paragraph: {
          alignment: AlignmentType.JUSTIFIED,
          indent: i <= 1 ? {} : { left: tw(ind.pointText + (i - 1) * ind.pointStep) },
          spacing: body,
        },
      }),
    ),
    p(S.textBlock, "UN Text Block", {
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: tw(ind.firstLine) }, spacing: body },
    }),
    p(S.heading, "UN Section Heading", {
      next: S.operative,
      run: { size: hp(ty.heading.size), bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: spacing(ty.heading, sp.beforeHeading, sp.afterHeading), keepNext: true, keepLines: true, outlineLevel: 1 },
    }),
    p(S.subheading, "UN Subsection Heading", {
      next: S.operative,
      run: { size: hp(ty.heading.size), bold: true },
      paragraph: {
        indent: { left: tw(ind.firstLine), hanging: tw(ind.firstLine) },
        tabStops: [{ type: TabStopType.LEFT, position: tw(ind.firstLine) }],
        spacing: spacing(ty.heading, sp.beforeHeading, sp.afterHeading),
        keepNext: true,
        keepLines: true,
        outlineLevel: 2,
      },
    }),
    p(S.conclusion, "UN Closing Lines", {
      run: { italics: true },
      paragraph: { alignment: AlignmentType.RIGHT, spacing: spacing(ty.body, sp.beforeConclusion, after), keepLines: true },
    }),
    p(S.closingRule, "UN Closing Rule", {
      paragraph: {
        indent: { left: tw((t.columnWidth - t.rules.closingLength) / 2), right: tw((t.columnWidth - t.rules.closingLength) / 2) },
        spacing: { before: tw(sp.closingRuleGap), after: 0, line: tw(1), lineRule: LineRuleType.EXACT },
        border: { bottom: thin(t.rules.closingWidth) },
      },
    }),
    p(S.annexLabel, "UN Annex Label", {
      next: S.annexTitle,
      run: { size: hp(ty.annexLabel.size), bold: true },
      paragraph: { pageBreakBefore: true, spacing: spacing(ty.annexLabel, 0, sp.afterAnnexLabel), keepNext: true, outlineLevel: 0 },
    }),
    p(S.annexTitle, "UN Annex Title", {
      next: S.textBlock,
      run: { size: hp(ty.annexTitle.size), bold: true },
      paragraph: { spacing: spacing(ty.annexTitle, 0, sp.afterTitle), keepNext: true, keepLines: true },
    }),
    p(S.tableText, "UN Table Text", {
      run: { size: hp(ty.table.size) },
      paragraph: { spacing: spacing(ty.table, 0, 0) },
    }),
    p(S.tableHeading, "UN Table Heading", {
      basedOn: S.tableText,
      run: { bold: true },
      paragraph: { keepNext: true },
    }),
    p(S.footnoteText, "footnote text", {
      run: { size: hp(ty.footnote.size) },
      paragraph: {
        indent: { left: tw(ind.footnoteText), hanging: tw(ind.footnoteText - ind.footnoteMarker) },
        tabStops: [{ type: TabStopType.LEFT, position: tw(ind.footnoteText) }],
        spacing: spacing(ty.footnote, 0, sp.footnoteAfter),
      },
    }),
    p(S.runningHeader, "UN Running Header", {
      run: { size: hp(ty.runningHeader.size), bold: true },
      paragraph: { spacing: spacing(ty.runningHeader) },
    }),
    p(S.pageNumber, "UN Page Number", {
      run: { size: hp(ty.pageNumber.size), bold: true },
      paragraph: { indent: outdent, spacing: spacing(ty.pageNumber) },
    }),
    p(S.jobNumber, "UN Job Number", {
      run: { size: hp(ty.jobNumber.size) },
      paragraph: { indent: outdent, spacing: spacing(ty.jobNumber) },
    }),
  ];

  const c = (id: string, name: string, run: ICharacterStyleOptions["run"]): ICharacterStyleOptions => ({
    id,
    name,
    quickFormat: true,
    run,
  });
  const characterStyles: ICharacterStyleOptions[] = [
    c(S.openingPhrase, "UN Opening Phrase", { italics: true }),
    c(S.italic, "UN Italic", { italics: true }),
    c(S.footnoteReference, "footnote reference", { superScript: true }),
    c(S.symbolSeries, "UN Symbol Series", { size: hp(ty.symbolLetter.size) }),
    c(S.symbolRest, "UN Symbol Rest", { size: hp(ty.symbolRest.size) }),
  ];

  return {
    default: {
      document: {
        run: { font: t.fonts.regular.family, size: hp(ty.body.size) },
        paragraph: { spacing: body },
      },
    },
    paragraphStyles,
    characterStyles,
  };
}
