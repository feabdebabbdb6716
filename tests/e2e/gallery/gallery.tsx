/**
 * The gallery (test only, never shipped): each visual state of the hover card, a glossary row and a study
 * entry, drawn by the real components with the real style sheets. The states' data comes from the real
 * core (tests/e2e/gallery.test.ts looks the words up and puts them in `window.__gallery`); each card is
 * drawn in a shadow root with card.css, as the content script draws it.
 */
import { render } from 'preact';
import { Card, type SaveState } from '../../../components/Card';
import { GlossaryRow } from '../../../components/GlossaryRow';
import { StudyEntry } from '../../../components/StudyEntry';
import type { GlossaryListRow } from '../../../dictionary/glossary/view';
import type { HoverResult } from '../../../utils/messages';
import type { StudyItem } from '../../../utils/study/types';
import cardCss from '../../../assets/card.css';

export interface GalleryState {
  /** Shown above the card. */
  title: string;
  result: HoverResult;
  /** Which reading (default: the segmenter's). */
  index?: number;
  save?: SaveState;
}

interface Gallery {
  cards: GalleryState[];
  /** A civic row and another. */
  row: GlossaryListRow;
  plainRow: GlossaryListRow;
  item: StudyItem;
}

const data = (window as unknown as { __gallery: Gallery }).__gallery;
const noop = () => {};

const cards = document.getElementById('cards')!;
for (const s of data.cards) {
  const figure = document.createElement('figure');
  figure.className = 'gallery-card';
  figure.dataset.state = s.title;
  const caption = document.createElement('figcaption');
  caption.textContent = s.title;
  const host = document.createElement('div');
  figure.append(caption, host);
  cards.append(figure);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  // Drawn in the page's flow here (the content script places it in the viewport).
  style.textContent = `${cardCss}\n.card { position: relative !important; }`;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  const index = s.index ?? s.result.chosen;
  render(
    <Card
      reading={s.result.readings[index]!}
      index={index}
      count={s.result.readings.length}
      save={s.save ?? { kind: 'unsaved' }}
      onShorter={noop}
      onLonger={noop}
      onSave={noop}
    />,
    mount,
  );
}

render(
  <ul class="g-list">
    <GlossaryRow row={data.row} saved={false} details={undefined} shown={null} onReveal={noop} onToggleSave={noop} onToggleDetails={noop} />
    <GlossaryRow
      row={data.plainRow}
      saved={true}
      details={undefined}
      shown={0}
      onReveal={noop}
      onToggleSave={noop}
      onToggleDetails={noop}
    />
    {/* The reader's pinyin display (utils/page-reading.ts): zhuyin with tone colours on the characters, and hidden. */}
    <GlossaryRow
      row={data.plainRow}
      saved={false}
      details={undefined}
      shown={null}
      onReveal={noop}
      onToggleSave={noop}
      onToggleDetails={noop}
      look={{ pinyin: 'zhuyin', toneOnCharacters: true }}
    />
    <GlossaryRow
      row={data.row}
      saved={false}
      details={undefined}
      shown={null}
      onReveal={noop}
      onToggleSave={noop}
      onToggleDetails={noop}
      look={{ pinyin: 'hidden', toneOnCharacters: false }}
    />
  </ul>,
  document.getElementById('row')!,
);
render(
  <>
    <StudyEntry item={data.item} state="learning" onState={noop} nextReview={Date.now() + 86_400_000} onNotes={noop} onRemove={noop} />
    <StudyEntry
      item={data.item}
      state="learning"
      onState={noop}
      nextReview={null}
      onNotes={noop}
      onRemove={noop}
      look={{ pinyin: 'numbers', toneOnCharacters: true }}
    />
    <StudyEntry
      item={data.item}
      state="known"
      onState={noop}
      onNotes={noop}
      onRemove={noop}
      look={{ pinyin: 'hidden', toneOnCharacters: false }}
    />
  </>,
  document.getElementById('entry')!,
);
document.body.dataset.ready = 'true';
