import { describe, expect, it } from 'vitest';
import { isTransportError, saveAndCheck, saveErrorSentence } from '../../entrypoints/content/save';
import type { MessageName, Payload, Reply } from '../../utils/messages';
import { saveReq } from '../study/helpers';

/**
 * A background whose replies can be lost: `script` says, call by call, whether the save lands and
 * whether its reply arrives (MV3 stops a worker after it stored the word, or before).
 */
function background(script: Array<{ lands: boolean; replies: boolean; error?: string }>) {
  const saved = new Set<string>();
  const calls: string[] = [];
  let n = 0;
  const send = async <K extends MessageName>(name: K, payload: Payload<K>): Promise<Reply<unknown>> => {
    calls.push(name);
    if (name === 'study.has') {
      const words = (payload as Payload<'study.has'>).words;
      return { ok: true, value: words.filter((w) => saved.has(w)) };
    }
    const step = script[Math.min(n++, script.length - 1)]!;
    if (step.lands) saved.add((payload as Payload<'study.save'>).simplified);
    if (!step.replies)
      return {
        ok: false,
        error:
          step.error ??
          'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
      };
    return { ok: true, value: { merged: false } };
  };
  return { send: send as never, saved, calls };
}

const noWait = async () => undefined;

describe('saving from the card tells the truth', () => {
  it('the worker stored the word and stopped before answering: the card says saved', async () => {
    const bg = background([
      { lands: true, replies: false },
      { lands: true, replies: true },
    ]);
    expect(await saveAndCheck(bg.send, saveReq(), noWait)).toEqual({ saved: true });
    expect(bg.calls).toEqual(['study.save', 'study.save']);
  });

  it('the worker stopped before storing it: the second save lands, and the card says so', async () => {
    const bg = background([
      { lands: false, replies: false, error: 'Could not establish connection. Receiving end does not exist.' },
      { lands: true, replies: true },
    ]);
    expect(await saveAndCheck(bg.send, saveReq(), noWait)).toEqual({ saved: true });
    expect(bg.saved.has('干部')).toBe(true);
  });

  it('no answer twice, but the word is in the list: saved', async () => {
    const bg = background([
      { lands: true, replies: false },
      { lands: false, replies: false },
    ]);
    expect(await saveAndCheck(bg.send, saveReq(), noWait)).toEqual({ saved: true });
    expect(bg.calls).toEqual(['study.save', 'study.save', 'study.has']);
  });

  it('no answer and not in the list: not saved, said in a sentence without the browser’s error', async () => {
    const bg = background([{ lands: false, replies: false }]);
    const r = await saveAndCheck(bg.send, saveReq(), noWait);
    expect(r).toEqual({ saved: false, message: 'Not saved: Dubao’s background did not answer. Press S to try again.' });
  });

  it('an error of the study list is passed on as the sentence it is; others become sentences', async () => {
    const full =
      'The study list could not be saved: the browser storage for Dubao is full. Export a backup and remove some words. Nothing saved before was lost.';
    const bg = background([{ lands: false, replies: false, error: full }]);
    expect(await saveAndCheck(bg.send, saveReq(), noWait)).toEqual({ saved: false, message: `Not saved. ${full}` });
    expect(bg.calls).toEqual(['study.save']);
    expect(saveErrorSentence('invalid study.save: sentence is longer than 1000')).toMatch(/^Not saved: Dubao could not take this word/);
    expect(saveErrorSentence('Extension context invalidated.')).toMatch(/Reload the page/);
    expect(saveErrorSentence('TypeError: e.findIndex is not a function')).toBe(
      'Not saved: something went wrong in Dubao. Press S to try again.',
    );
    expect(isTransportError('Could not establish connection. Receiving end does not exist.')).toBe(true);
    expect(isTransportError(full)).toBe(false);
  });
});
