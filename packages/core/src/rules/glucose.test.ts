import { describe, expect, it } from 'vitest';
import { describeRuleReason } from './describe';
import { glucoseRule as rule } from './glucose';
import { context, measurement, sthlm } from './testing';
import type { GlucoseConfig } from './types';

const G = '15074-8';
const config: GlucoseConfig = { id: 'glucose', kind: 'glucose' };
const now = sthlm('2025-03-12 12:00');
const judge = (value: number, c = config, thresholds = {}) =>
  rule.evaluate(
    c,
    context({
      now,
      measurements: [measurement(G, [value], sthlm('2025-03-12 11:55'))],
      thresholdsFor: () => ({ yellowHigh: 10, redHigh: 13.9, ...thresholds }),
    }),
  );

describe('glucose', () => {
  it.each<[number, string | null]>([
    [2.9, 'red:low'],
    [3.0, 'yellow:low'],
    [3.8, 'yellow:low'],
    [3.9, null],
    [10.0, null],
    [10.1, 'yellow:high'],
    [13.9, 'yellow:high'],
    [14.0, 'red:high'],
  ])('%d mmol/L', (value, expected) => {
    const f = judge(value);
    expect(f.map((x) => `${x.severity}:${(x.reason as { direction: string }).direction}`)).toEqual(
      expected ? [expected] : [],
    );
  });

  it('personal low thresholds do not loosen the consensus lows; plan highs apply', () => {
    expect(judge(3.5, config, { yellowLow: 3.0, redLow: 2.5 })[0]?.severity).toBe('yellow');
    expect(judge(12, config, { yellowHigh: 12.5, redHigh: 16 })).toEqual([]);
  });

  it('a CGM batch: every reading judged, one finding per direction after runRules-style dedupe keys', () => {
    const f = rule.evaluate(
      config,
      context({
        now,
        measurements: [2.8, 3.5, 6, 3.2].map((v, i) =>
          measurement(G, [v], sthlm(`2025-03-12 11:${10 + i * 5}`)),
        ),
      }),
    );
    expect(f.map((x) => x.dedupeKey)).toEqual(Array(3).fill('glucose:15074-8:low'));
    expect(describeRuleReason(f[0]!.reason, 'sv')).toBe('Blodsocker 2,8 mmol/L, under 3,0');
  });

  it('clears on a value back in range; validate', () => {
    const c = context({ now, history: { [G]: [{ time: sthlm('2025-03-12 11:00'), value: 5.5 }] } });
    expect(rule.clears!(config, c)).toBe(true);
    expect(rule.validate({ ...config, redLow: 4 }).map((i) => i.message)).toEqual([
      'redLow: 4 must be at most yellowLow (3.9)',
    ]);
    expect(rule.validate({ ...config, code: '29463-7' }).map((i) => i.message)).toEqual([
      'code: 29463-7 is not blood glucose (15074-8)',
    ]);
  });
});
