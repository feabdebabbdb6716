import { describe, expect, it } from 'vitest';
import { dispatch, validators } from '../../utils/message-dispatch';
import { LIMITS, send, type Handlers } from '../../utils/messages';

const handlers: Handlers = {
  lookupAt: ({ text, offset }) => ({
    readings: [{ start: offset, end: offset + 1, word: text[offset]!, entries: [], pinyin: '', parts: [] }],
    chosen: 0,
  }),
  lookupWord: () => [],
  glossary: () => {
    throw new Error('glossary failed');
  },
  'glossary.prepare': () => null,
  'glossary.senses': ({ key }) => (key === '1-a-b' ? { words: ['党'], senses: [['party']], pinyin: ['dǎng'], traditional: ['黨'] } : null),
  'glossary.row': ({ key, word }) =>
    key === '1-a-b' && word === '党' ? { pinyin: 'dǎng', traditional: '黨', definitions: ['party'], civic: null, positions: [0] } : null,
  'study.save': () => ({ merged: false }),
  'study.has': ({ words }) => words.filter((w) => w === '党'),
  'card.state': () => null,
  'card.key': ({ key }) => key === 'save',
  'page.readings': ({ texts }) => texts.map(() => []),
  'page.states': ({ words }) => words.map(() => 'new' as const),
  'word.info': ({ words }) => words.map(() => ({ level: null, mark: null })),
  'knowledge.mark': ({ words, mark }) => ({
    changed: words.length,
    undo: { before: words.map((w) => [w, null]), after: words.map((w) => [w, { mark, at: 1 }]) },
  }),
  'knowledge.undo': ({ undo }) => undo.before.length,
  speak: () => ({ ok: false, reason: 'no-voice', message: 'none' }),
  'speech.voices': () => ({ available: false }),
};

const env = (name: string, payload: unknown) => ({ dubao: 1, name, payload });

describe('dispatch', () => {
  it('runs the handler of a valid message and wraps its value', async () => {
    const r = await dispatch(handlers, env('study.has', { words: ['党', '国'] }));
    expect(r).toEqual({ ok: true, value: ['党'] });
  });

  it('rejects what is not one of our messages', async () => {
    expect(await dispatch(handlers, { name: 'lookupAt', payload: { text: 'a', offset: 0 } })).toMatchObject({ ok: false });
    expect(await dispatch(handlers, env('toString', {}))).toMatchObject({ ok: false, error: 'unknown message' });
    expect(await dispatch(handlers, null)).toMatchObject({ ok: false });
  });

  it('validates payloads: types, ranges and lengths', async () => {
    const bad: Array<[string, unknown]> = [
      ['lookupAt', { text: '党', offset: 1 }], // offset past the end
      ['lookupAt', { text: '党', offset: 0.5 }],
      ['lookupAt', { text: '', offset: 0 }],
      ['lookupAt', { text: '党'.repeat(LIMITS.blockText + 1), offset: 0 }],
      ['lookupAt', { text: 42, offset: 0 }],
      ['lookupAt', []],
      ['card.key', { key: 'x' }],
      ['card.key', { key: 'S' }],
      ['card.key', { key: 's' }], // keys are sent as actions ('save'), never as the key pressed
      ['card.key', { key: 'pagePinyin' }], // not a card's action
      ['page.readings', { texts: '党' }],
      ['page.readings', { texts: ['党'.repeat(LIMITS.pageChars / 2), '党'.repeat(LIMITS.pageChars / 2 + 1)] }],
      ['page.states', { words: ['x'.repeat(LIMITS.word + 1)] }],
      ['knowledge.mark', { words: ['经济'], mark: 'famous' }],
      ['knowledge.mark', { words: '经济', mark: 'known' }],
      ['knowledge.mark', { words: ['经济'], mark: 'known', onlyNew: 'yes' }],
      ['knowledge.undo', { undo: { before: [['经济', null]], after: [['经济', null]] } }],
      ['knowledge.undo', { undo: { before: [['经济']], after: [] } }],
      ['knowledge.undo', { undo: { before: [], after: [['经济', { mark: 'known', at: -1 }]] } }],
      ['speak', { text: '', variety: 'zh-CN' }],
      ['speak', { text: '经济', variety: 'en-US' }],
      ['speech.voices', {}],
      ['card.state', { open: 'yes' }],
      ['lookupWord', { word: 'x'.repeat(LIMITS.word + 1) }],
      ['study.has', { words: '党' }],
      ['study.has', { words: [1] }],
      [
        'study.save',
        {
          simplified: '党',
          traditional: '黨',
          pinyin: 'dǎng',
          definitions: ['party'],
          civic: { category: 'nope', explanation: '' },
          sentence: '',
          pageTitle: '',
          url: '',
        },
      ],
      [
        'study.save',
        { simplified: '党', traditional: '黨', pinyin: 'dǎng', definitions: 'party', civic: null, sentence: '', pageTitle: '', url: '' },
      ],
    ];
    for (const [name, payload] of bad) {
      const r = await dispatch(handlers, env(name, payload));
      expect(r.ok, `${name} ${JSON.stringify(payload).slice(0, 60)}`).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^invalid /);
    }
  });

  it('drops fields it does not know from a study.save payload', () => {
    const p = validators['study.save']({
      simplified: '党',
      traditional: '黨',
      pinyin: 'dǎng',
      definitions: ['party'],
      civic: { category: 'party', explanation: 'x' },
      sentence: '坚持党的领导。',
      pageTitle: 't',
      url: 'http://127.0.0.1/',
      evil: '<script>',
    });
    expect(Object.keys(p).sort()).toEqual(['civic', 'definitions', 'pageTitle', 'pinyin', 'sentence', 'simplified', 'traditional', 'url']);
  });

  it('checks the glossary key and word of glossary.senses and glossary.row, and the prepared text', async () => {
    // What reaches the handler is the validated payload: its own fields, nothing a page added.
    const got: unknown[] = [];
    const recording: Handlers = {
      ...handlers,
      'glossary.senses': (p) => (got.push(p), null),
      'glossary.row': (p) => (got.push(p), null),
      'glossary.prepare': (p) => (got.push(p), null),
    };
    await dispatch(recording, env('glossary.senses', { key: '1-a-b', extra: 1 }));
    await dispatch(recording, env('glossary.row', { key: '1-a-b', word: '党', positions: [1] }));
    await dispatch(recording, env('glossary.prepare', { text: '党建', inSteps: true }));
    expect(got).toEqual([{ key: '1-a-b' }, { key: '1-a-b', word: '党' }, { text: '党建' }]);
    for (const [name, payload] of [
      ['glossary.senses', { key: 1 }],
      ['glossary.senses', { key: '' }],
      ['glossary.senses', { key: 'k'.repeat(LIMITS.glossaryKey + 1) }],
      ['glossary.row', { key: '1-a-b' }],
      ['glossary.row', { key: '1-a-b', word: '' }],
      ['glossary.row', { key: 1, word: '党' }],
      ['glossary.prepare', { text: '' }],
      ['glossary.prepare', { text: '党'.repeat(LIMITS.preparedText + 1) }],
    ] as const) {
      const r = await dispatch(handlers, env(name, payload));
      expect(r.ok, `${name} ${JSON.stringify(payload)}`).toBe(false);
    }
  });

  it('passes well-formed word marks, undos and speech requests', async () => {
    expect(await dispatch(handlers, env('knowledge.mark', { words: ['经济'], mark: 'known' }))).toEqual({
      ok: true,
      value: { changed: 1, undo: { before: [['经济', null]], after: [['经济', { mark: 'known', at: 1 }]] } },
    });
    const undo = {
      before: [
        ['经济', { mark: 'ignored', at: 5 }],
        ['发展', null],
      ],
      after: [
        ['经济', { mark: 'known', at: 9 }],
        ['发展', { mark: 'known', at: 9 }],
      ],
    };
    expect(validators['knowledge.undo']({ undo, extra: 1 })).toEqual({ undo });
    expect(await dispatch(handlers, env('speak', { text: '经济', variety: 'zh-TW' }))).toEqual({
      ok: true,
      value: { ok: false, reason: 'no-voice', message: 'none' },
    });
    expect(await dispatch(handlers, env('page.readings', { texts: ['经济', '发展'] }))).toEqual({ ok: true, value: [[], []] });
  });

  it('turns a handler error into {ok: false}', async () => {
    expect(await dispatch(handlers, env('glossary', { text: '党' }))).toEqual({ ok: false, error: 'glossary failed' });
  });
});

