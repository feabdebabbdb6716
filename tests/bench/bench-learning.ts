/**
 * Figures of the learning loop (issue 12), printed by `npm run bench` (and alone by
 * `tsx tests/bench/bench-learning.ts`): 20,000 known words and 5,000 saved words, as the review page
 * meets them. Data made here (our own sentences); nothing is asserted.
 *
 * "Opening" is the review page's work after storage has handed it the values: JSON text → checked
 * state → queue → first card with its four intervals. What the browser spends reading storage comes on
 * top; tests/e2e/review.test.ts prints the whole time in Chromium.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Levels, LEVELS_ASSET } from '../../dictionary/levels/levels';
import { GENERATED_DIR } from '../../dictionary/cli/node-core';
import { applyMarks, Knowledge } from '../../utils/knowledge/model';
import { knowledgeLayout, knowledgeSpec } from '../../utils/knowledge/store';
import { wordBucket, type BucketedSpec } from '../../utils/learning/bucketed-store';
import { readEnvelope } from '../../utils/learning/versioned-store';
import { previewRatings } from '../../utils/review/scheduler';
import { nextEntry, ReviewSession } from '../../utils/review/session';
import { emptyReviewState, withCard } from '../../utils/review/state';
import { rate } from '../../utils/review/scheduler';
import { reviewLayout, reviewSpec } from '../../utils/review/store';
import { countDue, isClozeReady } from '../../utils/review/due';
import { BUCKET_PREFIX, INDEX_PREFIX, storedValues } from '../../utils/study/layout';
import { readBucket, readIndex } from '../../utils/study/schema';
import type { StudyItem } from '../../utils/study/types';

const MB = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * A value in the bucketed layout (utils/learning/bucketed-store.ts): the stored texts, what one change
 * of a word writes (its bucket and the marker: median over words), and reading and checking them all.
 */
function bucketFigures<T, E>(layout: BucketedSpec<T, E>, value: T, single: string): string {
  const parts: Array<Array<[string, E]>> = Array.from({ length: layout.buckets }, () => []);
  for (const e of layout.entries(value)) parts[wordBucket(e[0], layout.buckets)]!.push(e);
  const texts = parts.map((p) => layout.encodeBucket(p));
  const marker = JSON.stringify({ [`${layout.name}$`]: { v: layout.version } });
  const write = median(texts.map((t, n) => bytes(JSON.stringify({ [`${layout.name}/${n}`]: t })) + bytes(marker)));
  const reads: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    const all: Array<[string, E]> = [];
    for (const t of texts) {
      const d = layout.decodeBucket(t);
      if (!d.ok) throw new Error(d.problem);
      all.push(...d.value);
    }
    layout.fromEntries(all);
    reads.push(performance.now() - t0);
  }
  return (
    `${layout.buckets} buckets of ${MB(texts.reduce((n, t) => n + bytes(t), 0))}; one word's change writes ${write} bytes ` +
    `(its bucket and the marker; the single value was ${MB(bytes(single))}), every bucket read and checked in ${median(reads).toFixed(1)} ms`
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

function words(n: number, salt: number): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < n; i++) {
    out.add(
      String.fromCharCode(0x4e00 + ((i * 7 + salt) % 20000), 0x4e00 + ((i * 13 + salt * 3) % 20000)) +
        (i >= 15000 ? String.fromCharCode(0x4e00 + (i % 97)) : ''),
    );
  }
  return [...out];
}

