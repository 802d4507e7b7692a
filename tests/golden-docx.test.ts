/**
 * DOCX golden files: for each tests/golden/<case>/input.txt, the XML parts of
 * the DOCX (document, footnotes, styles) must equal
 * tests/golden/<case>/expected.docx/<part>.xml, one tag per line so a diff
 * shows what moved. RESOLUTE_GOLDEN_UPDATE=1 rewrites them.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Resolution } from "../pipeline/ast.ts";
import { emitDocx } from "../pipeline/emitters/docx.ts";
import { readZip } from "../pipeline/emitters/docx/zip.ts";

const GOLDEN = path.resolve(import.meta.dirname, "golden");
const UPDATE = process.env.RESOLUTE_GOLDEN_UPDATE === "1";
const PARTS = ["word/document.xml", "word/footnotes.xml", "word/styles.xml"];
const NOW = new Date("2000-01-01T00:00:00Z");

/** One element per line: stable, diff-friendly, and text nodes stay with their tags. */
function pretty(xml: string): string {
  return xml.replace(/></g, ">\n<") + "\n";
}

const cases = fs.existsSync(GOLDEN)
  ? fs
      .readdirSync(GOLDEN)
      .filter((c) => fs.existsSync(path.join(GOLDEN, c, "input.txt")))
      .sort()
  : [];

async function parse(text: string): Promise<Resolution> {
  const { parseResolution } = await import("../pipeline/convert.ts");
  return parseResolution(text).doc;
}

describe("docx golden files", () => {
  it.skipIf(cases.length > 0)("has golden cases (skipped: no tests/golden/<case>/input.txt yet)", () => {});

  for (const c of cases) {
    const missing = !UPDATE && !fs.existsSync(path.join(GOLDEN, c, "expected.docx", "document.xml"));
    const name = `${c}: document, footnotes and styles XML${missing ? " (skipped: no expected.docx yet, run with RESOLUTE_GOLDEN_UPDATE=1)" : ""}`;
    it.skipIf(missing)(name, async () => {
      const doc = await parse(fs.readFileSync(path.join(GOLDEN, c, "input.txt"), "utf8"));
      const r = await emitDocx(doc, { now: NOW });
      const entries = new Map(readZip(r.data as Uint8Array).map((e) => [e.name, new TextDecoder().decode(e.data)]));
      for (const part of PARTS) {
        const actual = pretty(entries.get(part) ?? "");
        const file = path.join(GOLDEN, c, "expected.docx", `${path.basename(part)}`);
        if (UPDATE) {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, actual);
          continue;
        }
        expect(actual, `${c} ${part} (RESOLUTE_GOLDEN_UPDATE=1 to accept)`).toBe(fs.readFileSync(file, "utf8"));
      }
    });
  }
});
