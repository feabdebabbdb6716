/**
 * The glossary made in steps (glossary work done in the background while the reader is busy with the
 * page): the same rows as buildGlossary, made a few milliseconds at a time with a pause between, so that
 * a hover that arrives meanwhile is answered after one step instead of after the whole page. Also the
 * describing of rows after the first screen (describeRest), which the popup's own request leaves for
 * after its reply.
 */
import type { GlossaryHead, Segment } from '../types';
import { cutAfter, type PieceCache, STEP_CHARS, segmentPieces } from './pieces';
import { describeRows, type GlossaryCore, type PageGlossary, RowCounter, undescribed } from './rows';

/** The parts of the core buildGlossaryInSteps needs: GlossaryCore plus a way to retry on missing senses. */
export interface SteppingCore extends GlossaryCore {
  /** Runs `fn`, again after loading what it missed (dictionary/core.ts `Core.run`). */
  run<T>(fn: () => T): Promise<T>;
  /** Loads these senses shards side by side (dictionary/core.ts `Core.loadShards`). */
  loadShards(indexes: Iterable<number>): Promise<void>;
}

/**
 * Describes rows `indexes` once the senses shards they need are in (fetched side by side: a lookup that
 * meets a missing shard would wait for each in turn).
 */
export async function describeLoaded(core: SteppingCore, g: PageGlossary, indexes: readonly number[]): Promise<void> {
  const todo = indexes.filter((i) => !g.rows[i]!.described);
  await core.loadShards(todo.map((i) => g.heads[i]!.shard));
  await core.run(() => describeRows(core, g, todo));
}

/** Describes the rows buildGlossary left (see its `describe`), STEP_LOOKUPS at a time with `pause()` between. */
export async function describeRest(core: SteppingCore, g: PageGlossary, pause: () => Promise<void>): Promise<void> {
  const left = undescribed(g);
  const pacer = new Pacer(pause);
  let work = 0;
  for (let i = 0; i < left.length; i += DESCRIBE_BATCH) {
    const batch = left.slice(i, i + DESCRIBE_BATCH);
    await describeLoaded(core, g, batch);
    work += batch.length;
    if (await pacer.step(work >= STEP_LOOKUPS || i + DESCRIBE_BATCH >= left.length)) work = 0;
  }
}

/** Rows described at once by describeRest, between two looks at the clock. */
const DESCRIBE_BATCH = 50;

/**
 * Longest step of a build in steps, ms: a hover that arrives meanwhile waits for the step under way,
 * and a card should be painted within a frame (16 ms).
 */
export const STEP_MS = 4;

/**
 * When a build in steps pauses: once STEP_MS have gone by since the last pause (a cold JIT makes the
 * same work several times slower), and at the latest after the caller's work budget (`step(true)`).
 */
class Pacer {
  private since = performance.now();

  constructor(private readonly pause: () => Promise<void>) {}

  /** Pauses if this step has lasted STEP_MS, or if `due`; says whether it paused. */
  async step(due = false): Promise<boolean> {
    if (!due && performance.now() - this.since < STEP_MS) return false;
    await this.pause();
    this.since = performance.now();
    return true;
  }
}

/** Rows described between two pauses of describeRest, at most. */
export const STEP_LOOKUPS = 400;
/**
 * Segments counted between two pauses of buildGlossaryInSteps (a dictionary lookup counts as
 * LOOKUP_WORK segments): 2-10 ms of work.
 */
export const STEP_SEGMENTS = 8_000;
/** Segments counted at once by buildGlossaryInSteps, between two looks at the clock. */
const COUNT_BATCH = 500;

/**
 * buildGlossary for work done in the background while the reader is busy with the page: the same rows,
 * made in steps of a few milliseconds with `pause()` between them, so that a hover that arrives
 * meanwhile is answered after one step instead of after the whole page.
 */
export async function buildGlossaryInSteps(
  core: SteppingCore,
  text: string,
  lookups: Map<string, GlossaryHead | null>,
  pause: () => Promise<void>,
  cache: PieceCache | null = null,
): Promise<PageGlossary> {
  const pacer = new Pacer(pause);
  const segments: Segment[] = [];
  let work = 0;
  for (let at = 0; at < text.length; ) {
    const end = cutAfter(text, at);
    work += segmentPieces(core.segmenter, text, at, end, segments, cache);
    at = end;
    if (await pacer.step(work >= STEP_CHARS || at === text.length)) work = 0;
  }
  const counter = new RowCounter(core, text, lookups);
  work = 0;
  for (let at = 0; at < segments.length; ) {
    const next = counter.add(segments, at, COUNT_BATCH);
    work += next - at;
    at = next;
    if (await pacer.step(work >= STEP_SEGMENTS || at === segments.length)) work = 0;
  }
  const g = counter.finish();
  await pacer.step(true);
  await describeRest(core, g, pause);
  return g;
}
