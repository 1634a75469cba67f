import { describe, expect, it } from 'vitest';
import { baselineDeviationRule as rule, withoutOutliers } from './baselineDeviation';
import { changeOverWindowRule } from './changeOverWindow';
import { describeRuleReason } from './describe';
import { context, series, sthlm } from './testing';
import type { BaselineDeviationConfig, BaselineReason } from './types';

const WEIGHT = '29463-7';
const config: BaselineDeviationConfig = { id: 'hf-baseline', kind: 'baselineDeviation', code: WEIGHT };

/** Morning weights from 1 April 2025, one a day. */
function mornings(values: number[]): [string, number][] {
  return values.map((v, i) => {
    const d = new Date(Date.UTC(2025, 3, 1 + i)).toISOString().slice(0, 10);
    return [`${d} 07:30`, v];
  });
}
const dayOf = (i: number) => new Date(Date.UTC(2025, 3, 1 + i)).toISOString().slice(0, 10);
const at = (values: number[], c = config) =>
  rule.evaluate(
    c,
    context({
      now: sthlm(`${dayOf(values.length - 1)} 09:00`),
      history: { [WEIGHT]: series(mornings(values)) },
    }),
  );
const noise = (i: number, amp: number) => Math.round(Math.sin(i * 2.3) * amp * 10) / 10;

