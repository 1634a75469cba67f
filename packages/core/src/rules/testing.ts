// Test helpers for the rule kinds (not exported from the package).

import { findMeasurement } from '../catalogue';
import { effectiveThresholds } from '../thresholds';
import { zonedTimeToMs } from './time';
import type { RuleContext, RuleMeasurement, TimedValue } from './types';

export const STOCKHOLM = 'Europe/Stockholm';

/** The instant of a Stockholm wall-clock time "YYYY-MM-DD HH:MM", as ISO UTC. */
export function sthlm(local: string): string {
  const [date, time = '00:00'] = local.split(' ');
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const [h, m] = time.split(':').map(Number);
  return new Date(zonedTimeToMs(day, h!, m!, STOCKHOLM)).toISOString();
}

/** A series from [local Stockholm time, value] pairs. */
export function series(points: [string, number][]): TimedValue[] {
  return points.map(([t, value]) => ({ time: sthlm(t), value }));
}

export function measurement(code: string, values: number[], effectiveAt: string): RuleMeasurement {
  const def = findMeasurement(code);
  return {
    code,
    values,
    unit: def?.unit ?? '',
    originalValues: values,
    originalUnits: values.map(() => def?.unit ?? ''),
    effectiveAt,
  };
}

export function context(over: Partial<RuleContext> & { now: string }): RuleContext {
  return {
    patientTimeZone: STOCKHOLM,
    history: {},
    thresholdsFor: (code) => effectiveThresholds(code),
    ...over,
  };
}
