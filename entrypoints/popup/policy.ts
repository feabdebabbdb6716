/**
 * The popup's glossary policy, pure (no browser APIs: what it needs is given), tested without a browser
 * (tests/popup/policy.test.ts). Which glossary the popup shows:
 *
 * - prepared: the view the background wrote to storage.session for this tab (content/prepare.ts), used
 *   as it is when the page still has the text it was made from (same glossaryKey);
 * - kept / built: else the background's (`glossary`), which it still keeps in memory or makes now;
 * - earlier, then current: when the prepared view is of the same address and about as much Chinese (a
 *   live page's new paragraph, a clock), it is shown at once, said to be updating, and the current one is
 *   asked for once it is painted and swapped in when it comes. Actions in between (a click, a save, the
 *   copy) wait for the current one, whose counts and positions are the page's as it is now.
 *
 * Also the row details (the background's copy, else the dictionary and a plain search), the study-list
 * item a row saves, and the filter.
 */
import { glossaryKey } from '../../dictionary/glossary/key';
import { mainEntry } from '../../dictionary/glossary/rows';
import { makeMatcher } from '../../dictionary/glossary/search';
import {
  isEarlierOfPage,
  isGlossaryView,
  viewRow,
  viewRowIndex,
  type GlossaryListRow as Row,
  type GlossaryRest,
  type GlossaryRowDetail,
  type GlossaryView,
} from '../../dictionary/glossary/view';
import { countHan } from '../../dictionary/han';
import type { DictEntry } from '../../dictionary/types';
import { LIMITS, type Reply, type StudySaveRequest } from '../../utils/messages';
import type { PageText } from '../../utils/study/page-protocol';
import { sentenceAround } from '../content/text';

/** Where the glossary on screen came from. */
export type Source = 'prepared' | 'kept' | 'built' | 'earlier';

export type State =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'no-chinese'; title: string; tabId: number; url: string }
  | { kind: 'error'; message: string }
  | Ready;

export interface Ready {
  kind: 'ready';
  tabId: number;
  page: PageText;
  glossary: GlossaryView;
  source: Source;
  /**
   * `glossary` is the one prepared for this page a moment earlier (the page changed since): shown at
   * once while the glossary of the page as it is now is made.
   */
  earlier?: boolean;
  /** While an earlier glossary is shown: resolves to the page's current one (or an error). */
  updating?: Promise<State>;
}

/** What opening the glossary needs from the browser. */
export interface OpenDeps {
  /** The tab the popup describes (null: none it can read). */
  tabId: number | null;
  /** The page's text (through its content script); rejects or gives undefined when it cannot be read. */
  readPage(tabId: number): Promise<PageText | undefined>;
  /** The view prepared for the tab, with the address of the page it was made on (storage.session). */
  prepared(tabId: number): Promise<{ view: GlossaryView; url: string } | null>;
  /** Asks the background for the glossary of a text (message `glossary`: a GlossaryView as JSON text). */
  ask(text: string): Promise<Reply<string>>;
  /** Resolves once the first glossary is on screen (the current one is asked for after an earlier one is painted). */
  painted: Promise<void>;
  /** Instrumentation: a step of opening (utils/timing.ts marks). */
  step?(name: string, detail?: Record<string, unknown>): void;
}

