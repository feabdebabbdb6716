/**
 * Speech: one `speak()` over the two engines browsers give extensions.
 *   - Chrome: `chrome.tts` (permission "tts"), in the background and in extension pages. A content
 *     script has no chrome.tts: it asks the background (`speak`, utils/speech-handlers.ts).
 *   - Firefox: no chrome.tts at all; `speechSynthesis` in extension pages and in the content script.
 * `speechBackendHere()` picks the one the calling context has (null: ask the background).
 *
 * The voice follows the page's variety (`pageVariety`: zh-CN; zh-TW for Taiwan; zh-HK for Hong Kong and
 * Macao where a Cantonese voice is installed, else Mandarin), or the reader's choice per variety
 * (settings `voices`). Only voices installed on the machine are chosen by themselves; an online voice
 * (Chrome's "Google 普通话", Edge's "Online (Natural)" voices send the text to their provider) speaks
 * only when the reader picked it on the settings page. Without a Chinese voice, `speak` says so in a
 * sentence and the settings page explains how to install one.
 *
 * Dubao never speaks unasked: `speak` is called only from a click or a trusted key press (keys.ts
 * `actionForEvent` drops synthetic ones). The voice choice is pure and unit-tested; the engines are
 * thin wrappers.
 */
import type { SpeechVariety } from './settings-schema';

export interface VoiceInfo {
  /** The name the engine knows the voice by (chrome.tts voiceName, SpeechSynthesisVoice.name). */
  name: string;
  /** BCP 47 tag as the engine gives it ("zh-CN", "zh_TW", "cmn", "yue"). */
  lang: string;
  /** Installed on this machine; false for online voices (the text leaves the machine). */
  local: boolean;
}

/** Language tag with "_" as "-" and the usual case: "zh_cn" -> "zh-CN", "cmn-hans-cn" -> "cmn-Hans-CN". */
export function normaliseLang(lang: string): string {
  return lang
    .trim()
    .replace(/_/g, '-')
    .split('-')
    .map((part, i) =>
      i === 0
        ? part.toLowerCase()
        : part.length === 2
          ? part.toUpperCase()
          : part.length === 4
            ? part[0]!.toUpperCase() + part.slice(1).toLowerCase()
            : part.toLowerCase(),
    )
    .join('-');
}

/**
 * The variety a voice speaks, or null when it is not a Mandarin or Cantonese voice. Cantonese voices
 * (yue, zh-HK, zh-MO) count as zh-HK; Taiwan Mandarin (zh-TW, and Traditional-script tags without a
 * region) as zh-TW; other Chinese tags (zh, zh-CN, zh-SG, cmn, zh-Hans) as zh-CN. Min, Hakka and Wu
 * voices (nan, hak, wuu) read other languages and are left out.
 */
export function voiceVariety(voice: Pick<VoiceInfo, 'lang' | 'name'>): SpeechVariety | null {
  const tag = normaliseLang(voice.lang);
  const parts = tag.split('-');
  const primary = parts[0]!;
  const region = parts.find((p, i) => i > 0 && /^[A-Z]{2}$/.test(p));
  const script = parts.find((p, i) => i > 0 && /^[A-Z][a-z]{3}$/.test(p));
  if (primary === 'yue' || (primary === 'zh' && parts[1] === 'yue')) return 'zh-HK';
  if (primary !== 'zh' && primary !== 'cmn') {
    // Some engines give no usable tag but say it in the name ("Chinese (Mandarin)").
    if (primary === '' || primary === 'und')
      return /cantonese/i.test(voice.name) ? 'zh-HK' : /mandarin|chinese/i.test(voice.name) ? 'zh-CN' : null;
    return null;
  }
  // espeak-ng's cmn-latn-pinyin reads pinyin written in Latin letters, not characters.
  if (script === 'Latn') return null;
  if (region === 'HK' || region === 'MO') return 'zh-HK';
  if (region === 'TW') return 'zh-TW';
  if (!region && script === 'Hant') return 'zh-TW';
  return 'zh-CN';
}

