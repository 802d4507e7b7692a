/**
 * Lint for our AKN output: the checks of ../shared/spec/akn4un.md ("Checks
 * every output must pass", item 2) that the OASIS schema cannot express.
 *
 *   lint-eid-duplicate    an eId used twice in one document
 *   lint-eid-pattern      an eId outside the naming convention
 *   lint-eid-prefix       an eId inside annex N that does not start with att_N
 *   lint-eid-num          an eId whose number disagrees with the element's <num>
 *                         (a "-N" suffix that tells apart repeated numbers is allowed)
 *   lint-ref-form         a source / as / refersTo / FRBRauthor href that is not "#name"
 *                         (also noteRef and documentRef href)
 *   lint-dangling-ref     a "#name" that names no eId of the document
 *   lint-iri              FRBRthis / FRBRuri / FRBRdate / FRBRnumber not in the spec's forms
 *   lint-missing-element  no preface, no meta/references, root not akomaNtoso
 *
 * It expects a well-formed document (schema validation reports that) and
 * never throws on a broken one: it checks what it can read.
 *
 * "Document" means what the schema's eId uniqueness constraint covers: the
 * top-level document (statement, documentCollection, ...) with its
 * attachments, or one component document of a collection. The component
 * wrappers (akomaNtoso/components/component eId="comp_N") belong to no
 * document; any document may point at them (collectionBody documentRef).
 */

import type { Diagnostic } from "../diagnostics.ts";
import { INVALID_XML_CHARS } from "../emitters/akn/xml.ts";

// ---------------------------------------------------------------- scanning

interface Attr {
  name: string;
  value: string;
  line: number;
}

interface El {
  /** Local name: the AKN namespace is the default one, other prefixes are dropped. */
  name: string;
  line: number;
  /**
   * In document order, names unique. A list, not a Map: elements have a few
   * attributes at most, and a Map per element was most of the lint's time.
   */
  attrs: Attr[];
  parent: El | null;
  children: El[];
  /** Text content, collected only for <num> (the eId check needs it). */
  text: string;
}

/*
 * A small tag scanner rather than a DOM: lint needs elements, attributes and
 * their line numbers, which neither fast-xml-parser's object model nor a wasm
 * DOM gives cheaply. The alternatives of the regex skip comments, CDATA,
 * processing instructions and the doctype; group 1 is an end tag's name,
 * groups 2-4 a start tag's name, attributes and self-closing slash.
 */
