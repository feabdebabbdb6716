/**
 * The news-sense layer: our corrections to CC-CEDICT's order of senses where its first sense misleads a
 * reader of news (落实 leads with "practical", 部署 with "to dispose", 重点 with the reading chóng diǎn "to
 * recount"), and to stale or slanted senses. Source: dictionary/senses/news.txt (format: FORMAT.md
 * beside it); the build applies it to CC-CEDICT before encoding, so dict.bin carries the revised entries
 * and marks them (FLAG_REVISED, senses we wrote). Pure: text in, records and errors out.
 */
import type { DictEntry } from '../types';
import { entryRank } from '../cedict/parse';

export interface NewsSenseRecord {
  simplified: string;
  /** Tone marks, as CC-CEDICT's reading of the entry (compared without case). */
  pinyin: string;
  /** Senses to put first, in order: CC-CEDICT's own (moved) or ours (added). */
  lead: string[];
  /** CC-CEDICT senses to leave out: stale or slanted (the reason says which). */
  drop: string[];
  /** Put this reading before the headword's other readings (重点 zhòng diǎn before chóng diǎn). */
  first: boolean;
  /** Why CC-CEDICT's order misleads a news reader. */
  why: string;
  file: string;
  line: number;
}

export interface NewsSenseError {
  file: string;
  line: number;
  message: string;
}

const FIELDS = new Set(['lead', 'drop', 'order', 'why']);

