import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';

describe('simulate', { timeout: 60_000 }, () => {
  const small = { patients: 30, weeks: 6, seed: 11 };

  it('is deterministic for a seed', () => {
    expect(simulate(small)).toEqual(simulate(small));
  });

  it('changes with the seed', () => {
    expect(simulate({ ...small, seed: 12 })).not.toEqual(simulate(small));
  });

  it('accounts per 100 patient-weeks and staff minutes from the item counts', () => {
    const r = simulate(small);
    expect(r.patientWeeks).toBe(180);
    expect(Object.values(r.cohort.byProtocol).reduce((a, b) => a + b, 0)).toBe(30);
    const { red, yellow, informational, missed, runInReview } = r.staffMinutesByItem;
    expect(r.staffMinutesPer100PatientsPerWeek).toBeCloseTo(
      red + yellow + informational + missed + runInReview,
      1,
    );
    // Acknowledging open alerts weekly can only add items.
    expect(r.staffMinutesIfAcknowledgedWeekly).toBeGreaterThanOrEqual(r.staffMinutesPer100PatientsPerWeek);
    // The whole period is the start-up and the rest, weighted by their weeks.
    const startUpShare = r.startUpDays / (small.weeks * 7);
    expect(r.staffMinutesPer100PatientsPerWeek).toBeCloseTo(
      r.staffMinutesStartUp * startUpShare + r.staffMinutesAfterStartUp * (1 - startUpShare),
      1,
    );
    expect(runInReview).toBeCloseTo(
      (r.runIn!.reviewed * r.minutesPerItem.runInReview * 100) / r.patientWeeks,
      1,
    );
    expect(missed).toBeCloseTo(r.alertsPer100PatientWeeks.missedMeasurement * r.minutesPerItem.missed, 1);
    expect(r.falseAlertsPer100PatientWeeks).toBeLessThanOrEqual(r.alertsPer100PatientWeeks.total);
    for (const e of Object.values(r.episodes)) {
      expect(e.detected).toBeLessThanOrEqual(e.injected);
      if (e.injected > 0) expect(e.sensitivity).toBeCloseTo(e.detected / e.injected, 2);
    }
  });

  it('runs the protocol library without run-in, too: the same cohort, no reviews, no fewer items', () => {
    const library = simulate(small, 'library');
    const runIn = simulate(small);
    expect(library.ruleSet).toBe('library');
    expect(library.runIn).toBeNull();
    expect(library.staffMinutesByItem.runInReview).toBe(0);
    expect(library.heartFailureWeight.rules.length).toBeGreaterThan(0);
    expect(library.cohort).toEqual(runIn.cohort);
    // Up to the nurse's decision both run the same limits.
    expect(library.staffMinutesStartUp).toBeCloseTo(
      runIn.staffMinutesStartUp -
        (runIn.runIn!.reviewed * 2 * 100 * 7) / (small.patients * runIn.startUpDays),
      1,
    );
    expect(runIn.staffMinutesAfterStartUp).toBeLessThan(library.staffMinutesAfterStartUp);
  });

  it('the acceptance share: nobody accepting is the library after start-up, plus the reviews', () => {
    const none = simulate({ ...small, runInAcceptance: 0 });
    const library = simulate(small, 'library');
    expect(none.runIn!.accepted).toBe(0);
    expect(none.staffMinutesAfterStartUp).toBe(library.staffMinutesAfterStartUp);
    expect(none.runIn!.reviewed).toBeGreaterThan(0);
  });
});
