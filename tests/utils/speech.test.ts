import { describe, expect, it, vi } from 'vitest';
import {
  chineseVoices,
  chooseVoice,
  normaliseLang,
  pageVariety,
  speak,
  speechBackendHere,
  spokenText,
  synthesisBackend,
  ttsBackend,
  voiceVariety,
  MAX_SPOKEN,
  NO_VOICE_MESSAGE,
  type SpeechBackend,
  type TtsLike,
  type VoiceInfo,
} from '../../utils/speech';

// Voice lists as the browsers report them on each system (names and tags as they appear there).
const windows: VoiceInfo[] = [
  { name: 'Microsoft David - English (United States)', lang: 'en-US', local: true },
  { name: 'Microsoft Huihui - Chinese (Simplified, PRC)', lang: 'zh-CN', local: true },
  { name: 'Microsoft Kangkang - Chinese (Simplified, PRC)', lang: 'zh-CN', local: true },
  { name: 'Microsoft Hanhan - Chinese (Traditional, Taiwan)', lang: 'zh-TW', local: true },
  { name: 'Microsoft Tracy - Chinese (Traditional, Hong Kong S.A.R.)', lang: 'zh-HK', local: true },
  { name: 'Microsoft Xiaoxiao Online (Natural) - Chinese (Mainland)', lang: 'zh-CN', local: false },
];
const macChrome: VoiceInfo[] = [
  { name: 'Samantha', lang: 'en-US', local: true },
  { name: 'Tingting', lang: 'zh-CN', local: true },
  { name: 'Meijia', lang: 'zh-TW', local: true },
  { name: 'Google 普通话（中国大陆）', lang: 'zh-CN', local: false },
  { name: 'Google 國語（臺灣）', lang: 'zh-TW', local: false },
  { name: 'Google 粤語（香港）', lang: 'zh-HK', local: false },
];
const linuxEspeak: VoiceInfo[] = [
  { name: 'English (America)', lang: 'en-US', local: true },
  { name: 'Chinese (Mandarin, latin as Pinyin)', lang: 'cmn-latn-pinyin', local: true },
  { name: 'Chinese (Mandarin)', lang: 'cmn', local: true },
  { name: 'Chinese (Cantonese)', lang: 'yue', local: true },
  { name: 'Min Nan', lang: 'nan', local: true },
  { name: 'Hakka Chinese', lang: 'hak', local: true },
];
const android: VoiceInfo[] = [
  { name: 'Chinese China', lang: 'zh_CN', local: true },
  { name: 'Chinese Taiwan', lang: 'zh_TW', local: true },
];
const englishOnly: VoiceInfo[] = [{ name: 'Alex', lang: 'en-US', local: true }];

describe('Chinese voices', () => {
  it('reads every engine’s language tags', () => {
    expect(normaliseLang('zh_cn')).toBe('zh-CN');
    expect(normaliseLang('CMN-hans-cn')).toBe('cmn-Hans-CN');
    expect(voiceVariety({ lang: 'zh-CN', name: '' })).toBe('zh-CN');
    expect(voiceVariety({ lang: 'zh_TW', name: '' })).toBe('zh-TW');
    expect(voiceVariety({ lang: 'zh-Hant', name: '' })).toBe('zh-TW');
    expect(voiceVariety({ lang: 'zh-Hant-HK', name: '' })).toBe('zh-HK');
    expect(voiceVariety({ lang: 'zh-MO', name: '' })).toBe('zh-HK');
    expect(voiceVariety({ lang: 'yue', name: '' })).toBe('zh-HK');
    expect(voiceVariety({ lang: 'cmn', name: '' })).toBe('zh-CN');
    expect(voiceVariety({ lang: 'zh-SG', name: '' })).toBe('zh-CN');
    expect(voiceVariety({ lang: '', name: 'Chinese (Mandarin)' })).toBe('zh-CN');
    for (const lang of ['nan', 'hak', 'wuu', 'cmn-latn-pinyin', 'ja-JP', 'ko-KR', 'en-US'])
      expect(voiceVariety({ lang, name: '' }), lang).toBe(null);
  });

  it('lists only Chinese voices for the picker, by variety, installed before online', () => {
    expect(chineseVoices(windows).map((v) => v.name)).toEqual([
      'Microsoft Huihui - Chinese (Simplified, PRC)',
      'Microsoft Kangkang - Chinese (Simplified, PRC)',
      'Microsoft Xiaoxiao Online (Natural) - Chinese (Mainland)',
      'Microsoft Hanhan - Chinese (Traditional, Taiwan)',
      'Microsoft Tracy - Chinese (Traditional, Hong Kong S.A.R.)',
    ]);
    expect(chineseVoices(linuxEspeak).map((v) => [v.name, v.variety])).toEqual([
      ['Chinese (Mandarin)', 'zh-CN'],
      ['Chinese (Cantonese)', 'zh-HK'],
    ]);
    expect(chineseVoices(englishOnly)).toEqual([]);
  });
});

