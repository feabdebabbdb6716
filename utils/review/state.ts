/**
 * Review state of the study list (issue 12): one FSRS card per saved word and template. Pure data, no
 * ts-fsrs here (scheduler.ts has it), so the backup code and any page can use this module.
 *
 * Templates: `meaning` (the word in its sentence → pinyin, senses, civic explanation) and `cloze` (the
 * sentence with the word blanked → the word). Cards are keyed by the study list's key (studyKey: the
 * simplified form); removing a word from the study list keeps its schedule, saving it again resumes it.
 *
 * Stored form (format 1), compact for thousands of cards (about 60 bytes a card):
 *   { cards: { "<word>": { "m": Tuple, "c": Tuple } } }
 *   Tuple = [due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview, introduced]
 * due and lastReview in seconds since the epoch (lastReview 0: never), state 0 new, 1 learning,
 * 2 review, 3 relearning (FSRS), introduced = the review day of the first rating (reviewDay).
 */

export type Template = 'meaning' | 'cloze';
export const TEMPLATES: readonly Template[] = ['meaning', 'cloze'];
const CODE: Record<Template, string> = { meaning: 'm', cloze: 'c' };
const BY_CODE: Record<string, Template> = { m: 'meaning', c: 'cloze' };

export type CardState = 0 | 1 | 2 | 3;

export interface ReviewCard {
  /** When it is due, ms since the epoch (stored in seconds). */
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  /** Last rating, ms since the epoch (stored in seconds); null: never rated. */
  lastReview: number | null;
  /** Review day (reviewDay) of its first rating: what the new-cards-per-day cap counts. */
  introduced: number;
}

export type WordCards = Partial<Record<Template, ReviewCard>>;

/** Review state in memory: word → its cards. Treated as immutable (changes make a new Map). */
export interface ReviewState {
  cards: ReadonlyMap<string, WordCards>;
}

export function emptyReviewState(): ReviewState {
  return { cards: new Map() };
}

/** A review day starts at 4 a.m. local time (as in Anki), so a late-night session counts as the same day. */
export const DAY_STARTS_AT_HOUR = 4;

export function reviewDay(ms: number): number {
  const offset = new Date(ms).getTimezoneOffset() * 60_000;
  return Math.floor((ms - offset - DAY_STARTS_AT_HOUR * 3_600_000) / 86_400_000);
}

export function cardOf(state: ReviewState, word: string, template: Template): ReviewCard | undefined {
  return state.cards.get(word)?.[template];
}

/** A copy with the word's card set (undefined: removed). */
export function withCard(state: ReviewState, word: string, template: Template, card: ReviewCard | undefined): ReviewState {
  const next = new Map(state.cards);
  const cards: WordCards = { ...(next.get(word) ?? {}) };
  if (card) cards[template] = card;
  else delete cards[template];
  if (Object.keys(cards).length) next.set(word, cards);
  else next.delete(word);
  return { cards: next };
}

/** Cards first rated on `day` (the new cards of that day). */
export function introducedOn(state: ReviewState, day: number): number {
  let n = 0;
  for (const cards of state.cards.values()) for (const t of TEMPLATES) if (cards[t]?.introduced === day) n++;
  return n;
}

export function sameCard(a: ReviewCard | undefined | null, b: ReviewCard | undefined | null): boolean {
  if (!a || !b) return !a && !b;
  return (
    Math.floor(a.due / 1000) === Math.floor(b.due / 1000) &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.state === b.state &&
    Math.floor((a.lastReview ?? 0) / 1000) === Math.floor((b.lastReview ?? 0) / 1000)
  );
}

type Tuple = [number, number, number, number, number, number, number, number, number, number];

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function toTuple(c: ReviewCard): Tuple {
  return [
    Math.floor(c.due / 1000),
    round(c.stability, 4),
    round(c.difficulty, 4),
    c.scheduledDays,
    c.learningSteps,
    c.reps,
    c.lapses,
    c.state,
    c.lastReview === null ? 0 : Math.floor(c.lastReview / 1000),
    c.introduced,
  ];
}

