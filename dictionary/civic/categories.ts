/**
 * Civic lexicon categories: English labels and the order in which the card, the glossary and the study
 * list show them. The ids themselves are declared in dictionary/types.ts (CivicCategory).
 */
import type { CivicCategory } from '../types';

export interface CivicCategoryInfo {
  id: CivicCategory;
  /** Short label for the civic badge on the card. */
  label: string;
  /** Longer description, e.g. for a tooltip or the glossary heading. */
  description: string;
}

/** Display order: the categories a news reader meets most often come first. */
export const CIVIC_CATEGORIES: readonly CivicCategoryInfo[] = [
  { id: 'party', label: 'Party', description: 'Party organisation and discipline' },
  { id: 'state', label: 'State', description: 'State organs and governance' },
  { id: 'personnel', label: 'Personnel', description: 'Personnel, ranks and awards' },
  { id: 'formulations', label: 'Formulation', description: 'Formulations and slogans' },
  { id: 'economy', label: 'Economy', description: 'Economy and development policy' },
  { id: 'social', label: 'Social', description: 'Civic and social life' },
  { id: 'law', label: 'Law', description: 'Law, security and dispute resolution' },
  { id: 'divisions', label: 'Divisions', description: 'Administrative divisions' },
  { id: 'military', label: 'Military', description: 'The armed forces' },
  { id: 'diplomacy', label: 'Diplomacy', description: 'Foreign affairs and international relations' },
  { id: 'hktw', label: 'HK · Macao · Taiwan', description: 'Hong Kong, Macao and Taiwan civic vocabulary' },
  { id: 'people', label: 'Person', description: 'Office holders in the news, with their role as of a date' },
];

/** The category ids in display order. */
export const CIVIC_CATEGORY_IDS: readonly CivicCategory[] = CIVIC_CATEGORIES.map((c) => c.id);

const byId = new Map<string, CivicCategoryInfo>(CIVIC_CATEGORIES.map((c) => [c.id, c]));

export function isCivicCategory(id: string): id is CivicCategory {
  return byId.has(id);
}

export function civicCategoryLabel(id: CivicCategory): string {
  return byId.get(id)?.label ?? id;
}

export function civicCategoryDescription(id: CivicCategory): string {
  return byId.get(id)?.description ?? id;
}

/** Position in the display order (0 first); for sorting glossary items by category. */
export function civicCategoryRank(id: CivicCategory): number {
  const i = CIVIC_CATEGORY_IDS.indexOf(id);
  return i < 0 ? CIVIC_CATEGORY_IDS.length : i;
}
