/**
 * The name of a page text (pure): what the background keeps a glossary under, what storage.session
 * holds a prepared view under, and how the popup knows whether the page still has the text a glossary
 * was made from.
 */
/**
 * Names a page text: its length and two 32-bit hashes of its UTF-16 code units (FNV-1a, and a variant
 * with another offset basis and an extra shift), e.g. "100000-1a2b3c4d-5e6f7a8b". The background keeps glossaries under it and the popup finds a
 * glossary prepared earlier by it; 64 bits plus the length make a mix-up of two pages' texts unlikely
 * beyond concern, and the background also compares the texts themselves before reusing one it kept.
 */
export function glossaryKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x6b2f1e37;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${text.length}-${hex(a)}-${hex(b)}`;
}
