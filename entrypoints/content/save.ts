/**
 * Saving from the card, and saying the truth about it (issue 10). The message to the background can fail
 * after the word was stored (MV3 stops the service worker; its reply is then lost) or before. A failed
 * send is therefore checked: the save is sent once more (saving is idempotent: a sentence already there
 * is not added twice, so a second save of a word that landed changes nothing and answers "saved"), and
 * if the background still does not answer, the list is asked whether the word is in it. Whatever the
 * card then says is a sentence, never the browser's raw error.
 */
import type { MessageName, Payload, Reply, ReplyValue, StudySaveRequest } from '../../utils/messages';

type Send = <K extends MessageName>(name: K, payload: Payload<K>) => Promise<Reply<ReplyValue<K>>>;

export type SaveResult = { saved: true } | { saved: false; message: string };

/** The message never reached the background, or its reply was lost. */
export function isTransportError(error: string): boolean {
  return /could not establish connection|receiving end does not exist|message (channel|port) (is )?closed|before a response was received|no reply from the background|extension context invalidated|back\/forward cache/i.test(
    error,
  );
}

/** What the card says for an error of the background's (storage full, a bad payload…). */
export function saveErrorSentence(error: string): string {
  if (/extension context invalidated/i.test(error)) {
    return 'Not saved: Dubao was updated or restarted after this page was opened. Reload the page to save words.';
  }
  if (isTransportError(error)) return 'Not saved: Dubao’s background did not answer. Press S to try again.';
  if (/^invalid study\.save/.test(error))
    return 'Not saved: Dubao could not take this word as it is on the page (its text is too long or malformed).';
  // The storage layer's errors are sentences already (utils/study/storage.ts StudyWriteError).
  if (/^The study list /.test(error)) return `Not saved. ${error}`;
  return 'Not saved: something went wrong in Dubao. Press S to try again.';
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function saveAndCheck(send: Send, req: StudySaveRequest, wait: (ms: number) => Promise<void> = pause): Promise<SaveResult> {
  const first = await send('study.save', req);
  if (first.ok) return { saved: true };
  if (!isTransportError(first.error) || /extension context invalidated/i.test(first.error)) {
    return { saved: false, message: saveErrorSentence(first.error) };
  }
  // The worker restarts on the next message: give it a moment, then save again (or confirm the first).
  await wait(200);
  const again = await send('study.save', req);
  if (again.ok) return { saved: true };
  if (!isTransportError(again.error)) return { saved: false, message: saveErrorSentence(again.error) };
  await wait(500);
  const has = await send('study.has', { words: [req.simplified] });
  if (has.ok && has.value.includes(req.simplified)) return { saved: true };
  return { saved: false, message: saveErrorSentence(again.error) };
}
