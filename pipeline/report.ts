/**
 * The per-document quality report: what was read, what looks wrong, and
 * whether every character of the input reached the document or a diagnostic.
 *
 * Reads the decoded input text and the reader's outcome; produces a plain
 * JSON-able record (written as NAME.report.json by `convert --report`) and a
 * one-line summary for the terminal.
 */
import type { Block, Inline, Point, Resolution } from "./ast.ts";
import { inlineLists, plainText } from "./ast-utils.ts";
import type { Diagnostic } from "./diagnostics.ts";
import type { ParseOutcome } from "./convert.ts";

export interface NumberingProblem {
  /** Where the sequence is: "operative part", "part B", "annex 1", "paragraph 3". */
  where: string;
  kind: "gap" | "repeat" | "out-of-order";
  /** e.g. "5. follows 3." */
  detail: string;
  line?: number;
}

export interface QualityReport {
  /** The input form that was read. */
  from?: string;
  /** How many nodes of each kind the document has. */
  counts: Record<string, number>;
  numbering: NumberingProblem[];
  footnotes: {
    /** Footnote texts no marker in the text points to. */
    unreferenced: string[];
    /** Markers in the text with no footnote text. */
    missing: string[];
  };
  /** Lines the reader could not place where they belong (kept, and said so). */
  unplaced: { line?: number; message: string }[];
  /**
   * Text conservation: every non-blank character of the input is in the
   * document in reading order, or quoted in a diagnostic.
   */
  conservation: {
    /** Not checked for inputs that are markup (AKN, YAML). */
    checked: boolean;
    inputCharacters: number;
    /** Characters found in the document text, in order. */
    inDocument: number;
    /** Characters found quoted in diagnostics (residue, page furniture, anchors). */
    inDiagnostics: number;
    /** Characters found in the document, but out of their input order. */
    outOfOrder: number;
    /** Input lines (or parts of them) found nowhere. */
    missing: { line: number; text: string }[];
  };
  diagnostics: Record<"error" | "warning" | "info", number>;
}

/** Readers whose input is the resolution's running text (not markup). */
const TEXT_READERS = new Set(["ods", "para-text", "pdf-text"]);

export function buildReport(input: { text: string; outcome: ParseOutcome }): QualityReport {
  const { outcome } = input;
  const doc = outcome.doc;
  const diagnostics = outcome.diagnostics;
  const report: QualityReport = {
    from: outcome.from,
    counts: doc ? countNodes(doc) : {},
    numbering: doc ? numberingProblems(doc) : [],
    footnotes: doc ? footnoteProblems(doc) : { unreferenced: [], missing: [] },
    unplaced: diagnostics
      .filter((d) => /unplaced|unknown-line|line-unplaced/.test(d.code))
      .map((d) => ({ line: d.line, message: d.message })),
    conservation: { checked: false, inputCharacters: 0, inDocument: 0, inDiagnostics: 0, outOfOrder: 0, missing: [] },
    diagnostics: { error: 0, warning: 0, info: 0 },
  };
  for (const d of diagnostics) report.diagnostics[d.severity]++;
  if (doc && TEXT_READERS.has(outcome.from ?? "")) report.conservation = conservation(input.text, doc, diagnostics);
  return report;
}

/** "13 preambular, 10 operative, 0 points, 5 notes; numbering ok; text conserved; 0 warnings" */
export function reportSummary(r: QualityReport): string {
  const c = r.counts;
  const parts = [
    `${c.preambularParagraph ?? 0} preambular, ${c.operativeParagraph ?? 0} operative, ${c.point ?? 0} points, ${c.footnote ?? 0} notes` +
      (c.annex ? `, ${c.annex} annexes` : "") + (c.table ? `, ${c.table} tables` : ""),
    r.numbering.length ? `numbering: ${r.numbering.length} problem(s) (${r.numbering[0].detail}${r.numbering.length > 1 ? ", …" : ""})` : "numbering ok",
  ];
  const fn = r.footnotes;
  if (fn.unreferenced.length || fn.missing.length) {
    parts.push(`notes: ${fn.unreferenced.length} unreferenced, ${fn.missing.length} missing`);
  }
  const cons = r.conservation;
  if (cons.checked) {
    const lost = cons.missing.reduce((n, m) => n + m.text.replace(/\s/g, "").length, 0);
    parts.push(lost ? `TEXT LOST: ${lost} characters on ${cons.missing.length} line(s), first at line ${cons.missing[0].line}` : "text conserved");
  }
  if (r.unplaced.length) parts.push(`${r.unplaced.length} unplaced line(s)`);
  parts.push(`${r.diagnostics.error} errors, ${r.diagnostics.warning} warnings`);
  return parts.join("; ");
}

