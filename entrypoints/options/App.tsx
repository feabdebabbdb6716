/**
 * The settings page (options.html): every reader setting of utils/settings-schema.ts, a live preview of
 * the hover card, the key table, the per-site list and the voices. Each change is checked and stored at
 * once (storage.sync, only what differs from the default); changes made elsewhere (the popup, another
 * machine) show up here as they happen. Number fields are stored when they are committed (change, not
 * every keystroke): storage.sync allows about two writes a second.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { TONE_SCHEMES, lowContrastTones } from '../../utils/tone-colours';
import { displayBinding } from '../../utils/keys';
import { applyTheme } from '../../utils/theme';
import { resetSettings, setSiteMode, updateSettings, watchSettings } from '../../utils/settings';
import type { ReadSettings } from '../../utils/settings-items';
import { CHOICES, DEFAULT_HOVER_DELAY_MS, LIMITS, type Settings, type SettingsPatch, type TonePalette } from '../../utils/settings-schema';
import { KeysTable } from './KeysTable';
import { Preview } from './Preview';
import { SitesList } from './SitesList';
import { VoicePicker } from './VoicePicker';

type Status = { text: string; error: boolean } | null;

const TRIGGER_LABELS: Record<Settings['hoverTrigger'], string> = {
  always: 'When the pointer rests on a word',
  alt: 'Only while Alt is held',
  ctrl: 'Only while Ctrl is held',
  shift: 'Only while Shift is held',
};
const PINYIN_LABELS: Record<Settings['pinyin'], string> = {
  marks: 'Tone marks (zhōng guó)',
  numbers: 'Tone numbers (zhong1 guo2)',
  zhuyin: 'Zhuyin (ㄓㄨㄥ ㄍㄨㄛˊ)',
  hidden: 'Hidden until I press a key',
};
const SCRIPT_LABELS: Record<Settings['script'], string> = {
  page: 'As written on the page',
  simplified: 'Simplified first',
  traditional: 'Traditional first',
};
const THEME_LABELS: Record<Settings['theme'], string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };
const STANDARD_LABELS: Record<'2025' | '2021', string> = {
  '2025': 'HSK 2025 syllabus',
  '2021': 'HSK 3.0 standard (GF0025-2021)',
};
const PAGE_PINYIN_LABELS: Record<Settings['pagePinyin']['filter'], string> = {
  all: 'Every word',
  level: 'Words above an HSK level',
  civic: 'Civic and political terms only',
  unknown: 'Words I do not know yet (new or learning)',
};
const TONE_LABELS: Record<Settings['toneColors']['scheme'], string> = {
  none: 'None',
  standard: TONE_SCHEMES.standard.label,
  pleco: TONE_SCHEMES.pleco.label,
  hanping: TONE_SCHEMES.hanping.label,
  custom: 'My own colours',
};

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="o-section" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function Choice<T extends string>({
  name,
  legend,
  value,
  labels,
  onChange,
}: {
  name: string;
  legend: string;
  value: T;
  labels: Record<T, string>;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset class="o-choice">
      <legend>{legend}</legend>
      {(Object.keys(labels) as T[]).map((k) => (
        <label key={k}>
          <input type="radio" name={name} value={k} checked={value === k} onChange={() => onChange(k)} /> {labels[k]}
        </label>
      ))}
    </fieldset>
  );
}

/** A number field stored on change (commit), with its limits. */
function NumberField({
  label,
  value,
  limits,
  unit,
  hint,
  onCommit,
}: {
  label: string;
  value: number;
  limits: { min: number; max: number; step: number };
  unit?: string;
  hint?: string;
  onCommit: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <label class="o-number">
      <span>{label}</span>{' '}
      <input
        type="number"
        min={limits.min}
        max={limits.max}
        step={limits.step}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        // An emptied field is no number (Number('') would be 0, saved as "0 ms" or "0 new cards"):
        // refused with the field's sentence like any value out of range, and nothing is stored.
        onChange={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value.trim();
          onCommit(raw === '' ? Number.NaN : Number(raw));
        }}
      />
      {unit ? <span class="unit"> {unit}</span> : null}
      {hint ? <span class="muted hint"> {hint}</span> : null}
    </label>
  );
}

