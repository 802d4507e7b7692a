/**
 * The resolution AST: the contract between readers, stages and emitters.
 *
 * Every input form (raw ODS text, PDF text, Akoma Ntoso, YAML) is read into a
 * `Resolution`; every output format (AKN, YAML, PDF, DOCX) is written from
 * one. Nodes are plain JSON-compatible data: no classes, no methods, no
 * cycles, so the YAML emitter can dump them and the YAML reader can load them
 * back unchanged. Derived facts (e.g. which reference to a footnote comes
 * first) are computed by helpers in pipeline/ast-utils.ts, not stored.
 *
 * Reading order is document order: a walk of `parts`, then `annexes`, visits
 * every block as a reader of the printed resolution would.
 */

/** Lines of the input a node came from: 1-based, inclusive. */
export interface SourceSpan {
  startLine: number;
  endLine: number;
}

/** A calendar date as printed ("8 December 2003") and in ISO form ("2003-12-08"). */
export interface DateValue {
  text: string;
  iso: string;
}

// ---------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------

/** Running text. Whitespace inside is already collapsed to single spaces. */
export interface Text {
  kind: "text";
  text: string;
}

/**
 * The opening phrase of a paragraph ("Recalling also", "Decides"), printed in
 * italics in preambular paragraphs and recognised in operative ones. It is
 * always the first inline of its paragraph's content.
 */
export interface OpeningPhrase {
  kind: "openingPhrase";
  text: string;
}

/** Other italic text (titles of publications, Latin phrases, "The General Assembly"). */
export interface Italic {
  kind: "italic";
  children: Inline[];
}

/**
 * A reference to a UN document: a resolution ("54/54 B", "1514 (XV)") or a
 * document symbol ("A/58/462", "CD/1478"). `symbol` is the full document
 * symbol it resolves to ("A/RES/54/54B"); `text` is exactly what is printed.
 */
export interface DocumentReference {
  kind: "documentReference";
  text: string;
  symbol: string;
}

/** A date written in the text ("1 December 1999"). */
export interface DateMention {
  kind: "date";
  text: string;
  iso: string;
}

/**
 * A footnote reference: the superscript marker in the text. `marker` is the
 * footnote's marker ("1", "*"). Several references may name the same
 * footnote; the first in reading order is where the note is printed (AKN
 * authorialNote), later ones are cross-references (AKN noteRef).
 */
export interface NoteReference {
  kind: "noteReference";
  marker: string;
}

/** A forced line break inside a block (e.g. between meeting and date). */
export interface LineBreak {
  kind: "lineBreak";
}

export type Inline = Text | OpeningPhrase | Italic | DocumentReference | DateMention | NoteReference | LineBreak;

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

interface Located {
  /** Where the node came from; absent for nodes a reader synthesised. */
  source?: SourceSpan;
}

/** "The General Assembly," — the enacting formula that opens the preamble. */
export interface Formula extends Located {
  kind: "formula";
  content: Inline[];
}

/**
 * A preambular paragraph: unnumbered, starts with an italic opening phrase
 * ("Recalling its resolutions …,"). `openingPhrase` repeats the phrase's text
 * for quick access (it is the AKN container name).
 */
export interface PreambularParagraph extends Located {
  kind: "preambularParagraph";
  openingPhrase?: string;
  content: Inline[];
}

/**
 * A lettered or roman-numbered item under a paragraph: "(a)", "(ii)". Items
 * nest: (i) items sit in `points` of the (a) item they belong to. Text after
 * the last nested item (before the next sibling) is `wrapUp`.
 */
export interface Point extends Located {
  kind: "point";
  /** The label as printed, with its parentheses: "(a)", "(iv)". */
  label: string;
  content: Inline[];
  points?: Point[];
  wrapUp?: Inline[];
}

/**
 * An operative paragraph: "1. Invites all States …". `num` is the number as
 * printed with its punctuation ("1."); absent for a lone unnumbered paragraph.
 * `openingVerb` is the opening phrase's text ("Also requests"). Sub-paragraphs
 * are `points`; text after the last point is `wrapUp`.
 */
export interface OperativeParagraph extends Located {
  kind: "operativeParagraph";
  num?: string;
  openingVerb?: string;
  content: Inline[];
  points?: Point[];
  wrapUp?: Inline[];
}

/**
 * A heading in the operative part or an annex that groups what follows:
 * "II. Financing" (num "II.", text "Financing"), "A. Pension Administration",
 * "Article 10", "Introduction".
 */
export interface Heading extends Located {
  kind: "heading";
  num?: string;
  content: Inline[];
}

/**
 * A section of the operative part or an annex: a heading and the blocks under
 * it up to the next heading of the same or a higher level. Preambular
 * paragraphs inside a section are kept as such (their AKN form is a
 * crossHeading) and operative numbering may restart per section.
 */
export interface Section extends Located {
  kind: "section";
  heading: Heading;
  children: Block[];
}