const MARKUP =
  /<(?:!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|\?[\s\S]*?\?>|!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|\/([^\s>]+)\s*>|([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>)/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** The element tree of `xml` (elements only), or null when it has no element. */
function scan(xml: string): El | null {
  const rootHolder: El = { name: "#document", line: 0, attrs: [], parent: null, children: [], text: "" };
  let current = rootHolder;
  let openNum: El | null = null;
  let line = 1;
  let pos = 0;
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(xml); m !== null; m = MARKUP.exec(xml)) {
    if (openNum) openNum.text += decode(xml.slice(pos, m.index));
    line += countNewlines(xml, pos, m.index);
    const [tag, endName, startName, attrText, selfClose] = m;
    if (endName !== undefined) {
      // Tolerate a stray end tag rather than unwinding past the root.
      if (current !== rootHolder) {
        if (current === openNum) openNum = null;
        current = current.parent ?? rootHolder;
      }
    } else if (startName !== undefined) {
      const el: El = {
        name: startName.slice(startName.indexOf(":") + 1),
        line,
        attrs: [],
        parent: current,
        children: [],
        text: "",
      };
      if (attrText) {
        const attrStart = m.index + 1 + startName.length;
        ATTR.lastIndex = 0;
        for (let a = ATTR.exec(attrText); a !== null; a = ATTR.exec(attrText)) {
          // Attributes of one tag can sit on several lines; report each on its own.
          const attrLine = line + countNewlines(xml, attrStart, attrStart + a.index);
          setAttr(el, a[1], decode(a[2] ?? a[3] ?? ""), attrLine);
        }
      }
      current.children.push(el);
      if (!selfClose) {
        current = el;
        if (el.name === "num" && !openNum) openNum = el;
      }
    }
    line += countNewlines(tag, 0, tag.length);
    pos = m.index + tag.length;
  }
  return rootHolder.children[0] ?? null;
}

function child(el: El, name: string): El | undefined {
  return el.children.find((c) => c.name === name);
}

function childrenNamed(el: El, name: string): El[] {
  return el.children.filter((c) => c.name === name);
}

function getAttr(el: El | undefined, name: string): Attr | undefined {
  if (!el) return undefined;
  for (let i = 0; i < el.attrs.length; i++) if (el.attrs[i].name === name) return el.attrs[i];
  return undefined;
}

function attr(el: El | undefined, name: string): string | undefined {
  return getAttr(el, name)?.value;
}

/** A repeated attribute keeps its first place and takes the later value, as a Map would. */
function setAttr(el: El, name: string, value: string, line: number): void {
  const a = getAttr(el, name);
  if (a) {
    a.value = value;
    a.line = line;
  } else el.attrs.push({ name, value, line });
}

/** Elements of `el`'s subtree in document order; `skip` prunes a subtree. (An array, not a generator: several times faster.) */
function walk(el: El, skip?: (e: El) => boolean, out: El[] = []): El[] {
  out.push(el);
  for (let i = 0; i < el.children.length; i++) if (!skip?.(el.children[i])) walk(el.children[i], skip, out);
  return out;
}

// ------------------------------------------------------------------ checks

/*
 * OASIS naming convention: segments joined by "__", each an element
 * abbreviation optionally followed by "_" and the number taken from <num>
 * ("para_7", "point_a", "sec_II", "intro", "coverPage"). The number keeps
 * inner dots or hyphens ("1.2") but has no "_" of its own, which is what
 * rejects flat counters like "para_17_list_point_a".
 */
const EID_SEGMENT = "[a-z][A-Za-z]*(?:_[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*)?";
const BODY_EID = new RegExp(`^${EID_SEGMENT}(?:__${EID_SEGMENT})*$`);
/** Metadata (TLC entries in references, ...) is named, not numbered: "source", "ga", "firstCommittee". */
const META_EID = new RegExp(`^(?:${EID_SEGMENT}__)*[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$`);

/** Attributes that must hold "#name": agents, roles and concepts are TLCs of the document. */
const FRAGMENT_ATTRS = new Set(["refersTo", "source", "as"]);
/** Elements whose href points inside the document (a TLC, a note, a component), never outside. */
const FRAGMENT_HREF = new Set(["FRBRauthor", "noteRef", "documentRef"]);
/**
 * Every attribute the schema types as a reference (agentRef, roleRef,
 * conceptRef, eventRefRef, ...): when it holds "#name", the name must exist.
 */
const REF_ATTRS = [
  "refersTo", "href", "source", "as", "by", "to", "for", "outcome",
  "start", "end", "period", "includedIn", "empoweredBy", "dictionary",
] as const;

const IRI_PREFIX = "/akn/un/statement/deliberation/unga/";
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
/** FRBRuri of a work: constant prefix, adoption date, "S-N" (no "/", "@", "!" or spaces). */
const WORK_URI = new RegExp(`^${IRI_PREFIX.replaceAll("/", "\\/")}(\\d{4}-\\d{2}-\\d{2})\\/([A-Za-z0-9][A-Za-z0-9_-]*)$`);

class Linter {
  readonly out: Diagnostic[] = [];

  report(rule: string, message: string, line?: number): void {
    const d: Diagnostic = { code: `lint-${rule}`, severity: "error", message };
    if (line !== undefined && line > 0) d.line = line;
    this.out.push(d);
  }

  run(root: El): void {
    if (root.name !== "akomaNtoso") {
      this.report("missing-element", `root element is <${root.name}>, not <akomaNtoso>`, root.line);
      return;
    }
    const components = root.children
      .filter((c) => c.name === "components")
      .flatMap((cs) => childrenNamed(cs, "component"));
    // Component wrappers form their own eId space, and any document may name them.
    const componentIds = this.collectEids(components);
    for (const c of components) {
      const id = getAttr(c, "eId");
      if (id) this.checkPattern(id.value, BODY_EID, id.line);
    }

    const docs = root.children.filter((c) => c.name !== "components");
    for (const doc of docs) this.checkDocument(doc, componentIds);
    for (const c of components) {
      const doc = c.children.find((d) => d.name !== "documentRef" && d.name !== "interstitial" && d.name !== "toc");
      if (doc) this.checkDocument(doc, componentIds);
    }
  }

  /** eIds of `elements`, reporting duplicates. */
  collectEids(elements: El[]): Map<string, El> {
    const ids = new Map<string, El>();
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      const id = getAttr(e, "eId");
      if (!id) continue;
      const first = ids.get(id.value);
      if (first) {
        this.report("eid-duplicate", `eId "${id.value}" is used again (first on line ${first.line})`, id.line);
      } else {
        ids.set(id.value, e);
      }
    }
    return ids;
  }

  checkPattern(id: string, pattern: RegExp, line: number): void {
    if (!pattern.test(id)) {
      this.report("eid-pattern", `eId "${id}" does not follow the naming convention (segments "name_number" joined by "__")`, line);
    }
  }

  checkDocument(doc: El, componentIds: Map<string, El>): void {
    const all = walk(doc, isComponents);
    const ids = this.collectEids(all);

    for (let i = 0; i < all.length; i++) {
      const el = all[i];
      const id = getAttr(el, "eId");
      if (id) {
        this.checkPattern(id.value, inMeta(el) ? META_EID : BODY_EID, id.line);
        this.checkNum(el, id);
      }
      this.checkRefs(el, ids, componentIds);
    }

    const meta = child(doc, "meta");
    if (!child(doc, "preface")) this.report("missing-element", `<${doc.name}> has no <preface>`, doc.line);
    if (meta && !child(meta, "references")) {
      this.report("missing-element", `<${doc.name}> has no <meta>/<references>`, meta.line);
    }
    const work = this.checkIdentification(doc, "main", null);
    this.checkAttachments(doc, work, "");
  }

  /** Annex N is att_N, everything inside it att_N__…, and its IRIs hang off the parent's work. */
  checkAttachments(doc: El, parentWork: string | null, parentPrefix: string): void {
    const attachments = child(doc, "attachments");
    if (!attachments) return;
    childrenNamed(attachments, "attachment").forEach((att, i) => {
      const prefix = `${parentPrefix}att_${i + 1}`;
      for (const el of walk(att, isComponents)) {
        const id = getAttr(el, "eId");
        if (id && id.value !== prefix && !id.value.startsWith(prefix + "__")) {
          this.report("eid-prefix", `eId "${id.value}" is inside annex ${i + 1} but does not start with "${prefix}"`, id.line);
        }
      }
      const annex = att.children.find((c) => child(c, "meta"));
      if (annex) {
        const work = this.checkIdentification(annex, `annex_${i + 1}`, parentWork);
        this.checkAttachments(annex, work ?? parentWork, prefix + "__");
      }
    });
  }

  /** The number in an eId's last segment is the element's <num> without its punctuation. */
  checkNum(el: El, id: Attr): void {
    const num = child(el, "num");
    if (!num) return;
    const cut = id.value.lastIndexOf("__");
    const last = cut === -1 ? id.value : id.value.slice(cut + 2);
    const underscore = last.indexOf("_");
    if (underscore === -1) return;
    const inId = last.slice(underscore + 1);
    const fromNum = num.text
      .replace(/\s+/g, "")
      .replace(/^[([]+/, "")
      .replace(/[.)\]:;,]+$/, "");
    // "-2", "-3"… after the number tells apart things the source numbers alike in one
    // scope (two "B." sections under unnumbered titles); the number itself must agree
    if (fromNum && inId !== fromNum && !new RegExp(`^${fromNum.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d+$`).test(inId)) {
      this.report("eid-num", `eId "${id.value}" does not match <num>${num.text.trim()}</num> (expected number "${fromNum}")`, id.line);
    }
  }

  checkRefs(el: El, ids: Map<string, El>, componentIds: Map<string, El>): void {
    // Most elements have no attribute but their eId: spare them the lookups below.
    if (el.attrs.length === 0 || (el.attrs.length === 1 && el.attrs[0].name === "eId")) return;
    for (let i = 0; i < REF_ATTRS.length; i++) {
      const name = REF_ATTRS[i];
      const a = getAttr(el, name);
      if (!a) continue;
      const mustBeFragment = FRAGMENT_ATTRS.has(name) || (name === "href" && FRAGMENT_HREF.has(el.name));
      // refersTo is a list of references; the others hold one.
      const refs = name === "refersTo" ? a.value.split(/\s+/).filter(Boolean) : [a.value.trim()];
      for (const ref of refs) {
        if (!ref.startsWith("#")) {
          if (mustBeFragment) {
            this.report("ref-form", `${name}="${ref}" on <${el.name}> should be a reference to an eId ("#${ref}")`, a.line);
          }
          continue;
        }
        const target = ref.slice(1);
        if (!ids.has(target) && !componentIds.has(target)) {
          this.report("dangling-ref", `${name}="${ref}" on <${el.name}> names no eId of this document`, a.line);
        }
      }
    }
  }

  /**
   * FRBR identification of `doc` against the spec's table, with `component`
   * "main" or "annex_N". Returns the work IRI (FRBRuri of the work), or null
   * when it cannot be read.
   */
  checkIdentification(doc: El, component: string, parentWork: string | null): string | null {
    const ident = child(child(doc, "meta") ?? doc, "identification");
    if (!ident) {
      this.report("iri", `<${doc.name}> has no <meta>/<identification>`, doc.line);
      return null;
    }
    const level = (name: string): El | undefined => {
      const el = child(ident, name);
      if (!el) this.report("iri", `<identification> has no <${name}>`, ident.line);
      return el;
    };
    const work = level("FRBRWork");
    const expr = level("FRBRExpression");
    const manif = level("FRBRManifestation");
    if (!work || !expr || !manif) return null;

    const value = (el: El, name: string): { v: string; line: number } | null => {
      const c = child(el, name);
      const a = getAttr(c, name === "FRBRdate" ? "date" : "value");
      if (!c || !a) {
        this.report("iri", `<${el.name}> has no <${name}> with a value`, el.line);
        return null;
      }
      return { v: a.value, line: a.line };
    };
    const expect = (el: El, name: string, got: { v: string; line: number } | null, want: string): void => {
      if (got && got.v !== want) {
        this.report("iri", `${el.name}/${name} is "${got.v}", expected "${want}"`, got.line);
      }
    };

    const workUri = value(work, "FRBRuri");
    const m = workUri ? WORK_URI.exec(workUri.v) : null;
    if (workUri && !m) {
      this.report("iri", `FRBRWork/FRBRuri "${workUri.v}" is not of the form ${IRI_PREFIX}YYYY-MM-DD/S-N`, workUri.line);
    }
    const base = m ? workUri!.v : null;

    // The date and number in the IRI are the adoption date and the number it states.
    const dateEl = child(work, "FRBRdate");
    const adoption = value(work, "FRBRdate");
    if (dateEl && attr(dateEl, "name") !== "adoption") {
      this.report("iri", `FRBRWork/FRBRdate has name="${attr(dateEl, "name") ?? ""}", expected "adoption"`, dateEl.line);
    }
    if (adoption && !ISO_DATE.test(adoption.v)) {
      this.report("iri", `FRBRWork/FRBRdate "${adoption.v}" is not an ISO date`, adoption.line);
    } else if (m && adoption && m[1] !== adoption.v) {
      this.report("iri", `the work IRI has date ${m[1]} but FRBRWork/FRBRdate is ${adoption.v}`, workUri!.line);
    }
    const numberEl = child(work, "FRBRnumber");
    const number = getAttr(numberEl, "value");
    if (m && number && number.value !== m[2]) {
      this.report("iri", `the work IRI has number "${m[2]}" but FRBRnumber is "${number.value}"`, number.line);
    }
    if (base && parentWork && base !== parentWork) {
      this.report("iri", `annex work IRI "${base}" differs from its document's "${parentWork}"`, workUri!.line);
    }

    for (const [el, name, want] of [
      [expr, "FRBRdate", "publication"],
      [manif, "FRBRdate", "markup"],
    ] as const) {
      const d = value(el, name);
      const dEl = child(el, name);
      if (d && !ISO_DATE.test(d.v)) this.report("iri", `${el.name}/FRBRdate "${d.v}" is not an ISO date`, d.line);
      if (dEl && attr(dEl, "name") !== want) {
        this.report("iri", `${el.name}/FRBRdate has name="${attr(dEl, "name") ?? ""}", expected "${want}"`, dEl.line);
      }
    }

    if (base) {
      const lang = attr(child(expr, "FRBRlanguage"), "language") ?? "eng";
      const exprUri = `${base}/${lang}@`;
      expect(work, "FRBRthis", value(work, "FRBRthis"), `${base}/!${component}`);
      expect(expr, "FRBRuri", value(expr, "FRBRuri"), exprUri);
      expect(expr, "FRBRthis", value(expr, "FRBRthis"), `${exprUri}/!${component}`);
      expect(manif, "FRBRuri", value(manif, "FRBRuri"), `${exprUri}.xml`);
      expect(manif, "FRBRthis", value(manif, "FRBRthis"), `${exprUri}/!${component}.xml`);
    }
    return base;
  }
}

