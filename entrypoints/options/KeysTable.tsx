import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  actionLabel,
  bindingOfEvent,
  BROWSER_COMMAND,
  defaultKeyBindings,
  displayBinding,
  KEY_ACTIONS,
  rebind,
  type KeyAction,
} from '../../utils/keys';
import type { Settings } from '../../utils/settings-schema';

interface Props {
  keys: Settings['keys'];
  /** Stores a new table; resolves to an error sentence or null. */
  onChange: (keys: Partial<Settings['keys']>) => Promise<string | null>;
}

/** The browser command's key as the browser has it now (the reader may have changed it there). */
function useCommandKey(): string | null {
  const [key, setKey] = useState<string | null>(BROWSER_COMMAND.default);
  useEffect(() => {
    void browser.commands
      ?.getAll()
      .then((all) => setKey(all.find((c) => c.name === BROWSER_COMMAND.id)?.shortcut || null))
      .catch(() => {});
  }, []);
  return key;
}

async function openShortcutSettings(): Promise<string | null> {
  const commands = browser.commands as unknown as { openShortcutSettings?: () => Promise<void> };
  if (typeof commands?.openShortcutSettings === 'function') {
    await commands.openShortcutSettings();
    return null;
  }
  if (import.meta.env.FIREFOX) return 'In Firefox: open about:addons, click the gear button, then “Manage Extension Shortcuts”.';
  await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  return null;
}

/**
 * Every shortcut in one table: change (press the new key), remove, or back to the default. A key that
 * another action (or the browser command) has is refused with a sentence naming it.
 */
export function KeysTable({ keys, onChange }: Props) {
  const [recording, setRecording] = useState<KeyAction | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const commandKey = useCommandKey();
  const recorder = useRef<HTMLButtonElement>(null);
  const defaults = defaultKeyBindings();
  // Focused before the frame is painted, so a key pressed right after “Change” reaches the recorder.
  useLayoutEffect(() => recorder.current?.focus(), [recording]);

  const apply = async (action: KeyAction, text: string | null) => {
    const reserved = commandKey ? [{ binding: commandKey, label: BROWSER_COMMAND.label }] : [];
    const r = rebind(keys, action, text, reserved);
    if (!r.ok) {
      setMessage({ text: r.error, error: true });
      return;
    }
    const error = await onChange({ [action]: r.keys[action] });
    setMessage(
      error
        ? { text: error, error: true }
        : { text: `“${actionLabel(action)}”: ${text === null ? 'no key' : displayBinding(r.keys[action])}.`, error: false },
    );
  };

  const onRecordKey = (action: KeyAction) => (e: KeyboardEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      setRecording(null);
      setMessage(null);
      return;
    }
    const b = bindingOfEvent(e);
    if (b === null) return; // a modifier alone: wait for the key
    setRecording(null);
    if (!b.ok) {
      setMessage({ text: b.error, error: true });
      return;
    }
    void apply(
      action,
      [
        b.binding.alt && 'Alt',
        b.binding.ctrl && 'Ctrl',
        b.binding.meta && 'Meta',
        b.binding.shift && 'Shift',
        b.binding.key === ' ' ? 'Space' : b.binding.key,
      ]
        .filter(Boolean)
        .join('+'),
    );
  };

  return (
    <div class="keys-panel">
      <table class="keys-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Key</th>
            <th scope="col">
              <span class="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {KEY_ACTIONS.map((a) => (
            <tr key={a.id} data-action={a.id}>
              <th scope="row">
                {a.label}
                {a.scope === 'page' ? <span class="muted"> (anywhere on the page)</span> : null}
              </th>
              <td>
                {recording === a.id ? (
                  <button
                    type="button"
                    ref={recorder}
                    class="recording"
                    onKeyDown={onRecordKey(a.id)}
                    onBlur={() => setRecording(null)}
                    aria-label={`Press the new key for ${a.label}; Esc cancels`}
                  >
                    Press a key… (Esc cancels)
                  </button>
                ) : (
                  <kbd class="binding">{displayBinding(keys[a.id])}</kbd>
                )}
              </td>
              <td class="key-actions">
                <button type="button" onClick={() => setRecording(a.id)} aria-label={`Change the key for ${a.label}`}>
                  Change
                </button>
                <button
                  type="button"
                  onClick={() => void apply(a.id, null)}
                  disabled={keys[a.id] === null}
                  aria-label={`Remove the key for ${a.label}`}
                >
                  Remove
                </button>
                <button
                  type="button"
                  onClick={() => void apply(a.id, defaults[a.id])}
                  disabled={keys[a.id] === defaults[a.id]}
                  aria-label={`Default key for ${a.label}`}
                >
                  Default
                </button>
              </td>
            </tr>
          ))}
          <tr data-action="browser-command">
            <th scope="row">
              {BROWSER_COMMAND.label}
              <span class="muted"> (a browser shortcut, in every tab)</span>
            </th>
            <td>
              <kbd class="binding">{commandKey ?? 'none'}</kbd>
            </td>
            <td class="key-actions">
              <button type="button" onClick={() => void openShortcutSettings().then((t) => t && setMessage({ text: t, error: false }))}>
                Change in the browser…
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      <p class="keys-status" role={message?.error ? 'alert' : 'status'} data-error={message?.error ? 'true' : 'false'}>
        {message?.text ?? ''}
      </p>
    </div>
  );
}
