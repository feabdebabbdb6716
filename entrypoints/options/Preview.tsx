import { Card, type CardProps, type CardView } from '../../components/Card';
import { PinyinDisplay } from '../../components/PinyinDisplay';
import { ToneCharacters } from '../../components/ToneCharacters';
import type { DictEntry } from '../../dictionary/types';
import { displayBinding, KEY_ACTION_IDS, type KeyAction } from '../../utils/keys';
import type { Reading } from '../../utils/messages';
import type { Settings } from '../../utils/settings-schema';

/** Sample word for the preview, written for Dubao (senses and explanation are ours). */
const SAMPLE: DictEntry = {
  simplified: '党组书记',
  traditional: '黨組書記',
  pinyin: 'dǎng zǔ shū jì',
  pinyinNumbered: 'dang3 zu3 shu1 ji4',
  definitions: [
    'secretary of the Party group (of a ministry, state firm or public body)',
    'the senior Communist Party official inside a non-Party organisation',
    'often also its head, or ranked above the head',
  ],
  classifiers: [{ simplified: '位', traditional: '位', pinyin: 'wèi' }],
  source: 'civic',
  civic: {
    category: 'party',
    explanation:
      'The Party group (党组) leads a government body, state enterprise or public institution from inside; its secretary is the Party’s senior person there.',
    components: [],
    related: [],
    year: null,
  },
};

const PARTS = [
  {
    start: 0,
    end: 2,
    word: '党组',
    pinyin: 'dǎng zǔ',
    entries: [
      {
        ...SAMPLE,
        simplified: '党组',
        traditional: '黨組',
        pinyin: 'dǎng zǔ',
        pinyinNumbered: 'dang3 zu3',
        definitions: ['Party group'],
        classifiers: [],
        civic: null,
      },
    ],
  },
  {
    start: 2,
    end: 4,
    word: '书记',
    pinyin: 'shū jì',
    entries: [
      {
        ...SAMPLE,
        simplified: '书记',
        traditional: '書記',
        pinyin: 'shū jì',
        pinyinNumbered: 'shu1 ji4',
        definitions: ['secretary'],
        classifiers: [],
        civic: null,
        source: 'cedict' as const,
      },
    ],
  },
];

/**
 * The sample reading as on a simplified page. Neither HSK list has 党组书记, so the card shows its civic
 * category in place of a level, as it would on a page. The card itself puts the chosen script first and
 * cuts the senses to the maximum.
 */
export function sampleReading(): Reading {
  return {
    start: 0,
    end: 4,
    word: SAMPLE.simplified,
    pinyin: SAMPLE.pinyin,
    entries: [SAMPLE],
    parts: PARTS,
    level: { hsk2021: null, hsk2025: null, rank: null, band: null },
    mark: null,
  };
}

/** The card's view of the settings (as the content script makes it, entrypoints/content/main.ts). */
export function cardViewOf(s: Settings): CardView {
  const keys: Partial<Record<KeyAction, string | null>> = {};
  for (const a of KEY_ACTION_IDS) keys[a] = s.keys[a] ? displayBinding(s.keys[a]) : null;
  return {
    pinyin: s.pinyin,
    toneOnCharacters: s.toneColors.onCharacters && s.toneColors.scheme !== 'none',
    script: s.script,
    maxSenses: s.maxSenses,
    standard: s.hskStandard,
    keys,
  };
}

const noop = () => {};

/**
 * A live preview: the real hover card (components/Card) with a sample word, in the chosen theme, font
 * size and tone colours, and beside it the pinyin display and tone-coloured characters as chosen.
 */
export function Preview({ settings }: { settings: Settings }) {
  const reading = sampleReading();
  const view = cardViewOf(settings);
  const props: CardProps = {
    reading,
    index: 0,
    count: 2,
    onShorter: noop,
    onLonger: noop,
    onSave: noop,
    save: { kind: 'unsaved' },
    view,
    state: 'new',
    onMark: noop,
    onSpeak: noop,
    speech: { available: null, message: null },
  };
  const word = settings.script === 'traditional' ? SAMPLE.traditional : SAMPLE.simplified;
  const tones = settings.toneColors.scheme === 'none' ? 'none' : 'on';
  return (
    <figure
      class="preview"
      data-dubao-theme={settings.theme}
      data-tones={tones}
      style={{ '--card-font-size': `${settings.cardFontSize}px` }}
      aria-label="Preview of the hover card"
    >
      <div class="preview-line" lang="zh">
        {settings.toneColors.onCharacters && tones === 'on' ? (
          <ToneCharacters class="preview-chars" text={word} pinyin={reading.pinyin} />
        ) : (
          <span class="preview-chars">{word}</span>
        )}{' '}
        <PinyinDisplay
          pinyin={reading.pinyin}
          mode={settings.pinyin}
          revealKey={settings.keys.showPinyin ? displayBinding(settings.keys.showPinyin) : null}
        />
      </div>
      <Card {...props} />
      <figcaption class="muted">
        A sample word: the line above shows the pinyin as you chose it, the hover card below it with your theme, text size, tone colours,
        script and number of senses.
      </figcaption>
    </figure>
  );
}
