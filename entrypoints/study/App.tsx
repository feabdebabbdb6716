/**
 * The study page (study.html): the saved words with their sentences; search, sort, notes, remove with
 * undo; export (Anki TSV, CSV, JSON backup) and import. All reads and writes go through
 * utils/study/storage.ts; the list follows changes made in other tabs through the storage watcher.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { makeMatcher } from '../../dictionary/glossary';
import { AboutDubao } from '../../components/AboutDubao';
import { StudyEntry } from '../../components/StudyEntry';
import { toAnkiTsv, toCsv, toJsonBackup } from '../../utils/study/export';
import { MAX_IMPORT_BYTES, parseImport, tooBigMessage } from '../../utils/study/import';
import { studyKey } from '../../utils/study/model';
import { sortItems, type StudySort } from '../../utils/study/sort';
import { importItems, removeWord, restoreWord, setNotes, studyList } from '../../utils/study/storage';
import type { StudyItem } from '../../utils/study/types';

type Message = { text: string; error?: boolean; undo?: { item: StudyItem; index: number } } | null;

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function App() {
  const [items, setItems] = useState<StudyItem[] | null>(null);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<StudySort>('date');
  const [message, setMessage] = useState<Message>(null);

  useEffect(() => {
    void studyList.getValue().then(setItems);
    return studyList.watch(setItems);
  }, []);

  const shown = useMemo(() => {
    if (!items) return [];
    const match = makeMatcher(query);
    const q = query.trim().toLowerCase();
    // The search also looks in notes and sentences: "where did I see that word about the Plenum?"
    const inText = (it: StudyItem) =>
      q !== '' && (it.notes.toLowerCase().includes(q) || it.contexts.some((c) => c.sentence.includes(query.trim())));
    return sortItems(items.filter((it) => match(it) || inText(it)), sort);
  }, [items, query, sort]);

  const fail = (e: unknown) => setMessage({ text: e instanceof Error ? e.message : String(e), error: true });

  const remove = async (item: StudyItem) => {
    try {
      const removed = await removeWord(studyKey(item));
      if (removed) setMessage({ text: `Removed ${item.simplified}.`, undo: removed });
    } catch (e) {
      fail(e);
    }
  };

  const undo = async (u: { item: StudyItem; index: number }) => {
    try {
      await restoreWord(u.item, u.index);
      setMessage({ text: `${u.item.simplified} is back.` });
    } catch (e) {
      fail(e);
    }
  };

  const exportAs = (kind: 'tsv' | 'csv' | 'json') => {
    const list = items ?? [];
    const day = new Date().toISOString().slice(0, 10);
    if (kind === 'tsv') download(`dubao-anki-${day}.tsv`, toAnkiTsv(list), 'text/tab-separated-values;charset=utf-8');
    else if (kind === 'csv') download(`dubao-study-${day}.csv`, toCsv(list), 'text/csv;charset=utf-8');
    else download(`dubao-backup-${day}.json`, toJsonBackup(list), 'application/json');
    setMessage({ text: `Exported ${plural(list.length, 'word')}.` });
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      // Refused before reading: a huge file need not be loaded to be turned down.
      setMessage({ text: `Nothing was imported from ${file.name}. ${tooBigMessage(file.size)}`, error: true });
      return;
    }
    const parsed = parseImport(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok) {
      setMessage({ text: `Nothing was imported from ${file.name}. ${parsed.error}`, error: true });
      return;
    }
    try {
      const r = await importItems(parsed.items);
      setMessage({
        text: `Imported ${file.name}: ${plural(r.added, 'new word')}, ${plural(r.updated, 'word')} updated, ${plural(r.unchanged, 'word')} already there.`,
      });
    } catch (e) {
      fail(e);
    }
  };

  return (
    <main>
      <header class="s-top">
        <h1>
          <span lang="zh">读报</span> Study list
        </h1>
        <span class="s-count" aria-live="polite">
          {items ? plural(items.length, 'word') : ''}
          {items && query.trim() ? ` · ${shown.length} shown` : ''}
        </span>
      </header>
      <div class="s-tools">
        <input
          type="search"
          aria-label="Search the study list"
          placeholder="Search: 字, pinyin (zhengfu, zhèngfǔ), English, notes"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <label>
          Sort by{' '}
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as StudySort)}>
            <option value="date">date saved (newest first)</option>
            <option value="pinyin">pinyin</option>
            <option value="category">civic category</option>
          </select>
        </label>
      </div>
      <div class="s-transfer">
        <span class="label">Export</span>
        <button type="button" onClick={() => exportAs('tsv')} title="Fields: simplified, traditional, pinyin, meaning, sentence, source">
          Anki (TSV)
        </button>
        <button type="button" onClick={() => exportAs('csv')}>
          CSV
        </button>
        <button type="button" onClick={() => exportAs('json')}>
          JSON backup
        </button>
        <span class="label">Import</span>
        <label class="file-label">
          JSON, CSV or TSV file…
          <input
            type="file"
            aria-label="Import a JSON backup, CSV or TSV file"
            accept=".json,.csv,.tsv,.txt,application/json,text/csv,text/tab-separated-values,text/plain"
            onChange={(e) => void importFile(e.currentTarget as HTMLInputElement)}
          />
        </label>
      </div>
      <details class="s-anki">
        <summary>Importing the Anki file</summary>
        <ol>
          <li>In Anki, choose File › Import and pick the .tsv file Dubao saved.</li>
          <li>Check that the fields map in order to your note type (Simplified, Traditional, Pinyin, Meaning, Sentence, Source); Anki 2.1.55 and later read this from the file’s header.</li>
          <li>Choose the deck and press Import. Importing the file again later updates notes instead of duplicating them when the first field matches.</li>
        </ol>
      </details>
      <p class="s-message" role={message?.error ? 'alert' : 'status'} data-error={message?.error ? 'true' : undefined}>
        {message?.text ?? ''}
        {message?.undo ? (
          <button type="button" class="s-undo" onClick={() => void undo(message.undo!)}>
            Undo
          </button>
        ) : null}
      </p>
      {items === null ? (
        <p class="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p class="s-empty muted">
          No words yet. Save words with the ☆ button on the hover card (or the S key), or from the page glossary in
          the toolbar popup.
        </p>
      ) : shown.length === 0 ? (
        <p class="s-empty muted">No saved word matches “{query}”.</p>
      ) : (
        <ul class="s-list">
          {shown.map((it) => (
            <StudyEntry
              key={it.simplified}
              item={it}
              onNotes={(notes) => void setNotes(studyKey(it), notes).catch(fail)}
              onRemove={() => void remove(it)}
            />
          ))}
        </ul>
      )}
      <AboutDubao />
    </main>
  );
}
