import { describe, expect, it } from 'vitest';
import { RUN_IN } from '../run-in';
import { iso, localMs, weekday } from './clock';
import { planFor } from './config';
import { CODES } from './data';
import type { Submission } from './model';
import { runInDecisionDay, runInReadings, simulateRunIn } from './runIn';

/** A heart-failure patient's morning BP: systolic around `usual` (±3), diastolic 70, on days [from, to). */
function bpDays(usual: number, from: number, to: number): Submission[] {
  return Array.from({ length: to - from }, (_, i) => {
    const day = from + i;
    const ms = localMs(day, 7 * 60);
    return {
      ms,
      day,
      responses: [],
      measurements: [
        {
          code: CODES.bp,
          values: [usual + ((i % 3) - 1) * 3, 70],
          unit: 'mm[Hg]',
          originalValues: [usual, 70],
          originalUnits: ['mm[Hg]', 'mm[Hg]'],
          effectiveAt: iso(ms),
        },
      ],
    };
  });
}

describe('the run-in in the simulation', () => {
  it('the nurse decides on the first weekday after day 14 (day 0 is a Monday)', () => {
    expect(runInDecisionDay()).toBe(14);
    expect(weekday(14)).toBe(1);
    expect(runInDecisionDay(18)).toBe(21); // run-in ending on a Friday: decided on Monday
  });

  it('uses only what was stored in the first 14 days', () => {
    const readings = runInReadings(bpDays(150, 0, 20));
    expect(readings.get(CODES.systolic)).toHaveLength(RUN_IN.days);
    expect(readings.get(CODES.diastolic)).toHaveLength(RUN_IN.days);
  });

  it('widens yellow for a patient whose usual value sits near the limit, when the nurse accepts', () => {
    const plan = planFor('heartFailure');
    const r = simulateRunIn(plan, bpDays(155, 0, 20), 1, 0.3);
    expect(r.reviewed).toBe(true);
    expect(r.accepted).toBe(true);
    expect(r.decisionMs).toBe(localMs(14, 10 * 60));
    expect(r.limits[CODES.systolic]!.yellowHigh).toBeGreaterThan(
      plan.thresholds[CODES.systolic]!.yellowHigh!,
    );
    expect(r.limits[CODES.systolic]!.redHigh).toBe(plan.thresholds[CODES.systolic]!.redHigh);
  });

  it('never proposes limits for BP in pregnancy (runIn: false), however near the limit the usual value', () => {
    const plan = planFor('pregnancyHypertension');
    expect(plan.runInCodes).toEqual([]);
    const r = simulateRunIn(plan, bpDays(136, 0, 20), 1, 0);
    expect(r).toMatchObject({ proposals: [], reviewed: false, accepted: false, limits: {} });
    expect(planFor('hypertension').runInCodes).toEqual([CODES.diastolic, CODES.systolic]);
  });

  it('keeps the library limits when the nurse does not accept, or the run-in has too few readings', () => {
    const plan = planFor('heartFailure');
    const rejected = simulateRunIn(plan, bpDays(155, 0, 20), 0.5, 0.7);
    expect(rejected).toMatchObject({ reviewed: true, accepted: false, limits: {} });
    const few = simulateRunIn(plan, bpDays(155, 0, 4), 1, 0);
    expect(few).toMatchObject({ reviewed: false, accepted: false, limits: {} });
    expect(few.proposals.every((p) => p.status === 'insufficient')).toBe(true);
  });
});
