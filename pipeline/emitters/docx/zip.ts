/**
 * A minimal ZIP reader and writer (deflate only, no ZIP64) for the DOCX
 * package. We pack the parts ourselves, every entry stamped with the given
 * time, so the same document gives the same bytes (docx's Packer stamps the
 * wall-clock time).
 */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** An entry compressed ahead of time: a part that is the same in many packages is deflated once. */
export interface DeflatedEntry {
  name: string;
  /** Uncompressed size and CRC-32 of the data. */
  size: number;
  crc: number;
  deflated: Uint8Array;
}

/**
 * zlib levels: 9 for a part deflated once and shared; 6 for a document's
 * own parts, where 9 took 0.84 ms a document against 0.66 for 0.7 % less size
 * (100 resolutions).
 */
export const SHARED_LEVEL = 9;
const OWN_LEVEL = 6;

export function deflateEntry(e: ZipEntry, level = OWN_LEVEL): DeflatedEntry {
  return { name: e.name, size: e.data.length, crc: crc32(e.data), deflated: deflateRawSync(e.data, { level }) };
}

/** Every file entry of a ZIP archive, in central-directory order. */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a ZIP archive (no end of central directory)");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("corrupt ZIP central directory");
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith("/")) continue;
    // Sizes are taken from the central directory: local headers may defer them to a data descriptor.
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compSize);
    let data: Uint8Array;
    if (method === 0) data = new Uint8Array(raw);
    else if (method === 8) data = new Uint8Array(inflateRawSync(raw));
    else throw new Error(`unsupported ZIP compression method ${method} for ${name}`);
    out.push({ name, data });
  }
  return out;
}

/**
 * MS-DOS date and time fields for `when`. The fields have no zone and readers
 * show them as local time; we write the UTC wall-clock so the bytes do not
 * depend on the machine's zone, clamped to the 1980–2099 range the format holds.
 */
function dosDateTime(when: Date): { date: number; time: number } {
  let y = when.getUTCFullYear();
  let mo = when.getUTCMonth() + 1;
  let d = when.getUTCDate();
  let h = when.getUTCHours();
  let mi = when.getUTCMinutes();
  let s = when.getUTCSeconds();
  if (!Number.isFinite(y) || y < 1980) [y, mo, d, h, mi, s] = [1980, 1, 1, 0, 0, 0];
  if (y > 2099) [y, mo, d, h, mi, s] = [2099, 12, 31, 23, 59, 58];
  return { date: ((y - 1980) << 9) | (mo << 5) | d, time: (h << 11) | (mi << 5) | (s >> 1) };
}

/** Packs entries in the given order, deflated, every entry stamped with `when`. */
export function writeZip(entries: readonly (ZipEntry | DeflatedEntry)[], when: Date): Uint8Array {
  const { date, time } = dosDateTime(when);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const e = "deflated" in entry ? entry : deflateEntry(entry);
    const name = Buffer.from(e.name, "utf8");
    const { crc, size, deflated: comp } = e;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, comp);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4); // made by: MS-DOS, spec 2.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(comp.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += local.length + name.length + comp.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, ...central, end]));
}
