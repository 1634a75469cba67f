import { describe, expect, it } from 'vitest';
import { describeRuleReason } from './describe';
import { NEWS2_CODES, news2Rule as rule } from './news2Composite';
import { context, sthlm } from './testing';
import type { News2Config, News2Reason, RuleContext } from './types';

const config: News2Config = { id: 'news2', kind: 'news2' };
type Vitals = { respiratoryRate: number; spo2: number; systolic: number; pulse: number; temperature: number };
const normal: Vitals = { respiratoryRate: 16, spo2: 97, systolic: 125, pulse: 72, temperature: 36.8 };

function ctx(
  v: Partial<Vitals>,
  times: Partial<Record<keyof Vitals, string>> = {},
  extra: Partial<RuleContext> = {},
) {
  const all = { ...normal, ...v };
  const history = Object.fromEntries(
    (Object.keys(NEWS2_CODES) as (keyof Vitals)[]).map((k) => [
      NEWS2_CODES[k],
      [{ time: sthlm(times[k] ?? '2025-03-12 08:00'), value: all[k] }],
    ]),
  );
  return context({ now: sthlm('2025-03-12 09:00'), history, ...extra });
}

describe('news2Composite', () => {
  it.each<[string, Partial<Vitals>, number, 'yellow' | 'red' | null]>([
    ['normal set', {}, 0, null],
    // RR 21 (2) + SpO2 95 (1) + pulse 95 (1) = 4: low
    ['total 4: nothing', { respiratoryRate: 21, spo2: 95, pulse: 95 }, 4, null],
    // RR 21 (2) + SpO2 94 (1) + pulse 105 (1) + temp 38.5 (1) = 5: medium
    [
      'total 5: medium → yellow',
      { respiratoryRate: 21, spo2: 94, pulse: 105, temperature: 38.5 },
      5,
      'yellow',
    ],
    // RR 25 (3) + SpO2 93 (2) + pulse 115 (2) = 7: high
    ['total 7: high → red', { respiratoryRate: 25, spo2: 93, pulse: 115 }, 7, 'red'],
    ['a single red score (SpO2 91 → 3) → red', { spo2: 91 }, 3, 'red'],
  ])('%s', (_name, v, total, severity) => {
    const c = ctx(v);
    const findings = rule.evaluate(config, c);
    if (severity === null) {
      expect(findings).toEqual([]);
      expect(rule.clears!(config, c)).toBe(true);
    } else {
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ severity, dedupeKey: 'news2:news2', code: 'news2' });
      expect((findings[0]!.reason as News2Reason).total).toBe(total);
    }
  });

  it('an incomplete set or one spread over more than the window gives nothing', () => {
    const partial = ctx({ spo2: 85 });
    delete partial.history['8310-5'];
    expect(rule.evaluate(config, partial)).toEqual([]);
    expect(rule.evaluate(config, ctx({ spo2: 85 }, { temperature: '2025-03-12 06:30' }))).toEqual([]);
    expect(
      rule.evaluate(
        { ...config, windowMinutes: 120 },
        ctx({ spo2: 85 }, { temperature: '2025-03-12 06:30' }),
      ),
    ).toHaveLength(1);
  });

  it('consciousness defaults to A; a recorded V scores 3', () => {
    const c = ctx({}, {}, { consciousness: [{ time: sthlm('2025-03-12 08:10'), value: 'V' }] });
    const f = rule.evaluate(config, c)[0]!;
    expect(f.severity).toBe('red');
    expect(describeRuleReason(f.reason, 'sv')).toBe(
      'NEWS2 3 (låg–medelhög risk); 3 poäng för medvetandegrad',
    );
    expect(describeRuleReason(f.reason, 'en')).toBe('NEWS2 3 (low–medium risk); 3 points for consciousness');
  });

  it('SpO2 scale 2 for a COPD patient with a target of 88–92 %', () => {
    expect(rule.evaluate(config, ctx({ spo2: 89 }))[0]?.severity).toBe('red');
    expect(rule.evaluate({ ...config, spo2Scale: 2 }, ctx({ spo2: 89 }))).toEqual([]);
  });

  it('validate', () => {
    expect(rule.validate({ ...config, windowMinutes: 0 }).map((i) => i.message)).toEqual([
      'windowMinutes: 0 must be greater than 0',
    ]);
    expect(rule.validate({ ...config, spo2Scale: 3 as 1 }).map((i) => i.field)).toEqual(['spo2Scale']);
  });
});
