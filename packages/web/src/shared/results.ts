import type { Severity } from '@hemma/core';
import type { MeasurementResult } from '../apiTypes';

const RANK: Record<Severity, number> = { green: 0, yellow: 1, red: 2 };

/** The most serious assessment among the values saved together (BP + pulse are one submission). */
export function worstSeverity(results: MeasurementResult[]): Severity {
  return results.reduce<Severity>(
    (acc, r) => (RANK[r.evaluation.severity] > RANK[acc] ? r.evaluation.severity : acc),
    'green',
  );
}