function fromTuple(t: unknown): ReviewCard | string {
  if (!Array.isArray(t) || t.length !== 10 || !t.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return 'a card is not a list of ten numbers';
  }
  const [due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview, introduced] = t as Tuple;
  if (![0, 1, 2, 3].includes(state)) return `card state ${state} is not 0–3`;
  if (due < 0 || stability < 0 || difficulty < 0 || scheduledDays < 0 || learningSteps < 0 || reps < 0 || lapses < 0 || lastReview < 0) {
    return 'a card has a negative number';
  }
  for (const [name, v] of [
    ['due', due],
    ['reps', reps],
    ['lapses', lapses],
    ['lastReview', lastReview],
    ['introduced', introduced],
  ] as const) {
    if (!Number.isInteger(v)) return `a card's ${name} is not a whole number`;
  }
  return {
    due: due * 1000,
    stability,
    difficulty,
    scheduledDays,
    learningSteps,
    reps,
    lapses,
    state: state as CardState,
    lastReview: lastReview === 0 ? null : lastReview * 1000,
    introduced,
  };
}

export interface ReviewData {
  cards: Record<string, Record<string, Tuple>>;
}

export function encodeReview(state: ReviewState): ReviewData {
  const cards: ReviewData['cards'] = {};
  for (const [word, wc] of state.cards) {
    const out: Record<string, Tuple> = {};
    for (const t of TEMPLATES) if (wc[t]) out[CODE[t]] = toTuple(wc[t]!);
    cards[word] = out;
  }
  return { cards };
}

/** Checks stored (or backed-up) review data of format 1; names the first problem. */
export function decodeReview(data: unknown): { ok: true; value: ReviewState } | { ok: false; problem: string } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'the review state is not an object' };
  const cards = (data as { cards?: unknown }).cards;
  if (!cards || typeof cards !== 'object' || Array.isArray(cards)) return { ok: false, problem: 'the review state has no "cards"' };
  const map = new Map<string, WordCards>();
  for (const [word, wc] of Object.entries(cards as Record<string, unknown>)) {
    if (!word.trim() || word !== word.trim()) return { ok: false, problem: `${JSON.stringify(word)} is not a word` };
    if (!wc || typeof wc !== 'object' || Array.isArray(wc)) return { ok: false, problem: `the cards of ${word} are not an object` };
    const out: WordCards = {};
    for (const [code, tuple] of Object.entries(wc as Record<string, unknown>)) {
      const template = BY_CODE[code];
      if (!template) return { ok: false, problem: `unknown card template "${code}" for ${word}` };
      const card = fromTuple(tuple);
      if (typeof card === 'string') return { ok: false, problem: `${word}: ${card}` };
      out[template] = card;
    }
    map.set(word, out);
  }
  return { ok: true, value: { cards: map } };
}

export interface ReviewMergeReport {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merges review state from a backup, card by card: a card this browser lacks is taken; for a card both
 * have, the one reviewed last wins (then the one reviewed more often), so no review is undone.
 */
export function mergeReview(local: ReviewState, incoming: ReviewState): { state: ReviewState; report: ReviewMergeReport } {
  const cards = new Map(local.cards);
  const report: ReviewMergeReport = { added: 0, updated: 0, unchanged: 0 };
  for (const [word, wc] of incoming.cards) {
    let mine: WordCards | undefined = cards.get(word);
    for (const t of TEMPLATES) {
      const inc = wc[t];
      if (!inc) continue;
      const cur = mine?.[t];
      const take =
        !cur || (inc.lastReview ?? 0) > (cur.lastReview ?? 0) || ((inc.lastReview ?? 0) === (cur.lastReview ?? 0) && inc.reps > cur.reps);
      if (!take) {
        report.unchanged++;
        continue;
      }
      mine = { ...(mine ?? {}), [t]: cur ? { ...inc, introduced: Math.min(inc.introduced, cur.introduced) } : inc };
      cards.set(word, mine);
      if (cur) report.updated++;
      else report.added++;
    }
  }
  return { state: report.added + report.updated ? { cards } : local, report };
}
