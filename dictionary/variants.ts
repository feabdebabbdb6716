/**
 * Variant characters of traditional writing: pairs that Hong Kong, Taiwan and CC-CEDICT write differently
 * for the same character of the same word (臺灣 in Taiwan's laws, 台灣 in CC-CEDICT; 綫 in Hong Kong, 線 in
 * Taiwan). A page's traditional spelling and an entry's stored one are the same word when they differ
 * only by such pairs. Only pairs that are one character in every use are listed: 台/檯, 向/嚮, 卷/捲 or
 * 干/乾 name different words and are not here.
 */
const PAIRS =
  '台臺 裡裏 線綫 衛衞 峰峯 群羣 啟啓 為爲 麵麪 恤卹 污汙 說説 真眞 教敎 清淸 鉤鈎 雞鷄 床牀 秘祕 ' +
  '吃喫 痺痹 鏽銹 僱雇 嘆歎 溫温 內内 戶户 黃黄 綠緑 脫脱 稅税 銳鋭 閱閲 眾衆 研硏 值値 踴踊 勳勛 ' +
  '奧奥 蔥葱';

/** Each listed character mapped to the first of its pair (its canonical form here). */
const CANONICAL: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const pair of PAIRS.split(' ')) {
    if (pair.length !== 2) continue;
    const [a, b] = [...pair] as [string, string];
    const root = m.get(a) ?? a;
    m.set(a, root);
    m.set(b, root);
  }
  return m;
})();

/** `text` with every variant character written in its canonical form. */
export function foldVariants(text: string): string {
  let out = '';
  for (const ch of text) out += CANONICAL.get(ch) ?? ch;
  return out;
}

/** True when `a` and `b` are the same spelling up to variant characters (台灣 and 臺灣; 台/檯 are not). */
export function sameSpelling(a: string, b: string): boolean {
  return a === b || (a.length === b.length && foldVariants(a) === foldVariants(b));
}
