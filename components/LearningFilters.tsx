import { LEVEL_GROUPS, levelGroupLabel, type LevelGroup } from '../entrypoints/popup/learning';

interface Props {
  /** Distinct words of each level group in the list; null while the levels are not read. */
  counts: Map<LevelGroup, number> | null;
  level: LevelGroup | null;
  hideKnown: boolean;
  /** False while the reader's word states are not read (nothing can be hidden as known). */
  statesRead: boolean;
  onLevel: (level: LevelGroup | null) => void;
  onHideKnown: (hide: boolean) => void;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The glossary's level filter ("HSK 3" of the reader's standard, or no HSK level) and "hide known". */
export function LevelSelect(p: Props) {
  return (
    <select
      class="g-level-filter"
      aria-label="Level"
      value={p.level === null ? 'all' : String(p.level)}
      disabled={!p.counts}
      onChange={(e) => {
        const v = (e.currentTarget as HTMLSelectElement).value;
        p.onLevel(v === 'all' ? null : v === 'none' ? 'none' : (Number(v) as LevelGroup));
      }}
    >
      <option value="all">All levels</option>
      {LEVEL_GROUPS.map((g) => (
        <option value={String(g)}>
          {levelGroupLabel(g)}
          {p.counts ? ` (${n(p.counts.get(g) ?? 0)})` : ''}
        </option>
      ))}
    </select>
  );
}

export function HideKnown(p: Props) {
  return (
    <label class="g-hide-known">
      <input
        type="checkbox"
        checked={p.hideKnown}
        disabled={!p.statesRead}
        onChange={(e) => p.onHideKnown((e.currentTarget as HTMLInputElement).checked)}
      />
      Hide known
    </label>
  );
}
