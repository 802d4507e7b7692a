/**
 * The `yaml` reader: the YAML emitter's output (the AST dumped with a fixed
 * key order, pipeline/emitters/yaml.ts) back into a Resolution.
 *
 * The YAML is meant to be edited by people, so its shape is checked against
 * the node kinds of pipeline/ast.ts before anything downstream sees it. The
 * checker is hand-written (a table of node shapes below) rather than a
 * schema library: the AST is small, and a hand-written walk can say exactly
 * where a hand edit went wrong, "parts[0].preamble[2]: expected kind
 * preambularParagraph, got operativeParagraph", with the line it is on. The
 * first problem found is the one reported: one clear message beats a cascade
 * of follow-on errors from a single slip.
 */
import { createRequire } from "node:module";
import type { Document, LineCounter } from "yaml";
import type { Resolution } from "../ast.ts";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { registerReader, type ReadResult } from "./registry.ts";

/**
 * The yaml library, loaded on the first YAML input rather than at start-up:
 * most runs read text, and every worker thread would pay ~60 ms for it.
 */
let yamlLib: typeof import("yaml") | undefined;
const lib = () => (yamlLib ??= createRequire(import.meta.url)("yaml") as typeof import("yaml"));

type Path = (string | number)[];

interface Problem {
  path: Path;
  message: string;
}

/** One node shape: what it is called in messages, and its check (which may clean the value in place). */
interface Shape {
  what: string;
  check(v: unknown, path: Path): Problem | null;
}

function typeName(v: unknown): string {
  if (v === null) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") {
    const k = (v as Record<string, unknown>).kind;
    return typeof k === "string" ? `kind ${k}` : "a mapping";
  }
  if (typeof v === "string") return `the string "${v.length > 30 ? v.slice(0, 30) + "…" : v}"`;
  return `a ${typeof v} (${String(v)})`;
}

const str: Shape = {
  what: "a string",
  check: (v, path) =>
    typeof v === "string"
      ? null
      : { path, message: `expected a string, got ${typeName(v)}${typeof v === "number" || typeof v === "boolean" ? ` (quote it: "${String(v)}")` : ""}` },
};

const int: Shape = {
  what: "a line number",
  check: (v, path) => (Number.isInteger(v) && (v as number) > 0 ? null : { path, message: `expected a line number (a positive integer), got ${typeName(v)}` }),
};

const bool: Shape = {
  what: "true or false",
  check: (v, path) => (typeof v === "boolean" ? null : { path, message: `expected true or false, got ${typeName(v)}` }),
};

function list(of: Shape): Shape {
  return {
    what: `a list of ${of.what}`,
    check(v, path) {
      if (!Array.isArray(v)) return { path, message: `expected a list of ${of.what}, got ${typeName(v)}` };
      for (let i = 0; i < v.length; i++) {
        const p = of.check(v[i], [...path, i]);
        if (p) return p;
      }
      return null;
    },
  };
}

type Fields = Record<string, { shape: Shape; optional?: boolean }>;

const req = (shape: Shape) => ({ shape });
const opt = (shape: Shape) => ({ shape, optional: true });

/** A mapping with these fields and no others; `kind` (when given) must be that kind. */
function node(kind: string | null, what: string, fields: () => Fields): Shape {
  return {
    what,
    check(v, path) {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        return { path, message: `expected ${kind ? `kind ${kind}` : what}, got ${typeName(v)}` };
      }
      const obj = v as Record<string, unknown>;
      if (kind !== null && obj.kind !== kind) {
        return obj.kind === undefined
          ? { path, message: `missing kind (expected kind ${kind})` }
          : { path, message: `expected kind ${kind}, got ${typeName(obj)}` };
      }
      const fs = fields();
      for (const key of Object.keys(obj)) {
        if (key === "kind" && kind !== null) continue;
        if (!(key in fs)) {
          const allowed = [...(kind ? ["kind"] : []), ...Object.keys(fs)].join(", ");
          return { path: [...path, key], message: `unknown key ${key} in ${kind ? `a ${kind}` : what} (expected one of ${allowed})` };
        }
      }
      for (const [key, f] of Object.entries(fs)) {
        if (obj[key] === undefined || obj[key] === null) {
          if (f.optional) {
            // "num:" with nothing after it: the field is absent
            delete obj[key];
            continue;
          }
          return { path, message: `missing ${key} (${f.shape.what}) in ${kind ? `a ${kind}` : what}` };
        }
        const p = f.shape.check(obj[key], [...path, key]);
        if (p) return p;
      }
      return null;
    },
  };
}

