/**
 * The popup's controls for the tab's page, as a hook (components/PageControls.tsx renders them):
 *
 * - "On this site": the per-site rule of the page's site (utils/settings.ts setSiteMode; the content
 *   scripts of every tab follow it through storage, no reload);
 * - pinyin over the page: asked of and toggled in the tab's content scripts (utils/page-controls.ts:
 *   every frame of the tab; the state shown is the top frame's answer);
 * - unknown words coloured on pages: the setting `unknownWords.mark` (every tab follows it), with
 *   whether this page can show it (the page's answer: Dubao on there, and the browser's highlights).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageControl, PageControlName, PageControlReply } from '../../utils/page-controls';
import { setSiteMode, updateSettings } from '../../utils/settings';
import type { Settings, SiteMode } from '../../utils/settings-schema';
import { siteChoice, siteNote, type SiteChoice } from './site';

function askPage(tabId: number, control: PageControlName, on?: boolean): Promise<PageControlReply | null> {
  const msg: PageControl = on === undefined ? { dubaoControl: 1, control } : { dubaoControl: 1, control, on };
  return (browser.tabs.sendMessage(tabId, msg) as Promise<PageControlReply | undefined>).then(
    (r) => (r && typeof r.on === 'boolean' ? r : null),
    () => null,
  );
}

export interface PageControlsState {
  choice: SiteChoice;
  note: string;
  /** Pinyin over the page: on, and whether the page's content script answered. */
  pinyin: { on: boolean; reachable: boolean; noChinese: boolean };
  /** Unknown words coloured on pages (the setting); `supported`: this page can show them. */
  unknown: { on: boolean; supported: boolean };
  busy: boolean;
  /** The last action's failure, in a sentence. */
  error: string | null;
  actions: {
    setSite(mode: SiteMode | 'default'): Promise<void>;
    togglePinyin(): Promise<void>;
    toggleUnknown(): Promise<void>;
  };
}

/** Null without a page (`url`: its address); drawn disabled until the settings and the switch are read. */
export function usePageControls(
  tabId: number | null,
  url: string | null,
  settings: Settings | null,
  enabled: boolean | null,
  /** The page has no Chinese text: nothing to put pinyin over. */
  noChinese = false,
): PageControlsState | null {
  const [pinyin, setPinyin] = useState({ on: false, reachable: false });
  const [supported, setSupported] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = settings !== null && enabled !== null;
  // Until the settings are read (after the glossary's first paint), the controls are drawn disabled:
  // the list does not move when they come.
  const choice = url === null ? null : ready ? siteChoice(settings.sites, enabled, url) : { ...siteChoice({}, true, url), site: null };
  const active = ready && (choice?.active ?? false);

  // The page's own state: asked again whenever Dubao comes on or goes off there (off, the content
  // script has taken pinyin off by itself).
  useEffect(() => {
    if (tabId === null || !choice || !ready) return;
    let live = true;
    void Promise.all([askPage(tabId, 'pagePinyin'), askPage(tabId, 'unknownWords')]).then(([p, u]) => {
      if (!live) return;
      setPinyin({ on: (p?.on ?? false) && active, reachable: p !== null });
      // (Off on this site, `available` is false for that reason, not the browser's.)
      setSupported(!active || u === null || u.available);
    });
    return () => {
      live = false;
    };
  }, [tabId, active, ready]);

  if (!choice || tabId === null) return null;

  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    try {
      setError(await fn());
    } catch (e) {
      setError(`That did not work: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return {
    choice,
    note: ready ? siteNote(choice, enabled) : '',
    pinyin: { ...pinyin, noChinese },
    unknown: { on: settings?.unknownWords.mark ?? false, supported },
    busy: busy || !ready,
    error,
    actions: {
      setSite: (mode) =>
        run(async () => {
          const r = await setSiteMode(url!, mode);
          return r.ok ? null : r.error;
        }),
      togglePinyin: () =>
        run(async () => {
          const want = !pinyin.on;
          const r = await askPage(tabId, 'pagePinyin', want);
          if (!r) return 'The page is not reachable any more (was it closed or reloaded?).';
          if (!r.available) return 'Dubao is off on this page, so it cannot put pinyin over it.';
          setPinyin({ on: r.on, reachable: true });
          return null;
        }),
      toggleUnknown: () =>
        run(async () => {
          const r = await updateSettings({ unknownWords: { mark: !settings!.unknownWords.mark } });
          return r.ok ? null : r.error;
        }),
    },
  };
}
