/**
 * Node-only: reads the news-sense layer (dictionary/senses/news.txt) for the asset build and the tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNewsSenses, type NewsSenseError, type NewsSenseRecord } from '../senses/news';

export const NEWS_SENSES_FILE = fileURLToPath(new URL('../senses/news.txt', import.meta.url));

/** Records and parse errors of the layer's source (none when the file is absent). */
export function readNewsSenses(path: string = NEWS_SENSES_FILE): { records: NewsSenseRecord[]; errors: NewsSenseError[] } {
  if (!existsSync(path)) return { records: [], errors: [] };
  const rel = relative(process.cwd(), path);
  return parseNewsSenses(readFileSync(path, 'utf8'), rel && !rel.startsWith('..') ? rel : path);
}

export function formatNewsSenseError(e: NewsSenseError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}
