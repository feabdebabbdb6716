/**
 * The glossary as the CLI prints it (`glossary --json`, a stable contract) and as the popup copies it
 * (tab-separated text). Pure.
 */
import type { CivicInfo, EntrySource } from '../types';
import type { GlossaryRow } from './rows';

/** The CLI's `glossary --json` contract: `[{"word","pinyin","definitions","count","civic"}]`. */
export interface GlossaryJsonRow {
  word: string;
  pinyin: string;
  definitions: string[];
  count: number;
  civic: { category: CivicInfo['category']; explanation: string } | null;
  /** Where the gloss comes from: 'rule' and 'composed' for words no dictionary has. */
  source: EntrySource;
}

export function toGlossaryJson(rows: readonly GlossaryRow[]): GlossaryJsonRow[] {
  return rows.map((r) => ({
    word: r.word,
    pinyin: r.pinyin,
    definitions: r.definitions,
    count: r.count,
    civic: r.civic ? { category: r.civic.category, explanation: r.civic.explanation } : null,
    source: r.source,
  }));
}

/** Tab-separated glossary with a header line; tabs and line breaks inside fields become spaces. */
export function glossaryTsv(
  rows: ReadonlyArray<
    Pick<GlossaryRow, 'word' | 'traditional' | 'pinyin' | 'definitions' | 'count'> & { civic: { category: CivicInfo['category'] } | null }
  >,
  categoryLabel: (c: CivicInfo['category']) => string,
): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  const lines = ['Word\tTraditional\tPinyin\tMeaning\tCount\tCategory'];
  for (const r of rows) {
    lines.push(
      [r.word, r.traditional, r.pinyin, r.definitions.join('; '), String(r.count), r.civic ? categoryLabel(r.civic.category) : '']
        .map(clean)
        .join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}
