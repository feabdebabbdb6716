/**
 * The key table: every keyboard shortcut of the hover card and the page, each rebindable or removable
 * (settings.keys), with the checks the settings page runs before it accepts a new key.
 *
 * A binding is written as text, modifiers first: "S", "Shift+A", "[", "Escape", "ArrowLeft",
 * "Alt+Shift+P". `parseBinding` reads it, `formatBinding` writes the one spelling we store,
 * `bindingOfEvent` makes one from a key press (the settings page records keys this way) and
 * `actionForEvent` tells the content script which action a key press is, if any.
 *
 * Matching follows what the reader sees on the key (`event.key`), so "[" is "[" on every layout; for a
 * letter pressed with Alt, Ctrl or Meta, where `key` is another character (macOS Alt+S is "ß"), the
 * physical key (`event.code`) decides. Shift is part of a binding for letters and named keys ("Shift+A",
 * "Shift+ArrowLeft"); for other printable characters it is implied by the character ("{" is Shift+[ on
 * one layout and not on another), so it is ignored there.
 *
 * Pure module: no DOM types beyond the fields of a KeyboardEvent it reads.
 */

/**
 * Everything a key can do. `scope` says when the key listens: while a card is open ('card'), anywhere on
 * the page ('page'), or while unknown words are coloured on the page or a card is open ('marks').
 */
export const KEY_ACTIONS = [
  { id: 'save', label: 'Save the word to the study list', scope: 'card', default: 'S' },
  { id: 'shorter', label: 'Shorter reading', scope: 'card', default: '[' },
  { id: 'longer', label: 'Longer reading', scope: 'card', default: ']' },
  { id: 'close', label: 'Close the card', scope: 'card', default: 'Escape' },
  { id: 'previousWord', label: 'Previous word of the sentence', scope: 'card', default: 'ArrowLeft' },
  { id: 'nextWord', label: 'Next word of the sentence', scope: 'card', default: 'ArrowRight' },
  { id: 'speakWord', label: 'Speak the word', scope: 'card', default: 'A' },
  { id: 'speakSentence', label: 'Speak the sentence', scope: 'card', default: 'Shift+A' },
  { id: 'showPinyin', label: 'Show the pinyin (when it is hidden until a key)', scope: 'card', default: 'H' },
  { id: 'known', label: 'Mark the word known', scope: 'card', default: 'K' },
  { id: 'ignore', label: 'Ignore the word (names, noise)', scope: 'card', default: 'I' },
  { id: 'unknown', label: 'Mark the word unknown again', scope: 'card', default: 'U' },
  { id: 'undoMark', label: 'Undo the last mark (known, ignore, unknown)', scope: 'card', default: 'Z' },
  { id: 'nextUnknown', label: 'Next unknown word on the page (while they are coloured)', scope: 'marks', default: 'N' },
  { id: 'previousUnknown', label: 'Previous unknown word on the page (while they are coloured)', scope: 'marks', default: 'P' },
  { id: 'pagePinyin', label: 'Pinyin over the page, on or off', scope: 'page', default: 'Alt+Shift+P' },
] as const satisfies ReadonlyArray<{ id: string; label: string; scope: KeyScope; default: string }>;

export type KeyScope = 'card' | 'page' | 'marks';

export type KeyAction = (typeof KEY_ACTIONS)[number]['id'];
/** Action -> binding in stored spelling, or null when the reader removed the key. */
export type KeyBindings = Record<KeyAction, string | null>;

export const KEY_ACTION_IDS: readonly KeyAction[] = KEY_ACTIONS.map((a) => a.id);

export function isKeyAction(x: unknown): x is KeyAction {
  return typeof x === 'string' && (KEY_ACTION_IDS as readonly string[]).includes(x);
}

export function defaultKeyBindings(): KeyBindings {
  return Object.fromEntries(KEY_ACTIONS.map((a) => [a.id, a.default])) as KeyBindings;
}

export function actionLabel(action: KeyAction): string {
  return KEY_ACTIONS.find((a) => a.id === action)!.label;
}

/** The browser command (manifest `commands`): shown in the table, changed on the browser's own page. */
export const BROWSER_COMMAND = { id: 'toggle-enabled', label: 'Turn Dubao on or off', default: 'Alt+Shift+D' } as const;

