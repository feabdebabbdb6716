/**
 * The word-knowledge store in (WXT's fake) browser.storage.local, and the versioned-store machinery under
 * it: versioned envelope, migrations, validation on every read, unreadable data kept and reported,
 * set-aside, quota errors, one-step undo, and changes from two contexts at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installLocks } from './locks';

type StoreModule = typeof import('../../utils/knowledge/store');
type VersionedModule = typeof import('../../utils/learning/versioned-store');
type VersionedStore<T> = import('../../utils/learning/versioned-store').VersionedStore<T>;

/** A fresh copy of the store module: another context (the worker, a page) or a restarted one. */
async function freshModule(): Promise<StoreModule> {
  vi.resetModules();
  return import('../../utils/knowledge/store');
}

const T0 = Date.UTC(2026, 0, 5, 9, 30);

beforeEach(() => {
  fakeBrowser.reset();
});

describe('word knowledge store', () => {
  it('stores the marks in buckets with a version marker; a restarted context reads them back', async () => {
    const s = await freshModule();
    const r = await s.markWords(['经济', '发展'], 'known', { now: T0 });
    expect(r.changed).toBe(2);
    const all = await fakeBrowser.storage.local.get(null);
    const at = T0 / 60_000;
    const b1 = s.knowledgeStore.bucketOf('经济');
    const b2 = s.knowledgeStore.bucketOf('发展');
    expect(b1).not.toBe(b2);
    // JSON text of the format-1 object of each bucket's words (one string is far cheaper for the browser)
    expect(all).toEqual({
      wordStates$: { v: 2 },
      [`wordStates/${b1}`]: JSON.stringify({ known: { 经济: at }, ignored: {}, learning: {}, new: {} }),
      [`wordStates/${b2}`]: JSON.stringify({ known: { 发展: at }, ignored: {}, learning: {}, new: {} }),
    });
    const again = await freshModule();
    const k = await again.loadKnowledge();
    expect(k.stateOf('经济')).toBe('known');
    expect(k.stateOf('群众')).toBe('new');
  });

  it('a change among 20,000 marks writes one bucket and the marker, not every mark', async () => {
    const s = await freshModule();
    const words = Array.from(
      { length: 20_000 },
      (_, i) => String.fromCharCode(0x4e00 + (i % 20_000)) + String.fromCharCode(0x4e00 + Math.floor(i / 7)),
    );
    expect((await s.markWords(words, 'known', { now: T0 })).changed).toBe(20_000);
    const total = JSON.stringify(await fakeBrowser.storage.local.get(null)).length;
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await s.markWords(['社保'], 'known', { now: T0 + 60_000 });
    await s.markWords([words[123]!], 'ignored', { now: T0 + 60_000 });
    expect(set).toHaveBeenCalledTimes(2);
    const written = set.mock.calls.map((c) => c[0] as Record<string, unknown>);
    expect(Object.keys(written[0]!).sort()).toEqual(['wordStates$', `wordStates/${s.knowledgeStore.bucketOf('社保')}`]);
    expect(Object.keys(written[1]!).sort()).toEqual(['wordStates$', `wordStates/${s.knowledgeStore.bucketOf(words[123]!)}`]);
    for (const w of written) expect(JSON.stringify(w).length).toBeLessThan(total / 100);
    set.mockRestore();
    const k = await (await freshModule()).loadKnowledge();
    expect(k.counts()).toEqual({ known: 20_000, ignored: 1, learning: 0, new: 0 });
    expect(k.stateOf(words[123]!)).toBe('ignored');
  });

  it('moves the single value of format 1 into the buckets at the first change, losing nothing', async () => {
    const legacy = { v: 1, data: JSON.stringify({ known: { 经济: 5, 发展: 6 }, ignored: { 张三: 7 }, learning: {}, new: { 群众: 8 } }) };
    await fakeBrowser.storage.local.set({ wordStates: legacy, other: 1 });
    const s = await freshModule();
    const k = await s.loadKnowledge();
    expect([k.stateOf('经济'), k.stateOf('张三'), k.markOf('群众')]).toEqual(['known', 'ignored', { mark: 'new', at: 8 }]);
    // reading changes nothing in storage
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ wordStates: legacy, other: 1 });
    await s.markWords(['改革'], 'learning', { now: T0 });
    const all = await fakeBrowser.storage.local.get(null);
    expect(all.wordStates).toBeUndefined();
    expect(all.wordStates$).toEqual({ v: 2 });
    expect(all.other).toBe(1);
    const again = await (await freshModule()).loadKnowledge();
    expect([...again.entries()].sort()).toEqual([...k.entries(), ['改革', { mark: 'learning', at: T0 / 60_000 }]].sort());
  });

  it('a format-1 value left beside the buckets (the context stopped between the two steps) is not read and goes at the next change', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'known', { now: T0 });
    await fakeBrowser.storage.local.set({ wordStates: { v: 1, data: JSON.stringify({ known: { 发展: 5 } }) } });
    const k = await (await freshModule()).loadKnowledge();
    expect([k.stateOf('经济'), k.stateOf('发展')]).toEqual(['known', 'new']);
    await s.markWords(['经济'], 'known'); // no change of the marks
    expect((await fakeBrowser.storage.local.get('wordStates')).wordStates).toBeUndefined();
  });

  it('a bucket that cannot be read is kept and reported with the rest; set aside together on request', async () => {
    const s = await freshModule();
    await s.markWords(['经济', '发展'], 'known', { now: T0 });
    const n = s.knowledgeStore.bucketOf('经济');
    await fakeBrowser.storage.local.set({ [`wordStates/${n}`]: '{"known":{"经济":"soon"}}' });
    const before = await fakeBrowser.storage.local.get(null);
    await expect(s.loadKnowledge()).rejects.toThrow(
      `Dubao could not read your word states (known, ignored, learning) (part ${n}: the time of 经济 (known) is not a whole number of minutes). Nothing was changed: what is stored is kept as it is.`,
    );
    await expect(s.markWords(['群众'], 'known')).rejects.toThrow(/could not read your word states/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    expect(await s.knowledgeStore.setAside(55)).toBe('local:wordStates.unreadable.55');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ 'wordStates.unreadable.55': before });
    expect((await s.loadKnowledge()).size).toBe(0);
  });

  it('a word in the wrong bucket, buckets without the marker and a bad marker are unreadable', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'known', { now: T0 });
    const n = s.knowledgeStore.bucketOf('经济');
    const wrong = (n + 1) % 256;
    await fakeBrowser.storage.local.set({ [`wordStates/${wrong}`]: JSON.stringify({ known: { 经济: 1 } }) });
    await expect(s.loadKnowledge()).rejects.toThrow(`(part ${wrong} holds 经济, which belongs in part ${n})`);
    await fakeBrowser.storage.local.remove(['wordStates$', `wordStates/${wrong}`]);
    await expect(s.loadKnowledge()).rejects.toThrow(`(part wordStates/${n} is stored without the version marker)`);
    await fakeBrowser.storage.local.set({ wordStates$: { v: 'two' } });
    await expect(s.loadKnowledge()).rejects.toThrow('(the version marker is not one Dubao writes)');
    await fakeBrowser.storage.local.set({ wordStates$: { v: 2 }, [`wordStates/${n}`]: 17 });
    await expect(s.loadKnowledge()).rejects.toThrow(`(part ${n} is not text)`);
  });

  it('unreadable data is kept and reported, never replaced; set aside on request', async () => {
    const stored = { v: 1, data: { known: { 经济: 'soon' } } };
    await fakeBrowser.storage.local.set({ wordStates: stored });
    const s = await freshModule();
    await expect(s.loadKnowledge()).rejects.toThrow(
      /^Dubao could not read your word states \(known, ignored, learning\) \(the time of 经济 \(known\) is not a whole number of minutes\)\. Nothing was changed/,
    );
    await expect(s.markWords(['发展'], 'known')).rejects.toThrow(/could not read your word states/);
    expect((await fakeBrowser.storage.local.get('wordStates')).wordStates).toEqual(stored);

    const aside = await s.knowledgeStore.setAside(1234);
    expect(aside).toBe('local:wordStates.unreadable.1234');
    const all = await fakeBrowser.storage.local.get(null);
    expect(all['wordStates.unreadable.1234']).toEqual(stored);
    expect(all.wordStates).toBeUndefined();
    expect((await s.loadKnowledge()).size).toBe(0);
    // set-aside of readable data does nothing
    await s.markWords(['发展'], 'known');
    expect(await s.knowledgeStore.setAside(99)).toBeNull();
    expect((await s.loadKnowledge()).stateOf('发展')).toBe('known');
  });

  it('reads the data as an object too (as a backup holds it); text that is not JSON is unreadable', async () => {
    await fakeBrowser.storage.local.set({ wordStates: { v: 1, data: { known: { 经济: 5 } } } });
    let s = await freshModule();
    expect((await s.loadKnowledge()).stateOf('经济')).toBe('known');
    await fakeBrowser.storage.local.set({ wordStates: { v: 1, data: '{"known":{"经济":5}' } });
    s = await freshModule();
    await expect(s.loadKnowledge()).rejects.toThrow(/\(the stored text is not valid JSON\)/);
  });

  it('data from a newer Dubao is not read and not overwritten', async () => {
    await fakeBrowser.storage.local.set({ wordStates: { v: 7, data: { whatever: true } } });
    let s = await freshModule();
    await expect(s.loadKnowledge()).rejects.toThrow(/written by a newer version of Dubao \(format 7; this one reads up to 2\)/);
    await expect(s.markWords(['经济'], 'known')).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ wordStates: { v: 7, data: { whatever: true } } });

    fakeBrowser.reset();
    const newer = { wordStates$: { v: 3 }, 'wordStates/0': 'a layout of the future' };
    await fakeBrowser.storage.local.set(newer);
    s = await freshModule();
    await expect(s.loadKnowledge()).rejects.toThrow(/written by a newer version of Dubao \(format 3; this one reads up to 2\)/);
    await expect(s.markWords(['经济'], 'known')).rejects.toThrow(/newer version/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(newer);
  });

  it('a failed write (quota) leaves storage as it was and says so in a sentence', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'known', { now: T0 });
    const before = await fakeBrowser.storage.local.get(null);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(s.markWords(['发展'], 'known')).rejects.toThrow(
      'Dubao could not save your word states (known, ignored, learning): the browser storage for Dubao is full. Nothing saved before was lost.',
    );
    set.mockRestore();
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    await s.markWords(['发展'], 'known');
    expect((await s.loadKnowledge()).stateOf('发展')).toBe('known');
  });

  it('one-step undo of the last change, bulk included', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'ignored', { now: T0 });
    const words = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const r = await s.markWords([...words, '经济'], 'known', { now: T0 + 60_000 });
    expect(r.changed).toBe(3001);
    expect((await s.loadKnowledge()).counts().known).toBe(3001);
    expect(await s.undoLastMarks()).toBe(3001);
    const k = await s.loadKnowledge();
    expect(k.counts()).toEqual({ known: 0, ignored: 1, learning: 0, new: 0 });
    expect(await s.undoLastMarks()).toBe(0); // one step only
  });

  it('merges marks from a backup (later mark wins)', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'known', { now: T0 });
    const { Knowledge } = await import('../../utils/knowledge/model');
    const incoming = Knowledge.fromEntries([
      ['经济', { mark: 'ignored', at: T0 / 60_000 - 5 }],
      ['发展', { mark: 'known', at: 1 }],
    ]);
    expect(await s.importKnowledge(incoming)).toEqual({ added: 1, updated: 0, unchanged: 1 });
    const k = await s.loadKnowledge();
    expect([k.stateOf('经济'), k.stateOf('发展')]).toEqual(['known', 'known']);
  });

  it('the same stored text is decoded once; a change from elsewhere is read anew', async () => {
    const s = await freshModule();
    await s.markWords(['经济'], 'known', { now: T0 });
    const a = await s.loadKnowledge();
    expect(await s.loadKnowledge()).toBe(a);
    const other = await freshModule();
    await other.markWords(['发展'], 'ignored', { now: T0 });
    const b = await s.loadKnowledge();
    expect(b).not.toBe(a);
    expect(b.stateOf('发展')).toBe('ignored');
  });

  it('watchers see every change as a checked outcome, from the changed buckets alone', async () => {
    const s = await freshModule();
    await s.markWords(['发展'], 'known');
    const seen: string[] = [];
    const stop = s.watchKnowledge((r) => seen.push(r.ok ? `ok:${r.value.size}:${r.value.stateOf('经济')}` : 'unreadable'));
    const other = await freshModule();
    await other.markWords(['经济'], 'ignored');
    await vi.waitFor(() => expect(seen).toEqual(['ok:2:ignored']));
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await fakeBrowser.storage.sync.set({ settings: { v: 1 } });
    await fakeBrowser.storage.local.set({ [`wordStates/${s.knowledgeStore.bucketOf('经济')}`]: '5' });
    await vi.waitFor(() => expect(seen).toEqual(['ok:2:ignored', 'unreadable']));
    stop();
  });
});

