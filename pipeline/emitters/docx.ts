/**
 * DOCX emitter: a Word document an editor can keep working in. Layout numbers
 * come from the print template (templates/print).
 *
 * Only the registration lives here. The implementation (docx/emit.ts) pulls
 * in the docx library, whose loading costs more than converting a short
 * resolution to AKN and YAML, so it is imported on the first DOCX emitted and
 * a run without DOCX output never loads it.
 */
import type { Resolution } from "../ast.ts";
import { registerEmitter, type EmitContext, type EmitResult } from "./registry.ts";

let implementation: Promise<typeof import("./docx/emit.ts")> | undefined;

export async function emitDocx(doc: Resolution, ctx: EmitContext): Promise<EmitResult> {
  // A failed import is not cached: the next document tries again and reports its own error.
  implementation ??= import("./docx/emit.ts").catch((e: unknown) => {
    implementation = undefined;
    throw e;
  });
  return (await implementation).emitDocx(doc, ctx);
}

registerEmitter({
  name: "docx",
  extension: ".docx",
  description: "Word document with named styles, real footnotes and list numbering",
  emit: emitDocx,
  // Each document allocates the document XML and its zip. 32 MB against the default 16: DOCX alone 3.57 against 3.71 s (3 pairs); all four formats took 13 % longer at 16 (pool.ts).
  workerYoungGenerationMb: 32,
});