// --- counts ----------------------------------------------------------------

function countNodes(doc: Resolution): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n);
  const inl = (xs: readonly Inline[]) => {
    for (const x of xs) {
      add(x.kind);
      if (x.kind === "italic") inl(x.children);
    }
  };
  const points = (ps: readonly Point[] | undefined) => {
    for (const p of ps ?? []) {
      add("point");
      inl(p.content);
      points(p.points);
      if (p.wrapUp) inl(p.wrapUp);
    }
  };
  const blocks = (bs: readonly Block[]) => {
    for (const b of bs) {
      add(b.kind);
      switch (b.kind) {
        case "operativeParagraph":
          inl(b.content);
          points(b.points);
          if (b.wrapUp) inl(b.wrapUp);
          break;
        case "section":
          inl(b.heading.content);
          blocks(b.children);
          break;
        case "table":
          add("tableRow", b.rows.length);
          break;
        default:
          inl(b.content);
      }
    }
  };
  inl(doc.title);
  for (const p of doc.parts) {
    add("part");
    if (p.formula) add("formula");
    for (const pp of p.preamble) {
      add("preambularParagraph");
      inl(pp.content);
    }
    blocks(p.operative);
    if (p.conclusion) add("conclusion");
  }
  for (const a of doc.annexes) {
    add("annex");
    blocks(a.children);
  }
  for (const f of doc.footnotes) {
    add("footnote");
    inl(f.content);
  }
  delete counts.text;
  return counts;
}

// --- numbering -------------------------------------------------------------

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
function labelValue(label: string): { kind: string; n: number } | undefined {
  const core = label.replace(/^\(|[.)]$/g, "").replace(/\)$/, "");
  if (/^\d+$/.test(core)) return { kind: "number", n: Number(core) };
  if (/^[ivxlc]+$/.test(core) && core !== "c" && core !== "l" && core !== "v" && core !== "x" || core === "i") {
    let n = 0;
    for (let i = 0; i < core.length; i++) {
      const a = ROMAN[core[i]], b = ROMAN[core[i + 1]] ?? 0;
      n += a < b ? -a : a;
    }
    return { kind: "roman", n };
  }
  if (/^[a-z]$/.test(core)) return { kind: "letter", n: core.charCodeAt(0) - 96 };
  if (/^([a-z])\1$/.test(core)) return { kind: "letter", n: 26 + core.charCodeAt(0) - 96 };
  return undefined;
}

/** Checks one sequence of labels: each should be the one after the last. */
function checkSequence(labels: { label: string; line?: number }[], where: string, out: NumberingProblem[]): void {
  let prev: { kind: string; n: number; label: string } | undefined;
  for (const { label, line } of labels) {
    const v = labelValue(label);
    if (!v) continue;
    if (prev && v.kind === prev.kind) {
      if (v.n === prev.n) out.push({ where, kind: "repeat", detail: `${label} repeats ${prev.label}`, line });
      else if (v.n < prev.n && v.n !== 1) out.push({ where, kind: "out-of-order", detail: `${label} follows ${prev.label}`, line });
      else if (v.n > prev.n + 1) out.push({ where, kind: "gap", detail: `${label} follows ${prev.label}`, line });
    }
    prev = { ...v, label };
  }
}

function numberingProblems(doc: Resolution): NumberingProblem[] {
  const out: NumberingProblem[] = [];
  const pointLists = (ps: readonly Point[] | undefined, where: string) => {
    if (!ps?.length) return;
    checkSequence(ps.map((p) => ({ label: p.label, line: p.source?.startLine })), where, out);
    for (const p of ps) pointLists(p.points, `${where} ${p.label}`);
  };
  const blockLists = (bs: readonly Block[], where: string) => {
    const paras = bs.filter((b) => b.kind === "operativeParagraph" && b.num);
    checkSequence(paras.map((b) => ({ label: (b as { num: string }).num, line: b.source?.startLine })), where, out);
    for (const b of bs) {
      if (b.kind === "operativeParagraph") pointLists(b.points, `${where}, paragraph ${b.num ?? "(unnumbered)"}`);
      if (b.kind === "section") blockLists(b.children, `${where}, section ${b.heading.num ?? plainText(b.heading.content).slice(0, 30)}`);
    }
  };
  doc.parts.forEach((p) => blockLists(p.operative, p.letter ? `part ${p.letter}` : "operative part"));
  doc.annexes.forEach((a, i) => blockLists(a.children, `annex ${i + 1}`));
  return out;
}

