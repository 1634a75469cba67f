import { describe, expect, it } from 'vitest';
import { describeReason, describeReasons, formatNumber, formatValue } from './format';
import type { AlertReason } from './types';

const reason = (
  code: string,
  value: number,
  unit: string,
  severity: 'yellow' | 'red',
  direction: 'high' | 'low',
  limit: number,
) => ({ code, value, unit, severity, direction, limit }) satisfies AlertReason;

describe('format', () => {
  it.each([
    [82.4, 'sv', undefined, '82,4'],
    [82.4, 'en', undefined, '82.4'],
    [38, 'sv', 1, '38,0'],
    [5.55, 'en', 1, '5.6'],
    [10000, 'en', 0, '10,000'],
    [10000, 'sv', 0, '10\u00a0000'],
  ] as const)('formatNumber(%d, %s, %s) = %s', (v, lang, d, expected) => {
    expect(formatNumber(v, lang, d)).toBe(expected);
  });

  it.each([
    ['29463-7', 82.4, 'sv', '82,4 kg'],
    ['29463-7', 82, 'en', '82.0 kg'],
    ['8480-6', 182, 'sv', '182 mmHg'],
    ['8310-5', 37.5, 'sv', '37,5 °C'],
    ['59408-5', 95, 'en', '95 %'],
    ['15074-8', 5.4, 'sv', '5,4 mmol/L'],
    ['19935-6', 420, 'en', '420 L/min'],
    ['20150-9', 2.1, 'sv', '2,10 L'],
    ['9279-1', 16, 'en', '16 /min'],
    ['55423-8', 4200, 'sv', '4\u00a0200 steg'],
    ['55423-8', 4200, 'en', '4,200 steps'],
  ] as const)('formatValue(%s, %d, %s) = %s', (code, v, lang, expected) => {
    expect(formatValue(code, v, lang)).toBe(expected);
  });

  it.each([
    [reason('8480-6', 182, 'mm[Hg]', 'red', 'high', 180), 'sv', 'Systoliskt blodtryck 182 mmHg, över 180'],
    [
      reason('8480-6', 182, 'mm[Hg]', 'red', 'high', 180),
      'en',
      'Systolic blood pressure 182 mmHg, above 180',
    ],
    [reason('59408-5', 91, '%', 'red', 'low', 92), 'sv', 'Syremättnad 91 %, under 92'],
    [reason('8310-5', 38.4, 'Cel', 'yellow', 'high', 38), 'en', 'Body temperature 38.4 °C, above 38.0'],
    [reason('15074-8', 2.8, 'mmol/L', 'red', 'low', 3), 'sv', 'Blodsocker 2,8 mmol/L, under 3,0'],
    [reason('9999-9', 5, 'x', 'red', 'low', 6), 'en', '9999-9 5 x, below 6'],
  ] as const)('describeReason %#', (r, lang, expected) => {
    expect(describeReason(r, lang)).toBe(expected);
  });

  it('joins reasons with "; "', () => {
    const rs = [
      reason('8480-6', 182, 'mm[Hg]', 'red', 'high', 180),
      reason('8462-4', 95, 'mm[Hg]', 'yellow', 'high', 85),
    ];
    expect(describeReasons(rs, 'sv')).toBe(
      'Systoliskt blodtryck 182 mmHg, över 180; Diastoliskt blodtryck 95 mmHg, över 85',
    );
    expect(describeReasons([], 'sv')).toBe('');
  });

  it('says how many readings confirmed a rule-engine bound reason', () => {
    const confirmed = {
      ...reason('8480-6', 165, 'mm[Hg]', 'yellow', 'high', 159),
      type: 'bound' as const,
      time: '2026-03-02T07:00:00Z',
      confirmedBy: [{ time: '2026-03-01T19:00:00Z', value: 162 }],
    };
    expect(describeReasons([confirmed], 'sv')).toBe(
      'Systoliskt blodtryck 165 mmHg, över 159, bekräftat av 1 mätning till',
    );
    expect(describeReasons([confirmed], 'en')).toBe(
      'Systolic blood pressure 165 mmHg, above 159, confirmed by 1 more reading',
    );
  });
});