describe('changes from several contexts', () => {
  let uninstall: (() => void) | null = null;
  afterEach(() => {
    uninstall?.();
    uninstall = null;
  });

  /** 20 + 20 words of one bucket: the writes of both contexts read and rewrite the same stored text. */
  function sameBucket(s: StoreModule): [string[], string[]] {
    const words: string[] = [];
    for (let i = 0; words.length < 40; i++) {
      const w = String.fromCharCode(0x4e00 + i);
      if (s.knowledgeStore.bucketOf(w) === 7) words.push(w);
    }
    return [words.slice(0, 20), words.slice(20)];
  }

  async function twoContexts(): Promise<[StoreModule, StoreModule]> {
    const a = await freshModule();
    const b = await freshModule();
    expect(a).not.toBe(b);
    return [a, b];
  }

  it('two contexts marking at once lose nothing (they share the Web Lock)', async () => {
    uninstall = installLocks();
    const [a, b] = await twoContexts();
    const [wordsA, wordsB] = sameBucket(a);
    await Promise.all([...wordsA.map((w) => a.markWords([w], 'known')), ...wordsB.map((w) => b.markWords([w], 'ignored'))]);
    const k = await a.loadKnowledge();
    expect(k.counts()).toEqual({ known: 20, ignored: 20, learning: 0, new: 0 });
  });

  it('without the lock the same run loses changes (what the lock is for)', async () => {
    const [a, b] = await twoContexts();
    const [wordsA, wordsB] = sameBucket(a);
    await Promise.all([...wordsA.map((w) => a.markWords([w], 'known')), ...wordsB.map((w) => b.markWords([w], 'ignored'))]);
    const k = await a.loadKnowledge();
    expect(k.size).toBeLessThan(40);
  });
});

