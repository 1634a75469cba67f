import { describe, expect, it } from 'vitest';
import { changeOverWindowRule as rule } from './changeOverWindow';
import { describeRuleReason } from './describe';
import { context, measurement, series, sthlm } from './testing';
import type { ChangeOverWindowConfig, ChangeReason } from './types';

const WEIGHT = '29463-7';
const config: ChangeOverWindowConfig = {
  id: 'hf-weight',
  kind: 'changeOverWindow',
  code: WEIGHT,
  delta: 2,
  windowDays: 3,
  severity: 'yellow',
};

const run = (points: [string, number][], now: string, c = config) =>
  rule.evaluate(c, context({ now: sthlm(now), history: { [WEIGHT]: series(points) } }));

describe('changeOverWindow: weight +2 kg in 3 days', () => {
  it('DOMAIN scenario 1: a 78-year-old texts her morning weight; +2.4 kg in three days → finding with reason', () => {
    const history = series([
      ['2025-03-10 07:40', 71.2],
      ['2025-03-11 07:35', 71.9],
      ['2025-03-12 07:50', 72.8],
    ]);
    const sms = measurement(WEIGHT, [73.6], sthlm('2025-03-13 07:45'));
    const findings = rule.evaluate(
      config,
      context({ now: sthlm('2025-03-13 07:46'), history: { [WEIGHT]: history }, measurements: [sms] }),
    );
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      ruleId: 'hf-weight',
      kind: 'changeOverWindow',
      code: WEIGHT,
      severity: 'yellow',
    });
    expect(f.dedupeKey).toBe('hf-weight:29463-7:rise');
    const reason = f.reason as ChangeReason;
    expect(reason).toMatchObject({
      type: 'change',
      delta: 2.4,
      limit: 2,
      windowDays: 3,
      days: 3,
      unit: 'kg',
    });
    expect(reason.from.value).toBe(71.2);
    expect(reason.to.value).toBe(73.6);
    expect(describeRuleReason(reason, 'sv')).toBe('Vikt +2,4 kg på 3 dagar');
    expect(describeRuleReason(reason, 'en')).toBe('Body weight +2.4 kg in 3 days');
  });

  it.each<[string, [string, number][], string, number | null]>([
    [
      'exactly 2.0 kg is on the limit (strict, after rounding)',
      [
        ['2025-03-10 07:00', 80.4],
        ['2025-03-13 07:00', 82.4],
      ],
      '2025-03-13 08:00',
      null,
    ],
    [
      '2.1 kg fires',
      [
        ['2025-03-10 07:00', 80.4],
        ['2025-03-13 07:00', 82.5],
      ],
      '2025-03-13 08:00',
      2.1,
    ],
    [
      'a fall does not fire a rise rule',
      [
        ['2025-03-10 07:00', 84],
        ['2025-03-13 07:00', 81],
      ],
      '2025-03-13 08:00',
      null,
    ],
    // Several readings a day: the first (morning, after voiding) is the day's value.
    [
      'evening readings after meals do not count',
      [
        ['2025-03-10 07:00', 80.0],
        ['2025-03-12 19:00', 81.2],
        ['2025-03-13 07:00', 80.5],
        ['2025-03-13 20:30', 82.3],
      ],
      '2025-03-13 21:00',
      null,
    ],
    [
      'the morning value of the current day is compared, not the later heavier one',
      [
        ['2025-03-10 07:00', 80.0],
        ['2025-03-10 21:00', 81.5],
        ['2025-03-13 06:50', 82.3],
        ['2025-03-13 07:05', 82.1],
      ],
      '2025-03-13 08:00',
      2.3,
    ],
    // Gaps: compare with the earliest day with a reading inside the window.
    [
      'day −3 missing: compared with day −2',
      [
        ['2025-03-11 07:00', 80.0],
        ['2025-03-13 07:00', 82.2],
      ],
      '2025-03-13 08:00',
      2.2,
    ],
    [
      'only a reading 4 days back: outside the window, no finding',
      [
        ['2025-03-09 07:00', 78.0],
        ['2025-03-13 07:00', 82.2],
      ],
      '2025-03-13 08:00',
      null,
    ],
    [
      'day −3 present wins over later days',
      [
        ['2025-03-10 07:00', 80.0],
        ['2025-03-11 07:00', 81.5],
        ['2025-03-13 07:00', 82.1],
      ],
      '2025-03-13 08:00',
      2.1,
    ],
    ['a single reading: no finding', [['2025-03-13 07:00', 82.2]], '2025-03-13 08:00', null],
    [
      'readings after now are ignored',
      [
        ['2025-03-10 07:00', 80.0],
        ['2025-03-13 07:00', 82.5],
      ],
      '2025-03-12 08:00',
      null,
    ],
    // DST in Europe/Stockholm: spring forward on 30 March 2025, fall back on 26 October 2025.
    [
      'spring-forward day counts as one local day',
      [
        ['2025-03-27 07:00', 80.0],
        ['2025-03-30 07:00', 82.3],
      ],
      '2025-03-30 08:00',
      2.3,
    ],
    [
      'a reading at 00:30 local on the spring-forward day belongs to that day (23:30 UTC the day before)',
      [
        ['2025-03-26 07:00', 80.0],
        ['2025-03-30 00:30', 82.3],
      ],
      '2025-03-30 08:00',
      null,
    ],
    [
      'fall-back day (25 hours) counts as one local day',
      [
        ['2025-10-23 07:00', 80.0],
        ['2025-10-26 07:00', 82.3],
      ],
      '2025-10-26 08:00',
      2.3,
    ],
    [
      'fall-back: 4 local days back is outside the window even though only 96 h + 1 h have passed',
      [
        ['2025-10-22 07:00', 80.0],
        ['2025-10-26 07:00', 82.3],
      ],
      '2025-10-26 08:00',
      null,
    ],
  ])('%s', (_name, points, now, expected) => {
    const findings = run(points, now);
    if (expected === null) expect(findings).toEqual([]);
    else expect((findings[0]!.reason as ChangeReason).delta).toBe(expected);
  });

  it('a stable patient with ±0.4 kg noise over 30 days gets no finding on any day', () => {
    const points: [string, number][] = [];
    for (let d = 1; d <= 30; d++) {
      const noise = Math.sin(d * 1.7) * 0.4; // deterministic noise
      points.push([`2025-04-${String(d).padStart(2, '0')} 07:15`, Math.round((75 + noise) * 10) / 10]);
      const now = `2025-04-${String(d).padStart(2, '0')} 09:00`;
      expect(run(points, now)).toEqual([]);
    }
  });

  it('a fall rule (delta −1.5) and both directions', () => {
    const pts: [string, number][] = [
      ['2025-03-10 07:00', 80.0],
      ['2025-03-12 07:00', 78.2],
    ];
    expect(run(pts, '2025-03-12 09:00', { ...config, delta: -1.5, windowDays: 2 })[0]?.dedupeKey).toBe(
      'hf-weight:29463-7:fall',
    );
    expect(
      run(pts, '2025-03-12 09:00', { ...config, delta: 1.5, bothDirections: true, windowDays: 2 }),
    ).toHaveLength(1);
    expect(run(pts, '2025-03-12 09:00', { ...config, delta: 1.5, windowDays: 2 })).toEqual([]);
  });

  it('the same persisting rise keeps its dedupeKey from day to day; clears when back', () => {
    const pts: [string, number][] = [
      ['2025-03-10 07:00', 80.0],
      ['2025-03-11 07:00', 80.1],
      ['2025-03-13 07:00', 82.4],
      ['2025-03-14 07:00', 82.6],
    ];
    const a = run(pts.slice(0, 3), '2025-03-13 09:00');
    const b = run(pts, '2025-03-14 09:00');
    expect(a[0]?.dedupeKey).toBe(b[0]?.dedupeKey);
    const back: [string, number][] = [...pts, ['2025-03-17 07:00', 80.3]];
    const ctx = context({ now: sthlm('2025-03-17 09:00'), history: { [WEIGHT]: series(back) } });
    expect(rule.evaluate(config, ctx)).toEqual([]);
    expect(rule.clears!(config, ctx)).toBe(true);
  });

  it.each<[Partial<ChangeOverWindowConfig>, string]>([
    [{ windowDays: 0 }, 'windowDays: 0 must be greater than 0'],
    [{ windowDays: 1.5 }, 'windowDays: 1.5 must be a whole number'],
    [{ delta: 0 }, 'delta: must not be 0'],
    [{ code: '99999-9' }, 'code: 99999-9 is not a known measurement code'],
    [{ code: '85354-9' }, 'code: 85354-9 is a panel; use a component code (8480-6 or 8462-4)'],
    [{ severity: 'orange' as 'red' }, 'severity: orange is not yellow or red'],
  ])('validate %o', (over, message) => {
    expect(rule.validate({ ...config, ...over }).map((i) => i.message)).toContain(message);
  });

  it('accepts a key or an alias as code', () => {
    expect(rule.validate({ ...config, code: 'weight' })).toEqual([]);
  });
});