describe('the page’s variety', () => {
  it('comes from the page’s lang, then its address, else the mainland', () => {
    expect(pageVariety('zh-TW')).toBe('zh-TW');
    expect(pageVariety('zh-Hant-TW')).toBe('zh-TW');
    expect(pageVariety('zh-hk')).toBe('zh-HK');
    expect(pageVariety('zh-Hans', 'https://news.ltn.com.tw/')).toBe('zh-CN');
    expect(pageVariety('zh', 'https://www.rthk.hk/')).toBe('zh-CN'); // "zh" says Chinese, no more: the mainland
    expect(pageVariety('', 'https://news.ltn.com.tw/a')).toBe('zh-TW');
    expect(pageVariety(null, 'https://www.info.gov.hk/')).toBe('zh-HK');
    expect(pageVariety('en', 'https://www.gov.mo/')).toBe('zh-HK');
    expect(pageVariety(undefined, 'https://www.people.com.cn/')).toBe('zh-CN');
  });
});

describe('voice choice', () => {
  it('speaks a Taiwan page with a Taiwan voice and a Hong Kong page with a Cantonese one where there is one', () => {
    expect(chooseVoice(windows, 'zh-CN')!.name).toBe('Microsoft Huihui - Chinese (Simplified, PRC)');
    expect(chooseVoice(windows, 'zh-TW')!.name).toBe('Microsoft Hanhan - Chinese (Traditional, Taiwan)');
    expect(chooseVoice(windows, 'zh-HK')!.name).toBe('Microsoft Tracy - Chinese (Traditional, Hong Kong S.A.R.)');
    expect(chooseVoice(linuxEspeak, 'zh-HK')!.name).toBe('Chinese (Cantonese)');
    expect(chooseVoice(android, 'zh-TW')!.name).toBe('Chinese Taiwan');
  });

  it('falls back to Mandarin for Hong Kong without a Cantonese voice, Taiwan first', () => {
    expect(chooseVoice(macChrome, 'zh-HK')!.name).toBe('Meijia'); // Google 粤語 is online: not by itself
    expect(chooseVoice(android, 'zh-HK')!.name).toBe('Chinese Taiwan');
    expect(chooseVoice([{ name: 'Tingting', lang: 'zh-CN', local: true }], 'zh-TW')!.name).toBe('Tingting');
  });

  it('never picks an online voice by itself, but uses one the reader chose', () => {
    const onlineOnly = macChrome.filter((v) => !v.local || v.lang.startsWith('en'));
    expect(chooseVoice(onlineOnly, 'zh-CN')).toBe(null);
    expect(chooseVoice(onlineOnly, 'zh-CN', { 'zh-CN': 'Google 普通话（中国大陆）' })!.name).toBe('Google 普通话（中国大陆）');
  });

  it('follows the reader’s choice per variety, and ignores a chosen voice that is gone', () => {
    expect(chooseVoice(windows, 'zh-CN', { 'zh-CN': 'Microsoft Kangkang - Chinese (Simplified, PRC)' })!.name).toBe(
      'Microsoft Kangkang - Chinese (Simplified, PRC)',
    );
    expect(chooseVoice(windows, 'zh-CN', { 'zh-CN': 'Uninstalled Voice' })!.name).toBe('Microsoft Huihui - Chinese (Simplified, PRC)');
    // A Taiwan page on a machine with only the reader's chosen mainland voice and another one.
    expect(
      chooseVoice(
        windows.filter((v) => v.lang === 'zh-CN'),
        'zh-TW',
        { 'zh-CN': 'Microsoft Kangkang - Chinese (Simplified, PRC)' },
      )!.name,
    ).toBe('Microsoft Kangkang - Chinese (Simplified, PRC)');
    // A non-Chinese voice is never used, even when named.
    expect(chooseVoice(englishOnly, 'zh-CN', { 'zh-CN': 'Alex' })).toBe(null);
  });
});

function fakeBackend(voices: VoiceInfo[], fail?: string): SpeechBackend & { spoken: Array<[string, string, number]> } {
  const spoken: Array<[string, string, number]> = [];
  return {
    kind: 'tts',
    spoken,
    voices: async () => voices,
    speak: async (text, voice, rate) => {
      if (fail) throw new Error(fail);
      spoken.push([text, voice.name, rate]);
    },
    stop: () => {},
  };
}

