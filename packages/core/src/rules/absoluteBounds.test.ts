import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { effectiveThresholds } from '../thresholds';
import { absoluteBoundsRule as rule } from './absoluteBounds';
import { findingReasons } from './common';
import { describeRuleReason } from './describe';
import { context, measurement, series, sthlm } from './testing';
import type { AbsoluteBoundsConfig, BoundReason } from './types';

const bp: AbsoluteBoundsConfig = { id: 'bp', kind: 'absoluteBounds', code: '85354-9' };
const now = sthlm('2025-03-12 12:00');

describe('absoluteBounds', () => {
  it('BP 182/95: one finding keyed by the panel, red (the worst), both reasons', () => {
    const f = rule.evaluate(bp, context({ now, measurements: [measurement('85354-9', [182, 95], now)] }));
    expect(f.map((x) => [x.dedupeKey, x.severity, x.code])).toEqual([['bp:85354-9:high', 'red', '8480-6']]);
    expect(describeRuleReason(f[0]!.reason, 'sv')).toBe('Systoliskt blodtryck 182 mmHg, över 180');
    expect(f[0]!.related?.map((r) => describeRuleReason(r, 'en'))).toEqual([
      'Diastolic blood pressure 95 mmHg, above 85',
    ]);
  });

  // One BP reading is one item: [systolic, diastolic] → [dedupeKey, severity, reason codes (worst first)] per finding.
  it.each<[string, [number, number], [string, string, string[]][]]>([
    ['systolic only', [150, 80], [['bp:85354-9:high', 'yellow', ['8480-6']]]],
    ['diastolic only', [130, 95], [['bp:85354-9:high', 'yellow', ['8462-4']]]],
    [
      'both yellow: one finding, systolic first',
      [150, 95],
      [['bp:85354-9:high', 'yellow', ['8480-6', '8462-4']]],
    ],
    ['red systolic + yellow diastolic', [185, 95], [['bp:85354-9:high', 'red', ['8480-6', '8462-4']]]],
    [
      'yellow systolic + red diastolic: red first',
      [150, 115],
      [['bp:85354-9:high', 'red', ['8462-4', '8480-6']]],
    ],
    [
      'opposite directions: two findings',
      [185, 55],
      [
        ['bp:85354-9:high', 'red', ['8480-6']],
        ['bp:85354-9:low', 'yellow', ['8462-4']],
      ],
    ],
    ['in range: nothing', [130, 80], []],
  ])('panel %s', (_why, values, expected) => {
    const f = rule.evaluate(bp, context({ now, measurements: [measurement('85354-9', values, now)] }));
    expect(
      f.map((x) => [x.dedupeKey, x.severity, findingReasons(x).map((r) => (r as BoundReason).code)]),
    ).toEqual(expected);
    for (const x of f) expect(x.code).toBe((x.reason as BoundReason).code);
  });

  it('a rule on one component keeps its own key and no related reasons', () => {
    const sys: AbsoluteBoundsConfig = { id: 's', kind: 'absoluteBounds', code: '8480-6' };
    const ctx = context({ now, measurements: [measurement('85354-9', [185, 95], now)] });
    expect(rule.evaluate(sys, ctx).map((x) => [x.dedupeKey, x.related])).toEqual([
      ['s:8480-6:high', undefined],
    ]);
  });

  it('agrees with evaluate() (the intake check) on every value', () => {
    const codes = ['85354-9', '8867-4', '59408-5', '8310-5', '15074-8', '9279-1'];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        (code, a, b) => {
          const m = measurement(code, code === '85354-9' ? [a, b] : [a], now);
          const expected = evaluate(m, (c) => effectiveThresholds(c)).reasons;
          const got = rule
            .evaluate({ id: 'x', kind: 'absoluteBounds', code }, context({ now, measurements: [m] }))
            .flatMap(findingReasons)
            .map((reason) => {
              const { type: _t, time: _time, ...r } = reason as BoundReason;
              return r;
            });
          expect([...got].sort((x, y) => x.code.localeCompare(y.code))).toEqual(
            [...expected].sort((x, y) => x.code.localeCompare(y.code)),
          );
        },
      ),
    );
  });

  it('without a new measurement, judges the latest stored value; clears when it is back in range', () => {
    const hr: AbsoluteBoundsConfig = { id: 'hr', kind: 'absoluteBounds', code: '8867-4' };
    const history = {
      '8867-4': [
        { time: sthlm('2025-03-12 08:00'), value: 135 },
        { time: sthlm('2025-03-12 11:00'), value: 80 },
      ],
    };
    expect(rule.evaluate(hr, context({ now: sthlm('2025-03-12 09:00'), history }))[0]?.severity).toBe('red');
    const later = context({ now, history });
    expect(rule.evaluate(hr, later)).toEqual([]);
    expect(rule.clears!(hr, later)).toBe(true);
  });

  it('config limits replace the plan limits one by one', () => {
    const c: AbsoluteBoundsConfig = {
      id: 's',
      kind: 'absoluteBounds',
      code: '59408-5',
      thresholds: { yellowLow: 90, redLow: 86 },
    };
    const f = rule.evaluate(c, context({ now, measurements: [measurement('59408-5', [89], now)] }));
    expect(f[0]?.severity).toBe('yellow');
  });

  describe('confirmed yellow (two occasions at least 4 hours apart within 24 hours)', () => {
    // Pregnancy limits: systolic yellow above 139, red above 159.
    const preg: AbsoluteBoundsConfig = {
      id: 'bp',
      kind: 'absoluteBounds',
      code: '8480-6',
      thresholds: { redLow: 90, yellowLow: 100, yellowHigh: 139, redHigh: 159 },
      confirm: { readings: 2, withinHours: 24, apartHours: 4 },
    };
    const at = '2025-03-12 20:00';
    // [history (local time, systolic), new reading at 20:00, expected severity or null, why]
    it.each<[[string, number][], number, 'yellow' | 'red' | null, string]>([
      [[], 145, null, 'a first reading beyond yellow waits for a second occasion'],
      [[['2025-03-12 08:00', 142]], 145, 'yellow', 'morning and evening beyond yellow: confirmed'],
      [[['2025-03-12 19:59', 150]], 145, null, 'the duplicate a minute before is the same occasion'],
      [[['2025-03-12 16:00', 141]], 145, 'yellow', 'exactly 4 hours apart is a second occasion'],
      [[['2025-03-12 16:01', 141]], 145, null, 'less than 4 hours apart is not'],
      [[['2025-03-12 08:00', 139]], 145, null, 'the other reading at the limit is not beyond it'],
      [[['2025-03-11 20:00', 150]], 145, 'yellow', 'exactly 24 hours before is within the window'],
      [[['2025-03-11 19:59', 150]], 145, null, 'a gap: more than 24 hours before confirms nothing'],
      [[['2025-03-12 08:00', 170]], 145, 'yellow', 'an earlier red reading is beyond yellow too'],
      [[], 165, 'red', 'red is never delayed'],
      [
        [
          ['2025-03-12 08:00', 130],
          ['2025-03-12 08:01', 131],
        ],
        145,
        null,
        'normal morning readings do not confirm',
      ],
      [[['2025-03-12 08:00', 95]], 145, null, 'a reading beyond the other (low) limit does not confirm'],
    ])('history %j, new %d → %s (%s)', (history, value, expected) => {
      const ctx = context({
        now: sthlm(at),
        history: { '8480-6': series(history) },
        measurements: [measurement('85354-9', [value, 80], sthlm(at))],
      });
      const f = rule.evaluate(preg, ctx);
      expect(f[0]?.severity ?? null).toBe(expected);
    });

    it('names the confirming reading; low values confirm low values', () => {
      const ctx = context({
        now: sthlm(at),
        history: { '8480-6': series([['2025-03-12 08:00', 142]]) },
        measurements: [measurement('85354-9', [145, 80], sthlm(at))],
      });
      const reason = rule.evaluate(preg, ctx)[0]!.reason as BoundReason;
      expect(reason.confirmedBy).toEqual([{ time: sthlm('2025-03-12 08:00'), value: 142 }]);
      expect(describeRuleReason(reason, 'en')).toBe(
        'Systolic blood pressure 145 mmHg, above 139, confirmed by 1 more reading',
      );
      const low = context({
        now: sthlm(at),
        history: { '8480-6': series([['2025-03-12 08:00', 96]]) },
        measurements: [measurement('85354-9', [97, 60], sthlm(at))],
      });
      expect(rule.evaluate(preg, low).map((x) => x.dedupeKey)).toEqual(['bp:8480-6:low']);
    });

    describe('on the panel: each component confirmed by its own readings, one finding', () => {
      // Both components yellow above 139/89; diastolic red above 109.
      const panel = (values: [number, number], history: Record<string, [string, number][]>) =>
        rule.evaluate(
          {
            id: 'bp',
            kind: 'absoluteBounds',
            code: '85354-9',
            confirm: { readings: 2, withinHours: 24, apartHours: 4 },
          },
          context({
            now: sthlm(at),
            history: Object.fromEntries(Object.entries(history).map(([c, h]) => [c, series(h)])),
            measurements: [measurement('85354-9', values, sthlm(at))],
            thresholdsFor: (c) =>
              c === '8480-6'
                ? { redLow: 90, yellowLow: 100, yellowHigh: 139, redHigh: 159 }
                : { redLow: 50, yellowLow: 60, yellowHigh: 89, redHigh: 109 },
          }),
        );
      const morning = '2025-03-12 08:00';
      it.each<[string, [number, number], Record<string, [string, number][]>, [string, string[]] | null]>([
        ['no earlier reading: both wait', [145, 95], {}, null],
        [
          'systolic confirmed, diastolic not',
          [145, 95],
          { '8480-6': [[morning, 142]] },
          ['yellow', ['8480-6']],
        ],
        [
          'diastolic confirmed, systolic not',
          [145, 95],
          { '8462-4': [[morning, 92]] },
          ['yellow', ['8462-4']],
        ],
        [
          'both confirmed: one finding, both reasons',
          [145, 95],
          { '8480-6': [[morning, 142]], '8462-4': [[morning, 92]] },
          ['yellow', ['8480-6', '8462-4']],
        ],
        [
          "a systolic reading does not confirm the diastolic's yellow",
          [145, 95],
          { '8480-6': [[morning, 142]], '8462-4': [[morning, 80]] },
          ['yellow', ['8480-6']],
        ],
        ['red diastolic never waits; unconfirmed systolic left out', [145, 112], {}, ['red', ['8462-4']]],
      ])('%s', (_why, values, history, expected) => {
        const f = panel(values, history);
        expect(f.map((x) => x.dedupeKey)).toEqual(expected ? ['bp:85354-9:high'] : []);
        if (expected)
          expect([f[0]!.severity, findingReasons(f[0]!).map((r) => (r as BoundReason).code)]).toEqual(
            expected,
          );
      });
    });

    it('a back-dated reading confirms a later one; readings after now do not count', () => {
      const history = { '8480-6': series([['2025-03-12 20:00', 145]]) };
      const morning = measurement('85354-9', [142, 80], sthlm('2025-03-12 08:00'));
      expect(rule.evaluate(preg, context({ now: sthlm(at), history, measurements: [morning] }))).toHaveLength(
        1,
      );
      const early = context({ now: sthlm('2025-03-12 09:00'), history, measurements: [morning] });
      expect(rule.evaluate(preg, early)).toEqual([]);
    });

    it('three readings: several a day count once per 4 hours', () => {
      const three: AbsoluteBoundsConfig = {
        ...preg,
        confirm: { readings: 3, withinHours: 24, apartHours: 4 },
      };
      const run = (h: [string, number][]) =>
        rule.evaluate(
          three,
          context({
            now: sthlm(at),
            history: { '8480-6': series(h) },
            measurements: [measurement('85354-9', [145, 80], sthlm(at))],
          }),
        );
      expect(
        run([
          ['2025-03-12 08:00', 142],
          ['2025-03-12 08:01', 143],
          ['2025-03-12 18:00', 141],
        ]),
      ).toEqual([]);
      expect(
        run([
          ['2025-03-11 20:00', 141],
          ['2025-03-12 08:00', 142],
          ['2025-03-12 08:01', 143],
        ]).map((f) => (f.reason as BoundReason).confirmedBy?.length),
      ).toEqual([2]);
    });

    it('without confirm every reading counts; an unconfirmed yellow does not clear an open alert', () => {
      const { confirm: _c, ...plain } = preg;
      const ctx = context({ now: sthlm(at), measurements: [measurement('85354-9', [145, 80], sthlm(at))] });
      expect(rule.evaluate(plain, ctx)[0]?.severity).toBe('yellow');
      expect(rule.evaluate(preg, ctx)).toEqual([]);
      expect(rule.clears!(preg, ctx)).toBe(false);
      const normal = context({
        now: sthlm(at),
        measurements: [measurement('85354-9', [130, 80], sthlm(at))],
      });
      expect(rule.clears!(plain, normal)).toBe(true);
    });

    // "All clear" with confirm: back in range on as many occasions, with nothing beyond in the window.
    it.each<[[string, number][], number, boolean, string]>([
      [[['2025-03-12 08:00', 130]], 132, true, 'morning and evening back in range'],
      [[['2025-03-12 08:00', 145]], 132, false, 'a high morning in the window keeps it open'],
      [[['2025-03-12 19:59', 130]], 132, false, 'the duplicate is the same occasion'],
      [[], 132, false, 'one reading alone is not a second occasion'],
      [[['2025-03-11 19:00', 130]], 132, false, 'a reading before the window does not count'],
    ])('clears with history %j and %d: %s (%s)', (history, value, expected) => {
      const ctx = context({
        now: sthlm(at),
        history: { '8480-6': series(history) },
        measurements: [measurement('85354-9', [value, 80], sthlm(at))],
      });
      expect(rule.clears!(preg, ctx)).toBe(expected);
    });

    it('apartHours 0: a duplicate reading confirms', () => {
      const dup: AbsoluteBoundsConfig = { ...preg, confirm: { readings: 2, withinHours: 1 } };
      const ctx = context({
        now: sthlm(at),
        history: { '8480-6': series([['2025-03-12 19:59', 150]]) },
        measurements: [measurement('85354-9', [145, 80], sthlm(at))],
      });
      expect(rule.evaluate(dup, ctx)[0]?.severity).toBe('yellow');
    });
  });

  it.each<[Partial<AbsoluteBoundsConfig>, string]>([
    [{ confirm: 2 as never }, 'confirm: must be an object { readings, withinHours, apartHours? }'],
    [{ confirm: { withinHours: 24 } as never }, 'confirm.readings: is required'],
    [{ confirm: { readings: 1, withinHours: 24 } }, 'confirm.readings: 1 must be at least 2'],
    [{ confirm: { readings: 2.5, withinHours: 24 } }, 'confirm.readings: 2.5 must be a whole number'],
    [{ confirm: { readings: 2, withinHours: 0 } }, 'confirm.withinHours: 0 must be greater than 0'],
    [{ confirm: { readings: 2, withinHours: 200 } }, 'confirm.withinHours: 200 must be at most 168'],
    [
      { confirm: { readings: 2, withinHours: 24, apartHours: -1 } },
      'confirm.apartHours: -1 must be at least 0',
    ],
    [
      { confirm: { readings: 2, withinHours: 24, hours: 4 } as never },
      'confirm.hours: is not an option of confirm { readings, withinHours, apartHours? }',
    ],
    [
      { confirm: { readings: 2, withinHours: 3, apartHours: 4 } },
      'confirm.apartHours: 2 readings at least 4 hours apart cannot all lie within 3 hours of one of them',
    ],
    [
      { confirm: { readings: 4, withinHours: 24, apartHours: 13 } },
      'confirm.apartHours: 4 readings at least 13 hours apart cannot all lie within 24 hours of one of them',
    ],
    [{ code: 'nope' }, 'code: nope is not a known measurement code'],
    [
      { code: '8480-6', thresholds: { yellowLow: 140, yellowHigh: 130 } },
      'thresholds.yellowHigh: 130 must be greater than yellowLow (140); the order is redLow ≤ yellowLow < yellowHigh ≤ redHigh',
    ],
    [
      { thresholds: { redHigh: 180 } },
      'thresholds: limits are per value; use one rule per component (8480-6, 8462-4)',
    ],
  ])('validate %o', (over, message) => {
    expect(rule.validate({ ...bp, ...over }).map((i) => i.message)).toContain(message);
  });
});
