/**
 * A learning store (word states, review schedule) whose stored value Dubao cannot read: the sentence that
 * says why, what it means meanwhile, and the reader's two ways out. "Export it" saves the value exactly as
 * stored; "Set it aside" copies it, untouched, to another key of storage.local and lets the store start
 * empty (utils/learning/versioned-store.ts setAside). Nothing is ever thrown away here.
 */
import { useState } from 'preact/hooks';
import type { UnreadableError, VersionedStore } from '../../utils/learning/versioned-store';

/** The part of a store this needs (any VersionedStore). */
type Store = Pick<VersionedStore<unknown>, 'setAside'> & { spec: { key: string } };

interface Props {
  store: Store;
  error: UnreadableError;
  raw: unknown;
  /** What it means for the reader until it is settled. */
  meanwhile: string;
  /** A word for the export's file name: "word-states", "review-schedule". */
  fileWord: string;
  /** What happens after setting it aside: "your word states start afresh." */
  afresh: string;
  download: (name: string, text: string, type: string) => void;
  onDone: (text: string, error?: boolean) => void;
}

export function StoreProblem({ store, error, raw, meanwhile, fileWord, afresh, download, onDone }: Props) {
  const [confirm, setConfirm] = useState(false);
  const key = store.spec.key.replace(/^local:/, '');
  const exportIt = () => {
    const day = new Date().toISOString().slice(0, 10);
    const body = { format: 'dubao-unreadable', key, exported: new Date().toISOString(), problem: error.problem, value: raw };
    download(`dubao-unreadable-${fileWord}-${day}.json`, `${JSON.stringify(body, null, 1)}\n`, 'application/json');
  };
  const setAside = async () => {
    setConfirm(false);
    try {
      const aside = await store.setAside();
      onDone(
        aside
          ? `Kept aside, as it was, under “${aside.replace(/^local:/, '')}” in Dubao’s storage; ${afresh}`
          : 'It can be read again now; nothing was set aside.',
      );
    } catch (e) {
      onDone(`Nothing was set aside: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  };
  return (
    <div class="s-notice s-store-problem" role="alert" data-store={key}>
      <p>
        {error.message} {meanwhile}
      </p>
      <button type="button" onClick={exportIt}>
        Export it
      </button>
      {confirm ? (
        <>
          <button type="button" class="danger" onClick={() => void setAside()}>
            Set it aside and start afresh
          </button>
          <button type="button" onClick={() => setConfirm(false)}>
            Keep it as it is
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirm(true)}>
          Set it aside…
        </button>
      )}
    </div>
  );
}
