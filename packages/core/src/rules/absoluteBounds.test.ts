import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { effectiveThresholds } from '../thresholds';
import { absoluteBoundsRule as rule } from './absoluteBounds';
import { describeRuleReason } from './describe';
import { context, measurement, sthlm } from './testing';
import type { AbsoluteBoundsConfig, BoundReason } from './types';

const bp: AbsoluteBoundsConfig = { id: 'bp', kind: 'absoluteBounds', code: '85354-9' };
const now = sthlm('2025-03-12 12:00');

describe('absoluteBounds', () => {
  it('BP 182/95: red systolic, yellow diastolic, keys per value and direction', () => {
    const f = rule.evaluate(bp, context({ now, measurements: [measurement('85354-9', [182, 95], now)] }));
    expect(f.map((x) => [x.dedupeKey, x.severity])).toEqual([
      ['bp:8480-6:high', 'red'],
      ['bp:8462-4:high', 'yellow'],
    ]);
    expect(describeRuleReason(f[0]!.reason, 'sv')).toBe('Systoliskt blodtryck 182 mmHg, över 180');
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
            .map((f) => {
              const { type: _t, time: _time, ...r } = f.reason as BoundReason;
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

  it.each<[Partial<AbsoluteBoundsConfig>, string]>([
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
