/**
 * What the popup knows of the reader (issue 12, issue 13): the settings and the on/off switch as they
 * change, the reader's word marks (read here and followed as any context changes them, so a row's
 * state is never a stale copy), and the HSK levels (levels.bin, read once the glossary is on screen, so
 * that the first paint does not wait for it). Marks are changed through the background
 * (`knowledge.mark`, `knowledge.undo`), the one writer; the change comes back here through storage.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Levels, LEVELS_ASSET } from '../../dictionary/levels/levels';
import type { Knowledge } from '../../utils/knowledge/model';
import { loadKnowledge, watchKnowledge } from '../../utils/knowledge/store';
import { enabledItem, watchSettings } from '../../utils/settings';
import type { Settings } from '../../utils/settings-schema';
import { mark } from '../../utils/timing';

/** The reader's marks: read, not read yet, or unreadable (with the sentence saying so). */
export type KnowledgeRead = { kind: 'loading' } | { kind: 'ok'; knowledge: Knowledge } | { kind: 'unreadable'; message: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function readLevels(): Promise<Levels> {
  const res = await fetch(browser.runtime.getURL(`/${LEVELS_ASSET}` as '/'));
  if (!res.ok) throw new Error(`levels.bin: HTTP ${res.status}`);
  const levels = Levels.fromBytes(new Uint8Array(await res.arrayBuffer()));
  mark('levels-read', { words: levels.size });
  return levels;
}

/** `painted`: resolves once the glossary (or the popup's message) is on screen. */
export function useLearning(painted: Promise<void>) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [knowledge, setKnowledge] = useState<KnowledgeRead>({ kind: 'loading' });
  const [levels, setLevels] = useState<Levels | null>(null);
  const [levelsError, setLevelsError] = useState<string | null>(null);

  // Nothing of this is needed for the glossary's first paint, which it must not delay (storage reads
  // and the levels' parse compete with it): started once the glossary is on screen.
  useEffect(() => {
    let live = true;
    const stops: Array<() => void> = [];
    void painted.then(async () => {
      if (!live) return;
      stops.push(
        watchSettings((read) => live && setSettings(read.settings)),
        enabledItem.watch((on) => live && setEnabled(on)),
        watchKnowledge((outcome) => {
          if (!live) return;
          setKnowledge(outcome.ok ? { kind: 'ok', knowledge: outcome.value } : { kind: 'unreadable', message: outcome.error.message });
        }),
      );
      void enabledItem.getValue().then((on) => live && setEnabled(on));
      const [k, l] = await Promise.allSettled([loadKnowledge(), readLevels()]);
      if (!live) return;
      // (A change seen by the watcher meanwhile is newer than this read: keep it.)
      setKnowledge((cur) =>
        cur.kind !== 'loading'
          ? cur
          : k.status === 'fulfilled'
            ? { kind: 'ok', knowledge: k.value }
            : { kind: 'unreadable', message: message(k.reason) },
      );
      if (l.status === 'fulfilled') setLevels(l.value);
      else setLevelsError(`The HSK levels could not be read (${message(l.reason)}).`);
    });
    return () => {
      live = false;
      for (const stop of stops) stop();
    };
  }, []);

  return { settings, enabled, knowledge, levels, levelsError };
}
