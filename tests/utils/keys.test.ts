import { describe, expect, it } from 'vitest';
import {
  actionForEvent,
  bindingOfEvent,
  compileBindings,
  conflicts,
  defaultKeyBindings,
  displayBinding,
  KEY_ACTIONS,
  matches,
  normaliseBinding,
  parseBinding,
  rebind,
  type KeyPress,
} from '../../utils/keys';

function press(key: string, mods: Partial<KeyPress> = {}, code?: string): KeyPress & { isTrusted: boolean } {
  return { key, code, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, isTrusted: true, ...mods };
}

describe('key table', () => {
  it('has a default key for every action, no two the same', () => {
    const keys = defaultKeyBindings();
    expect(Object.keys(keys)).toEqual(KEY_ACTIONS.map((a) => a.id));
    for (const k of Object.values(keys)) expect(normaliseBinding(k!)).toBe(k);
    expect(conflicts(keys)).toEqual([]);
    expect(keys).toMatchObject({
      save: 'S',
      shorter: '[',
      longer: ']',
      close: 'Escape',
      previousWord: 'ArrowLeft',
      nextWord: 'ArrowRight',
      known: 'K',
      ignore: 'I',
      unknown: 'U',
      nextUnknown: 'N',
      previousUnknown: 'P',
    });
  });

  it('reads bindings as readers write them, into one spelling', () => {
    expect(normaliseBinding('s')).toBe('S');
    expect(normaliseBinding('shift + a')).toBe('Shift+A');
    expect(normaliseBinding('Shift+Alt+p')).toBe('Alt+Shift+P');
    expect(normaliseBinding('esc')).toBe('Escape');
    expect(normaliseBinding('←')).toBe('ArrowLeft');
    expect(normaliseBinding('ctrl+shift+k')).toBe('Ctrl+Shift+K');
    expect(normaliseBinding('f2')).toBe('F2');
    expect(normaliseBinding('+')).toBe('+');
    expect(normaliseBinding('Alt++')).toBe('Alt++');
    // Shift is implied by a non-letter character.
    expect(normaliseBinding('Shift+[')).toBe('[');
    expect(displayBinding('ArrowLeft')).toBe('←');
    expect(displayBinding('Alt++')).toBe('Alt++');
    expect(displayBinding(null)).toBe('—');
  });

  it('refuses keys that belong to typing, the page or the browser, each with a sentence', () => {
    for (const bad of ['', 'Shift', 'Ctrl+Alt', 'Tab', 'Enter', 'Space', 'Ctrl+C', 'Meta+V', 'A+B', 'Alt+Alt+K', 'Hyperdrive']) {
      const r = parseBinding(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^[A-Z“].*[.]$/);
    }
    expect(parseBinding('Alt+S').ok).toBe(true);
    expect(parseBinding('Ctrl+Shift+C').ok).toBe(true);
  });

  it('refuses a key another action has, naming that action; removing a key always works', () => {
    const keys = defaultKeyBindings();
    const r = rebind(keys, 'speakWord', 's');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('S is already the key for “Save the word to the study list”. Change or remove that one first.');
    const removed = rebind(keys, 'save', null);
    expect(removed.ok && removed.keys.save).toBe(null);
    const moved = removed.ok ? rebind(removed.keys, 'speakWord', 's') : null;
    expect(moved?.ok && moved.keys.speakWord).toBe('S');
    // The table passed in is not changed.
    expect(keys.save).toBe('S');
  });

  it('refuses the browser command key (Alt+Shift+D by default, or what the browser says it is now)', () => {
    const keys = defaultKeyBindings();
    const r = rebind(keys, 'pagePinyin', 'alt+shift+d');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('browser shortcut for “Turn Dubao on or off”');
    expect(rebind(keys, 'pagePinyin', 'Alt+Shift+D', [{ binding: 'Ctrl+Shift+Y', label: 'Turn Dubao on or off' }]).ok).toBe(true);
    expect(rebind(keys, 'pagePinyin', 'Ctrl+Shift+Y', [{ binding: 'Ctrl+Shift+Y', label: 'Turn Dubao on or off' }]).ok).toBe(false);
  });

  it('matches presses by the key the reader sees, letters by their physical key under Alt', () => {
    expect(matches('S', press('s'))).toBe(true);
    expect(matches('S', press('S'))).toBe(true); // caps lock
    expect(matches('S', press('S', { shiftKey: true }))).toBe(false); // Shift+S is another binding
    expect(matches('Shift+A', press('A', { shiftKey: true }))).toBe(true);
    expect(matches('[', press('['))).toBe(true);
    expect(matches('{', press('{', { shiftKey: true }))).toBe(true);
    expect(matches('Alt+Shift+P', press('Π', { altKey: true, shiftKey: true }, 'KeyP'))).toBe(true); // macOS Alt+Shift+P
    expect(matches('Alt+Shift+P', press('P', { shiftKey: true }))).toBe(false);
    expect(matches('Escape', press('Esc'))).toBe(true); // old Edge spelling
    expect(matches('ArrowLeft', press('ArrowLeft', { shiftKey: true }))).toBe(false);
  });

  it('records a pressed key as a binding, waiting while only modifiers are down', () => {
    expect(bindingOfEvent(press('Shift', { shiftKey: true }))).toBe(null);
    const r = bindingOfEvent(press('ß', { altKey: true }, 'KeyS'));
    expect(r?.ok && normaliseBinding('Alt+S')).toBe('Alt+S');
    const tab = bindingOfEvent(press('Tab'));
    expect(tab?.ok).toBe(false);
    const arrow = bindingOfEvent(press('ArrowRight'));
    expect(arrow?.ok).toBe(true);
  });

  describe('actionForEvent', () => {
    const compiled = compileBindings(defaultKeyBindings());
    it('acts on trusted presses only', () => {
      expect(actionForEvent(press('s'), compiled, true)).toBe('save');
      expect(actionForEvent({ ...press('s'), isTrusted: false }, compiled, true)).toBe(null);
    });
    it('leaves card keys alone while no card is open, page keys act anyway', () => {
      expect(actionForEvent(press('s'), compiled, false)).toBe(null);
      expect(actionForEvent(press('P', { altKey: true, shiftKey: true }, 'KeyP'), compiled, false)).toBe('pagePinyin');
    });
    it('never acts while typing: inputs, textareas, contenteditable, also inside a shadow root', () => {
      const input = { tagName: 'INPUT', type: 'text' };
      const checkbox = { tagName: 'INPUT', type: 'checkbox' };
      const editable = { tagName: 'DIV', isContentEditable: true };
      const host = { tagName: 'MY-WIDGET' };
      expect(actionForEvent({ ...press('s'), target: input }, compiled, true)).toBe(null);
      expect(actionForEvent({ ...press('s'), target: checkbox }, compiled, true)).toBe('save');
      expect(actionForEvent({ ...press('s'), target: editable }, compiled, true)).toBe(null);
      // The event is retargeted to the shadow host; the composed path still holds the input.
      expect(actionForEvent({ ...press('s'), target: host, composedPath: () => [input, host] }, compiled, true)).toBe(null);
      expect(actionForEvent({ ...press('s'), isComposing: true }, compiled, true)).toBe(null);
    });
    it('follows a rebound or removed key', () => {
      const keys = defaultKeyBindings();
      const r = rebind(keys, 'save', 'Alt+S');
      const c = compileBindings(r.ok ? r.keys : keys);
      expect(actionForEvent(press('s'), c, true)).toBe(null);
      expect(actionForEvent(press('ß', { altKey: true }, 'KeyS'), c, true)).toBe('save');
      const none = compileBindings({ ...keys, close: null });
      expect(actionForEvent(press('Escape'), none, true)).toBe(null);
    });
    it('N and P act only while unknown words are coloured on the page; K, I, U, Z only on a card', () => {
      expect(actionForEvent(press('n'), compiled, { cardOpen: true })).toBe(null);
      expect(actionForEvent(press('n'), compiled, { cardOpen: false, marks: true })).toBe('nextUnknown');
      expect(actionForEvent(press('p'), compiled, { cardOpen: false, marks: true })).toBe('previousUnknown');
      for (const [key, action] of [
        ['k', 'known'],
        ['i', 'ignore'],
        ['u', 'unknown'],
        ['z', 'undoMark'],
      ] as const) {
        expect(actionForEvent(press(key), compiled, { cardOpen: true })).toBe(action);
        expect(actionForEvent(press(key), compiled, { cardOpen: false, marks: true })).toBe(null);
      }
      expect(actionForEvent(press('ArrowRight'), compiled, { cardOpen: true })).toBe('nextWord');
      expect(actionForEvent(press('A', { shiftKey: true }), compiled, { cardOpen: true })).toBe('speakSentence');
      expect(actionForEvent(press('a'), compiled, { cardOpen: true })).toBe('speakWord');
    });
  });
});
