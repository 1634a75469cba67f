import { describe, expect, it } from 'vitest';
import { alternatives, dateParam, dateRange, quantityCondition } from './search-params';

const binder = () => {
  const values: unknown[] = [];
  const bind = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  return { values, bind };
};

describe('FHIR search values (R4 3.1.1.4)', () => {
  it.each([
    ['2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['2026-12-31', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-11-22T10:15:00+01:00', '2026-11-22T09:15:00.000Z', '2026-11-22T09:15:01.000Z'],
    ['2026-11-22T10:15Z', '2026-11-22T10:15:00.000Z', '2026-11-22T10:15:01.000Z'],
  ])('a date %s stands for [%s, %s)', (text, start, end) => {
    const r = dateRange(text)!;
    expect([r.start.toISOString(), r.end.toISOString()]).toEqual([start, end]);
  });

  it.each(['2026-02-30', '2026-13', 'yesterday'])('rejects the impossible date %s', (text) => {
    expect(dateRange(text)).toBeNull();
  });

  it.each([
    ['ge2026-11-01', 'r.t >= $1::timestamptz', ['2026-11-01T00:00:00.000Z']],
    ['gt2026-11-01', 'r.t >= $1::timestamptz', ['2026-11-02T00:00:00.000Z']],
    ['le2026-11-01', 'r.t < $1::timestamptz', ['2026-11-02T00:00:00.000Z']],
    ['lt2026-11-01', 'r.t < $1::timestamptz', ['2026-11-01T00:00:00.000Z']],
  ])('date=%s becomes %s', (value, sql, bound) => {
    const b = binder();
    expect(dateParam('r.t', 'date').where(value, b.bind, undefined as never)).toBe(`(${sql})`);
    expect(b.values).toEqual(bound);
  });

  it.each([
    ['gt140', '(r.v > $1)', [140]],
    ['140', '(r.v >= $1 AND r.v < $2)', [139.5, 140.5]],
    ['eq37.5', '(r.v >= $1 AND r.v < $2)', [37.45, 37.55]],
    ['le90|http://unitsofmeasure.org|mm[Hg]', '(r.v <= $2 AND r.u = $1)', ['mm[Hg]', 90]],
    ['ap100', '(r.v BETWEEN $1 AND $2)', [90, 110]],
  ])('quantity %s becomes %s', (value, sql, bound) => {
    const b = binder();
    expect(quantityCondition(value, 'r.v', 'r.u', b.bind, 'value-quantity')).toBe(sql);
    expect(b.values.map((v) => (typeof v === 'number' ? Number(v.toFixed(6)) : v))).toEqual(bound);
  });

  it('rejects a malformed quantity naming the parameter', () => {
    expect(() => quantityCondition('high', 'r.v', 'r.u', binder().bind, 'component-value-quantity')).toThrow(
      /component-value-quantity/,
    );
  });

  it('splits OR values on commas, keeping escaped ones', () => {
    expect(alternatives('a,b\\,c,,d')).toEqual(['a', 'b,c', 'd']);
  });
});