describe('versioned store: migrations', () => {
  interface Note {
    text: string;
    tags: string[];
  }

  async function noteStore(): Promise<{ m: VersionedModule; store: VersionedStore<Note> }> {
    vi.resetModules();
    const m = await import('../../utils/learning/versioned-store');
    const store = m.versionedStore<Note>({
      key: 'local:note',
      lock: 'test.note',
      version: 3,
      label: 'the note',
      empty: () => ({ text: '', tags: [] }),
      migrations: {
        // format 1 was a bare string; format 2 added tags as one comma-separated string; 3 a list
        2: (old) => ({ text: String(old), tags: '' }),
        3: (old) => {
          const o = old as { text: string; tags: string };
          if (typeof o.tags !== 'string') throw new Error('tags are not text');
          return { text: o.text, tags: o.tags ? o.tags.split(',') : [] };
        },
      },
      decode: (d) => {
        const o = d as Note;
        return o && typeof o.text === 'string' && Array.isArray(o.tags) ? { ok: true, value: o } : { ok: false, problem: 'not a note' };
      },
      encode: (n) => n,
    });
    return { m, store };
  }

  it('reads older formats through every migration and writes the current one at the next change', async () => {
    await fakeBrowser.storage.local.set({ note: { v: 2, data: { text: '学习', tags: 'a,b' } } });
    const { store } = await noteStore();
    expect(await store.read()).toEqual({ text: '学习', tags: ['a', 'b'] });
    // reading changed nothing in storage
    expect((await fakeBrowser.storage.local.get('note')).note).toEqual({ v: 2, data: { text: '学习', tags: 'a,b' } });
    await store.mutate((n) => ({ value: n, result: null }));
    expect((await fakeBrowser.storage.local.get('note')).note).toEqual({ v: 3, data: { text: '学习', tags: ['a', 'b'] } });

    await fakeBrowser.storage.local.set({ note: { v: 1, data: '读报' } });
    expect(await store.read()).toEqual({ text: '读报', tags: [] });
  });

  it('a migration that fails leaves the data unreadable and kept', async () => {
    await fakeBrowser.storage.local.set({ note: { v: 2, data: { text: 'x', tags: 7 } } });
    const { store, m } = await noteStore();
    const r = await store.inspect();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(m.UnreadableError);
      expect(r.error.message).toBe(
        'Dubao could not read the note (updating it from format 2 failed: tags are not text). Nothing was changed: what is stored is kept as it is.',
      );
    }
    await expect(store.mutate((n) => ({ value: { ...n, text: 'new' }, result: null }))).rejects.toThrow(/could not read the note/);
    expect((await fakeBrowser.storage.local.get('note')).note).toEqual({ v: 2, data: { text: 'x', tags: 7 } });
  });

  it('values that are not an envelope are unreadable', async () => {
    const { m, store } = await noteStore();
    for (const raw of [[1, 2], 'text', { data: {} }, { v: 0, data: {} }]) {
      expect(m.readEnvelope(store.spec, raw).ok).toBe(false);
    }
    expect(m.readEnvelope(store.spec, undefined)).toEqual({ ok: true, value: { text: '', tags: [] } });
  });
});
