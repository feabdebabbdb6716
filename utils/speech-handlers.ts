/**
 * The background's speech handlers (issue 13): `speak` and `speech.voices` for content scripts, which
 * have no chrome.tts in Chrome. The voice follows the page's variety and the reader's choices (settings
 * `voices`, `speechRate`, read at each request so a change on the settings page applies at once).
 * Content scripts send `speak` only for a click or a trusted key press on the card: nothing is ever
 * spoken unasked.
 */
import type { Handlers, SpeakReply } from './messages';
import { loadSettings } from './settings';
import { chooseVoice, speak, type SpeechBackend } from './speech';

export function speechHandlers(backend: () => SpeechBackend | null): Pick<Handlers, 'speak' | 'speech.voices'> {
  return {
    async speak({ text, variety }): Promise<SpeakReply> {
      const { settings } = await loadSettings();
      const r = await speak(backend(), { text, variety, voices: settings.voices, rate: settings.speechRate });
      return r.ok ? { ok: true, voice: r.voice.name } : { ok: false, reason: r.reason, message: r.message };
    },
    async 'speech.voices'({ variety }) {
      const b = backend();
      if (!b) return { available: false };
      const [{ settings }, voices] = await Promise.all([loadSettings(), b.voices().catch(() => [])]);
      return { available: chooseVoice(voices, variety, settings.voices) !== null };
    },
  };
}
