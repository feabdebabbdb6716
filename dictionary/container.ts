/**
 * The container both binary assets share (dict.bin and lexicon.bin; dictionary/FORMAT.md, "Container"):
 * 4 ASCII bytes of magic, u16 version, u16 section count, then per section { u32 id (4 ASCII bytes),
 * u32 byte offset, u32 byte length }; every section starts at a multiple of 4 (zero padding), so u16 and
 * u32 sections can be viewed in place. All integers little-endian.
 */

export function sectionIdToU32(id: string): number {
  return (id.charCodeAt(0) | (id.charCodeAt(1) << 8) | (id.charCodeAt(2) << 16) | (id.charCodeAt(3) << 24)) >>> 0;
}

const align4 = (n: number) => (n + 3) & ~3;

/** Header, section table, then each section at a 4-byte boundary. Deterministic: same input, same bytes. */
export function writeContainer(magic: string, version: number, sections: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  let size = align4(8 + sections.length * 12);
  const offsets = sections.map(([, b]) => {
    const at = size;
    size = align4(size + b.length);
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
  view.setUint16(4, version, true);
  view.setUint16(6, sections.length, true);
  sections.forEach(([id, b], i) => {
    view.setUint32(8 + i * 12, sectionIdToU32(id), true);
    view.setUint32(12 + i * 12, offsets[i]!, true);
    view.setUint32(16 + i * 12, b.length, true);
    out.set(b, offsets[i]!);
  });
  return out;
}

export interface Sections {
  has(id: string): boolean;
  /** [byte offset, byte length] of a section. */
  range(id: string): [number, number];
  u8(id: string): Uint8Array;
  u16(id: string): Uint16Array;
  u32(id: string): Uint32Array;
}

/**
 * Checks magic and version and returns views of the sections. `label` names the asset in errors
 * ("dictionary: bad magic …"). Views share the caller's buffer; a section is copied only when the
 * caller's buffer itself is misaligned for its element size.
 */
export function readContainer(bytes: Uint8Array, magic: string, version: number, label: string): Sections {
  if (bytes.length < 8) throw new Error(`${label}: too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (found !== magic) throw new Error(`${label}: bad magic ${JSON.stringify(found)}`);
  const v = view.getUint16(4, true);
  if (v !== version) throw new Error(`${label}: unsupported version ${v}`);
  const count = view.getUint16(6, true);
  if (8 + count * 12 > bytes.length) throw new Error(`${label}: truncated section table`);
  const table = new Map<number, [number, number]>();
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 12;
    table.set(view.getUint32(at, true), [view.getUint32(at + 4, true), view.getUint32(at + 8, true)]);
  }
  const range = (id: string): [number, number] => {
    const s = table.get(sectionIdToU32(id));
    if (!s || s[0] + s[1] > bytes.length) throw new Error(`${label}: missing or truncated section ${id}`);
    return s;
  };
  const aligned = <T>(id: string, size: number, make: (buffer: ArrayBufferLike, offset: number, length: number) => T): T => {
    const [off, len] = range(id);
    const abs = bytes.byteOffset + off;
    if (abs % size === 0) return make(bytes.buffer, abs, Math.floor(len / size));
    return make(bytes.slice(off, off + len).buffer, 0, Math.floor(len / size));
  };
  return {
    has: (id) => table.has(sectionIdToU32(id)),
    range,
    u8: (id) => {
      const [off, len] = range(id);
      return bytes.subarray(off, off + len);
    },
    u16: (id) => aligned(id, 2, (b, o, n) => new Uint16Array(b, o, n)),
    u32: (id) => aligned(id, 4, (b, o, n) => new Uint32Array(b, o, n)),
  };
}
