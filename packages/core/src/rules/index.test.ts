import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingReasons, mergeFindings } from './common';
import { clearedRules, RULE_KINDS, ruleNeedsHistory, runRules, validateRules } from './index';
import { context, measurement, sthlm } from './testing';
import type { BoundReason, RuleConfig, RuleContext, RuleFinding, TimedValue } from './types';

const PLAN: RuleConfig[] = [
  { id: 'bp', kind: 'absoluteBounds', code: '85354-9' },
  { id: 'hr', kind: 'absoluteBounds', code: '8867-4' },
  { id: 'w3', kind: 'changeOverWindow', code: '29463-7', delta: 2, windowDays: 3 },
  { id: 'wb', kind: 'baselineDeviation', code: '29463-7' },
  { id: 'wm', kind: 'missedMeasurement', code: '29463-7', schedule: { byLocalTime: ['08:00'] } },
  { id: 'n2', kind: 'news2' },
  {
    id: 'q',
    kind: 'questionnaire',
    questionnaire: 'phq-9',
    bands: [{ min: 10, severity: 'yellow' }],
    change: { delta: 5 },
  },
  { id: 'g', kind: 'glucose' },
];
const CODES = ['8480-6', '8462-4', '8867-4', '29463-7', '59408-5', '9279-1', '8310-5', '15074-8'];
const NOW = Date.parse('2025-03-30T10:00:00Z');
const DAY = 86_400_000;

const historyArb = fc.dictionary(
  fc.constantFrom(...CODES),
  fc.array(
    fc.record({
      t: fc.integer({ min: -30 * DAY, max: 0 }),
      value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    }),
    { maxLength: 40 },
  ),
);
function toContext(h: Record<string, { t: number; value: number }[]>, tz = 'Europe/Stockholm'): RuleContext {
  const history: Record<string, TimedValue[]> = {};
  for (const [code, list] of Object.entries(h))
    history[code] = [...list]
      .sort((a, b) => a.t - b.t)
      .map((p) => ({ time: new Date(NOW + p.t).toISOString(), value: p.value }));
  return context({ now: new Date(NOW).toISOString(), history, patientTimeZone: tz });
}

describe('the rule registry', () => {
  it('has one module per kind, each with the Rule interface', () => {
    for (const [kind, rule] of Object.entries(RULE_KINDS)) {
      expect(rule.kind).toBe(kind);
      expect(typeof rule.validate).toBe('function');
      expect(typeof rule.evaluate).toBe('function');
    }
    expect(validateRules(PLAN)).toEqual([]);
  });
});

describe('ruleNeedsHistory', () => {
  it.each<[RuleConfig, boolean]>([
    [{ id: 'a', kind: 'absoluteBounds', code: '85354-9' }, false],
    [
      {
        id: 'a',
        kind: 'absoluteBounds',
        code: '85354-9',
        confirm: { readings: 2, withinHours: 24, apartHours: 4 },
      },
      true,
    ],
    [{ id: 'w', kind: 'changeOverWindow', code: '29463-7', delta: 2, windowDays: 3 }, true],
    [{ id: 'g', kind: 'glucose' }, false],
  ])('%j → %s', (config, expected) => {
    expect(ruleNeedsHistory(config)).toBe(expected);
  });
});

describe('validateRules: precise messages', () => {
  it.each<[unknown, string]>([
    [
      { id: 'a', kind: 'nope' },
      'rules[0].kind: nope is not a rule kind (absoluteBounds, changeOverWindow, baselineDeviation, missedMeasurement, news2, questionnaire, glucose)',
    ],
    [
      { id: 'a', kind: 'absoluteBounds', code: '12345-6' },
      'rules[0].code: 12345-6 is not a known measurement code',
    ],
    [
      { id: 'a', kind: 'absoluteBounds', code: '8480-6', thresholds: { yellowLow: 150, yellowHigh: 140 } },
      'rules[0].thresholds.yellowHigh: 140 must be greater than yellowLow (150); the order is redLow ≤ yellowLow < yellowHigh ≤ redHigh',
    ],
    [
      { id: 'a', kind: 'changeOverWindow', code: '29463-7', delta: 2, windowDays: 0 },
      'rules[0].windowDays: 0 must be greater than 0',
    ],
    [
      { id: 'a', kind: 'missedMeasurement', code: '29463-7', schedule: { byLocalTime: [] } },
      'rules[0].schedule.byLocalTime: is empty: the schedule never fires',
    ],
    [{ kind: 'news2' }, 'rules[0].id: is required'],
  ])('%o', (config, message) => {
    expect(validateRules([config as RuleConfig]).map((i) => i.message)).toContain(message);
  });

  it('duplicate ids', () => {
    expect(
      validateRules([PLAN[0]!, { ...PLAN[1]!, id: 'bp' }]).map((i) => [i.field, i.kind, i.message]),
    ).toEqual([['rules[1].id', 'duplicate', 'rules[1].id: bp is already used by rules[0]']]);
  });
});

