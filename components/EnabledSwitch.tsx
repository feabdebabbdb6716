import { useEffect, useState } from 'preact/hooks';
import { enabledItem } from '../utils/settings';

/**
 * The on/off switch of the hover card (embedded in the toolbar popup). Reads and writes the `enabled`
 * setting and follows changes made elsewhere (the keyboard command, another popup).
 */
export function EnabledSwitch() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void enabledItem.getValue().then((v) => live && setEnabled(v));
    const unwatch = enabledItem.watch((v) => setEnabled(v));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return (
    <label class="enabled-switch">
      <input
        type="checkbox"
        role="switch"
        aria-label="Enable Dubao"
        checked={enabled ?? false}
        aria-checked={enabled ?? false}
        disabled={enabled === null}
        onChange={(e) => {
          const next = (e.currentTarget as HTMLInputElement).checked;
          setEnabled(next);
          void enabledItem.setValue(next);
        }}
      />
      <span class="enabled-switch-label">{enabled === false ? 'Hover card off' : 'Hover card on'}</span>
    </label>
  );
}
