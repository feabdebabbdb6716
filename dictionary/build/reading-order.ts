/**
 * Which reading of a headword the card and the glossary show first. CC-CEDICT lists a headword's readings
 * in its own order, which is not how often they are used: 打 dá "dozen" comes before 打 dǎ "to hit",
 * 说 shuì "to persuade" before 说 shuō "to speak", 东西 dōng xī "east and west" before dōng xi "thing".
 * The HSK 3.0 list (GF0025-2021, dictionary/levels/data) gives the reading each listed word is learnt
 * with, and its level: among the CC-CEDICT entries of one headword, a reading the list gives comes before
 * those it does not, a lower level before a higher one (了 le at level 1 before 了 liǎo at level 3), and
 * the rest keep CC-CEDICT's order. Surname-only and variant-only entries still go last (entryRank). Build
 * time only.
 */
import type { DictEntry } from '../types';
import type { ListedWord } from '../levels/sources';

/** A reading as a comparable key: letters and tone marks only, case kept (Běijīng is a name, běi jīng is not). */
export function readingKey(pinyin: string): string {
  return pinyin.normalize('NFC').replace(/[\s'’·-]/g, '');
}

/** Word → reading key → lowest level at which the list gives the word with that reading. */
export function listedReadings(words: readonly ListedWord[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const item of words) {
    if (!item.pinyin) continue;
    const key = readingKey(item.pinyin);
    for (const w of item.words) {
      let readings = out.get(w);
      if (!readings) out.set(w, (readings = new Map()));
      const old = readings.get(key);
      if (old === undefined || item.level < old) readings.set(key, item.level);
    }
  }
  return out;
}

/** Above every level (1–7): a reading the list does not give. */
const UNLISTED = 100;

/**
 * `entries` with the listed readings of each headword moved before its other readings, lowest level
 * first; a stable sort, so that entries of other headwords and readings the list does not give keep
 * their order (the dictionary's encoder keeps the input order among entries of equal rank).
 */
export function byListedReading(entries: readonly DictEntry[], listed: ReadonlyMap<string, ReadonlyMap<string, number>>): DictEntry[] {
  const level = (e: DictEntry) => listed.get(e.simplified)?.get(readingKey(e.pinyin)) ?? UNLISTED;
  const groups = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (!listed.has(e.simplified)) return;
    const g = groups.get(e.simplified);
    if (g) g.push(i);
    else groups.set(e.simplified, [i]);
  });
  const out = [...entries];
  for (const positions of groups.values()) {
    if (positions.length < 2) continue;
    // The group's entries, reordered, go back into the same positions.
    const sorted = positions.map((i) => entries[i]!).sort((a, b) => level(a) - level(b));
    positions.forEach((p, k) => {
      out[p] = sorted[k]!;
    });
  }
  return out;
}