export interface Binding {
  /** A single character ("s" lower-cased for letters, "[") or a named key ("Escape", "ArrowLeft", "F2"). */
  key: string;
  alt: boolean;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
}

const MODIFIER_KEYS = new Set([
  'Alt',
  'AltGraph',
  'Control',
  'Meta',
  'Shift',
  'CapsLock',
  'Fn',
  'FnLock',
  'Hyper',
  'Super',
  'OS',
  'NumLock',
  'ScrollLock',
]);

/** Named keys a binding may use (the rest: Tab, Enter, Backspace... belong to the page and to typing). */
const NAMED_KEYS = new Set([
  'Escape',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Insert',
  'Delete',
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
]);

/** Spellings readers type for named keys, to the `KeyboardEvent.key` value. */
const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape',
  escape: 'Escape',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  up: 'ArrowUp',
  down: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  '←': 'ArrowLeft',
  '→': 'ArrowRight',
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  insert: 'Insert',
  delete: 'Delete',
  del: 'Delete',
  space: ' ',
  tab: 'Tab',
  enter: 'Enter',
  return: 'Enter',
  backspace: 'Backspace',
  plus: '+',
};

function isLetter(key: string): boolean {
  return /^[a-z]$/i.test(key);
}

/** Shift counts for letters and named keys; other characters already say whether Shift was down. */
function shiftMatters(key: string): boolean {
  return key.length > 1 || isLetter(key);
}

export type ParseResult = { ok: true; binding: Binding } | { ok: false; error: string };

/**
 * Reads a binding as text ("Alt+Shift+P", "ctrl + k", "Esc", "[") and checks that Dubao may use it:
 * one key besides the modifiers, not a modifier alone, not a key that typing and page navigation need
 * (Tab, Enter, Space, Backspace), and no Ctrl or Meta with a letter alone (the browser's own shortcuts).
 */
export function parseBinding(text: string): ParseResult {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'No key given.' };
  // "+" is a separator, except as the key itself ("Shift++", "+").
  const parts = raw === '+' ? ['+'] : raw.endsWith('++') ? [...raw.slice(0, -2).split('+'), '+'] : raw.split('+');
  const b: Binding = { key: '', alt: false, ctrl: false, meta: false, shift: false };
  for (const [i, partRaw] of parts.entries()) {
    const part = partRaw.trim();
    const last = i === parts.length - 1;
    const mod = modifierOf(part);
    if (mod && !last) {
      if (b[mod]) return { ok: false, error: `${part} is written twice in “${raw}”.` };
      b[mod] = true;
      continue;
    }
    if (!last) return { ok: false, error: `“${raw}” has more than one key besides Alt, Ctrl, Meta and Shift.` };
    if (mod || MODIFIER_KEYS.has(part))
      return { ok: false, error: 'A modifier alone (Alt, Ctrl, Meta or Shift) cannot be a shortcut: add a key.' };
    const key = normaliseKey(part);
    if (key === null) return { ok: false, error: `“${part}” is not a key Dubao can use.` };
    b.key = key;
  }
  return checkUsable(b);
}

function modifierOf(part: string): 'alt' | 'ctrl' | 'meta' | 'shift' | null {
  const p = part.toLowerCase();
  if (p === 'alt' || p === 'option' || p === '⌥') return 'alt';
  if (p === 'ctrl' || p === 'control' || p === '⌃') return 'ctrl';
  if (p === 'meta' || p === 'cmd' || p === 'command' || p === 'win' || p === 'super' || p === '⌘') return 'meta';
  if (p === 'shift' || p === '⇧') return 'shift';
  return null;
}

function normaliseKey(part: string): string | null {
  if (part === '') return null;
  const alias = KEY_ALIASES[part.toLowerCase()];
  if (alias !== undefined) return alias;
  if ([...part].length === 1) return isLetter(part) ? part.toLowerCase() : part;
  if (/^f([1-9]|1[0-2])$/i.test(part)) return part.toUpperCase();
  const named = [...NAMED_KEYS].find((k) => k.toLowerCase() === part.toLowerCase());
  return named ?? null;
}

