import { describe, expect, it } from 'vitest';
import { proposePersonalLimits, RUN_IN } from './run-in';
import { DEFAULT_THRESHOLDS } from './thresholds';

const SYSTOLIC = '8480-6';
const SPO2 = '59408-5';
const GLUCOSE = '15074-8';

/** One reading a day at 08:00 Swedish time from 1 March 2026, or several a day when `perDay` > 1. */
function daily(values: number[], perDay = 1) {
  return values.map((value, i) => {
    const day = 1 + Math.floor(i / perDay);
    const hour = 7 + (i % perDay);
    return {
      time: `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+01:00`,
      value,
    };
  });
}

describe('proposePersonalLimits', () => {
  // Expected figures worked by hand: median, MAD (median of absolute deviations), 1.4826 × MAD floored at the
  // code's minimum spread, limits at median ± 2.5 spreads, rounded outwards, never inside the plan's limits.
  it.each([
    {
      name: 'stable treated hypertensive near the yellow limit: spread at the 4 mmHg floor',
      values: [140, 142, 138, 145, 139, 141, 143],
      usual: 141,
      spread: 4,
      yellowHigh: 151, // 141 + 2.5 × 4
      yellowLow: 100, // 141 − 10 = 131 is inside the plan's 100: never narrowed
    },
    {
      name: 'variable readings: spread from the MAD',
      values: [130, 150, 140, 160, 120, 145, 135, 155],
      usual: 142.5, // (140 + 145) / 2
      spread: 14.8, // MAD 10 (deviations 2.5 2.5 7.5 7.5 12.5 12.5 17.5 22.5 → (7.5+12.5)/2) × 1.4826
      yellowHigh: 180, // 142.5 + 37.07 = 179.6 → 180, and the red limit is 180
      yellowLow: 100, // 142.5 − 37.07 = 105.4: inside 100, not narrowed
    },
    {
      name: 'a mistyped reading (14 for 140) moves neither usual nor spread',
      values: [140, 142, 138, 145, 139, 141, 143, 14],
      usual: 140.5,
      spread: 4, // MAD 2 × 1.4826 = 3.0, floored at 4
      yellowHigh: 151, // 140.5 + 10 = 150.5 → 151
      yellowLow: 100,
    },
  ])('$name', ({ values, usual, spread, yellowHigh, yellowLow }) => {
    const p = proposePersonalLimits(SYSTOLIC, DEFAULT_THRESHOLDS[SYSTOLIC]!, daily(values));
    expect(p.status).toBe('proposed');
    if (p.status !== 'proposed') return;
    expect(p.usual).toBe(usual);
    expect(p.spread).toBe(spread);
    expect(p.proposed).toEqual({ redLow: 90, yellowLow, yellowHigh, redHigh: 180 });
    expect(p.current).toEqual(DEFAULT_THRESHOLDS[SYSTOLIC]);
    expect(p.usualBeyondRed).toBe(false);
  });

  it('keeps the limits when the patient already fits them', () => {
    const p = proposePersonalLimits(
      SYSTOLIC,
      DEFAULT_THRESHOLDS[SYSTOLIC]!,
      daily([118, 122, 120, 119, 121, 120, 123]),
    );
    expect(p.status).toBe('unchanged');
    if (p.status === 'unchanged') expect(p.proposed).toEqual(DEFAULT_THRESHOLDS[SYSTOLIC]);
  });

  it('never moves a red limit, and flags a usual value beyond it for review', () => {
    const p = proposePersonalLimits(
      SYSTOLIC,
      DEFAULT_THRESHOLDS[SYSTOLIC]!,
      daily([185, 188, 183, 190, 186, 184, 187]),
    );
    expect(p.status).toBe('proposed');
    if (p.status !== 'proposed') return;
    expect(p.proposed.redHigh).toBe(180);
    expect(p.proposed.yellowHigh).toBe(180);
    expect(p.usualBeyondRed).toBe(true);
  });

  it('widens SpO2 downwards for a patient who lives at 93 %, stopping at the red limit', () => {
    const p = proposePersonalLimits(SPO2, DEFAULT_THRESHOLDS[SPO2]!, daily([93, 93, 94, 92, 93, 93, 94]));
    expect(p.status).toBe('proposed');
    if (p.status !== 'proposed') return;
    expect(p.usual).toBe(93);
    expect(p.spread).toBe(1); // MAD 0 (four of seven readings are 93): the 1 % floor
    expect(p.proposed).toEqual({ redLow: 92, yellowLow: 92 }); // 93 − 2.5 = 90.5 → 90, stops at red 92
  });

  it('counts local days: several readings a day do not make a run-in', () => {
    const tooFewDays = proposePersonalLimits(
      SYSTOLIC,
      DEFAULT_THRESHOLDS[SYSTOLIC]!,
      daily([140, 141, 142, 143, 144, 145, 146, 147], 2),
    );
    expect(tooFewDays).toEqual({ code: SYSTOLIC, status: 'insufficient', readingsUsed: 8, daysUsed: 4 });
    const tooFewReadings = proposePersonalLimits(
      SYSTOLIC,
      DEFAULT_THRESHOLDS[SYSTOLIC]!,
      daily([140, 141, 142, 143, 144, 145]),
    );
    expect(tooFewReadings).toMatchObject({
      status: 'insufficient',
      readingsUsed: RUN_IN.minReadings - 1,
      daysUsed: 6,
    });
  });

  it('ignores readings without a finite value or a parsable time', () => {
    const readings = [
      ...daily([140, 141, 142, 143, 144, 145]),
      { time: 'yesterday', value: 140 },
      { time: '2026-03-09T08:00:00Z', value: Number.NaN },
    ];
    expect(proposePersonalLimits(SYSTOLIC, DEFAULT_THRESHOLDS[SYSTOLIC]!, readings).status).toBe(
      'insufficient',
    );
  });

  it('never personalises glucose (hypoglycaemia limits) or codes without yellow limits', () => {
    const glucose = proposePersonalLimits(
      GLUCOSE,
      DEFAULT_THRESHOLDS[GLUCOSE]!,
      daily([4.1, 4.0, 4.2, 4.1, 4.0, 4.3, 4.1]),
    );
    expect(glucose.status).toBe('not-applicable');
  });
});
