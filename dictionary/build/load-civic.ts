/**
 * Node-only: reads the civic lexicon source (dictionary/civic/data/<category>.txt, the topic files
 * data/<category>/*.txt and tags.txt) for the asset build, the CLI and the tests. Bad source stops the build with an Error naming file:line.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CivicCategory, CivicInfo } from '../types';
import { CIVIC_CATEGORY_IDS, isCivicCategory } from '../civic/categories';
import {
  formatSourceError,
  parseCivicSource,
  parseCivicTags,
  type CivicSourceRecord,
  type CivicTag,
  type SourceError,
} from '../civic/source';

/** dictionary/civic, holding data/ and tags.txt. */
export const CIVIC_DIR = fileURLToPath(new URL('../civic/', import.meta.url));

export interface CivicEntry {
  simplified: string;
  traditional: string;
  /** Tone marks, syllables separated by single spaces. */
  pinyin: string;
  definitions: string[];
  civic: CivicInfo;
}

export interface CivicLexicon {
  entries: CivicEntry[];
  tags: Array<{ word: string; category: CivicCategory }>;
}

export interface CivicSources {
  records: CivicSourceRecord[];
  tags: CivicTag[];
  errors: SourceError[];
}

/** Paths in messages are relative to the working directory when that is shorter, e.g. in the repo root. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * Reads and parses every source file under `dir` (default dictionary/civic) without throwing: records
 * in a stable order (category display order, then file order), tags, and all structural errors,
 * including headwords given more than once (within or across files) and tags listed twice.
 */
export function readCivicSources(dir: string = CIVIC_DIR): CivicSources {
  const errors: SourceError[] = [];
  const records: CivicSourceRecord[] = [];
  const dataDir = join(dir, 'data');
  // data/<category>.txt, and data/<category>/<topic>.txt for categories split by topic.
  const names = existsSync(dataDir) ? readdirSync(dataDir, { withFileTypes: true }) : [];
  const byCategory = new Map<CivicCategory, string[]>();
  for (const d of names) {
    const isFile = d.isFile() && d.name.endsWith('.txt');
    if (!isFile && !d.isDirectory()) continue;
    const id = isFile ? d.name.slice(0, -'.txt'.length) : d.name;
    const path = join(dataDir, d.name);
    if (!isCivicCategory(id)) {
      errors.push({
        file: displayPath(path),
        line: 1,
        message: `${isFile ? 'file' : 'folder'} name "${d.name}" is not a category id (known: ${CIVIC_CATEGORY_IDS.join(', ')})`,
      });
      continue;
    }
    const paths = isFile
      ? [path]
      : readdirSync(path)
          .filter((f) => f.endsWith('.txt'))
          .sort()
          .map((f) => join(path, f));
    byCategory.set(id, [...(byCategory.get(id) ?? []), ...paths]);
  }
  for (const id of CIVIC_CATEGORY_IDS) {
    // The category's own file first, then its topic files in name order.
    const own = join(dataDir, `${id}.txt`);
    const paths = (byCategory.get(id) ?? []).sort((a, b) => Number(b === own) - Number(a === own) || a.localeCompare(b));
    for (const path of paths) {
      const parsed = parseCivicSource(readFileSync(path, 'utf8'), displayPath(path), id);
      records.push(...parsed.records);
      errors.push(...parsed.errors);
    }
  }

  const first = new Map<string, CivicSourceRecord>();
  for (const r of records) {
    const prev = first.get(r.simplified);
    if (prev) {
      errors.push({
        file: r.file,
        line: r.line,
        message: `duplicate headword "${r.simplified}" (first at ${prev.file}:${prev.line})`,
      });
    } else first.set(r.simplified, r);
  }

  let tags: CivicTag[] = [];
  const tagsPath = join(dir, 'tags.txt');
  if (existsSync(tagsPath)) {
    const parsed = parseCivicTags(readFileSync(tagsPath, 'utf8'), displayPath(tagsPath));
    errors.push(...parsed.errors);
    const seen = new Map<string, CivicTag>();
    for (const t of parsed.records) {
      const prev = seen.get(t.word);
      if (prev) errors.push({ file: t.file, line: t.line, message: `tag "${t.word}" listed twice (first at line ${prev.line})` });
      else seen.set(t.word, t);
    }
    tags = [...seen.values()];
  }

  // Drop the later copies of duplicates so callers that do not throw still see one record per headword.
  const unique = records.filter((r) => first.get(r.simplified) === r);
  return { records: unique, tags, errors };
}

/**
 * The civic lexicon for the build: entries and tags in a deterministic order. Throws an Error listing
 * every problem as "file:line: message" when the source is malformed.
 */
export function loadCivic(dir: string = CIVIC_DIR): CivicLexicon {
  const { records, tags, errors } = readCivicSources(dir);
  if (errors.length > 0) {
    const shown = errors.slice(0, 50).map(formatSourceError);
    const more = errors.length > shown.length ? `\n… and ${errors.length - shown.length} more` : '';
    throw new Error(`civic lexicon source has ${errors.length} error(s):\n${shown.join('\n')}${more}`);
  }
  return {
    entries: records.map((r) => ({
      simplified: r.simplified,
      traditional: r.traditional,
      pinyin: r.pinyin,
      definitions: r.gloss,
      civic: {
        category: r.category,
        explanation: r.explanation,
        components: r.components,
        related: r.related,
        year: r.year,
      },
    })),
    tags: tags.map((t) => ({ word: t.word, category: t.category })),
  };
}
