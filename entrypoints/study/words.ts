/**
 * What the study page tells the reader: the message line's shape (a sentence, whether it reports an
 * error, and an Undo when there is one), and the sentence for a change that failed.
 */
import { StudyWriteError } from '../../utils/study/storage';

export type Message = { text: string; error?: boolean; undo?: () => Promise<void> } | null;

/** What the reader is told when a change fails: always a sentence. */
export function sentenceOf(e: unknown): string {
  if (e instanceof StudyWriteError) return e.message;
  const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120);
  return `The study list could not be changed${detail ? ` (“${detail}”)` : ''}. Nothing saved before was lost.`;
}
