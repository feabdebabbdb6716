/**
 * The study page's list as storage holds it: the newest words first, the rest in slices with a paint
 * between them (utils/study/read.ts loadStudyList), then kept up to date with the changes made anywhere
 * (utils/study/watch.ts); an earlier storage layout is moved into buckets (the watcher reloads then).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { studyKey } from '../../utils/study/model';
import { loadStudyList } from '../../utils/study/read';
import type { Unreadable } from '../../utils/study/schema';
import { migrate } from '../../utils/study/storage';
import type { StudyItem } from '../../utils/study/types';
import { watchStudyList } from '../../utils/study/watch';

/** After the frame that paints the current render: the first task after it. */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** A list of `n` items is on screen: lists longer than this are read and drawn in steps. */
const FIRST_SCREEN = 60;

interface Loaded {
  /** Readable items by word (the map follows changes made elsewhere). */
  items: StudyItem[];
  /** Null until every bucket is read (after the first screen). */
  total: number | null;
  complete: boolean;
  unreadable: Unreadable[];
  readOnly: string | null;
}

/** The list (null until the first step is read) and the sentence shown when storage did not answer. */
export function useStudyList(): { loaded: Loaded | null; loadError: string | null } {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const byWord = useRef(new Map<string, StudyItem>());
  /** Words changed (anywhere) while the list was still being read: their newer state wins over the read. */
  const touched = useRef(new Map<string, StudyItem | null>());

  useEffect(() => {
    let stopped = false;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      byWord.current = new Map();
      touched.current = new Map();
      loadStudyList(
        (step) => {
          if (stopped || mine !== generation) return;
          // Each step is the list as read so far (the last one, the whole list): it replaces the one before.
          const next = new Map(step.items.map((it) => [studyKey(it), it]));
          for (const [k, it] of touched.current) {
            if (it) next.set(k, it);
            else next.delete(k);
          }
          byWord.current = next;
          if (step.complete) touched.current = new Map();
          setLoaded({
            items: [...next.values()],
            total: step.total,
            complete: step.complete,
            unreadable: step.unreadable,
            readOnly: step.readOnly,
          });
        },
        FIRST_SCREEN,
        64,
        () => new Promise<void>((r) => afterPaint(r)),
      ).catch((e: unknown) => {
        if (stopped) return;
        const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120);
        setLoadError(
          `The study list could not be read: the browser’s storage did not answer (“${detail}”). Nothing was changed; reload the page to try again.`,
        );
      });
    };
    const unwatch = watchStudyList((change) => {
      if (stopped) return;
      if (change.other) {
        load();
        return;
      }
      for (const [word, item] of change.items) {
        touched.current.set(word, item);
        if (item) byWord.current.set(word, item);
        else byWord.current.delete(word);
      }
      setLoaded((l) => {
        if (!l) return l;
        const added = [...change.items].filter(([w, it]) => it && !l.items.some((x) => studyKey(x) === w)).length;
        const removed = [...change.items].filter(([w, it]) => !it && l.items.some((x) => studyKey(x) === w)).length;
        return { ...l, items: [...byWord.current.values()], total: l.total === null ? null : l.total + added - removed };
      });
    });
    load();
    // An earlier layout, if the background has not moved it yet (the watcher reloads).
    void migrate().catch(() => undefined);
    return () => {
      stopped = true;
      unwatch();
    };
  }, []);

  return { loaded, loadError };
}
