// The simulation's calendar: day 0 is a Monday, patients live in Stockholm (so the run crosses the spring DST
// change, which the rules must handle). Local wall-clock times become instants with one offset lookup per day.

import { DAY_MS, zonedTimeToMs } from '../rules/time';

export const SIM_TIME_ZONE = 'Europe/Stockholm';
/** Monday 5 January 2026. */
export const SIM_START_DAY = Math.floor(Date.UTC(2026, 0, 5) / DAY_MS);

const offsets = new Map<number, number>();

/** Instant (ms) of local minute-of-day `minutes` on simulation day `day`. */
export function localMs(day: number, minutes: number): number {
  const dayNumber = SIM_START_DAY + day;
  let delta = offsets.get(dayNumber);
  if (delta === undefined) {
    delta = zonedTimeToMs(dayNumber, 12, 0, SIM_TIME_ZONE) - (dayNumber * DAY_MS + 12 * 3_600_000);
    offsets.set(dayNumber, delta);
  }
  return dayNumber * DAY_MS + Math.round(minutes * 60_000) + delta;
}

/** ISO weekday 1 (Monday)–7 (Sunday) of a simulation day. */
export function weekday(day: number): number {
  return (day % 7) + 1;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
