/**
 * Export and import on the study page: the study list as an Anki TSV, a CSV or a JSON backup (with the
 * word states and the review schedule), what storage holds but cannot be read as a file of its own, and
 * a picked file imported whole or not at all. Export and import return the sentence that tells the
 * reader what happened.
 */
import {
  appendLearningFields,
  currentLearningFields,
  importLearningFields,
  type LearningFields,
  type LearningImportReport,
} from '../../utils/learning/backup';
import { knowledgeStore } from '../../utils/knowledge/store';
import { reviewStore } from '../../utils/review/store';
import { toAnkiTsv, toCsv, toJsonBackup } from '../../utils/study/export';
import { MAX_IMPORT_BYTES, parseImport, tooBigMessage } from '../../utils/study/import';
import type { Unreadable } from '../../utils/study/schema';
import { sortStudy } from '../../utils/study/search';
import { importItems } from '../../utils/study/storage';
import type { StudyItem } from '../../utils/study/types';
import { plural } from '../../utils/plural';
import { sentenceOf, type Message } from './words';

/** Hands `text` to the browser as a file named `name` to download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What a backup's word states and schedule did to this browser's, in a sentence (empty: none). */
function learningReport(r: LearningImportReport): string {
  const parts: string[] = [];
  if (r.wordStates) {
    const w = r.wordStates;
    parts.push(
      `Word states: ${w.added.toLocaleString('en-US')} added, ${w.updated.toLocaleString('en-US')} updated, ${w.unchanged.toLocaleString('en-US')} kept as they were here.`,
    );
  }
  if (r.review) {
    const v = r.review;
    parts.push(
      `Review schedule: ${plural(v.added, 'card')} added, ${v.updated.toLocaleString('en-US')} updated, ${v.unchanged.toLocaleString('en-US')} kept (reviewed later here).`,
    );
  }
  return parts.join(' ');
}

/** Writes the whole list (oldest first) as a file of `kind`. */
export async function exportStudyList(kind: 'tsv' | 'csv' | 'json', items: StudyItem[]): Promise<NonNullable<Message>> {
  const list = sortStudy(items, 'date').reverse(); // oldest first, as saved
  // An empty file is no use to Anki or a spreadsheet. (The JSON backup still carries the word states
  // and the review schedule, so it is written whatever the list holds.)
  if (list.length === 0 && kind !== 'json') return { text: 'Your study list is empty: save words from the card first, then export them.' };
  const day = new Date().toISOString().slice(0, 10);
  if (kind === 'tsv') download(`dubao-anki-${day}.tsv`, toAnkiTsv(list), 'text/tab-separated-values;charset=utf-8');
  else if (kind === 'csv') download(`dubao-study-${day}.csv`, toCsv(list), 'text/csv;charset=utf-8');
  else {
    // The backup carries the word states and the review schedule too (utils/learning/backup.ts); one
    // that cannot be read is left out, and the reader is told.
    let fields: Partial<LearningFields> = {};
    try {
      fields = (await currentLearningFields()).fields;
    } catch {
      // storage did not answer: the study list alone
    }
    download(`dubao-backup-${day}.json`, appendLearningFields(toJsonBackup(list), fields), 'application/json');
    const kept = [fields.wordStates ? 'word states' : null, fields.review ? 'review schedule' : null].filter((x) => x !== null);
    const missing = [fields.wordStates ? null : 'word states', fields.review ? null : 'review schedule'].filter((x) => x !== null);
    return {
      text:
        `Exported ${plural(list.length, 'word')}${kept.length ? ` with your ${kept.join(' and ')}` : ''}.` +
        (missing.length
          ? ` Your ${missing.join(' and ')} could not be read and ${missing.length === 1 ? 'is' : 'are'} not in the backup.`
          : ''),
      error: missing.length > 0,
    };
  }
  return { text: `Exported ${plural(list.length, 'word')}.` };
}

/** What storage holds but Dubao cannot read, as a JSON file to look at. */
export function exportUnreadable(unreadable: Unreadable[]): void {
  const day = new Date().toISOString().slice(0, 10);
  const body = { format: 'dubao-unreadable', exported: new Date().toISOString(), items: unreadable };
  download(`dubao-unreadable-${day}.json`, `${JSON.stringify(body, null, 1)}\n`, 'application/json');
}

/** Imports a file the reader picked: the study list, then the word states and schedule a backup carries. */
export async function importStudyFile(file: File): Promise<NonNullable<Message>> {
  if (file.size > MAX_IMPORT_BYTES) {
    // Refused before reading: a huge file need not be loaded to be turned down.
    return { text: `Nothing was imported from ${file.name}. ${tooBigMessage(file.size)}`, error: true };
  }
  let parsed: ReturnType<typeof parseImport>;
  try {
    parsed = parseImport(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return { text: `Nothing was imported from ${file.name}: the file could not be read.`, error: true };
  }
  if (!parsed.ok) {
    return { text: `Nothing was imported from ${file.name}. ${parsed.error}`, error: true };
  }
  const { learning } = parsed;
  if (learning.knowledge || learning.review) {
    // What the backup's states and schedule merge into must be readable: checked before anything is
    // stored, so that the file is imported whole or not at all.
    const [k, v] = await Promise.all([knowledgeStore.inspect(), reviewStore.inspect()]);
    const problem = learning.knowledge && !k.ok ? k.error : learning.review && !v.ok ? v.error : null;
    if (problem) {
      return {
        text: `Nothing was imported from ${file.name}. ${problem.message} Export it or set it aside first (see above).`,
        error: true,
      };
    }
  }
  let r: Awaited<ReturnType<typeof importItems>>;
  try {
    r = await importItems(parsed.items);
  } catch (e) {
    return { text: `Nothing was imported from ${file.name}. ${sentenceOf(e)}`, error: true };
  }
  const words = `${plural(r.added, 'new word')}, ${plural(r.updated, 'word')} updated, ${plural(r.unchanged, 'word')} already there.`;
  try {
    const extra = learning.knowledge || learning.review ? learningReport(await importLearningFields(learning)) : '';
    return { text: `Imported ${file.name}: ${words}${extra ? ` ${extra}` : ''}` };
  } catch (e) {
    return {
      text: `Imported the words of ${file.name} (${words.replace(/\.$/, '')}), but not its word states and review schedule: ${sentenceOf(e)}`,
      error: true,
    };
  }
}
