import { findMeasurement, valueCodes } from './catalogue';
import { DEFAULT_ADVICE } from './thresholds';
import type {
  AdviceSet,
  AlertReason,
  Evaluation,
  Localized,
  NormalizedMeasurement,
  Thresholds,
} from './types';

/** The reason one value gives, if it is outside its limits. Limits are strict; red wins over yellow. */
export function checkValue(
  code: string,
  value: number,
  unit: string,
  t: Thresholds,
): AlertReason | undefined {
  const reason = (severity: 'yellow' | 'red', direction: 'high' | 'low', limit: number): AlertReason => ({
    code,
    value,
    unit,
    severity,
    direction,
    limit,
  });
  if (t.redHigh != null && value > t.redHigh) return reason('red', 'high', t.redHigh);
  if (t.redLow != null && value < t.redLow) return reason('red', 'low', t.redLow);
  if (t.yellowHigh != null && value > t.yellowHigh) return reason('yellow', 'high', t.yellowHigh);
  if (t.yellowLow != null && value < t.yellowLow) return reason('yellow', 'low', t.yellowLow);
  return undefined;
}

function adviceKey(r: AlertReason): keyof AdviceSet {
  return `${r.severity}${r.direction === 'high' ? 'High' : 'Low'}` as keyof AdviceSet;
}

export function evaluate(
  m: NormalizedMeasurement,
  thresholdsFor: (valueCode: string) => Thresholds,
  adviceFor?: (valueCode: string) => AdviceSet | undefined,
): Evaluation {
  const def = findMeasurement(m.code);
  const codes = def ? valueCodes(def) : [m.code];
  const reasons: AlertReason[] = [];
  codes.forEach((code, i) => {
    const value = m.values[i];
    if (value === undefined) return;
    const r = checkValue(code, value, m.unit, thresholdsFor(code) ?? {});
    if (r) reasons.push(r);
  });
  // Array.prototype.sort is stable, so equal severities keep catalogue order (systolic before diastolic).
  reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1));
  const worst = reasons[0];
  const code = worst?.code ?? codes[0]!;
  const key = worst ? adviceKey(worst) : 'normal';
  const advice: Localized | undefined = adviceFor?.(code)?.[key] ?? DEFAULT_ADVICE[code]?.[key];
  return { severity: worst?.severity ?? 'green', reasons, ...(advice ? { advice } : {}) };
}