const VARIETY_ORDER: Record<SpeechVariety, number> = { 'zh-CN': 0, 'zh-TW': 1, 'zh-HK': 2 };

/** The Chinese voices of a list, for the picker: by variety, installed before online, then by name. */
export function chineseVoices(voices: readonly VoiceInfo[]): Array<VoiceInfo & { variety: SpeechVariety }> {
  const seen = new Set<string>();
  const out: Array<VoiceInfo & { variety: SpeechVariety }> = [];
  for (const v of voices) {
    const variety = voiceVariety(v);
    if (!variety || seen.has(v.name)) continue;
    seen.add(v.name);
    out.push({ ...v, variety });
  }
  return out.sort(
    (a, b) => VARIETY_ORDER[a.variety] - VARIETY_ORDER[b.variety] || Number(b.local) - Number(a.local) || a.name.localeCompare(b.name),
  );
}

/**
 * The variety a page is written for: its `lang` (zh-TW, zh-Hant-TW, zh-Hant: Taiwan; zh-HK, zh-MO,
 * zh-Hant-HK, yue: Hong Kong; zh-CN, zh-Hans, zh-SG: mainland), else its address (.tw, .hk, .mo),
 * else the mainland.
 */
export function pageVariety(pageLang: string | null | undefined, url?: string | null): SpeechVariety {
  if (pageLang && pageLang.trim() !== '') {
    const v = voiceVariety({ lang: pageLang, name: '' });
    if (v) return v;
  }
  if (url) {
    try {
      const host = new URL(url).hostname;
      if (/\.tw$/.test(host)) return 'zh-TW';
      if (/\.(hk|mo)$/.test(host)) return 'zh-HK';
    } catch {
      // not an address
    }
  }
  return 'zh-CN';
}

/** Varieties to try for a page's variety, best first. Hong Kong falls back to Mandarin, never back. */
const FALLBACK: Record<SpeechVariety, SpeechVariety[]> = {
  'zh-CN': ['zh-CN', 'zh-TW'],
  'zh-TW': ['zh-TW', 'zh-CN'],
  'zh-HK': ['zh-HK', 'zh-TW', 'zh-CN'],
};

/**
 * The voice for a page's variety: the reader's choice for that variety when it is installed (online or
 * not: they chose it), else the first installed (local) voice of the variety, then of its fallbacks.
 * Online voices are never chosen by themselves. Null: no Chinese voice on this machine.
 */
