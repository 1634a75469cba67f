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
    const { red, yellow, informational, missed } = r.staffMinutesByItem;
    expect(r.staffMinutesPer100PatientsPerWeek).toBeCloseTo(red + yellow + informational + missed, 1);
    expect(missed).toBeCloseTo(r.alertsPer100PatientWeeks.missedMeasurement * r.minutesPerItem.missed, 1);
    expect(r.falseAlertsPer100PatientWeeks).toBeLessThanOrEqual(r.alertsPer100PatientWeeks.total);
    for (const e of Object.values(r.episodes)) {
      expect(e.detected).toBeLessThanOrEqual(e.injected);
      if (e.injected > 0) expect(e.sensitivity).toBeCloseTo(e.detected / e.injected, 2);
    }
  });

  it('runs the protocol library rule set as shipped, too', () => {
    const r = simulate({ patients: 20, weeks: 4, seed: 11 }, 'library');
    expect(r.ruleSet).toBe('library');
    expect(r.heartFailureWeight.rules.length).toBeGreaterThan(0);
  });
});
