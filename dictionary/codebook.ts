/**
 * The senses codebook (dict.bin v5, section SCBK): the English words that recur most in the senses
 * records, each replaced in the shards by a two-byte code. The zip's deflate sees only 32 KB of a shard
 * at a time; a code shared by the whole dictionary shortens every record, so the shards deflate ~10 %
 * smaller (measured with the 2026-12 lexicon: 0.3 MB off the extension zip).
 *
 * A code is a lead byte from LEADS (ASCII control characters that no sense contains: the builder checks)
 * followed by a byte; entry i of the codebook is LEADS[i >> 8], i & 0xff. The reader expands a record
 * before decoding it as UTF-8 (`expand`). Pure: the builder (`buildCodebook`, `pack`) and the reader share it.
 */

/** Lead bytes of codes: C0 controls other than tab, LF, CR and the record markers 0x1C-0x1F. */
export const LEADS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19];
/** Most entries a codebook can have. */
export const CODEBOOK_MAX = LEADS.length * 256;

const LEAD_INDEX = new Int8Array(32).fill(-1);
LEADS.forEach((b, i) => {
  LEAD_INDEX[b] = i;
});

/** Words (with the space after them, when there is one) that may become codes. */
const WORD = /[A-Za-z][A-Za-z'-]*[A-Za-z] ?|[A-Za-z] /g;

/**
 * The codebook for these texts: the words that save the most bytes (occurrences × (length − 2)), at most
 * `max`, most saving first (stable for the same input). A word seen once, or of two bytes, saves nothing.
 */
export function buildCodebook(texts: readonly string[], max = CODEBOOK_MAX): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const m of t.matchAll(WORD)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return [...counts]
    .map(([w, n]) => [w, n * (w.length - 2) - w.length] as const)
    .filter(([, saved]) => saved > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.min(max, CODEBOOK_MAX))
    .map(([w]) => w);
}

/** Throws when `text` holds a byte the codes use (the builder's guard). */
export function checkPackable(text: string, what: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && LEAD_INDEX[c]! >= 0) throw new Error(`${what}: control character U+${c.toString(16).padStart(4, '0')} in a sense`);
  }
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of `text` with the codebook's words replaced by their codes. */
export function pack(text: string, codebook: readonly string[], index: ReadonlyMap<string, number> = indexOf(codebook)): Uint8Array {
  if (index.size === 0) return utf8.encode(text);
  const out: number[] = [];
  let last = 0;
  const push = (s: string) => {
    for (const b of utf8.encode(s)) out.push(b);
  };
  for (const m of text.matchAll(WORD)) {
    const i = index.get(m[0]);
    if (i === undefined) continue;
    push(text.slice(last, m.index));
    out.push(LEADS[i >> 8]!, i & 0xff);
    last = m.index + m[0].length;
  }
  push(text.slice(last));
  return Uint8Array.from(out);
}

export function indexOf(codebook: readonly string[]): Map<string, number> {
  return new Map(codebook.map((w, i) => [w, i]));
}

/**
 * The codebook's words as bytes, for `expand`: the section as stored (UTF-8, one word a line) cut at
 * each newline, views of `section` with no copy. Not decoded and encoded again: one TextEncoder call per
 * word was ~15 ms of reading dict.bin in a cold worker.
 */
export function codebookFromSection(section: Uint8Array): Uint8Array[] {
  const words: Uint8Array[] = [];
  if (section.length === 0) return words;
  let start = 0;
  for (let i = 0; i < section.length; i++) {
    if (section[i] !== 0x0a) continue;
    words.push(section.subarray(start, i));
    start = i + 1;
  }
  words.push(section.subarray(start));
  return words;
}

/** A packed record back to plain UTF-8 bytes. Returns `bytes` itself when it holds no code. */
export function expand(bytes: Uint8Array, words: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  let codes = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 32 && LEAD_INDEX[b]! >= 0) {
      n += words[(LEAD_INDEX[b]! << 8) | bytes[++i]!]!.length;
      codes++;
    } else n++;
  }
  if (codes === 0) return bytes;
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 32 && LEAD_INDEX[b]! >= 0) {
      const w = words[(LEAD_INDEX[b]! << 8) | bytes[++i]!]!;
      out.set(w, o);
      o += w.length;
    } else out[o++] = b;
  }
  return out;
}
