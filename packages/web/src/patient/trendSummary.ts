// The plain-language line above a patient's chart: on how many of the days they measured all values were
// within their personal target (the severity the server gave each value against their thresholds).
import type { Severity } from '@hemma/core';

export interface DaySummary {
  /** Days with at least one value. */
  measuredDays: number;
  /** Of those, days on which every value was green. */
  withinDays: number;
}

const dayKey = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );

/** Days are the patient's local days (Europe/Stockholm unless told). */
export function summarizeDays(
  observations: { effectiveAt: string; severity: Severity; status?: string }[],
  timeZone = 'Europe/Stockholm',
): DaySummary {
  const days = new Map<string, boolean>();
  for (const o of observations) {
    if (o.status === 'entered-in-error') continue;
    const key = dayKey(o.effectiveAt, timeZone);
    days.set(key, (days.get(key) ?? true) && o.severity === 'green');
  }
  return { measuredDays: days.size, withinDays: [...days.values()].filter(Boolean).length };
}
