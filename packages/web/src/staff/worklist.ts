import type { WorklistItem } from '../apiTypes';

export interface WorklistFilter {
  unit: string;
  severity: '' | 'red' | 'yellow';
}

/** Same order as the server: red first, then oldest first (the longest-waiting alert is most urgent). */
export function compareItems(a: WorklistItem, b: WorklistItem): number {
  if (a.severity !== b.severity) return a.severity === 'red' ? -1 : 1;
  return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
}

/** Inserts a live item at its sorted place; ignores duplicates (an event can race the initial fetch). */
export function insertSorted(items: WorklistItem[], item: WorklistItem): WorklistItem[] {
  if (items.some((i) => i.alertId === item.alertId)) return items;
  const index = items.findIndex((i) => compareItems(item, i) < 0);
  return index === -1 ? [...items, item] : [...items.slice(0, index), item, ...items.slice(index)];
}

export const matchesFilter = (item: WorklistItem, filter: WorklistFilter): boolean =>
  (!filter.unit || item.unitId === filter.unit) && (!filter.severity || item.severity === filter.severity);
