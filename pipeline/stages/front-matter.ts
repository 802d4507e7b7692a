/**
 * front matter: extracted text → the YAML front matter fields and the lines
 * after it.
 *
 * The third-party PDF extractions (para-text, pdf-text) open with a block of
 * `key: value` lines between `---` fences (symbol, title, date, source URL).
 * Only flat scalar fields occur, so a line-level reader is enough and keeps
 * this stage free of a YAML dependency; values in double quotes are unquoted.
 */
import { diag, type Diagnostic } from "../diagnostics.ts";

/** One input line with its 1-based number; trailing blanks removed. */
export interface TextLine {
  line: number;
  text: string;
}

export interface FrontMatter {
  /** The fields as strings: { symbol: "A/RES/80/1", date: "2025-09-19", … }. */
  fields: Record<string, string>;
  /** The input lines after the closing fence (all lines when there is no front matter). */
  lines: TextLine[];
  diagnostics: Diagnostic[];
}

const FIELD = /^([A-Za-z_][\w-]*):\s*(.*)$/;

/** Whether `text` opens with a front matter block that names a document symbol. */
export function hasFrontMatter(text: string): boolean {
  return /^\uFEFF?---\n(?:[^\n]*\n){0,30}?symbol:\s*\S[^\n]*\n(?:[^\n]*\n){0,30}?---\s*\n/.test(text);
}

export function readFrontMatter(text: string): FrontMatter {
  const all = text.split("\n").map((t, i): TextLine => ({ line: i + 1, text: t.replace(/[ \t\u00a0]+$/, "") }));
  if (all.length && all[all.length - 1].text === "" ) all.pop();
  const fields: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  if (all[0]?.text.replace(/^\uFEFF/, "") !== "---") return { fields, lines: all, diagnostics };
  const close = all.findIndex((l, i) => i > 0 && l.text === "---");
  if (close < 0) {
    diagnostics.push(diag("front-matter-unclosed", "warning", "front matter opened with --- is never closed; read as text", 1));
    return { fields, lines: all, diagnostics };
  }
  for (const l of all.slice(1, close)) {
    const m = FIELD.exec(l.text);
    if (!m) {
      if (l.text.trim()) diagnostics.push(diag("front-matter-line", "info", `front matter line not understood, ignored: "${l.text.trim()}"`, l.line));
      continue;
    }
    fields[m[1]] = unquote(m[2].trim());
  }
  return { fields, lines: all.slice(close + 1), diagnostics };
}

/** `"a \"b\""` → `a "b"`; bare values stay as they are. */
function unquote(v: string): string {
  const m = /^"(.*)"$/.exec(v);
  return m ? m[1].replace(/\\(["\\])/g, "$1") : /^'(.*)'$/.exec(v)?.[1] ?? v;
}