export function chooseVoice(
  voices: readonly VoiceInfo[],
  variety: SpeechVariety,
  chosen: Partial<Record<SpeechVariety, string | null>> = {},
): VoiceInfo | null {
  const chinese = chineseVoices(voices);
  const wanted = chosen[variety];
  if (wanted) {
    const v = chinese.find((x) => x.name === wanted);
    if (v) return v;
  }
  for (const want of FALLBACK[variety]) {
    // A chosen voice of a fallback variety before the first installed one.
    const pick = chosen[want] ? chinese.find((x) => x.name === chosen[want] && x.local) : undefined;
    if (pick) return pick;
    const local = chinese.filter((x) => x.variety === want && x.local);
    // Exact region first (a zh-SG voice is Mandarin, but a zh-CN one is closer for a mainland page).
    const exact = local.find((x) => normaliseLang(x.lang) === want || normaliseLang(x.lang).endsWith(want.slice(2)));
    if (exact ?? local[0]) return (exact ?? local[0])!;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Engines

export interface SpeechBackend {
  readonly kind: 'tts' | 'synthesis';
  /** Every voice the engine offers (Chinese or not). */
  voices(): Promise<VoiceInfo[]>;
  /** Speaks `text` with `voice`; resolves when done or stopped, rejects with the engine's error. */
  speak(text: string, voice: VoiceInfo, rate: number): Promise<void>;
  stop(): void;
}

/** The parts of chrome.tts used (so tests and Firefox typings need not know the whole API). */
export interface TtsLike {
  getVoices(callback: (voices: Array<{ voiceName?: string; lang?: string; remote?: boolean }>) => void): void;
  speak(
    utterance: string,
    options: {
      voiceName?: string;
      lang?: string;
      rate?: number;
      enqueue?: boolean;
      onEvent?: (e: { type: string; errorMessage?: string }) => void;
    },
    callback?: () => void,
  ): void;
  stop(): void;
}

export function ttsBackend(tts: TtsLike, lastError: () => string | undefined = () => undefined): SpeechBackend {
  return {
    kind: 'tts',
    voices: () =>
      new Promise((resolve) =>
        tts.getVoices((list) =>
          resolve(
            (list ?? []).filter((v) => v.voiceName).map((v) => ({ name: v.voiceName!, lang: v.lang ?? '', local: v.remote !== true })),
          ),
        ),
      ),
    speak: (text, voice, rate) =>
      new Promise<void>((resolve, reject) => {
        tts.speak(
          text,
          {
            voiceName: voice.name,
            lang: voice.lang || undefined,
            rate,
            enqueue: false,
            onEvent: (e) => {
              if (e.type === 'end' || e.type === 'interrupted' || e.type === 'cancelled') resolve();
              else if (e.type === 'error') reject(new Error(e.errorMessage || 'the speech engine failed'));
            },
          },
          () => {
            const err = lastError();
            if (err) reject(new Error(err));
          },
        );
      }),
    stop: () => tts.stop(),
  };
}

/** The parts of window.speechSynthesis used. */
export interface SynthesisLike {
  getVoices(): Array<{ name: string; lang: string; localService: boolean }>;
  speak(u: unknown): void;
  cancel(): void;
  addEventListener?(type: 'voiceschanged', listener: () => void): void;
  removeEventListener?(type: 'voiceschanged', listener: () => void): void;
}

type UtteranceLike = {
  voice: unknown;
  lang: string;
  rate: number;
  onend: (() => void) | null;
  onerror: ((e: { error?: string }) => void) | null;
};

export function synthesisBackend(synth: SynthesisLike, Utterance: new (text: string) => UtteranceLike, waitMs = 1000): SpeechBackend {
  const list = () => synth.getVoices().map((v) => ({ name: v.name, lang: v.lang, local: v.localService }));
  return {
    kind: 'synthesis',
    // The list is often empty until the engine has loaded it ("voiceschanged").
    voices: () =>
      new Promise((resolve) => {
        const now = list();
        if (now.length > 0 || !synth.addEventListener) return resolve(now);
        const done = () => {
          clearTimeout(timer);
          synth.removeEventListener?.('voiceschanged', done);
          resolve(list());
        };
        const timer = setTimeout(done, waitMs);
        synth.addEventListener('voiceschanged', done);
      }),
    speak: (text, voice, rate) =>
      new Promise<void>((resolve, reject) => {
        const v = synth.getVoices().find((x) => x.name === voice.name);
        if (!v) return reject(new Error(`the voice ${voice.name} is no longer installed`));
        synth.cancel();
        const u = new Utterance(text);
        u.voice = v;
        u.lang = v.lang;
        u.rate = rate;
        u.onend = () => resolve();
        u.onerror = (e) =>
          e.error === 'interrupted' || e.error === 'canceled' ? resolve() : reject(new Error(e.error || 'the speech engine failed'));
        synth.speak(u);
      }),
    stop: () => synth.cancel(),
  };
}

/**
 * The engine this context has: chrome.tts (Chrome's background and extension pages), else
 * speechSynthesis (Firefox's pages and content scripts), else null (Chrome's content script: send the
 * request to the background).
 */
export function speechBackendHere(scope: typeof globalThis = globalThis): SpeechBackend | null {
  const g = scope as typeof globalThis & { chrome?: { tts?: TtsLike; runtime?: { lastError?: { message?: string } } } };
  const tts = g.chrome?.tts;
  if (tts && typeof tts.speak === 'function') return ttsBackend(tts, () => g.chrome?.runtime?.lastError?.message);
  const synth = (g as { speechSynthesis?: SynthesisLike }).speechSynthesis;
  const Utterance = (g as { SpeechSynthesisUtterance?: new (text: string) => UtteranceLike }).SpeechSynthesisUtterance;
  if (synth && Utterance) return synthesisBackend(synth, Utterance);
  return null;
}

// ---------------------------------------------------------------------------------------------------
// speak

/** Longest text spoken at once (a long sentence); more is cut at the last punctuation before it. */
export const MAX_SPOKEN = 300;

export interface SpeakRequest {
  text: string;
  variety: SpeechVariety;
  /** settings.voices */
  voices?: Partial<Record<SpeechVariety, string | null>>;
  /** settings.speechRate */
  rate?: number;
}

export type SpeakResult =
  | { ok: true; voice: VoiceInfo }
  | { ok: false; reason: 'empty' | 'no-voice' | 'no-engine' | 'failed'; message: string };

/** `text` trimmed to what is spoken: at most MAX_SPOKEN characters, ending at punctuation where it can. */
export function spokenText(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= MAX_SPOKEN) return t;
  const cut = t.slice(0, MAX_SPOKEN);
  const at = Math.max(...['。', '！', '？', '；', '，', '.', '!', '?', ';', ','].map((p) => cut.lastIndexOf(p)));
  return at > MAX_SPOKEN / 2 ? cut.slice(0, at + 1) : cut;
}

export const NO_VOICE_MESSAGE = 'No Chinese voice is installed on this computer. The Dubao settings page says how to add one.';

/** Speaks with the voice for the request's variety; every failure comes back as a sentence. */
export async function speak(backend: SpeechBackend | null, request: SpeakRequest): Promise<SpeakResult> {
  const text = spokenText(request.text);
  if (text === '') return { ok: false, reason: 'empty', message: 'There is nothing to speak.' };
  if (!backend) return { ok: false, reason: 'no-engine', message: 'This browser offers no speech here.' };
  let voices: VoiceInfo[];
  try {
    voices = await backend.voices();
  } catch {
    voices = [];
  }
  const voice = chooseVoice(voices, request.variety, request.voices);
  if (!voice) return { ok: false, reason: 'no-voice', message: NO_VOICE_MESSAGE };
  try {
    await backend.speak(text, voice, request.rate ?? 1);
    return { ok: true, voice };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: 'failed', message: `The voice “${voice.name}” could not speak (${why.slice(0, 120)}).` };
  }
}