/**
 * An unnumbered block of text that is neither preambular nor operative: quoted
 * text, an introductory sentence in an annex, a note under a table.
 */
export interface TextBlock extends Located {
  kind: "textBlock";
  content: Inline[];
}

/** One cell of a table; `header` for column headings. */
export interface TableCell {
  header: boolean;
  content: Inline[];
}

/** A table row. */
export interface TableRow extends Located {
  cells: TableCell[];
}

/** A table: rows of cells, as printed. */
export interface Table extends Located {
  kind: "table";
  rows: TableRow[];
}

/** Anything that can stand in an operative part, a section or an annex. */
export type Block = OperativeParagraph | PreambularParagraph | Heading | Section | TextBlock | Table;

/**
 * The closing lines of a resolution: "71st plenary meeting" / "8 December 2003".
 * `meeting` is the ordinal as printed with any qualifier ("71st",
 * "56th (resumed)"). Resolutions adopted by silence procedure have a date
 * and no meeting.
 */
export interface Conclusion extends Located {
  kind: "conclusion";
  /** Full meeting line: "71st plenary meeting". */
  meetingText?: string;
  meeting?: string;
  date?: DateValue;
}

/**
 * One resolution text: formula, preamble, operative part, closing lines. A
 * resolution in lettered parts ("77/256 A-B") has one `ResolutionPart` per
 * letter, each with its own preamble, operative part and meeting line; a plain
 * resolution has exactly one part without a letter.
 */
export interface ResolutionPart extends Located {
  kind: "part";
  /** "A", "B", … for lettered parts; absent for a plain resolution. */
  letter?: string;
  /** The part's own title, where it has one (printed under the letter). */
  title?: Inline[];
  formula?: Formula;
  preamble: PreambularParagraph[];
  /** Operative paragraphs, headings, sections, text blocks and tables. */
  operative: Block[];
  conclusion?: Conclusion;
}

/**
 * An annex: "Annex" / "Annex I" with an optional title, and its own blocks.
 */
export interface Annex extends Located {
  kind: "annex";
  /** The annex line as printed: "Annex", "Annex II". */
  label: string;
  title?: Inline[];
  children: Block[];
}

/**
 * A footnote text ("1 See CD/1478."), printed at the foot of the page where
 * it is first referenced. `marker` links it to NoteReference nodes.
 */
export interface Footnote extends Located {
  kind: "footnote";
  marker: string;
  content: Inline[];
}

// ---------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------

/** The main committee line: "[on the report of the First Committee (A/58/462)]". */
export interface CommitteeLine {
  /** The line as printed, brackets included. */
  text: string;
  /**
   * The committee's reference name in camelCase: "firstCommittee" …
   * "sixthCommittee", "noMainCommittee" (adopted without reference to a Main
   * Committee); absent when the line names something else.
   */
  committee?: string;
  /** The committee's name as printed: "Special Political and Decolonization Committee (Fourth Committee)". */
  name?: string;
  /** The document the line cites: the committee report or draft ("A/58/462", "A/76/L.58"). */
  reportSymbol?: string;
}

/** The agenda item line of the masthead: "Agenda item 73 (p)", "Agenda items 14 and 117". */
export interface AgendaLine {
  text: string;
  /** Each item as printed: ["73 (p)"], ["14", "117"]. */
  items: string[];
  /** The agenda item's title where the masthead prints it. */
  title?: string;
}

/**
 * Everything known about the resolution as a document. Fields absent from
 * every source of the input stay undefined; nothing is invented.
 */
export interface Metadata {
  /** Document symbol: "A/RES/58/53", "A/RES/77/256 A-B". */
  symbol?: string;
  /** Resolution number as printed in the title line, without the final period: "58/53". */
  number?: string;
  /** The resolution title as plain text. */
  title?: string;
  /** "Resolution adopted by the General Assembly on 8 December 2003". */
  adoptionLine?: string;
  adoptionDate?: DateValue;
  /** Date of issue from the masthead ("Distr.: General 8 January 2004"). */
  issueDate?: DateValue;
  /** Session number as the UN writes it: "58", "ES-11", "S-32". */
  session?: string;
  /** Session name as printed: "Fifty-eighth session". */
  sessionName?: string;
  agenda?: AgendaLine;
  committee?: CommitteeLine;
  /** Meeting of adoption: "71st", "56th (resumed)". */
  meeting?: string;
  /** UN job number: "03-45609". */
  jobNumber?: string;
  /** ISO 639-1 language of the text. */
  language: string;
}

/** The document: a General Assembly resolution. */
export interface Resolution {
  kind: "resolution";
  meta: Metadata;
  /** Title line content ("Implementation of the Convention …"), with any footnote references. */
  title: Inline[];
  /** One part for a plain resolution; one per letter for "A-B"-style resolutions. */
  parts: ResolutionPart[];
  annexes: Annex[];
  /** Footnote texts in marker order of appearance. */
  footnotes: Footnote[];
}