export function learningBench(): void {
  const DAY = 86_400_000;
  const now = Date.now();

  // ---- levels ----
  const path = join(GENERATED_DIR, LEVELS_ASSET);
  if (existsSync(path)) {
    const bytes = new Uint8Array(readFileSync(path));
    const t0 = performance.now();
    const levels = Levels.fromBytes(bytes);
    const load = performance.now() - t0;
    const sample = levels.topWords(30_000);
    const t1 = performance.now();
    for (const w of sample) levels.levelOf(w);
    const per = ((performance.now() - t1) * 1000) / sample.length;
    console.log(`levels ${LEVELS_ASSET}: ${levels.size} words, bytes -> ready ${load.toFixed(1)} ms, levelOf ${per.toFixed(2)} µs a word`);
  } else console.log(`levels: ${LEVELS_ASSET} not built (npm run build:dict)`);

  // ---- word states: 20,000 known ----
  const known = words(20_000, 1);
  let t = performance.now();
  const k = applyMarks(Knowledge.empty(), known, 'known', now).knowledge;
  const markMs = performance.now() - t;
  const kStored = { v: 1, data: knowledgeSpec.encode(k) };
  const kText = JSON.stringify(kStored);
  t = performance.now();
  const kRead = readEnvelope(knowledgeSpec, JSON.parse(kText));
  const kReadMs = performance.now() - t;
  if (!kRead.ok) throw kRead.error;
  const probe = words(100_000, 5);
  t = performance.now();
  let hits = 0;
  for (const w of probe) if (kRead.value.stateOf(w) === 'known') hits++;
  const stateUs = ((performance.now() - t) * 1000) / probe.length;
  console.log(
    `word states, 20,000 known: stored ${MB(new TextEncoder().encode(kText).length)}, marked in one bulk step ${markMs.toFixed(1)} ms, ` +
      `read and checked ${kReadMs.toFixed(1)} ms, stateOf ${stateUs.toFixed(2)} µs a word (${hits} hits)`,
  );

  console.log(`word states, 20,000 known, as stored: ${bucketFigures(knowledgeLayout, k, kText)}`);

  // ---- study list of 5,000, 2,000 of them with review cards ----
  const saved = words(5_000, 2);
  const items: StudyItem[] = saved.map((w, i) => ({
    simplified: w,
    traditional: w,
    pinyin: 'gǎi gé',
    definitions: ['a sense written for the bench', 'another sense'],
    civic: null,
    contexts: [
      {
        sentence: `报道说${w}的情况正在好转，大家都很关心。`,
        title: '测试新闻',
        url: `http://127.0.0.1/news/${i}.html`,
        savedAt: now - i * 60_000,
      },
    ],
    notes: '',
    savedAt: now - i * 60_000,
  }));
  let review = emptyReviewState();
  for (let i = 0; i < 2000; i++) {
    const c = rate(rate(null, 3, now - 30 * DAY), 3, now - 30 * DAY + 600_000);
    review = withCard(review, saved[i]!, 'meaning', { ...c, due: now - DAY + (i % 3) * DAY });
  }
  // The study list as storage version 4 keeps it (256 buckets of JSON text, their indexes, the recent list).
  const studyStored = storedValues(items);
  const studyText = JSON.stringify(studyStored);
  const rStored = { v: 1, data: reviewSpec.encode(review) };
  const rText = JSON.stringify(rStored);
  const total = [studyText, kText, rText].reduce((n, s) => n + new TextEncoder().encode(s).length, 0);
  console.log(
    `storage for 20,000 known words, 5,000 saved words and 2,000 review cards: ${MB(total)} ` +
      `(study list ${MB(new TextEncoder().encode(studyText).length)}, word states ${MB(new TextEncoder().encode(kText).length)}, ` +
      `review ${MB(new TextEncoder().encode(rText).length)}; budget 5 MB)`,
  );

  console.log(`review state, 2,000 cards, as stored: ${bucketFigures(reviewLayout, review, rText)}`);

  const opens: number[] = [];
  const steps: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    const stored = JSON.parse(studyText) as Record<string, unknown>;
    const list = Object.entries(stored).flatMap(([k, v]) => (k.startsWith(BUCKET_PREFIX) ? readBucket(v, k).items : []));
    const kr = readEnvelope(knowledgeSpec, JSON.parse(kText));
    const rr = readEnvelope(reviewSpec, JSON.parse(rText));
    if (!kr.ok || !rr.ok) throw new Error('unreadable');
    const kv = kr.value;
    const session = new ReviewSession(list, rr.value, {
      skip: (w) => {
        const s = kv.stateOf(w);
        return s === 'known' || s === 'ignored';
      },
    });
    let entry = session.current(now);
    previewRatings(entry!.card, now);
    opens.push(performance.now() - t0);
    // twenty review steps: rate Good, next card, its intervals
    for (let i = 0; i < 20 && entry; i++) {
      const s0 = performance.now();
      session.answer(entry, 3, now + i * 1000);
      entry = nextEntry(session.queue(now + i * 1000), now + i * 1000);
      if (entry) previewRatings(entry.card, now + i * 1000);
      steps.push(performance.now() - s0);
    }
  }
  console.log(
    `review page work, 5,000 saved words (2,000 with cards) and 20,000 known: opening (JSON texts -> checked items and state -> queue -> first card) ` +
      `median ${median(opens).toFixed(1)} ms (first run ${opens[0]!.toFixed(1)} ms; budget 300 ms with the browser's storage read, printed by the e2e run), ` +
      `review step (rate, next card, its intervals) median ${median(steps).toFixed(2)} ms, p95 ${p95(steps).toFixed(2)} ms (budget 16 ms)`,
  );

  // The toolbar badge's count in the background: the 256 word indexes and the two stores read, then
  // countDue (utils/review/badge.ts); the items of cloze candidates read when the new cards need them.
  const badge: number[] = [];
  let itemsRead = 0;
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    const stored = JSON.parse(studyText) as Record<string, unknown>;
    const saved = new Set<string>();
    for (const [k, v] of Object.entries(stored)) if (k.startsWith(INDEX_PREFIX)) for (const w of readIndex(v) ?? []) saved.add(w);
    const kr = readEnvelope(knowledgeSpec, JSON.parse(kText));
    const rr = readEnvelope(reviewSpec, JSON.parse(rText));
    if (!kr.ok || !rr.ok) throw new Error('unreadable');
    const ready = new Map<string, boolean>();
    itemsRead = 0;
    for (;;) {
      const r = countDue(saved, rr.value, kr.value, 20, now, (w) => ready.get(w));
      if (!('need' in r)) break;
      for (const w of r.need.slice(0, 32)) {
        const it = items.find((x) => x.simplified === w);
        ready.set(w, it ? isClozeReady(it) : false);
        itemsRead++;
      }
    }
    badge.push(performance.now() - t0);
  }
  console.log(
    `toolbar badge, 5,000 saved words and 20,000 known: indexes and stores parsed, cards due counted, median ${median(badge).toFixed(1)} ms ` +
      `(first run ${badge[0]!.toFixed(1)} ms; ${itemsRead} items needed for cloze cards; tests/e2e/learning-pages.test.ts prints it in Chromium)`,
  );
}

if (process.argv[1]?.endsWith('bench-learning.ts')) learningBench();
