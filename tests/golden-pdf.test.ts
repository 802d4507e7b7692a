/**
 * Golden PDF outputs: the text pdftotext reads back (expected.pdf.txt) and a
 * sha256 of the bytes (expected.pdf.sha256), for every case directory in
 * tests/golden/ with an input.txt (read with the text parser) and for the
 * hand-built fixtures (tests/golden-pdf/<fixture>/). With
 * RESOLUTE_GOLDEN_UPDATE=1 the expectations are rewritten instead of compared.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Resolution } from "../pipeline/ast.ts";
import "../pipeline/emitters/pdf.ts";
import { getEmitter } from "../pipeline/emitters/registry.ts";
import { have, pdfText } from "../scripts/pdf-check.ts";
import { partsAst, structuresAst } from "./fixtures/pdf-extra.ts";
import { seedAst } from "./fixtures/seed-ast.ts";

const UPDATE = process.env.RESOLUTE_GOLDEN_UPDATE === "1";
const NOW = new Date(Date.UTC(2024, 0, 8, 12, 0, 0));
const HERE = import.meta.dirname;
const GOLDEN = path.join(HERE, "golden");
const FIXTURE_GOLDEN = path.join(HERE, "golden-pdf");
const POPPLER = have("pdftotext");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "resolute-golden-pdf-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Parse = (text: string) => { doc: Resolution };
async function loadParser(): Promise<Parse | null> {
  try {
    return ((await import("../pipeline/convert.ts")) as { parseResolution?: Parse }).parseResolution ?? null;
  } catch {
    return null;
  }
}
const parser = await loadParser();

interface Case {
  name: string;
  dir: string;
  doc: () => Resolution;
}

const cases: Case[] = [
  { name: "fixture-seed", dir: path.join(FIXTURE_GOLDEN, "seed"), doc: () => seedAst },
  { name: "fixture-structures", dir: path.join(FIXTURE_GOLDEN, "structures"), doc: () => structuresAst },
  { name: "fixture-parts", dir: path.join(FIXTURE_GOLDEN, "parts"), doc: () => partsAst },
];
const inputCases = fs.existsSync(GOLDEN)
  ? fs
      .readdirSync(GOLDEN)
      .filter((d) => fs.existsSync(path.join(GOLDEN, d, "input.txt")))
      .sort()
  : [];
for (const d of inputCases) {
  cases.push({ name: d, dir: path.join(GOLDEN, d), doc: () => parser!(fs.readFileSync(path.join(GOLDEN, d, "input.txt"), "utf8")).doc });
}

function title(name: string, skipped: string | false): string {
  return skipped ? `${name} (skipped: ${skipped})` : name;
}

describe("golden PDF", () => {
  for (const c of cases) {
    const needsParser = !c.name.startsWith("fixture-");
    const shaFile = path.join(c.dir, "expected.pdf.sha256");
    const txtFile = path.join(c.dir, "expected.pdf.txt");
    const missing = !UPDATE && !fs.existsSync(shaFile) ? "no expected.pdf.sha256 yet: run with RESOLUTE_GOLDEN_UPDATE=1" : false;
    const skip = needsParser && !parser ? "pipeline/convert.ts parseResolution not available" : missing;

    it(title(`${c.name}: pdf bytes and text match the golden files`, skip), async (ctx) => {
      if (skip) ctx.skip(skip);
      const r = await getEmitter("pdf")!.emit(c.doc(), { now: NOW, template: "letter" });
      const data = r.data as Uint8Array;
      const sha = createHash("sha256").update(data).digest("hex");
      const file = path.join(tmp, `${c.name}.pdf`);
      fs.writeFileSync(file, data);
      const text = POPPLER ? pdfText(file) : null;
      if (UPDATE) {
        fs.mkdirSync(c.dir, { recursive: true });
        fs.writeFileSync(shaFile, sha + "\n");
        if (text !== null) fs.writeFileSync(txtFile, text);
        return;
      }
      // Text first: a text difference says more than a hash difference.
      if (text !== null && fs.existsSync(txtFile)) expect(text).toBe(fs.readFileSync(txtFile, "utf8"));
      expect(sha).toBe(fs.readFileSync(shaFile, "utf8").trim());
    });
  }
});
