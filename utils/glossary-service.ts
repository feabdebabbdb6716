/**
 * The worker side of the page glossary, in one owner: the glossaries kept in memory (the last few pages,
 * by their text's glossaryKey), the builds in progress (a popup that asks for one being prepared waits
 * for it, and the build stops pausing), the queue of page texts sent to be prepared (one per tab, made one
 * at a time, in steps), and the views kept in storage.session for the next popup (utils/glossary-store.ts).
 * background.ts only wires its handlers into the message table.
 *
 * Pure of browser APIs: the core, the storage.session views, the pause between steps and the timing
 * hooks are given, so tests/glossary/service.test.ts runs it with a fake core and a fake store.
 */
import { glossaryKey } from '../dictionary/glossary/key';
import { buildGlossary, FIRST_SCREEN_ROWS, firstScreen, type PageGlossary } from '../dictionary/glossary/rows';
import { segmentText, PieceCache } from '../dictionary/glossary/pieces';
import { buildGlossaryInSteps, describeLoaded, describeRest, type SteppingCore } from '../dictionary/glossary/steps';
import { glossaryRest, glossaryView, rowDetail, type GlossaryView } from '../dictionary/glossary/view';
import { Lru } from '../dictionary/lru';
import type { GlossaryHead } from '../dictionary/types';
import type { Handlers } from './messages';

/** What the service keeps in storage.session (utils/glossary-store.ts gives the real one). */
export interface PreparedViews {
  /** True when a view for `key` was written. */
  has(key: string): Promise<boolean>;
  write(view: GlossaryView): Promise<boolean>;
  /** Notes which text (by key) tab `tabId` sent last, and the page's address. */
  noteTab(tabId: number, key: string, url: string): Promise<boolean>;
}

/** Instrumentation hooks (utils/timing.ts): steps of the build a popup waits for, and prepared pages. */
export interface GlossaryTiming {
  /** A step of the glossary a popup waits for: asked, building, segmented, counted, described, replied. */
  step(name: string): void;
  prepared(): void;
}

export interface GlossaryServiceOptions {
  /** The core, once loaded (rejects when it cannot load: the popup then says so). */
  core: () => Promise<SteppingCore>;
  views: PreparedViews;
  /** Lets queued messages (a hover) run between two steps of a build in steps. */
  pause: () => Promise<void>;
  timing?: GlossaryTiming;
  /** Full glossaries kept in memory (default 4). */
  keep?: number;
}

interface KeptGlossary {
  text: string;
  glossary: PageGlossary;
  view: GlossaryView;
  /** Settles when every row is described (the view is then whole, and written for the next popup). */
  complete: Promise<void>;
}

/** Dictionary heads of earlier glossaries' words kept for the next one, at most (then they start again). */
const LOOKUPS_KEEP = 100_000;

export class GlossaryService {
  private readonly kept: Lru<string, KeptGlossary>;
  /** Glossaries being made, by key. */
  private readonly building = new Map<string, Promise<KeptGlossary>>();
  /** Keys of glossaries being made in steps that a popup now waits for: no more pauses. */
  private readonly urgent = new Set<string>();
  /** Page texts to prepare, one per tab (a newer text of the same tab replaces one still waiting). */
  private readonly toPrepare = new Map<number, { text: string; key: string }>();
  private preparing = false;
  /** Dictionary heads of the words of earlier glossaries, reused by the next one. */
  private readonly lookups = new Map<string, GlossaryHead | null>();
  /** Segments of the sentences of earlier glossaries (a changed page is segmented where it is new). */
  private readonly pieces = new PieceCache();
  private readonly timing: GlossaryTiming;
  /** Pages prepared ahead of the popup so far. */
  prepared = 0;

  constructor(private readonly options: GlossaryServiceOptions) {
    this.kept = new Lru(options.keep ?? 4);
    this.timing = options.timing ?? { step() {}, prepared() {} };
  }

  /** The message handlers of the glossary, for background.ts's table. */
  handlers(): Pick<Handlers, 'glossary' | 'glossary.prepare' | 'glossary.senses' | 'glossary.row'> {
    return {
      glossary: ({ text, inSteps }) => this.viewJson(text, inSteps === true),
      'glossary.prepare': ({ text }, sender) => {
        this.prepare(text, sender.tabId ?? -1, sender.url ?? '');
        return null;
      },
      'glossary.senses': ({ key }) => this.senses(key),
      'glossary.row': ({ key, word }) => this.row(key, word),
    };
  }

  /**
   * The view of the glossary of `text`, as JSON text (message `glossary`): kept (then `kept: true`),
   * being made, or made now. `inSteps`: not urgent, made with pauses; else made at once, the first
   * screen's rows described before the reply and the others after it.
   */
  async viewJson(text: string, inSteps = false): Promise<string> {
    const key = glossaryKey(text);
    const known = this.keptOf(text, key);
    if (known) return JSON.stringify({ ...known.view, kept: true });
    const json = JSON.stringify((await this.glossaryOf(text, key, inSteps)).view);
    if (!inSteps) this.timing.step('replied');
    return json;
  }

