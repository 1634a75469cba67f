import { type AlertReason, effectiveThresholds, evaluate, type Severity } from '@hemma/core';

/** Which values the bench makes: one measurement kind per patient, drawn by patient number. */
interface Kind {
  loinc: string;
  unit: string;
  condition: string;
  /** Value ranges per wanted severity; panels give one range per component (BP: systolic, diastolic). */
  ranges: Record<Severity, [number, number][]>;
  decimals: number;
}

// The value ranges only steer what is drawn; the severity stored is always what @hemma/core's
// evaluate() says for the default thresholds (weight has none, so its "red" values stay green).
const BP: Kind = {
  loinc: '85354-9',
  unit: 'mm[Hg]',
  condition: 'hypertension',
  ranges: {
    green: [
      [110, 135],
      [65, 85],
    ],
    yellow: [
      [140, 175],
      [65, 85],
    ],
    red: [
      [185, 210],
      [65, 85],
    ],
  },
  decimals: 0,
};
const WEIGHT: Kind = {
  loinc: '29463-7',
  unit: 'kg',
  condition: 'heart-failure',
  ranges: { green: [[55, 110]], yellow: [[55, 110]], red: [[55, 110]] },
  decimals: 1,
};
const GLUCOSE: Kind = {
  loinc: '15074-8',
  unit: 'mmol/L',
  condition: 'diabetes',
  ranges: { green: [[4.5, 9.5]], yellow: [[10.5, 13.5]], red: [[15, 22]] },
  decimals: 1,
};
const SPO2: Kind = {
  loinc: '59408-5',
  unit: '%',
  condition: 'copd',
  ranges: { green: [[96, 99]], yellow: [[93, 95]], red: [[85, 91]] },
  decimals: 0,
};

/** Half the patients measure blood pressure (a panel), the rest one single value each. */
export function kindOfPatient(n: number): Kind {
  const slot = n % 20;
  return slot < 10 ? BP : slot < 14 ? WEIGHT : slot < 17 ? GLUCOSE : SPO2;
}
export const BP_LOINC = BP.loinc;

export interface Sample {
  code: string;
  unit: string;
  values: number[];
  severity: Severity;
  reasons: AlertReason[];
}

/** Draws a value of the patient's kind in the wanted band and evaluates it as the server would. */
export function sample(kind: Kind, wanted: Severity, rng: () => number): Sample {
  const f = 10 ** kind.decimals;
  const values = kind.ranges[wanted].map(([lo, hi]) => Math.round((lo + (hi - lo) * rng()) * f) / f);
  const evaluation = evaluate(
    {
      code: kind.loinc,
      values,
      unit: kind.unit,
      originalValues: values,
      originalUnits: values.map(() => kind.unit),
    },
    (code) => effectiveThresholds(code, null),
  );
  return {
    code: kind.loinc,
    unit: kind.unit,
    values,
    severity: evaluation.severity,
    reasons: evaluation.reasons,
  };
}

/** Wanted severity for a uniform draw: `red` of them red, `yellow` yellow, the rest green. */
export function band(r: number, shares: { red: number; yellow: number }): Severity {
  return r < shares.red ? 'red' : r < shares.red + shares.yellow ? 'yellow' : 'green';
}