function checkUsable(b: Binding): ParseResult {
  if (b.key === 'Tab' || b.key === 'Enter' || b.key === 'Backspace') {
    return { ok: false, error: `${keyName(b.key)} moves focus, follows links or edits text on every page; Dubao does not take it.` };
  }
  if (b.key === ' ')
    return {
      ok: false,
      error: 'Space scrolls the page, and with Ctrl or Alt it switches input methods or opens the window menu; choose another key.',
    };
  if ((b.ctrl || b.meta) && !b.alt && !b.shift && b.key.length === 1) {
    return {
      ok: false,
      error: `${formatBinding(b)} belongs to the browser (copy, paste, new tab…); add Alt or Shift, or choose another key.`,
    };
  }
  if (b.key.length === 1 && !/[\p{L}\p{N}\p{P}\p{S} ]/u.test(b.key))
    return { ok: false, error: 'That character cannot be typed as a key.' };
  if (!shiftMatters(b.key)) b.shift = false;
  return { ok: true, binding: b };
}

function keyName(key: string): string {
  return key === ' ' ? 'Space' : key;
}

/** The stored spelling: "Alt+Ctrl+Meta+Shift+Key", letters upper-case, Space as "Space". */
export function formatBinding(b: Binding): string {
  const mods = [b.alt && 'Alt', b.ctrl && 'Ctrl', b.meta && 'Meta', b.shift && shiftMatters(b.key) && 'Shift'].filter(Boolean);
  const key = b.key === ' ' ? 'Space' : isLetter(b.key) ? b.key.toUpperCase() : b.key;
  return [...mods, key].join('+');
}

/** A binding in stored spelling, or null when the text is not a usable binding. */
export function normaliseBinding(text: string): string | null {
  const r = parseBinding(text);
  return r.ok ? formatBinding(r.binding) : null;
}