describe('baselineDeviation: individualised moving average with an SD band', () => {
  it('a stable patient with ±0.6 kg noise gets no finding on any of 60 days', () => {
    const values = Array.from({ length: 60 }, (_, i) => 80 + noise(i, 0.6));
    for (let n = 1; n <= values.length; n++) expect(at(values.slice(0, n))).toEqual([]);
  });

  it('a very stable patient (SD ≈ 0.05 kg) is not alarmed by +0.3 kg: the SD floor', () => {
    const values = [...Array.from({ length: 16 }, (_, i) => 70 + (i % 2) * 0.1), 70.3, 70.4];
    expect(at(values)).toEqual([]);
  });

  it('gradual gain of 0.3 kg/day is found days before "2 kg in 3 days" fires', () => {
    const stable = Array.from({ length: 16 }, (_, i) => 82 + noise(i, 0.3));
    const gain = Array.from({ length: 10 }, (_, i) => 82 + 0.3 * (i + 1));
    const values = [...stable, ...gain];
    const firstBaseline = values.findIndex((_, n) => at(values.slice(0, n + 1)).length > 0);
    const rot = { id: 'rot', kind: 'changeOverWindow' as const, code: WEIGHT, delta: 2, windowDays: 3 };
    const firstRot = values.findIndex(
      (_, n) =>
        changeOverWindowRule.evaluate(
          rot,
          context({
            now: sthlm(`${dayOf(n)} 09:00`),
            history: { [WEIGHT]: series(mornings(values.slice(0, n + 1))) },
          }),
        ).length > 0,
    );
    expect(firstBaseline).toBeGreaterThan(15);
    expect(firstRot === -1 || firstBaseline < firstRot).toBe(true);
    const f = at(values.slice(0, firstBaseline + 1))[0]!;
    const reason = f.reason as BaselineReason;
    expect(reason.direction).toBe('high');
    expect(f.dedupeKey).toBe('hf-baseline:29463-7:high');
    expect(describeRuleReason(reason, 'sv')).toMatch(
      /^Vikt \d+,\d kg, \d+,\d kg över personligt medelvärde \d+,\d kg \(\d+ dagar\)$/,
    );
    expect(describeRuleReason(reason, 'en')).toMatch(
      /^Body weight [\d.]+ kg, [\d.]+ kg above personal average [\d.]+ kg/,
    );
  });

  it('one odd day (a coat on the scale) does not fire; the second day beyond the band does', () => {
    const stable = Array.from({ length: 16 }, (_, i) => 80 + noise(i, 0.3));
    expect(at([...stable, 82.5])).toEqual([]);
    expect(at([...stable, 82.5, 80.1])).toEqual([]);
    expect(at([...stable, 82.5, 82.6])).toHaveLength(1);
    expect(at([...stable, 82.5], { ...config, confirmDays: 1 })).toHaveLength(1);
  });

  it('too few baseline days → no judgement; fall direction for peak flow', () => {
    expect(at([80, 80, 80, 85, 85])).toEqual([]);
    const pef: BaselineDeviationConfig = {
      id: 'pef',
      kind: 'baselineDeviation',
      code: '19935-6',
      direction: 'fall',
    };
    const values = [...Array.from({ length: 16 }, (_, i) => 400 + noise(i, 15)), 300, 290];
    const ctx = context({
      now: sthlm(`${dayOf(17)} 09:00`),
      history: { '19935-6': series(mornings(values)) },
    });
    expect(rule.evaluate(pef, ctx)[0]?.reason).toMatchObject({ direction: 'low' });
    expect(rule.evaluate({ ...pef, direction: 'rise' }, ctx)).toEqual([]);
  });

  it('clears when the current value is back inside the band', () => {
    const stable = Array.from({ length: 16 }, (_, i) => 80 + noise(i, 0.3));
    const values = [...stable, 82.5, 82.6, 80.2];
    const ctx = context({
      now: sthlm(`${dayOf(18)} 09:00`),
      history: { [WEIGHT]: series(mornings(values)) },
    });
    expect(rule.clears!(config, ctx)).toBe(true);
  });

  it.each<[string, number[], number, number[]]>([
    ['a mistyped weight (8.24 for 82.4) leaves', [82, 82.4, 8.24, 81.8, 82.2], 0.5, [82, 82.4, 81.8, 82.2]],
    [
      'swapped digits (28.4 for 82.4) leave',
      [82, 82.4, 28.4, 81.8, 82.2, 82.1],
      0.5,
      [82, 82.4, 81.8, 82.2, 82.1],
    ],
    [
      'a real 2 kg step (new diuretic dose) stays',
      [82, 82.1, 81.9, 80, 80.1, 79.9],
      0.5,
      [82, 82.1, 81.9, 80, 80.1, 79.9],
    ],
    // median 82, MAD 0.1 → robust SD 0.15, floored at 0.5: fence 1.75 kg.
    ['within the fence (1.7 kg off) stays', [82, 82.1, 81.9, 83.7, 82], 0.5, [82, 82.1, 81.9, 83.7, 82]],
    ['beyond the fence (1.8 kg off) leaves', [82, 82.1, 81.9, 83.8, 82], 0.5, [82, 82.1, 81.9, 82]],
    ['with no SD floor and no spread, only the usual value stays', [70, 70, 70, 71], 0, [70, 70, 70]],
    ['fewer than 3 values: nothing to judge against', [82, 8.2], 0.5, [82, 8.2]],
  ])('outlier fence: %s', (_, values, minSd, kept) => {
    expect(withoutOutliers(values, minSd)).toEqual(kept);
  });

  it('a mistyped weight in the baseline does not blind the rule to real gain (it did with mean/SD)', () => {
    const stable = Array.from({ length: 16 }, (_, i) => 82 + noise(i, 0.3));
    const gain = Array.from({ length: 10 }, (_, i) => 82 + 0.3 * (i + 1));
    const clean = [...stable, ...gain];
    const typo = [...clean];
    typo[8] = 8.2; // "8.2" for 82.0, accepted by intake (possible range of a weight)
    const first = (values: number[]) => values.findIndex((_, n) => at(values.slice(0, n + 1)).length > 0);
    expect(first(clean)).toBeGreaterThan(15);
    expect(first(typo)).toBe(first(clean));
    const reason = at(typo.slice(0, first(typo) + 1))[0]!.reason as BaselineReason;
    expect(reason.mean).toBeGreaterThan(81.5);
    expect(reason.baselineDays).toBe(13); // 14 days in the window, the typo left out
  });

  it.each<[Partial<BaselineDeviationConfig>, string]>([
    [{ k: 0 }, 'k: 0 must be greater than 0'],
    [{ baselineDays: 5, minBaselineDays: 7 }, 'minBaselineDays: 7 must be at most baselineDays (5)'],
    [
      { confirmDays: 4 },
      'confirmDays: 4 must be at most excludeDays + 1 (3), so confirming days are not part of the baseline',
    ],
    [{ code: '85354-9' }, 'code: 85354-9 is a panel; use a component code (8480-6 or 8462-4)'],
    [{ direction: 'up' as 'rise' }, 'direction: up is not one of rise, fall, either'],
  ])('validate %o', (over, message) => {
    expect(rule.validate({ ...config, ...over }).map((i) => i.message)).toContain(message);
  });
});