/** Component documents are separate documents (own eId space); attachments are not. */
function isComponents(el: El): boolean {
  return el.name === "components";
}

function inMeta(el: El): boolean {
  for (let p = el.parent; p; p = p.parent) if (p.name === "meta") return true;
  return false;
}

/**
 * An element tree as an emitter builds it before serializing (see
 * pipeline/emitters/akn/xml.ts), with the line each element will start on.
 */
export interface LintTree {
  name: string;
  attrs: [string, string][];
  children: (LintTree | string)[];
}

function textOf(node: LintTree): string {
  let s = "";
  for (const c of node.children) s += typeof c === "string" ? c : textOf(c);
  return s;
}

/** The lint's element tree from an emitter's tree: what `scan` would read back from its serialization. */
function fromTree(node: LintTree, lineOf: (n: LintTree) => number, parent: El | null): El {
  const line = lineOf(node);
  const el: El = { name: node.name.slice(node.name.indexOf(":") + 1), line, attrs: [], parent, children: [], text: "" };
  for (let i = 0; i < node.attrs.length; i++) setAttr(el, node.attrs[i][0], node.attrs[i][1], line);
  // The serializer leaves out what XML cannot carry: <num> text is compared without it.
  if (el.name === "num") el.text = textOf(node).replace(INVALID_XML_CHARS, "");
  for (let i = 0; i < node.children.length; i++) {
    const c = node.children[i];
    if (typeof c !== "string") el.children.push(fromTree(c, lineOf, el));
  }
  return el;
}

/**
 * Lint diagnostics for a document still held as a tree (the AKN emitter's
 * own output), without scanning its serialization again; the same rules and
 * results as `lintAkn` on the serialized text.
 */
export function lintAknTree(root: LintTree, lineOf: (n: LintTree) => number): Diagnostic[] {
  const linter = new Linter();
  linter.run(fromTree(root, lineOf, null));
  return linter.out;
}

/** Lint diagnostics for one serialized AKN document; empty when it passes. */
export function lintAkn(xml: string): Diagnostic[] {
  const root = scan(xml);
  const linter = new Linter();
  if (!root) {
    linter.report("missing-element", "document has no root element");
  } else {
    linter.run(root);
  }
  return linter.out;
}
