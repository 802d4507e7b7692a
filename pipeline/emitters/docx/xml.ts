/**
 * XML text of the objects docx components format to (`prepForXml`), written
 * as docx's own serializer writes them without indentation, byte for byte.
 *
 * docx does not export its serializer; it is reachable only through
 * `Packer`, which also zips the whole package. Writing the parts ourselves
 * lets the emitter format only the parts that differ between documents (see
 * pack.ts). docx's serializer mimics the `xml` npm package, quirks included,
 * and so does this one; pack.ts checks the two agree once per template and
 * falls back to `Packer` when they do not.
 *
 * The object shape: `{ name: value }`, where value is a string or number
 * (text content), an object with `_attr` (attributes) and/or `_cdata`, or an
 * array of child objects, `{ _attr }` objects and text.
 */
import type { IXmlableObject } from "docx";

export const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
export const DECLARATION_STANDALONE = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", '"': "&quot;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };
// Control characters XML 1.0 cannot hold are dropped, as docx drops them.
const ESCAPED = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;

/** Text and attribute values are escaped alike (quotes too); numbers and booleans are written as they are. */
function escapeValue(value: unknown): string {
  return typeof value === "string" ? value.replace(ESCAPED, (c) => ESCAPES[c] ?? "") : String(value);
}

function attributes(attrs: Record<string, unknown>): string {
  let out = "";
  for (const key in attrs) out += ` ${key}="${escapeValue(attrs[key])}"`;
  return out;
}

function element(data: IXmlableObject): string {
  const name: string | undefined = Object.keys(data)[0];
  const value: unknown = name === undefined ? undefined : data[name];
  let attrs = "";
  // Content items, as the xml package counts them: an element with none is
  // self-closing. Only the last item can be dropped again (see below), so the
  // ones before it are joined as they come.
  let body = "";
  let last = "";
  let count = 0;
  if (typeof value === "object" && value !== null) {
    const { _attr: attr, _cdata: cdata } = value as { _attr?: Record<string, unknown>; _cdata?: string };
    if (attr) attrs += attributes(attr);
    if (cdata) {
      last = `<![CDATA[${cdata.replace(/\]\]>/g, "]]]]><![CDATA[>")}]]>`;
      count = 1;
    }
    if (Array.isArray(value)) {
      let text = false;
      body += last;
      last = "";
      count++;
      for (const child of value) {
        if (typeof child === "object") {
          if (Object.keys(child)[0] === "_attr") attrs += attributes(child._attr);
          else {
            body += last;
            last = element(child);
            count++;
          }
        } else {
          // The xml package's quirk: a text item replaces the item before it.
          last = escapeValue(child);
          text = true;
        }
      }
      if (!text) {
        body += last;
        last = "";
        count++;
      }
    }
  } else if (typeof value !== "object") {
    last = value === undefined ? "" : escapeValue(value);
    count = 1;
  }
  if (count === 0) return (name ? `<${name}` : "") + attrs + "/>";
  return (name ? `<${name}${attrs}>` : attrs) + body + last + (name ? `</${name}>` : "");
}

/** The XML of a formatted part, after `declaration`. */
export function stringifyXml(data: IXmlableObject, declaration: string): string {
  return declaration + element(data);
}
