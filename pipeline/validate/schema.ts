/**
 * In-process validation against the OASIS Akoma Ntoso 3.0 schema.
 *
 * libxml2 (compiled to WebAssembly by the `libxml2-wasm` package) does the
 * work, so no external `xmllint` and no network are needed. The schema is
 * compiled once per validator; a run validates hundreds of documents with it.
 */

import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
// Types only: the library is imported when a schema is loaded (loadSchemaValidator).
import type { ErrorDetail, XmlBufferInputProvider, XmlDocument, XsdValidator } from "libxml2-wasm";
import type { Diagnostic } from "../diagnostics.ts";

export const MAIN_XSD = "akomantoso30.xsd";
export const XML_XSD = "xml.xsd";

/** Where the W3C publishes xml.xsd; some copies of the AKN schema import it from there. */
const XML_XSD_CANONICAL_URLS = ["http://www.w3.org/2001/xml.xsd", "https://www.w3.org/2001/xml.xsd"];

const AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

export interface SchemaValidator {
  /** Diagnostics for one serialized document; empty when it is well-formed and valid. */
  validate(xml: string): Diagnostic[];
  /** Frees the compiled schema; the validator must not be used afterwards. */
  dispose(): void;
}

/** True when `dir` holds the schema and the xml.xsd it imports. */
function isSchemaDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, MAIN_XSD)) && fs.existsSync(path.join(dir, XML_XSD));
}

/**
 * The directory holding akomantoso30.xsd and xml.xsd, or null.
 *
 * An explicit `--schema` (a directory or the .xsd file itself) is
 * authoritative: when it does not point at the schema the answer is null
 * rather than a silent fall-back to some other copy. Otherwise the first of
 * RESOLUTE_SCHEMA, RESOLUTE_SHARED/schema and <cwd>/../shared/schema that
 * holds both files wins. Relative paths are taken from `cwd`.
 */
export function findSchemaDir(opts: {
  flag?: string;
  env?: Record<string, string | undefined>;
  cwd: string;
}): string | null {
  const env = opts.env ?? {};
  const asDir = (p: string): string => {
    const abs = path.resolve(opts.cwd, p);
    return abs.toLowerCase().endsWith(".xsd") ? path.dirname(abs) : abs;
  };
  if (opts.flag) {
    const dir = asDir(opts.flag);
    return isSchemaDir(dir) ? dir : null;
  }
  const candidates: string[] = [];
  if (env.RESOLUTE_SCHEMA) candidates.push(asDir(env.RESOLUTE_SCHEMA));
  if (env.RESOLUTE_SHARED) candidates.push(path.resolve(opts.cwd, env.RESOLUTE_SHARED, "schema"));
  candidates.push(path.resolve(opts.cwd, "..", "shared", "schema"));
  return candidates.find(isSchemaDir) ?? null;
}

/*
 * libxml2 reads imported schema files through input callbacks that are
 * global to the wasm instance and cannot be unregistered one by one. So one
 * provider is registered for the whole process, and it only ever answers for
 * the virtual URLs a schema compilation is currently using: it cannot shadow
 * real files for any other code that registers its own providers.
 */
let provider: XmlBufferInputProvider | null = null;
let compileCount = 0;

function schemaInputProvider(lib: typeof import("libxml2-wasm")): XmlBufferInputProvider {
  if (!provider) {
    provider = new lib.XmlBufferInputProvider({});
    if (!lib.xmlRegisterInputProvider(provider)) {
      provider = null;
      throw new Error("libxml2: could not register an input provider (callback table full)");
    }
  }
  return provider;
}

/** libxml2 messages end in "\n" and spell AKN elements as {namespace}name. */
function cleanMessage(message: string): string {
  return message.replaceAll(`{${AKN_NS}}`, "").trim();
}

function toDiagnostics(code: string, details: ErrorDetail[], fallback: string): Diagnostic[] {
  // Warnings (level 1) do not make a document invalid; only report what does.
  const errors = details.filter((d) => d.level >= 2);
  if (errors.length === 0) return [{ code, severity: "error", message: fallback }];
  return errors.map((d) => {
    const out: Diagnostic = { code, severity: "error", message: cleanMessage(d.message) };
    if (d.line > 0) out.line = d.line;
    if (d.col > 0) out.column = d.col;
    return out;
  });
}

/**
 * Compiles the schema in `schemaDir` (akomantoso30.xsd + xml.xsd).
 * Throws when the files are missing or do not compile: that is a set-up
 * problem, not a property of any document.
 */
export async function loadSchemaValidator(schemaDir: string): Promise<SchemaValidator> {
  // Imported here rather than at the top: the library is an ES module with
  // top-level await, which the CommonJS bundle of the CLI (cli/build.cjs)
  // can only load through a dynamic import, and the wasm build of libxml2 is
  // only worth loading (and its memory only worth paying) when AKN is validated.
  const lib = await import("libxml2-wasm");
  const { ParseOption, XmlDocument, XmlError, XmlLibError, XmlParseError, XmlValidateError, XsdValidator } = lib;
  const [mainXsd, xmlXsd] = await Promise.all([
    fsp.readFile(path.join(schemaDir, MAIN_XSD)),
    fsp.readFile(path.join(schemaDir, XML_XSD)),
  ]);

  // The schema is parsed under a virtual URL so that its relative import
  // (schemaLocation="./xml.xsd") resolves to a name only our provider
  // serves, from the bytes read above: never the network, never another copy.
  const base = `/resolute-schema-${++compileCount}/`;
  const served = [base + XML_XSD, ...XML_XSD_CANONICAL_URLS];
  const inputs = schemaInputProvider(lib);
  for (const url of served) inputs.addBuffer(url, xmlXsd);

  let xsdDoc: XmlDocument | null = null;
  let validator: XsdValidator;
  try {
    xsdDoc = XmlDocument.fromBuffer(mainXsd, { url: base + MAIN_XSD, option: ParseOption.XML_PARSE_NONET });
    validator = XsdValidator.fromDoc(xsdDoc);
  } catch (e) {
    xsdDoc?.dispose();
    const detail = e instanceof XmlLibError ? e.details.map((d) => d.message.trim()).join("; ") : String(e);
    throw new Error(`cannot compile ${path.join(schemaDir, MAIN_XSD)}: ${detail || String(e)}`);
  } finally {
    for (const url of served) inputs.removeBuffer(url);
  }
  // The compiled schema may still point into the schema's tree (annotations,
  // error locations), so the tree lives as long as the validator.
  const schemaDoc = xsdDoc;

  // No external entities or DTDs: documents are data, not instructions.
  const parseOptions = {
    option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES,
  };
  let disposed = false;

  return {
    validate(xml: string): Diagnostic[] {
      if (disposed) throw new Error("schema validator used after dispose()");
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromString(xml, parseOptions);
      } catch (e) {
        if (e instanceof XmlParseError) {
          return toDiagnostics("xml-not-well-formed", e.details, "document is not well-formed XML");
        }
        throw e;
      }
      try {
        validator.validate(doc);
        return [];
      } catch (e) {
        if (e instanceof XmlValidateError) {
          return toDiagnostics("schema-invalid", e.details, "document is not valid against the schema");
        }
        if (e instanceof XmlError) {
          return [{ code: "schema-invalid", severity: "error", message: `validator failed: ${e.message}` }];
        }
        throw e;
      } finally {
        // Every document lives in wasm memory that JS garbage collection does not see.
        doc.dispose();
      }
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      validator.dispose();
      schemaDoc.dispose();
    },
  };
}
