/**
 * Print templates: the page geometry, type sizes, fonts and fixed wording of
 * an issued GA resolution (see /work/shared/spec/print.md). Shared by the PDF
 * and DOCX emitters so both print the same layout from the same numbers.
 *
 * Templates live in templates/print/<name>.json. All lengths are PDF points
 * (1/72 in). Font paths are relative to the npm package named in
 * `fonts.package` (resolved from node_modules, so a fresh install brings them).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A font face: one TTF file. */
export interface FontFace {
  /** Path inside the `fonts.package` npm package: "400Regular/Tinos_400Regular.ttf". */
  file: string;
  /** Family name as it should appear in Word ("Times New Roman" for DOCX fallback). */
  family: string;
}

export interface PrintFonts {
  /** npm package that ships the TTF files: "@expo-google-fonts/tinos". */
  package: string;
  regular: FontFace;
  italic: FontFace;
  bold: FontFace;
  boldItalic: FontFace;
}

/** Type size and line spacing (both pt) of one kind of text. */
export interface TypeStyle {
  size: number;
  leading: number;
}

export interface PrintTemplate {
  name: string;
  /** Paper size in points: Letter 612×792, A4 595.28×841.89. */
  page: { width: number; height: number };
  /** Margins in points from the paper edge; `top` is the top of page-1 masthead / running header. */
  margins: { top: number; bottom: number; left: number; right: number };
  /**
   * The masthead rule spans the full width between left and right margins
   * (≈469 pt); the text column is narrower and centred: `columnInset` from each
   * rule end, `columnWidth` wide (≈344 pt).
   */
  ruleWidth: number;
  columnInset: number;
  columnWidth: number;
  /** Top of body text on later pages (below the running header), from paper top. */
  bodyTopLater: number;
  /** The running header's short title is cut (at a word, with "…") to this width. */
  runningTitleMaxWidth: number;
  /** The agenda item's title under "Agenda item …" wraps at this width (the left half of the masthead). */
  agendaTitleMaxWidth: number;
  fonts: PrintFonts;
  /** Sizes and leadings of each kind of text. */
  type: {
    body: TypeStyle;
    footnote: TypeStyle;
    /** Superscript marker size relative to the text it sits in, and its rise (fraction of size). */
    superscript: { scale: number; rise: number };
    title: TypeStyle;
    adoptionLine: TypeStyle;
    committeeLine: TypeStyle;
    heading: TypeStyle;
    unitedNations: TypeStyle;
    generalAssembly: TypeStyle;
    symbolLetter: TypeStyle;
    symbolRest: TypeStyle;
    mastheadSmall: TypeStyle;
    runningHeader: TypeStyle;
    pageNumber: TypeStyle;
    jobNumber: TypeStyle;
    /** "Annex" / "Annex II" line and the annex title, both bold. */
    annexLabel: TypeStyle;
    annexTitle: TypeStyle;
    /** The centred bold letter ("A") and title of a lettered part. */
    partLetter: TypeStyle;
    /** Text in table cells. */
    table: TypeStyle;
  };
  /** Horizontal indents from the column's left edge (pt). */
  indents: {
    firstLine: number;
    /** Where operative text starts after its number (the tab stop). */
    operativeText: number;
    /** Point label at firstLine, text at this tab stop; nested points add `pointStep`. */
    pointText: number;
    pointStep: number;
    /** The title hangs under its first word: tab after "58/53." at this offset. */
    titleTab: number;
    /** Footnote marker x and the hanging indent of footnote text. */
    footnoteMarker: number;
    footnoteText: number;
  };
  /** Vertical spacing (pt). */
  spacing: {
    paragraphAfter: number;
    /** Gaps within the masthead: see the emitter for where each applies. */
    afterTopLine: number;
    bandHeight: number;
    afterBand: number;
    afterAgenda: number;
    afterAdoptionLine: number;
    afterCommitteeLine: number;
    afterTitle: number;
    beforeHeading: number;
    afterHeading: number;
    beforeConclusion: number;
    closingRuleGap: number;
    footnoteRuleGap: number;
    footnoteAfter: number;
    runningHeaderRuleGap: number;
    /** Distance of the page-number / job-number baseline band from the paper bottom. */
    footerFromBottom: number;
    afterAnnexLabel: number;
    /** Around the letter + title of a lettered part (space before is skipped at a page top). */
    beforePartHeading: number;
    afterPartHeading: number;
  };
  rules: {
    /** Thin rule under the top line, thick rule under the masthead band. */
    thin: number;
    thick: number;
    /** Short rule above footnotes, its length and stroke width. */
    footnoteLength: number;
    footnoteWidth: number;
    /** Short centred rule after the closing lines. */
    closingLength: number;
    closingWidth: number;
    runningHeaderWidth: number;
  };
  /** Simple grid tables: cell padding and grid line width (pt). */
  table: { cellPaddingX: number; cellPaddingY: number; ruleWidth: number };
  /** Fixed wording of the masthead and headings. */
  wording: {
    unitedNations: string;
    generalAssembly: string;
    distribution: string;
    /** Appended to the job number at the foot of page 1: "03-45609 (E)". */
    jobNumberSuffix: string;
    /** Written as PDF Author / DOCX creator. */
    author: string;
    /** Subject line of the document info; "{symbol}" is replaced. */
    subject: string;
  };
  /** Values only the DOCX emitter uses (optional; the emitter has fallbacks). */
  docx?: {
    /** Width (pt) of the running header's symbol cell; the title takes the rest of the rule. */
    runningHeaderSymbolWidth?: number;
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** templates/print, next to pipeline/. */
export const printTemplateDir = path.resolve(here, "../templates/print");

const cache = new Map<string, PrintTemplate>();

/** Names of the shipped templates ("a4", "letter"). */
export const printTemplateNames = ["letter", "a4"] as const;

/**
 * Loads templates/print/<name>.json (default "letter"). Throws on an unknown
 * name or a file missing required fields: a broken template is a bug in the
 * checkout, not a problem with one input.
 */
export function loadPrintTemplate(name = "letter"): PrintTemplate {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!/^[a-z0-9_-]+$/i.test(name)) throw new Error(`invalid print template name "${name}"`);
  const file = path.join(printTemplateDir, `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`print template "${name}" not found or unreadable (${file}): ${(e as Error).message}`);
  }
  const t = raw as PrintTemplate;
  for (const key of ["page", "margins", "fonts", "type", "indents", "spacing", "rules", "table", "wording"] as const) {
    if (typeof t[key] !== "object" || t[key] === null) throw new Error(`print template "${name}": missing "${key}"`);
  }
  t.name = name;
  cache.set(name, t);
  return t;
}

const require = createRequire(import.meta.url);

/** Absolute path of a template font file (resolved through node_modules). */
/** Package folders by name: resolving one walks the file system, and every font draw asks. */
const packageDirs = new Map<string, string>();

export function fontPath(t: PrintTemplate, face: keyof Omit<PrintFonts, "package">): string {
  let dir = packageDirs.get(t.fonts.package);
  if (!dir) {
    dir = path.dirname(require.resolve(`${t.fonts.package}/package.json`));
    packageDirs.set(t.fonts.package, dir);
  }
  return path.join(dir, t.fonts[face].file);
}

/** The left x of the text column on the page (pt from paper left). */
export function columnLeft(t: PrintTemplate): number {
  return t.margins.left + t.columnInset;
}