/** How to install a Chinese voice, per system, for the settings page (our own words). */
export const VOICE_HELP: ReadonlyArray<{ system: string; steps: string }> = [
  {
    system: 'Windows 10 and 11',
    steps:
      'Settings → Time & language → Language & region → Add a language: add Chinese (Simplified, China), Chinese (Traditional, Taiwan) or Chinese (Traditional, Hong Kong SAR) with its “Text-to-speech” feature. Restart the browser afterwards.',
  },
  {
    system: 'macOS',
    steps:
      'System Settings → Accessibility → Spoken Content → System voice → Manage Voices…: tick a voice under Chinese (China mainland), Chinese (Taiwan) or Chinese (Hong Kong), let it download, then restart the browser.',
  },
  {
    system: 'Linux',
    steps:
      'Browsers speak through speech-dispatcher. Install it with the espeak-ng engine (Debian and Ubuntu: sudo apt install speech-dispatcher espeak-ng), which brings Mandarin (cmn) and Cantonese (yue) voices; restart the browser. Voices that sound more natural, such as RHVoice or Piper models, plug into speech-dispatcher too.',
  },
  {
    system: 'ChromeOS',
    steps:
      'Settings → Accessibility → Text-to-speech → Text-to-speech voice settings: add a Chinese voice (some are downloaded on first use).',
  },
  {
    system: 'Android',
    steps:
      'Settings → System → Languages & input → Text-to-speech output: in the engine’s settings (Speech Services by Google, or your phone maker’s), install the Chinese voice data.',
  },
];