function footnoteProblems(doc: Resolution): QualityReport["footnotes"] {
  const referenced = new Set<string>();
  const collect = (xs: readonly Inline[]) => {
    for (const x of xs) {
      if (x.kind === "noteReference") referenced.add(x.marker);
      if (x.kind === "italic") collect(x.children);
    }
  };
  for (const list of [...inlineLists(doc), ...doc.footnotes.map((f) => f.content)]) collect(list);
  const texts = new Set(doc.footnotes.map((f) => f.marker));
  return {
    unreferenced: doc.footnotes.map((f) => f.marker).filter((m) => !referenced.has(m)),
    missing: [...referenced].filter((m) => !texts.has(m)),
  };
}

// --- text conservation -----------------------------------------------------

/**
 * The document's text in reading order as the input prints it: labels before
 * their text, footnote markers where they stand, closing lines, footnotes last.
 */
function documentStream(doc: Resolution): string {
  const out: string[] = [];
  const t = (xs: readonly Inline[] | undefined) => xs && out.push(plainText(xs, true));
  const points = (ps: readonly Point[] | undefined) => {
    for (const p of ps ?? []) {
      out.push(p.label);
      t(p.content);
      points(p.points);
      t(p.wrapUp);
    }
  };
  const blocks = (bs: readonly Block[]) => {
    for (const b of bs) {
      switch (b.kind) {
        case "operativeParagraph":
          if (b.num) out.push(b.num);
          t(b.content);
          points(b.points);
          t(b.wrapUp);
          break;
        case "section":
          if (b.heading.num) out.push(b.heading.num);
          t(b.heading.content);
          blocks(b.children);
          break;
        case "heading":
          if (b.num) out.push(b.num);
          t(b.content);
          break;
        case "table":
          for (const r of b.rows) for (const c of r.cells) t(c.content);
          break;
        default:
          t(b.content);
      }
    }
  };
  const m = doc.meta;
  if (m.adoptionLine) out.push(m.adoptionLine);
  if (m.committee) out.push(m.committee.text);
  if (m.number) out.push(`${m.number}.`);
  t(doc.title);
  for (const p of doc.parts) {
    if (p.letter) out.push(p.letter);
    t(p.title);
    t(p.formula?.content);
    for (const pp of p.preamble) t(pp.content);
    blocks(p.operative);
    if (p.conclusion?.meetingText) out.push(p.conclusion.meetingText);
    if (p.conclusion?.date) out.push(p.conclusion.date.text);
  }
  for (const a of doc.annexes) {
    out.push(a.label);
    t(a.title);
    blocks(a.children);
  }
  for (const f of doc.footnotes) {
    out.push(f.marker);
    t(f.content);
  }
  return out.join("");
}

const squeeze = (s: string) => s.replace(/\s+/g, "");
/** How far ahead in the document an input line may be found and still count as in order. */
const ORDER_WINDOW = 4000;

function conservation(text: string, doc: Resolution, diagnostics: readonly Diagnostic[]): QualityReport["conservation"] {
  const stream = squeeze(documentStream(doc));
  // text the diagnostics quote: residue lines, page furniture, comment anchors
  const quoted = diagnostics.flatMap((d) => [...d.message.matchAll(/"([^"]*)"/g)].map((m) => squeeze(m[1]))).filter(Boolean);
  const result: QualityReport["conservation"] = { checked: true, inputCharacters: 0, inDocument: 0, inDiagnostics: 0, outOfOrder: 0, missing: [] };
  let at = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let rest = squeeze(lines[i]);
    if (!rest) continue;
    result.inputCharacters += rest.length;
    // a quoted piece at the start of the line (e.g. "[DU1]") is accounted for by its diagnostic
    for (const q of quoted) {
      if (rest.startsWith(q) && !stream.startsWith(rest, at)) {
        if (q.length === rest.length || !stream.startsWith(q, at)) {
          result.inDiagnostics += q.length;
          rest = rest.slice(q.length);
          break;
        }
      }
    }
    if (!rest) continue;
    if (stream.startsWith(rest, at)) {
      at += rest.length;
      result.inDocument += rest.length;
      continue;
    }
    const ahead = stream.indexOf(rest, at);
    if (ahead >= 0 && ahead - at <= ORDER_WINDOW) {
      at = ahead + rest.length;
      result.inDocument += rest.length;
      continue;
    }
    if (quoted.some((q) => q.includes(rest))) {
      result.inDiagnostics += rest.length;
      continue;
    }
    if (ahead >= 0 || stream.includes(rest)) {
      result.outOfOrder += rest.length;
      continue;
    }
    result.missing.push({ line: i + 1, text: lines[i].trim() });
  }
  return result;
}