/** One of several node kinds, chosen by `kind`. */
function oneOf(what: string, shapes: Record<string, Shape>): Shape {
  return {
    what,
    check(v, path) {
      const k = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>).kind : undefined;
      const shape = typeof k === "string" ? shapes[k] : undefined;
      if (!shape) {
        const kinds = Object.keys(shapes).join(", ");
        return { path, message: `expected ${what} (kind ${kinds}), got ${k === undefined ? typeName(v) : `kind ${String(k)}`}` };
      }
      return shape.check(v, path);
    },
  };
}

// ------------------------------------------------------- the AST's shapes

const source = node(null, "a source span", () => ({ startLine: req(int), endLine: req(int) }));
const dateValue = node(null, "a date (text, iso)", () => ({ text: req(str), iso: req(str) }));

const inline: Shape = oneOf("an inline", {
  text: node("text", "text", () => ({ text: req(str) })),
  openingPhrase: node("openingPhrase", "an opening phrase", () => ({ text: req(str) })),
  italic: node("italic", "italics", () => ({ children: req(inlines) })),
  documentReference: node("documentReference", "a document reference", () => ({ text: req(str), symbol: req(str) })),
  date: node("date", "a date", () => ({ text: req(str), iso: req(str) })),
  noteReference: node("noteReference", "a footnote reference", () => ({ marker: req(str) })),
  lineBreak: node("lineBreak", "a line break", () => ({})),
});
const inlines: Shape = list(inline);

const point: Shape = node("point", "a point", () => ({
  label: req(str),
  content: req(inlines),
  points: opt(list(point)),
  wrapUp: opt(inlines),
  source: opt(source),
}));

const heading: Shape = node("heading", "a heading", () => ({ num: opt(str), content: req(inlines), source: opt(source) }));

const preambular: Shape = node("preambularParagraph", "a preambular paragraph", () => ({
  openingPhrase: opt(str),
  content: req(inlines),
  source: opt(source),
}));

const tableCell = node(null, "a table cell (header, content)", () => ({ header: req(bool), content: req(inlines) }));
const tableRow = node(null, "a table row (cells)", () => ({ cells: req(list(tableCell)), source: opt(source) }));

const block: Shape = oneOf("a block", {
  operativeParagraph: node("operativeParagraph", "an operative paragraph", () => ({
    num: opt(str),
    openingVerb: opt(str),
    content: req(inlines),
    points: opt(list(point)),
    wrapUp: opt(inlines),
    source: opt(source),
  })),
  preambularParagraph: preambular,
  heading,
  section: node("section", "a section", () => ({ heading: req(heading), children: req(list(block)), source: opt(source) })),
  textBlock: node("textBlock", "a text block", () => ({ content: req(inlines), source: opt(source) })),
  table: node("table", "a table", () => ({ rows: req(list(tableRow)), source: opt(source) })),
});

const part: Shape = node("part", "a resolution part", () => ({
  letter: opt(str),
  title: opt(inlines),
  formula: opt(node("formula", "a formula", () => ({ content: req(inlines), source: opt(source) }))),
  preamble: req(list(preambular)),
  operative: req(list(block)),
  conclusion: opt(
    node("conclusion", "closing lines", () => ({ meetingText: opt(str), meeting: opt(str), date: opt(dateValue), source: opt(source) })),
  ),
  source: opt(source),
}));

const annex: Shape = node("annex", "an annex", () => ({
  label: req(str),
  title: opt(inlines),
  children: req(list(block)),
  source: opt(source),
}));

