/**
 * decode: bytes of an input file → text with "\n" line ends.
 *
 * Reads UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM; bytes that are
 * not valid UTF-8 are read as Windows-1252, the encoding Word's "plain text"
 * export uses on Western Windows systems. CRLF and lone CR become LF.
 */
import { diag, type Diagnostic } from "../diagnostics.ts";

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: Encoding;
  /** The line-end convention found ("crlf", "cr", "lf", "mixed", "none"). */
  lineEnding: "crlf" | "cr" | "lf" | "mixed" | "none";
  diagnostics: Diagnostic[];
}

export function decode(bytes: Uint8Array): DecodedText {
  const diagnostics: Diagnostic[] = [];
  let encoding: Encoding;
  let raw: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = "utf-8-bom";
    raw = new TextDecoder("utf-8").decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = "utf-16le";
    raw = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = "utf-16be";
    raw = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  } else {
    try {
      raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      encoding = "utf-8";
    } catch {
      raw = decodeWindows1252(bytes);
      encoding = "windows-1252";
      diagnostics.push(
        diag("decode-fallback", "warning", "input is not valid UTF-8; read as Windows-1252"),
      );
    }
  }
  // Counted with indexOf: matching each line end as a regex match made an array of them.
  let crlf = 0;
  let cr = 0;
  let newlines = 0;
  for (let i = raw.indexOf("\r"); i !== -1; i = raw.indexOf("\r", i + 1)) {
    if (raw.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = raw.indexOf("\n"); i !== -1; i = raw.indexOf("\n", i + 1)) newlines++;
  const lf = newlines - crlf;
  const kinds = [crlf && "crlf", cr && "cr", lf && "lf"].filter(Boolean) as ("crlf" | "cr" | "lf")[];
  const lineEnding = kinds.length === 0 ? "none" : kinds.length > 1 ? "mixed" : kinds[0];
  const text = crlf || cr ? raw.replace(/\r\n?/g, "\n") : raw;
  if (!text.includes("\u0000")) return { text, encoding, lineEnding, diagnostics };
  diagnostics.push(diag("decode-nul", "warning", "input contains NUL characters; they were removed"));
  return { text: text.replace(/\u0000/g, ""), encoding, lineEnding, diagnostics };
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F, where it has curly
 * quotes, dashes and the euro sign; Node's TextDecoder treats the label as
 * Latin-1, so those 32 code points are mapped here.
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}