/** Opens the glossary of the tab (see the top of this file for which one). Never rejects. */
export async function openGlossary(deps: OpenDeps): Promise<State> {
  const step = deps.step ?? (() => {});
  try {
    if (deps.tabId === null) return { kind: 'unreachable' };
    const tabId = deps.tabId;
    // Read while the page is read.
    const prepared = deps.prepared(tabId).catch(() => null);
    const page = await deps.readPage(tabId).catch(() => undefined);
    step('glossary-page-read');
    if (!page || typeof page.text !== 'string') return { kind: 'unreachable' };
    if (countHan(page.text) === 0) return { kind: 'no-chinese', title: page.title, tabId, url: page.url };
    const text = page.text.slice(0, LIMITS.pageText);
    const read = await prepared;
    step('glossary-prepared-read');
    const ready = (glossary: GlossaryView, source: Source, updating?: Promise<State>): Ready => ({
      kind: 'ready',
      tabId,
      page: { ...page, text },
      glossary,
      source,
      ...(updating ? { earlier: true, updating } : {}),
    });
    if (read && read.view.key === glossaryKey(text)) return ready(read.view, 'prepared');
    const make = (): Promise<State> =>
      deps
        .ask(text)
        .then((reply): State => {
          if (!reply.ok) return { kind: 'error', message: reply.error };
          const view: unknown = JSON.parse(reply.value);
          if (!isGlossaryView(view)) return { kind: 'error', message: 'the background sent a glossary this popup cannot read' };
          step('glossary-received', { buildMs: view.buildMs ?? -1, segmentMs: view.segmentMs ?? -1, partial: view.partial === true });
          return ready(view, view.kept ? 'kept' : 'built');
        })
        // (Never rejects: an earlier glossary on screen waits for this one, and so do the clicks on it.)
        .catch((e: unknown): State => ({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
    // The earlier glossary is shown meanwhile; the current one is asked for once it is painted (made
    // meanwhile, it would take the machine from the first paint).
    if (read && isEarlierOfPage(read.view, read.url, page.url, text)) return ready(read.view, 'earlier', deps.painted.then(make));
    return await make();
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The glossary an action works on: the page's current one, waited for while an earlier one is shown
 * (its counts and positions are another text's); the earlier one when the current could not be made.
 */
export async function settled(state: Ready): Promise<Ready> {
  if (!state.updating) return state;
  const next = await state.updating;
  return next.kind === 'ready' ? next : state;
}

/** `row` (of the glossary `shown`) as a row of glossary `s`; null when the word is no longer in it. */
export function rowIn(s: Ready, shown: GlossaryView, row: Row, rest: GlossaryRest | null): Row | null {
  if (s.glossary === shown) return row;
  const i = viewRowIndex(s.glossary, row.simplified);
  return i < 0 ? null : viewRow(s.glossary, i, rest);
}

/** What row details need from the background. */
export interface DetailDeps {
  /** `glossary.row`: the background's copy (null when it no longer has the glossary). */
  row(key: string, word: string): Promise<Reply<GlossaryRowDetail | null>>;
  lookupWord(word: string): Promise<Reply<DictEntry[]>>;
}

/**
 * Senses, civic explanation and occurrence positions of a row, from the background's copy of glossary
 * `key`; when the worker was restarted since (it lost it), or `key` is null (the glossary is not the page
 * text's own), from the dictionary and a plain search of the text.
 */
export async function rowDetail(deps: DetailDeps, key: string | null, row: Row, text: string): Promise<GlossaryRowDetail> {
  const reply = key === null ? null : await deps.row(key, row.simplified);
  if (reply?.ok && reply.value) return reply.value;
  const entries = await deps.lookupWord(row.word);
  const main = entries.ok && entries.value.length ? mainEntry(entries.value) : null;
  const civic = entries.ok ? entries.value.find((e) => e.civic)?.civic : null;
  const positions: number[] = [];
  for (let at = text.indexOf(row.word); at >= 0 && positions.length < row.count; at = text.indexOf(row.word, at + 1)) positions.push(at);
  return {
    pinyin: main?.pinyin ?? row.pinyin,
    traditional: main?.traditional ?? row.traditional,
    definitions: main?.definitions ?? row.definitions,
    civic: civic ? { category: civic.category, explanation: civic.explanation } : null,
    positions,
  };
}

/** The study-list item a row saves: the background's full row, the sentence of occurrence `occurrence`. */
export function saveRequest(row: Row, detail: GlossaryRowDetail, page: PageText, occurrence: number): StudySaveRequest {
  const at = detail.positions[occurrence] ?? detail.positions[0] ?? 0;
  return {
    simplified: row.simplified,
    // From the background's full row: a row of a partial view has no reading yet.
    traditional: detail.traditional || row.traditional,
    pinyin: detail.pinyin || row.pinyin,
    definitions: detail.definitions.slice(0, LIMITS.definitions),
    civic: detail.civic,
    sentence: sentenceAround(page.text, at, at + row.word.length).slice(0, LIMITS.sentence),
    pageTitle: page.title.slice(0, LIMITS.title),
    url: page.url.slice(0, LIMITS.url),
  };
}

/** The rows the list shows for a filter (a filter finds common words too: "de" is looking for 的). */
export function filterRows(rows: Row[], query: string, showCommon: boolean): Row[] {
  const match = makeMatcher(query);
  return rows.filter((r) => (showCommon || !r.common || query.trim() !== '') && match(r));
}

/** What loading every row's senses needs from the background. */
export interface SensesDeps {
  senses(key: string): Promise<Reply<GlossaryRest | null>>;
  /** Has the glossary made again (in steps) when the background no longer has it. */
  remake(text: string): Promise<Reply<string>>;
}

/**
 * Every sense of every row of `view` (for the English filter and the TSV copy) and what a partial view
 * lacks. A view read from storage.session may be one the background no longer has (its worker was
 * stopped since): it is made again from the text, the same rows in the same order. Null when the rows
 * that come back are not the view's (the dictionary changed in between) or the background cannot answer.
 */
export async function loadSenses(deps: SensesDeps, view: GlossaryView, text: string): Promise<GlossaryRest | null> {
  let reply = await deps.senses(view.key);
  if (reply.ok && reply.value === null && (await deps.remake(text)).ok) reply = await deps.senses(view.key);
  const value = reply.ok ? reply.value : null;
  if (!value || value.words.length !== view.word.length || value.words.some((w, i) => w !== view.word[i])) return null;
  return value;
}

/**
 * What "Save all civic terms" says when it is done (`problem` null) or stopped by a save that failed:
 * "Saved 2 of 3 civic terms. …", "Saved 0 of 1 civic term. …", "Saved 1 civic term to the study list."
 */
export function savedCivicText(done: number, total: number, problem: string | null): string {
  const terms = (n: number) => `civic term${n === 1 ? '' : 's'}`;
  if (problem !== null) return `Saved ${done} of ${total} ${terms(total)}. ${problem}`;
  return `Saved ${done} ${terms(done)} to the study list.`;
}