/** How a binding is shown in the table and on the card: "Alt+Shift+P", "←", "Esc". */
export function displayBinding(stored: string | null): string {
  if (stored === null) return '—';
  return stored
    .split(/\+(?!$)/)
    .map((p) => ({ ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc' })[p] ?? p)
    .join('+');
}

/** The fields of a KeyboardEvent that matching reads. */
export interface KeyPress {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/** The key of a press as a binding key: the letter of the physical key when Alt/Ctrl/Meta changed it. */
function pressKey(e: KeyPress): string {
  if ((e.altKey || e.ctrlKey || e.metaKey) && e.code && /^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  if (e.key === 'Esc') return 'Escape';
  if (e.key === 'Left' || e.key === 'Right' || e.key === 'Up' || e.key === 'Down') return `Arrow${e.key}`;
  return isLetter(e.key) ? e.key.toLowerCase() : e.key;
}

/**
 * The binding a key press makes (the settings page records new keys with it): a result with a message
 * when the press cannot be a shortcut, `null` while only modifiers are down (wait for the key).
 */
export function bindingOfEvent(e: KeyPress): ParseResult | null {
  if (MODIFIER_KEYS.has(e.key) || e.key === 'Dead' || e.key === 'Unidentified' || e.key === 'Process') return null;
  const b: Binding = { key: pressKey(e), alt: e.altKey, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey };
  if (b.key.length > 1 && !NAMED_KEYS.has(b.key) && !['Tab', 'Enter', 'Backspace'].includes(b.key)) {
    return { ok: false, error: `${b.key} is not a key Dubao can use.` };
  }
  return checkUsable(b);
}

/** True when the press is this binding. */
export function matches(stored: string, e: KeyPress): boolean {
  const r = parseBinding(stored);
  return r.ok && sameBinding(r.binding, e);
}

function sameBinding(b: Binding, e: KeyPress): boolean {
  if (b.alt !== e.altKey || b.ctrl !== e.ctrlKey || b.meta !== e.metaKey) return false;
  if (shiftMatters(b.key) && b.shift !== e.shiftKey) return false;
  return pressKey(e) === b.key;
}

/**
 * Bindings of `keys` read once, for matching presses quickly; a stored binding that cannot be read
 * matches nothing (settings sanitising has already reported it).
 */
export function compileBindings(keys: Partial<KeyBindings>): Array<{ action: KeyAction; binding: Binding }> {
  const out: Array<{ action: KeyAction; binding: Binding }> = [];
  for (const action of KEY_ACTION_IDS) {
    const stored = keys[action];
    if (!stored) continue;
    const r = parseBinding(stored);
    if (r.ok) out.push({ action, binding: r.binding });
  }
  return out;
}

/** When each scope listens (what the content script knows at a key press). */
export interface KeyContext {
  /** A card is open (in this frame, or in another frame of the tab for the top frame). */
  cardOpen: boolean;
  /** Unknown words are coloured on this page. */
  marks?: boolean;
}

function inScope(scope: KeyScope, ctx: KeyContext): boolean {
  if (scope === 'page') return true;
  if (scope === 'card') return ctx.cardOpen;
  return ctx.marks === true;
}

/**
 * The action of a key press, for the content script's keydown listener: null unless the press is
 * trusted (a page script's synthetic event never acts), comes from outside editable fields (inputs,
 * textareas, selects, contenteditable, also inside shadow roots: the composed path is searched) and is
 * bound. Card-scope actions need a card open, marks-scope ones the page's unknown words coloured
 * (`context`; a boolean is read as `cardOpen`). Composition (IME) never acts.
 */
export function actionForEvent(
  e: KeyPress & { isTrusted: boolean; isComposing?: boolean; composedPath?: () => unknown[]; target?: unknown },
  compiled: ReadonlyArray<{ action: KeyAction; binding: Binding }>,
  context: boolean | KeyContext,
): KeyAction | null {
  if (!e.isTrusted || e.isComposing) return null;
  const ctx = typeof context === 'boolean' ? { cardOpen: context } : context;
  const path = e.composedPath ? e.composedPath() : e.target ? [e.target] : [];
  if (path.some(isEditableTarget)) return null;
  for (const { action, binding } of compiled) {
    if (!sameBinding(binding, e)) continue;
    if (!inScope(actionScope(action), ctx)) continue;
    return action;
  }
  return null;
}

export function actionScope(action: KeyAction): KeyScope {
  return KEY_ACTIONS.find((a) => a.id === action)!.scope;
}

/** An element where keys are typing: form fields and editable content. */
export function isEditableTarget(t: unknown): boolean {
  const el = t as { tagName?: unknown; isContentEditable?: unknown; type?: unknown } | null | undefined;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = typeof el.type === 'string' ? el.type.toLowerCase() : 'text';
    return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'image', 'color', 'file'].includes(type);
  }
  return el.isContentEditable === true;
}

export type KeyChange = { ok: true; keys: KeyBindings } | { ok: false; error: string };

/**
 * Binds `action` to `text` (null removes the key) if that makes no conflict: a key already used by
 * another action is refused with a message naming that action, and so is the browser command's key
 * (`reserved`, read from the browser where it can be: the reader may have changed it).
 * Returns the new table; the old one is not changed.
 */
export function rebind(
  keys: KeyBindings,
  action: KeyAction,
  text: string | null,
  reserved: ReadonlyArray<{ binding: string; label: string }> = [{ binding: BROWSER_COMMAND.default, label: BROWSER_COMMAND.label }],
): KeyChange {
  if (text === null) return { ok: true, keys: { ...keys, [action]: null } };
  const parsed = parseBinding(text);
  if (!parsed.ok) return parsed;
  const stored = formatBinding(parsed.binding);
  for (const other of KEY_ACTION_IDS) {
    if (other === action) continue;
    const theirs = keys[other];
    if (theirs && normaliseBinding(theirs) === stored) {
      return {
        ok: false,
        error: `${displayBinding(stored)} is already the key for “${actionLabel(other)}”. Change or remove that one first.`,
      };
    }
  }
  for (const r of reserved) {
    if (normaliseBinding(r.binding) === stored) {
      return { ok: false, error: `${displayBinding(stored)} is the browser shortcut for “${r.label}”; choose another key.` };
    }
  }
  return { ok: true, keys: { ...keys, [action]: stored } };
}

/** Pairs of actions that share a key (a table read from storage may have them; rebind never makes them). */
export function conflicts(keys: Partial<KeyBindings>): Array<[KeyAction, KeyAction, string]> {
  const seen = new Map<string, KeyAction>();
  const out: Array<[KeyAction, KeyAction, string]> = [];
  for (const action of KEY_ACTION_IDS) {
    const k = keys[action];
    const n = k ? normaliseBinding(k) : null;
    if (!n) continue;
    const first = seen.get(n);
    if (first) out.push([first, action, n]);
    else seen.set(n, action);
  }
  return out;
}