const footnote: Shape = node("footnote", "a footnote", () => ({ marker: req(str), content: req(inlines), source: opt(source) }));

const metadata: Shape = node(null, "the metadata", () => ({
  symbol: opt(str),
  number: opt(str),
  title: opt(str),
  adoptionLine: opt(str),
  adoptionDate: opt(dateValue),
  issueDate: opt(dateValue),
  session: opt(str),
  sessionName: opt(str),
  agenda: opt(node(null, "an agenda line (text, items)", () => ({ text: req(str), items: req(list(str)), title: opt(str) }))),
  committee: opt(
    node(null, "a committee line (text)", () => ({ text: req(str), committee: opt(str), name: opt(str), reportSymbol: opt(str) })),
  ),
  meeting: opt(str),
  jobNumber: opt(str),
  language: req(str),
}));

const resolution: Shape = node("resolution", "a resolution", () => ({
  meta: req(metadata),
  title: req(inlines),
  parts: req(list(part)),
  annexes: req(list(annex)),
  footnotes: req(list(footnote)),
}));

// ------------------------------------------------------------------ reading

function formatPath(path: Path): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** The line of the deepest node of `path` that the document has. */
function lineOf(ydoc: Document, lc: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = ydoc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    let range = found?.range;
    if (n > 0 && n === path.length && typeof path[n - 1] === "string") {
      // point at the key line, not the value (a block value starts on the next line)
      const parent = ydoc.getIn(path.slice(0, n - 1), true);
      if (lib().isMap(parent)) {
        const pair = parent.items.find((it) => (it.key as { value?: unknown } | null)?.value === path[n - 1]);
        const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (keyRange) range = keyRange;
      }
    }
    if (range) return lc.linePos(range[0]).line;
  }
  return undefined;
}

function emptyDoc(): Resolution {
  return { kind: "resolution", meta: { language: "en" }, title: [], parts: [], annexes: [], footnotes: [] };
}

function fail(d: Diagnostic): ReadResult {
  return { doc: emptyDoc(), diagnostics: [d] };
}

export function readYaml(text: string): ReadResult {
  const { LineCounter, parseDocument, isCollection } = lib();
  const lc = new LineCounter();
  const ydoc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const err = ydoc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line;
    const first = err.message.split("\n")[0].replace(/\s+at line \d+, column \d+:?$/, "");
    return fail(diag("yaml-syntax", "error", `not valid YAML: ${first}`, line));
  }
  let value: unknown;
  try {
    value = ydoc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // alias bombs and the like: the yaml library refuses them by throwing
    return fail(diag("yaml-syntax", "error", `not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, 1));
  }
  if (!isCollection(ydoc.contents)) {
    return fail(diag("yaml-invalid", "error", `expected a resolution (a mapping with kind: resolution), got ${typeName(value)}`, 1));
  }
  const problem = resolution.check(value, []);
  if (problem) {
    const where = formatPath(problem.path);
    const d = diag("yaml-invalid", "error", where ? `${where}: ${problem.message}` : problem.message);
    const line = lineOf(ydoc, lc, problem.path);
    return fail(line === undefined ? d : { ...d, line });
  }
  return { doc: value as Resolution, diagnostics: [] };
}

/** YAML whose top level says kind: resolution (the emitter writes it first, after a comment). */
export function detectYaml(text: string): number {
  const head = text.replace(/^\uFEFF/, "").slice(0, 65536);
  if (/^\s*</.test(head)) return 0;
  if (/^kind:[ \t]*["']?resolution["']?[ \t]*(?:#.*)?$/m.test(head)) return 0.95;
  // JSON is YAML too
  if (/^\s*\{[\s\S]*"kind"\s*:\s*"resolution"/.test(head)) return 0.9;
  return 0;
}

registerReader({
  name: "yaml",
  description: "the document tree as YAML (resolute's own YAML output, checked against the AST's node kinds)",
  detect: detectYaml,
  read: readYaml,
});