describe('runRules', () => {
  it('de-duplicates by dedupeKey keeping the worst, red first; skips invalid and disabled rules', () => {
    const now = sthlm('2025-03-12 12:00');
    const ctx = context({
      now,
      measurements: [
        measurement('85354-9', [150, 80], sthlm('2025-03-12 11:00')),
        measurement('85354-9', [185, 80], now),
      ],
    });
    const plan: RuleConfig[] = [
      { id: 'bp', kind: 'absoluteBounds', code: '85354-9' },
      { id: 'bad', kind: 'changeOverWindow', code: '29463-7', delta: 2, windowDays: -1 },
      { id: 'off', kind: 'absoluteBounds', code: '8480-6', enabled: false },
    ];
    const f = runRules(plan, ctx);
    expect(f.map((x) => [x.dedupeKey, x.severity])).toEqual([['bp:85354-9:high', 'red']]);
  });

  it('one BP item per reading and direction; the collapse keeps every component reason, the worst each', () => {
    const now = sthlm('2025-03-12 12:00');
    const reasons = (values: [number, number][]) => {
      const ctx = context({
        now,
        measurements: values.map((v, i) => measurement('85354-9', v, sthlm(`2025-03-12 1${i}:00`))),
      });
      return runRules([{ id: 'bp', kind: 'absoluteBounds', code: '85354-9' }], ctx).map((f) => [
        f.dedupeKey,
        f.severity,
        [f.reason, ...(f.related ?? [])].map((r) => [(r as BoundReason).code, (r as BoundReason).value]),
      ]);
    };
    expect(reasons([[150, 95]])).toEqual([
      [
        'bp:85354-9:high',
        'yellow',
        [
          ['8480-6', 150],
          ['8462-4', 95],
        ],
      ],
    ]);
    // Two readings: systolic red in the first, diastolic only high in the second → one item, both reasons.
    expect(
      reasons([
        [185, 80],
        [130, 95],
      ]),
    ).toEqual([
      [
        'bp:85354-9:high',
        'red',
        [
          ['8480-6', 185],
          ['8462-4', 95],
        ],
      ],
    ]);
    expect(
      reasons([
        [185, 55],
        [150, 80],
      ]).map((f) => f.slice(0, 2)),
    ).toEqual([
      ['bp:85354-9:high', 'red'],
      ['bp:85354-9:low', 'yellow'],
    ]);
  });

  it('mergeFindings: one reason per subject, the worst; a single code stays as it was', () => {
    const bound = (code: string, value: number, severity: 'yellow' | 'red'): RuleFinding => ({
      ruleId: 'r',
      kind: 'absoluteBounds',
      code,
      severity,
      reason: {
        type: 'bound',
        time: '2025-03-12T10:00:00Z',
        code,
        value,
        unit: 'mm[Hg]',
        severity,
        direction: 'high',
        limit: 1,
      },
      dedupeKey: `r:${code}:high`,
      autoResolve: true,
    });
    const sysYellow = bound('8480-6', 150, 'yellow');
    const sysRed = bound('8480-6', 185, 'red');
    expect(mergeFindings([sysYellow, sysRed])).toEqual(sysRed);
    expect(mergeFindings([sysYellow, bound('8480-6', 151, 'yellow')])).toEqual(sysYellow);
    const both = mergeFindings([sysYellow, bound('8462-4', 115, 'red')], 'r:p:high');
    expect([
      both.severity,
      both.code,
      both.dedupeKey,
      both.related?.map((r) => (r as BoundReason).value),
    ]).toEqual(['red', '8462-4', 'r:p:high', [150]]);
    // A merged finding merged again with a worse reading of a component replaces that component's reason.
    const again = mergeFindings([both, sysRed]);
    expect(findingReasons(again).map((r) => (r as BoundReason).value)).toEqual([115, 185]);
  });

  it('clearedRules names the rules whose values are back in range', () => {
    const ctx = context({
      now: sthlm('2025-03-12 12:00'),
      measurements: [measurement('8867-4', [70], sthlm('2025-03-12 11:00'))],
    });
    expect(clearedRules(PLAN, ctx)).toEqual(['hr']);
  });
});

describe('properties', () => {
  it('never throw on arbitrary finite histories, any zone; findings are well-formed', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.constantFrom('Europe/Stockholm', 'UTC', 'America/New_York', 'Not/AZone'),
        (h, tz) => {
          const ctx = toContext(h, tz);
          const findings = runRules(PLAN, ctx);
          for (const f of findings) {
            expect(['yellow', 'red']).toContain(f.severity);
            expect(f.dedupeKey.startsWith(`${f.ruleId}:`)).toBe(true);
          }
          for (const config of PLAN) {
            const rule = RULE_KINDS[config.kind] as {
              evaluate: (c: RuleConfig, x: RuleContext) => unknown;
              clears?: (c: RuleConfig, x: RuleContext) => boolean;
            };
            expect(() => rule.evaluate(config, ctx)).not.toThrow();
            expect(() => rule.clears?.(config, ctx)).not.toThrow();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a reading far outside every window (a year earlier) does not change the findings', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.constantFrom(...CODES),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (h, code, value) => {
          const before = runRules(PLAN, toContext(h));
          const more = { ...h, [code]: [{ t: -365 * DAY, value }, ...(h[code] ?? [])] };
          expect(runRules(PLAN, toContext(more))).toEqual(before);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('runRules is idempotent: same input, same output; running twice changes nothing', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const ctx = toContext(h);
        const snapshot = JSON.stringify(ctx.history);
        const a = runRules(PLAN, ctx);
        expect(runRules(PLAN, ctx)).toEqual(a);
        expect(runRules([...PLAN, ...PLAN.map((c) => ({ ...c }))], ctx)).toEqual(a);
        expect(JSON.stringify(ctx.history)).toBe(snapshot);
      }),
      { numRuns: 100 },
    );
  });
});
