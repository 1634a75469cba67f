import {
  adherenceByDay,
  type GlucoseMetrics,
  glucoseMetrics,
  type HomeBpSummary,
  homeBloodPressureSummary,
  type WeightChange,
  weightChange,
} from '@hemma/core';
import type { RecordValue } from '../validation/repository';

// Summary metrics of a period for the patient overview and the record export, computed by the core
// functions from the values as they stand in the record (corrections applied, errors left out).

export const BP = '85354-9';
export const WEIGHT = '29463-7';
export const GLUCOSE = '15074-8';

export interface PeriodSummary {
  homeBp: HomeBpSummary | null;
  glucose: GlucoseMetrics | null;
  weightChange7d: WeightChange | null;
  /** Days in the period with at least one value, percent. */
  adherencePercent: number;
  days: number;
}

export function periodSummary(values: RecordValue[], from: Date, to: Date): PeriodSummary {
  const of = (code: string) => values.filter((v) => v.code === code);
  const bp = of(BP);
  const glucose = of(GLUCOSE);
  const weight = of(WEIGHT);
  const last = new Date(to.getTime() - 1).toISOString();
  const adherence = adherenceByDay(
    values.map((v) => ({ time: v.effectiveAt })),
    { from: from.toISOString(), to: last },
  );
  return {
    homeBp:
      bp.length > 0
        ? homeBloodPressureSummary(
            bp.map((v) => ({ time: v.effectiveAt, systolic: v.values[0]!, diastolic: v.values[1]! })),
          )
        : null,
    glucose:
      glucose.length > 0
        ? glucoseMetrics(
            glucose.map((v) => ({ time: v.effectiveAt, value: v.values[0]! })),
            // Home meters: a handful of readings a day, not a CGM; the active % is then not meaningful.
            { expectedIntervalMinutes: 15 },
          )
        : null,
    weightChange7d:
      weight.length > 0
        ? weightChange(
            weight.map((v) => ({ time: v.effectiveAt, value: v.values[0]! })),
            { days: 7, now: last },
          )
        : null,
    adherencePercent: Math.round(adherence.percent),
    days: adherence.days,
  };
}