describe('send', () => {
  it('passes the envelope and returns the reply', async () => {
    let seen: unknown;
    const r = await send({ sendMessage: async (m) => ((seen = m), { ok: true, value: [] }) }, 'lookupWord', { word: '党' });
    expect(seen).toEqual({ dubao: 1, name: 'lookupWord', payload: { word: '党' } });
    expect(r).toEqual({ ok: true, value: [] });
  });

  it('reports a missing background or an empty reply as {ok: false}', async () => {
    const gone = await send(
      {
        sendMessage: async () => {
          throw new Error('Extension context invalidated.');
        },
      },
      'lookupWord',
      { word: '党' },
    );
    expect(gone).toEqual({ ok: false, error: 'Extension context invalidated.' });
    const empty = await send({ sendMessage: async () => undefined }, 'lookupWord', { word: '党' });
    expect(empty.ok).toBe(false);
  });

  it('asks again while the background is still starting (no listener yet), then gives up with its error', async () => {
    const noListener = new Error('Could not establish connection. Receiving end does not exist.');
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let calls = 0;
    const late = await send(
      { sendMessage: async () => (++calls <= 2 ? Promise.reject(noListener) : { ok: true, value: [] }) },
      'lookupWord',
      { word: '党' },
      sleep,
    );
    expect(late).toEqual({ ok: true, value: [] });
    expect(waits).toEqual([50, 100]);
    waits.length = 0;
    const never = await send({ sendMessage: async () => Promise.reject(noListener) }, 'lookupWord', { word: '党' }, sleep);
    expect(never).toEqual({ ok: false, error: noListener.message });
    expect(waits).toEqual([50, 100, 200, 400, 800]);
    // other failures are not retried
    waits.length = 0;
    await send(
      { sendMessage: async () => Promise.reject(new Error('Extension context invalidated.')) },
      'lookupWord',
      { word: '党' },
      sleep,
    );
    expect(waits).toEqual([]);
  });
});
