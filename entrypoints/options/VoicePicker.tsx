import { useEffect, useState } from 'preact/hooks';
import type { Settings, SpeechVariety } from '../../utils/settings-schema';
import { chineseVoices, speak, speechBackendHere, VOICE_HELP, type VoiceInfo } from '../../utils/speech';

interface Props {
  voices: Settings['voices'];
  rate: number;
  onChange: (voices: Partial<Settings['voices']>) => Promise<string | null>;
}

const VARIETIES: Array<{ id: SpeechVariety; label: string; sample: string }> = [
  { id: 'zh-CN', label: 'Mainland pages', sample: '读报，学习新词。' },
  { id: 'zh-TW', label: 'Taiwan pages', sample: '讀報，學習新詞。' },
  { id: 'zh-HK', label: 'Hong Kong and Macao pages', sample: '讀報，學習新詞。' },
];

/** Which system's help to open first. */
function systemOf(ua: string): string {
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Android/.test(ua)) return 'Android';
  if (/Windows/.test(ua)) return 'Windows 10 and 11';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  return 'Linux';
}

/**
 * The voice for each variety of page: only Chinese voices are listed (installed ones first; online ones
 * say so), with a test button. Without any, how to install one on each system.
 */
export function VoicePicker({ voices, rate, onChange }: Props) {
  const [list, setList] = useState<Array<VoiceInfo & { variety: SpeechVariety }> | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const backend = speechBackendHere();
  useEffect(() => {
    let live = true;
    if (!backend) {
      setList([]);
      return;
    }
    void backend.voices().then((v) => live && setList(chineseVoices(v)));
    return () => {
      live = false;
    };
  }, []);

  const test = async (variety: SpeechVariety, sample: string) => {
    setStatus({ text: 'Speaking…', error: false });
    const r = await speak(backend, { text: sample, variety, voices, rate });
    if (r.ok) setStatus({ text: `Spoken by ${r.voice.name}.`, error: false });
    else if (r.reason === 'no-voice')
      setStatus({ text: 'No Chinese voice is installed: see “Adding a Chinese voice” below.', error: true });
    else setStatus({ text: r.message, error: true });
  };

  const system = systemOf(navigator.userAgent);
  const none = list !== null && list.length === 0;
  return (
    <div class="voices">
      {list === null ? <p class="muted">Looking for voices…</p> : null}
      {none ? (
        <p class="no-voice" role="note">
          <strong>No Chinese voice is installed on this computer</strong>, so Dubao cannot speak words yet. Add one as shown below for your
          system, then restart the browser.
        </p>
      ) : null}
      {list && list.length > 0 ? (
        <table class="voices-table">
          <tbody>
            {VARIETIES.map((v) => {
              const id = `voice-${v.id}`;
              return (
                <tr key={v.id}>
                  <th scope="row">
                    <label for={id}>{v.label}</label>
                  </th>
                  <td>
                    <select
                      id={id}
                      value={voices[v.id] ?? ''}
                      onChange={(e) => {
                        const name = (e.currentTarget as HTMLSelectElement).value || null;
                        void onChange({ [v.id]: name }).then((error) => error && setStatus({ text: error, error: true }));
                      }}
                    >
                      <option value="">The best installed voice</option>
                      {list.map((voice) => (
                        <option value={voice.name} key={voice.name}>
                          {voice.name} ({voice.variety}
                          {voice.local ? '' : ', online: sends the text to its provider'})
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" onClick={() => void test(v.id, v.sample)} aria-label={`Test the voice for ${v.label}`}>
                      Test
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {list !== null ? (
        <button type="button" class="voice-test-any" onClick={() => void test('zh-CN', VARIETIES[0]!.sample)} hidden={!none}>
          Test speech
        </button>
      ) : null}
      <p class="voice-status" role={status?.error ? 'alert' : 'status'} data-error={status?.error ? 'true' : 'false'}>
        {status?.text ?? ''}
      </p>
      <div class="voice-help">
        <h3>Adding a Chinese voice</h3>
        {VOICE_HELP.map((h) => (
          <details key={h.system} open={h.system === system}>
            <summary>{h.system}</summary>
            <p>{h.steps}</p>
          </details>
        ))}
        <p class="muted">
          Dubao picks a voice by itself only among those installed on this computer; an online voice (one marked “online”) is used only if
          you choose it here, and it sends the text it speaks to its provider.
        </p>
      </div>
    </div>
  );
}
