/**
 * The lookupAt reply, shaped from the real core (assets/generated, built by npm run build:dict when
 * missing).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../dictionary/core';
import { ensureAssets, loadNodeCore } from '../../dictionary/cli/node-core';
import { HoverCache, hoverAt, readingByCharacter } from '../../utils/hover-lookup';
import { lookupHandlers, readingHeadwords } from '../../utils/lookup-handlers';

let core: Core;

beforeAll(async () => {
  await ensureAssets();
  core = await loadNodeCore();
}, 120_000);

describe('hoverAt', () => {
  const text = '会议强调，要坚持中国共产党的领导。';

  it('chooses the segment under the offset and offers the other readings shortest first', () => {
    const r = hoverAt(core, text, text.indexOf('共'))!;
    const chosen = r.readings[r.chosen]!;
    expect(chosen.word).toBe('中国共产党');
    expect(chosen.entries.length).toBeGreaterThan(0);
    expect(chosen.parts.map((p) => p.word)).toEqual(['中国', '共产党']);
    const lengths = r.readings.map((x) => x.end - x.start);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(r.readings.map((x) => x.word)).toContain('共');
    for (const x of r.readings) expect(text.slice(x.start, x.end)).toBe(x.word);
  });

  it('gives the same word from the first, a middle and the last character', () => {
    const i = text.indexOf('中国共产党');
    for (const k of [0, 2, 4]) {
      const r = hoverAt(core, text, i + k)!;
      expect(r.readings[r.chosen]!.word, `character ${k}`).toBe('中国共产党');
    }
  });

  it('reads the parts of a compound as the compound reads them', () => {
    const t = '来到城关镇综治中心调研';
    const r = hoverAt(core, t, t.indexOf('综'))!;
    const chosen = r.readings[r.chosen]!;
    expect(chosen.word).toBe('综治中心');
    const zong = chosen.parts.find((p) => p.word === '综')!;
    expect(zong.pinyin).toBe('zōng'); // CC-CEDICT lists zèng (heddle) first
    expect(zong.entries[0]!.pinyin).toBe('zōng');
  });

  it("reads a part with the compound's lower-case reading before a proper noun of the same syllables", () => {
    const t = '省里印发了关于加强基层治理的意见';
    const r = hoverAt(core, t, t.indexOf('意'))!;
    const chosen = r.readings[r.chosen]!;
    expect(chosen.word).toBe('意见');
    const yi = chosen.parts.find((p) => p.word === '意')!;
    expect(yi.entries[0]!.pinyin).toBe('yì'); // not Yì, Italy
  });

  it('returns null on punctuation and spaces', () => {
    expect(hoverAt(core, text, text.indexOf('，'))).toBeNull();
  });

  it('gives a reading for a name the dictionary lacks', () => {
    const t = '政法委书记赵志勇来到城关镇';
    const r = hoverAt(core, t, t.indexOf('志'))!;
    const chosen = r.readings[r.chosen]!;
    expect(chosen.word).toBe('赵志勇');
    // Read as a name (surname reading first, capitalised as CC-CEDICT writes names), and said to be one.
    expect(chosen.pinyin).toBe('Zhào Zhì yǒng');
    expect(chosen.entries).toHaveLength(1);
    expect(chosen.entries[0]).toMatchObject({ source: 'composed', parts: ['赵', '志勇'] });
    expect(chosen.entries[0]!.definitions[0]).toMatch(/^probably a personal name: surname 赵 Zhào, given name 志勇 Zhìyǒng/);
  });
});

describe('readingByCharacter', () => {
  it('reads each character, keeping digits and Latin as they are', () => {
    expect(readingByCharacter(core, '2024年')).toBe('2024 nián');
    expect(readingByCharacter(core, '5G网络')).toBe('5G wǎng luò');
  });
});

describe('HoverCache', () => {
  it('answers a repeated hover from the cache, with the same result', () => {
    const cache = new HoverCache(core);
    const t = '困难群众兜底保障政策落实到位。';
    const a = cache.at(t, 5);
    const b = cache.at(t, 5);
    expect(b).toBe(a);
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(1);
  });
});

describe('lookupAt: the lookup and the saved state in one round trip', () => {
  const text = '会议强调，要坚持中国共产党的领导。';

  it('says which of the readings’ headwords are saved, fresh on every request (the lookup itself is cached)', async () => {
    let saved = ['中国共产党'];
    const asked: string[][] = [];
    const h = lookupHandlers({
      ready: Promise.resolve({ core, cache: new HoverCache(core) }),
      prefetchFor: () => {},
      savedAmong: async (words) => (asked.push(words), words.filter((w) => saved.includes(w))),
    });
    const first = (await h.lookupAt({ text, offset: text.indexOf('共') }, {}))!;
    expect(first.saved).toEqual(['中国共产党']);
    expect(asked[0]).toEqual(readingHeadwords(first));
    expect(asked[0]).toEqual(expect.arrayContaining(['中国共产党', '共产党', '共']));
    saved = [];
    const again = (await h.lookupAt({ text, offset: text.indexOf('共') }, {}))!;
    expect(again.saved).toEqual([]);
    expect(again.readings).toEqual(first.readings);
  });

  it('leaves the saved state out when the study list cannot be read, ', async () => {
    const h = lookupHandlers({
      ready: Promise.resolve({ core, cache: new HoverCache(core) }),
      prefetchFor: () => {},
      savedAmong: () => Promise.reject(new Error('storage is gone')),
    });
    const r = (await h.lookupAt({ text, offset: 0 }, {}))!;
    expect(r.readings.length).toBeGreaterThan(0);
    expect(r.saved).toBeUndefined();
  });

  it('does not wait for a study list that storage is slow to give (the card asks for it later)', async () => {
    const h = lookupHandlers({
      ready: Promise.resolve({ core, cache: new HoverCache(core) }),
      prefetchFor: () => {},
      // Storage busy (a migration of a large list): the read never comes back during this test.
      savedAmong: () => new Promise(() => {}),
      savedWaitMs: 5,
    });
    const r = (await h.lookupAt({ text, offset: text.indexOf('共') }, {}))!;
    expect(r.readings.map((x) => x.word)).toContain('中国共产党');
    expect(r.saved).toBeUndefined();
  });

  it('says the lookup was answered once its reply is computed, and also when the core failed to load', async () => {
    const events: string[] = [];
    const h = lookupHandlers({
      ready: Promise.resolve({ core, cache: new HoverCache(core) }),
      prefetchFor: () => events.push('hinted'),
      savedAmong: async () => (events.push('saved asked'), []),
      answered: () => events.push('answered'),
    });
    await h.lookupAt({ text, offset: text.indexOf('共') }, {});
    expect(events).toEqual(['hinted', 'answered', 'saved asked']);
    const broken = lookupHandlers({
      ready: Promise.reject(new Error('cannot read dict.bin: 404')),
      prefetchFor: () => {},
      savedAmong: async () => [],
      answered: () => events.push('answered after failure'),
    });
    await expect(broken.lookupAt({ text, offset: 0 }, {})).rejects.toThrow(/dict\.bin/);
    expect(events.at(-1)).toBe('answered after failure');
  });
});