/** Parses the layer's source; every problem is an error with its line. */
export function parseNewsSenses(text: string, file: string): { records: NewsSenseRecord[]; errors: NewsSenseError[] } {
  const records: NewsSenseRecord[] = [];
  const errors: NewsSenseError[] = [];
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '' || lines[i]!.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    const block: Array<[number, string]> = [];
    while (i < lines.length && lines[i]!.trim() !== '') {
      if (!lines[i]!.startsWith('#')) block.push([i + 1, lines[i]!]);
      i++;
    }
    const [headLine, head] = block[0]!;
    const m = /^(\S+) \| ([^|]+)$/.exec(head);
    if (!m) {
      errors.push({ file, line: headLine, message: `expected "simplified | pinyin", got "${head}"` });
      continue;
    }
    const record: NewsSenseRecord = {
      simplified: m[1]!,
      pinyin: m[2]!.trim().normalize('NFC'),
      lead: [],
      drop: [],
      first: false,
      why: '',
      file,
      line: start + 1,
    };
    const seen = new Set<string>();
    for (const [n, line] of block.slice(1)) {
      const f = /^([a-z]+): (.+)$/.exec(line);
      if (!f || !FIELDS.has(f[1]!)) {
        errors.push({ file, line: n, message: `expected one of ${[...FIELDS].join(', ')} as "field: value", got "${line}"` });
        continue;
      }
      const [, field, value] = f;
      if (seen.has(field!)) errors.push({ file, line: n, message: `field ${field} given twice` });
      seen.add(field!);
      if (field === 'lead' || field === 'drop') record[field] = value!.split(' ; ').map((s) => s.trim());
      else if (field === 'order') {
        if (value !== 'first') errors.push({ file, line: n, message: `order can only be "first", got "${value}"` });
        record.first = true;
      } else record.why = value!.trim();
    }
    if (!record.why) errors.push({ file, line: headLine, message: `"${record.simplified}": every record says why (why: …)` });
    if (record.lead.length === 0 && record.drop.length === 0 && !record.first) {
      errors.push({ file, line: headLine, message: `"${record.simplified}": nothing to change (lead, drop or order: first)` });
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check looks for
    if ([...record.lead, ...record.drop].some((s) => s === '' || /[\n\x00-\x1f]/.test(s))) {
      errors.push({ file, line: headLine, message: `"${record.simplified}": an empty sense or a control character` });
    }
    records.push(record);
  }
  const keys = new Map<string, NewsSenseRecord>();
  for (const r of records) {
    const k = `${r.simplified}\t${r.pinyin.toLowerCase()}`;
    const prev = keys.get(k);
    if (prev) errors.push({ file, line: r.line, message: `"${r.simplified} ${r.pinyin}" given twice (first at line ${prev.line})` });
    else keys.set(k, r);
  }
  return { records, errors };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Applies the records to CC-CEDICT entries (in place, and moves an `order: first` reading before its
 * headword's other readings in the array). Returns the problems: a record whose entry or dropped sense
 * CC-CEDICT does not have, or that changes nothing.
 */
export function applyNewsSenses(entries: DictEntry[], records: readonly NewsSenseRecord[]): NewsSenseError[] {
  const problems: NewsSenseError[] = [];
  const byHead = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.source !== 'cedict') return;
    const list = byHead.get(e.simplified) ?? [];
    list.push(i);
    byHead.set(e.simplified, list);
  });
  const moves: Array<[DictEntry, DictEntry]> = [];
  for (const r of records) {
    const at = { file: r.file, line: r.line };
    const candidates = byHead.get(r.simplified) ?? [];
    // The reading as written (qiáng, not the surname Qiáng); case aside only when nothing matches exactly.
    const exact = candidates.filter((i) => entries[i]!.pinyin === r.pinyin);
    const found = exact.length > 0 ? exact : candidates.filter((i) => same(entries[i]!.pinyin, r.pinyin));
    // A reading put first may be several entries (强 and 彊 are both qiáng under 强): all move.
    if (found.length > 1 && r.first && r.lead.length === 0 && r.drop.length === 0) {
      const ranked = [...candidates].sort((a, b) => entryRank(entries[a]!) - entryRank(entries[b]!) || a - b);
      const lead = ranked.find((i) => /^[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]/.test(entries[i]!.pinyin)) ?? ranked[0]!;
      if (found.includes(lead)) {
        problems.push({ ...at, message: `"${r.simplified}": changes nothing (${r.pinyin} is already the first reading)` });
        continue;
      }
      for (const i of found) {
        entries[i]!.revision = { added: [], reordered: true, dropped: 0 };
        moves.push([entries[i]!, entries[lead]!]);
      }
      continue;
    }
    if (found.length !== 1) {
      const readings = candidates.map((i) => entries[i]!.pinyin).join(', ') || 'none';
      problems.push({
        ...at,
        message: `"${r.simplified} ${r.pinyin}": CC-CEDICT has ${found.length} entries with this reading (readings: ${readings})`,
      });
      continue;
    }
    const index = found[0]!;
    const e = entries[index]!;
    const before = [...e.definitions];
    const missing = r.drop.filter((d) => !before.some((x) => same(x, d)));
    if (missing.length > 0) {
      problems.push({ ...at, message: `"${r.simplified}": CC-CEDICT has no sense ${missing.map((d) => `"${d}"`).join(', ')} to drop` });
      continue;
    }
    const rest = before.filter((x) => !r.drop.some((d) => same(x, d)) && !r.lead.some((l) => same(x, l)));
    const lead = r.lead.map((l) => before.find((x) => same(x, l)) ?? l);
    const definitions = [...lead, ...rest];
    const added = lead.flatMap((l, i) => (before.some((x) => same(x, l)) ? [] : [i]));
    const kept = before.filter((x) => !r.drop.some((d) => same(x, d)));
    const newOrder = definitions.filter((d) => kept.includes(d));
    const reordered = newOrder.some((d, i) => d !== kept[i]);
    // The reading a glossary row shows: the first, by rank then source order, that is not a proper noun.
    const ranked = [...candidates].sort((a, b) => entryRank(entries[a]!) - entryRank(entries[b]!) || a - b);
    const firstAlready = (ranked.find((i) => /^[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]/.test(entries[i]!.pinyin)) ?? ranked[0]) === index;
    if (added.length === 0 && !reordered && r.drop.length === 0 && !(r.first && !firstAlready)) {
      problems.push({ ...at, message: `"${r.simplified}": changes nothing (the senses are already in this order)` });
      continue;
    }
    e.definitions = definitions;
    e.revision = { added, reordered: reordered || (r.first && !firstAlready), dropped: r.drop.length };
    if (r.first && !firstAlready) moves.push([e, entries[ranked[0]!]!]);
  }
  // A reading put first moves before the headword's first entry (the build keeps the array order within a rank).
  for (const [e, target] of moves) {
    entries.splice(entries.indexOf(e), 1);
    entries.splice(entries.indexOf(target), 0, e);
  }
  return problems;
}