describe('speak', () => {
  it('speaks with the chosen voice and rate', async () => {
    const b = fakeBackend(windows);
    const r = await speak(b, { text: '  两学一做 ', variety: 'zh-TW', rate: 0.8 });
    expect(r.ok).toBe(true);
    expect(b.spoken).toEqual([['两学一做', 'Microsoft Hanhan - Chinese (Traditional, Taiwan)', 0.8]]);
  });

  it('says so in a sentence when no Chinese voice is installed, and speaks nothing', async () => {
    const b = fakeBackend(englishOnly);
    expect(await speak(b, { text: '中国', variety: 'zh-CN' })).toEqual({ ok: false, reason: 'no-voice', message: NO_VOICE_MESSAGE });
    expect(b.spoken).toEqual([]);
    expect((await speak(null, { text: '中国', variety: 'zh-CN' })).ok).toBe(false);
    expect((await speak(b, { text: '   ', variety: 'zh-CN' })).ok).toBe(false);
  });

  it('turns an engine error into a sentence naming the voice', async () => {
    const r = await speak(fakeBackend(windows, 'synthesis-failed'), { text: '中国', variety: 'zh-CN' });
    expect(r).toEqual({
      ok: false,
      reason: 'failed',
      message: 'The voice “Microsoft Huihui - Chinese (Simplified, PRC)” could not speak (synthesis-failed).',
    });
  });

  it('cuts a long sentence at punctuation', () => {
    const long = `${'我们'.repeat(100)}，${'坚持'.repeat(60)}。`;
    const t = spokenText(long);
    expect(t.length).toBeLessThanOrEqual(MAX_SPOKEN);
    expect(t.endsWith('，')).toBe(true);
  });
});

describe('engines', () => {
  it('chrome.tts: voices with online ones marked, speech with the voice name, errors passed on', async () => {
    const calls: unknown[] = [];
    const tts: TtsLike = {
      getVoices: (cb) =>
        cb([
          { voiceName: 'Tingting', lang: 'zh-CN' },
          { voiceName: 'Google 普通话（中国大陆）', lang: 'zh-CN', remote: true },
          { lang: 'en' },
        ]),
      speak: (text, options) => {
        calls.push([text, options.voiceName, options.rate, options.enqueue]);
        options.onEvent?.(text === 'bad' ? { type: 'error', errorMessage: 'no audio device' } : { type: 'end' });
      },
      stop: vi.fn(),
    };
    const b = ttsBackend(tts);
    expect(await b.voices()).toEqual([
      { name: 'Tingting', lang: 'zh-CN', local: true },
      { name: 'Google 普通话（中国大陆）', lang: 'zh-CN', local: false },
    ]);
    await b.speak('中国', { name: 'Tingting', lang: 'zh-CN', local: true }, 1);
    expect(calls).toEqual([['中国', 'Tingting', 1, false]]);
    await expect(b.speak('bad', { name: 'Tingting', lang: 'zh-CN', local: true }, 1)).rejects.toThrow('no audio device');
  });

  it('speechSynthesis: waits for the voice list, sets voice, language and rate', async () => {
    const voices = [{ name: 'Meijia', lang: 'zh-TW', localService: true }];
    let loaded = false;
    const listeners: Array<() => void> = [];
    const spoken: Array<{ text: string; voice: unknown; lang: string; rate: number }> = [];
    class Utterance {
      voice: unknown = null;
      lang = '';
      rate = 1;
      onend: (() => void) | null = null;
      onerror: ((e: { error?: string }) => void) | null = null;
      constructor(readonly text: string) {}
    }
    const synth = {
      getVoices: () => (loaded ? voices : []),
      speak: (u: unknown) => {
        const x = u as Utterance;
        spoken.push({ text: x.text, voice: x.voice, lang: x.lang, rate: x.rate });
        x.onend?.();
      },
      cancel: () => {},
      addEventListener: (_: 'voiceschanged', l: () => void) => listeners.push(l),
      removeEventListener: () => {},
    };
    const b = synthesisBackend(synth, Utterance);
    const pending = b.voices();
    loaded = true;
    for (const l of listeners) l();
    expect(await pending).toEqual([{ name: 'Meijia', lang: 'zh-TW', local: true }]);
    const r = await speak(b, { text: '臺灣', variety: 'zh-TW', rate: 1.2 });
    expect(r.ok).toBe(true);
    expect(spoken).toEqual([{ text: '臺灣', voice: voices[0], lang: 'zh-TW', rate: 1.2 }]);
  });

  it('picks chrome.tts where it exists, speechSynthesis otherwise, none in a Chrome content script', () => {
    const tts = { getVoices: () => {}, speak: () => {}, stop: () => {} };
    expect(speechBackendHere({ chrome: { tts } } as never)!.kind).toBe('tts');
    expect(speechBackendHere({ speechSynthesis: { getVoices: () => [] }, SpeechSynthesisUtterance: class {} } as never)!.kind).toBe(
      'synthesis',
    );
    expect(speechBackendHere({ chrome: { runtime: {} } } as never)).toBe(null);
  });
});
