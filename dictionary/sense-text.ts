/**
 * CC-CEDICT names a word it refers to in both scripts, traditional then simplified: "variant of
 * 打傘|打伞[dǎ sǎn]", "abbr. for 人民代表大會|人民代表大会[rén mín dài biǎo dà huì]". A reader needs one
 * form: the one in the script of the word being read. The stored senses keep CC-CEDICT's notation (the
 * exports and the popup's Copy as TSV write it as it is, for Anki and spreadsheets); the card, the glossary
 * rows, the study list and the review page show senses through this.
 */

/** A "traditional|simplified" pair: two runs of anything but spaces, brackets and ASCII punctuation (a saying may hold a Chinese comma). */
const PAIR = /([^\s|[\]()（）,;:"]+)\|([^\s|[\]()（）,;:"]+)/gu;

const HAN = /\p{Script=Han}/u;

/**
 * `sense` with each cross-reference's pair cut to the form in the reader's script. When that form is
 * `word` itself (産 "variant of 產|产" read on a simplified page as 产), the other form is the one that
 * says something: "variant of 產".
 */
export function inOneScript(sense: string, traditional: boolean, word?: string): string {
  if (!sense.includes('|')) return sense;
  return sense.replace(PAIR, (whole, trad: string, simp: string) => {
    if ([...trad].length !== [...simp].length || !HAN.test(trad)) return whole;
    const [wanted, other] = traditional ? [trad, simp] : [simp, trad];
    return wanted === word ? other : wanted;
  });
}