  /** A page's text to make ahead of the popup (message `glossary.prepare`): queued, made in steps. */
  prepare(text: string, tabId: number, url: string): void {
    const key = glossaryKey(text);
    this.toPrepare.set(tabId, { text, key });
    if (tabId >= 0) void this.options.views.noteTab(tabId, key, url);
    void this.prepareNext();
  }

  /** Every row's senses of glossary `key`, once it is whole; null when it is not kept (message `glossary.senses`). */
  async senses(key: string) {
    const kept = this.kept.peek(key);
    if (!kept) return null;
    await kept.complete;
    return glossaryRest(kept.glossary);
  }

  /** One row's detail (message `glossary.row`); null when the glossary or the row is unknown. */
  async row(key: string, simplified: string) {
    const kept = this.kept.peek(key);
    if (!kept) return null;
    await kept.complete;
    return rowDetail(kept.glossary, simplified);
  }

  /** Whether the glossary of `text` is kept in memory now (for tests and the prepare queue). */
  has(text: string): boolean {
    return this.kept.peek(glossaryKey(text))?.text === text;
  }

  /** Settles when no page is waiting to be prepared and none is being made. */
  async idle(): Promise<void> {
    while (this.preparing || this.building.size > 0) {
      await Promise.allSettled([...this.building.values()]);
      await this.options.pause();
    }
  }

  // -------------------------------------------------------------------------------------------------

  /** The glossary of `text` made earlier and still kept (then the most recently used), or null. */
  private keptOf(text: string, key: string): KeptGlossary | null {
    const kept = this.kept.get(key);
    return kept && kept.text === text ? kept : null;
  }

  private glossaryOf(text: string, key: string, inSteps: boolean): Promise<KeptGlossary> {
    const kept = this.keptOf(text, key);
    if (kept) return Promise.resolve(kept);
    const pending = this.building.get(key);
    if (pending) {
      if (!inSteps) this.urgent.add(key);
      return pending;
    }
    const made = this.make(text, key, inSteps);
    this.building.set(key, made);
    const forget = () => {
      this.building.delete(key);
      this.urgent.delete(key);
    };
    made.then(forget, forget);
    return made;
  }

  private async make(text: string, key: string, inSteps: boolean): Promise<KeptGlossary> {
    const step = (name: string) => inSteps || this.timing.step(name);
    step('asked');
    const core = await this.options.core();
    const t = performance.now();
    step('building');
    if (this.lookups.size > LOOKUPS_KEEP) this.lookups.clear();
    const pause = this.options.pause;
    let glossary: PageGlossary;
    let segmentMs = -1;
    if (inSteps) {
      // Once a popup asks for it, the reader is waiting: no more pauses.
      glossary = await buildGlossaryInSteps(
        core,
        text,
        this.lookups,
        () => (this.urgent.has(key) ? Promise.resolve() : pause()),
        this.pieces,
      );
    } else {
      const segments = segmentText(core.segmenter, text, this.pieces);
      segmentMs = Math.round(performance.now() - t);
      step('segmented');
      // The reader is waiting: rows are counted and ordered from dictionary heads (no senses shard
      // needed), and only the rows of the popup's first screen are described now.
      glossary = buildGlossary(core, text, this.lookups, segments, 0);
      step('counted');
      await describeLoaded(core, glossary, firstScreen(glossary.rows, FIRST_SCREEN_ROWS));
    }
    glossary.buildMs = Math.round(performance.now() - t);
    step('described');
    const entry: KeptGlossary = { text, glossary, view: { ...glossaryView(glossary, key), segmentMs }, complete: Promise.resolve() };
    // The other rows after the reply, in steps; then the view is whole and kept for the next popup.
    entry.complete = pause()
      .then(() => describeRest(core, glossary, pause))
      .then(() => {
        if (entry.view.partial) entry.view = { ...glossaryView(glossary, key), segmentMs };
        void this.options.views.write(entry.view);
      })
      .catch(() => {});
    this.kept.set(key, entry);
    return entry;
  }

  /** Makes the queued page texts one at a time, in steps; a text kept or prepared already is skipped. */
  private async prepareNext(): Promise<void> {
    if (this.preparing) return;
    this.preparing = true;
    try {
      for (let next = this.toPrepare.entries().next(); !next.done; next = this.toPrepare.entries().next()) {
        const [tab, { text, key }] = next.value;
        this.toPrepare.delete(tab);
        if (this.keptOf(text, key) || (await this.options.views.has(key))) continue;
        try {
          await this.glossaryOf(text, key, true);
          this.prepared++;
          this.timing.prepared();
        } catch {
          // The dictionary failed to load: the popup will say so when it is opened.
        }
      }
    } finally {
      this.preparing = false;
    }
  }
}
