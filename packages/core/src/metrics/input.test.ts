import { describe, expect, it } from 'vitest';
import { finiteIn, given, nonEmptyArray, positive } from './input';

describe('input checks', () => {
  it('finiteIn', () => {
    expect(finiteIn(5, 'x', 0, 10)).toBe(5);
    expect(() => finiteIn(Number.NaN, 'x', 0, 10)).toThrow('x: NaN is not a finite number');
    expect(() => finiteIn('5', 'x', 0, 10)).toThrow('x: "5" is not a finite number');
    expect(() => finiteIn(11, 'x', 0, 10)).toThrow('x: 11 is outside 0–10');
  });

  it('positive', () => {
    expect(positive(0.5, 'days')).toBe(0.5);
    expect(() => positive(0, 'days')).toThrow('days: 0 is not a positive finite number');
  });

  it('nonEmptyArray', () => {
    expect(() => nonEmptyArray([], 'readings')).toThrow('readings: no readings given');
    expect(() => nonEmptyArray(null as never, 'readings')).toThrow('readings: null is not an array');
  });

  it('given keeps messages short', () => {
    expect(given('x'.repeat(100))).toHaveLength(43);
    expect(given({})).toBe('object');
    expect(given(undefined)).toBe('undefined');
  });
});