export function App() {
  const [read, setRead] = useState<ReadSettings | null>(null);
  const [status, setStatus] = useState<Status>(null);

  useEffect(() => watchSettings((r) => setRead(r)), []);
  useEffect(() => {
    if (read) applyTheme(document, read.settings.theme, read.settings.toneColors.scheme, read.settings.toneColors.custom);
  }, [read]);

  if (!read) return <p class="muted o-loading">Loading settings…</p>;
  const s = read.settings;

  const change = async (patch: SettingsPatch): Promise<string | null> => {
    const r = await updateSettings(patch);
    if (!r.ok) {
      setStatus({ text: r.error, error: true });
      return r.error;
    }
    setStatus({ text: 'Saved.', error: false });
    return null;
  };

  const lowTones = s.toneColors.scheme === 'custom' ? lowContrastTones(s.toneColors.custom) : [];

  return (
    <main class="o-main">
      <header class="o-head">
        <h1>
          <span lang="zh">读报</span> Dubao settings
        </h1>
        <p class="o-status" role={status?.error ? 'alert' : 'status'} data-error={status?.error ? 'true' : 'false'}>
          {status?.text ?? ''}
        </p>
      </header>

      {read.problems.length > 0 ? (
        <div class="o-problems" role="alert">
          <p>
            <strong>Some stored settings could not be read.</strong> Dubao uses the defaults for them; what is stored is kept until you
            change these settings.
          </p>
          <ul>
            {read.problems.map((p) => (
              <li key={p.field}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div class="o-columns">
        <div class="o-settings">
          <Section id="card" title="Hover card">
            <Choice
              name="trigger"
              legend="Open the card"
              value={s.hoverTrigger}
              labels={TRIGGER_LABELS}
              onChange={(v) => void change({ hoverTrigger: v })}
            />
            <NumberField
              label="Hover delay"
              value={s.hoverDelayMs}
              limits={LIMITS.hoverDelayMs}
              unit="ms"
              hint={`how long the pointer rests before the card opens (default ${DEFAULT_HOVER_DELAY_MS})`}
              onCommit={(v) => void change({ hoverDelayMs: v })}
            />
            <Choice name="script" legend="Script" value={s.script} labels={SCRIPT_LABELS} onChange={(v) => void change({ script: v })} />
            <label class="o-range">
              <span>Card text size</span>{' '}
              <input
                type="range"
                min={LIMITS.cardFontSize.min}
                max={LIMITS.cardFontSize.max}
                step={1}
                value={s.cardFontSize}
                aria-valuetext={`${s.cardFontSize} pixels`}
                onChange={(e) => void change({ cardFontSize: Number((e.currentTarget as HTMLInputElement).value) })}
              />{' '}
              <output>{s.cardFontSize} px</output>
            </label>
            <NumberField
              label="Senses shown per reading"
              value={s.maxSenses}
              limits={LIMITS.maxSenses}
              hint="0 shows them all"
              onCommit={(v) => void change({ maxSenses: v })}
            />
            <Choice
              name="theme"
              legend="Theme (card, popup, study list, review page and this page)"
              value={s.theme}
              labels={THEME_LABELS}
              onChange={(v) => void change({ theme: v })}
            />
            <Choice
              name="standard"
              legend="HSK level shown on the card"
              value={String(s.hskStandard) as '2025' | '2021'}
              labels={STANDARD_LABELS}
              onChange={(v) => void change({ hskStandard: v === '2021' ? 2021 : 2025 })}
            />
            <p class="muted hint">A word only the other list has shows that list’s level, with its year.</p>
          </Section>

          <Section id="pinyin" title="Pinyin">
            <Choice
              name="pinyin"
              legend="Show pinyin as"
              value={s.pinyin}
              labels={PINYIN_LABELS}
              onChange={(v) => void change({ pinyin: v })}
            />
            <fieldset class="o-choice">
              <legend>Tone colours</legend>
              {CHOICES.toneScheme.map((k) => (
                <label key={k}>
                  <input
                    type="radio"
                    name="tones"
                    value={k}
                    checked={s.toneColors.scheme === k}
                    onChange={() => void change({ toneColors: { scheme: k } })}
                  />{' '}
                  {TONE_LABELS[k]}
                  {k !== 'none' && k !== 'custom' ? <span class="muted"> — {TONE_SCHEMES[k].note}</span> : null}
                </label>
              ))}
            </fieldset>
            {s.toneColors.scheme === 'custom' ? (
              <fieldset class="o-custom-tones">
                <legend>My tone colours</legend>
                {s.toneColors.custom.map((c, i) => (
                  <label key={i}>
                    {i < 4 ? `Tone ${i + 1}` : 'Neutral'}{' '}
                    <input
                      type="color"
                      value={c}
                      onChange={(e) => {
                        const next = [...s.toneColors.custom] as TonePalette;
                        next[i] = (e.currentTarget as HTMLInputElement).value.toLowerCase();
                        void change({ toneColors: { custom: next } });
                      }}
                    />
                  </label>
                ))}
                {lowTones.length > 0 ? (
                  <p class="o-warning">
                    {lowTones.map((t) => (t === 5 ? 'Neutral' : `Tone ${t}`)).join(', ')} {lowTones.length === 1 ? 'is' : 'are'} hard to
                    read on the light card (below 4.5:1 contrast). The dark theme lightens them by itself.
                  </p>
                ) : null}
              </fieldset>
            ) : null}
            <label class="o-check">
              <input
                type="checkbox"
                checked={s.toneColors.onCharacters}
                disabled={s.toneColors.scheme === 'none'}
                onChange={(e) => void change({ toneColors: { onCharacters: (e.currentTarget as HTMLInputElement).checked } })}
              />{' '}
              Colour the characters by tone too
            </label>
            <Choice
              name="page-pinyin"
              legend={`Pinyin over the page${s.keys.pagePinyin ? ` (${displayBinding(s.keys.pagePinyin)} turns it on and off)` : ''}: which words`}
              value={s.pagePinyin.filter}
              labels={PAGE_PINYIN_LABELS}
              onChange={(v) => void change({ pagePinyin: { filter: v } })}
            />
            {s.pagePinyin.filter === 'level' ? (
              <NumberField
                label="Words above HSK level"
                value={s.pagePinyin.level}
                limits={LIMITS.pagePinyinLevel}
                hint="by the HSK list chosen for the card; words in neither list count as above every level"
                onCommit={(v) => void change({ pagePinyin: { level: v } })}
              />
            ) : null}
          </Section>

          <Section id="unknown-words" title="Unknown words on pages">
            <label class="o-check">
              <input
                type="checkbox"
                checked={s.unknownWords.mark}
                onChange={(e) => void change({ unknownWords: { mark: (e.currentTarget as HTMLInputElement).checked } })}
              />{' '}
              Colour the words I do not know yet on pages (new words and words I am learning)
            </label>
            <p class="o-warning privacy-note">
              While this is on, the pages you read can find out which of their words you do not know: the colours are drawn with the
              browser’s highlight feature, which every script on the page can read. Nothing else of yours is shown to them. Leave it off on
              pages you do not trust{s.keys.nextUnknown ? `; while it is on, ${displayBinding(s.keys.nextUnknown)}` : ''}
              {s.keys.nextUnknown && s.keys.previousUnknown ? ` and ${displayBinding(s.keys.previousUnknown)}` : ''}
              {s.keys.nextUnknown ? ' go to the next and previous unknown word' : ''}.
            </p>
            <label class="o-colour">
              New words{' '}
              <input
                type="color"
                value={s.unknownWords.newColour}
                onChange={(e) => void change({ unknownWords: { newColour: (e.currentTarget as HTMLInputElement).value.toLowerCase() } })}
              />
            </label>{' '}
            <label class="o-colour">
              Words I am learning{' '}
              <input
                type="color"
                value={s.unknownWords.learningColour}
                onChange={(e) =>
                  void change({ unknownWords: { learningColour: (e.currentTarget as HTMLInputElement).value.toLowerCase() } })
                }
              />
            </label>
          </Section>

          <Section id="keys" title="Keys">
            <p class="muted">Keys act only outside text fields, and only while a card is open unless the table says otherwise.</p>
            <KeysTable keys={s.keys} onChange={(keys) => change({ keys })} />
          </Section>

          <Section id="sites" title="Sites">
            <SitesList
              sites={s.sites}
              onSet={async (site, mode) => {
                const r = await setSiteMode(site, mode);
                return r.ok ? null : r.error;
              }}
            />
          </Section>

          <Section id="speech" title="Speech">
            <VoicePicker voices={s.voices} rate={s.speechRate} onChange={(voices) => change({ voices })} />
            <label class="o-range">
              <span>Speed</span>{' '}
              <input
                type="range"
                min={LIMITS.speechRate.min}
                max={LIMITS.speechRate.max}
                step={LIMITS.speechRate.step}
                value={s.speechRate}
                onChange={(e) => void change({ speechRate: Math.round(Number((e.currentTarget as HTMLInputElement).value) * 10) / 10 })}
              />{' '}
              <output>{s.speechRate.toFixed(1)}×</output>
            </label>
          </Section>

          <Section id="review" title="Review">
            <NumberField
              label="New cards per day"
              value={s.newCardsPerDay}
              limits={LIMITS.newCardsPerDay}
              onCommit={(v) => void change({ newCardsPerDay: v })}
            />
          </Section>

          <p>
            <button
              type="button"
              class="o-reset"
              onClick={() => {
                if (!confirm('Put every setting back to its default? The per-site list stays.')) return;
                void resetSettings().then((r) =>
                  setStatus(r.ok ? { text: 'Every setting is back to its default.', error: false } : { text: r.error, error: true }),
                );
              }}
            >
              Reset all settings
            </button>
          </p>
        </div>
        <aside class="o-preview">
          <Preview settings={s} />
        </aside>
      </div>
    </main>
  );
}
