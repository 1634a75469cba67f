import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream', () => {
    const a = new Rng(42, 3);
    const b = new Rng(42, 3);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
  });

  it('gives other sequences for another seed or stream', () => {
    const first = (seed: number, stream: number) => new Rng(seed, stream).next();
    expect(first(42, 3)).not.toBe(first(43, 3));
    expect(first(42, 3)).not.toBe(first(42, 4));
  });

  it('draws uniform values in [0, 1), whole numbers in range and normal deviates', () => {
    const r = new Rng(1);
    const u = Array.from({ length: 20_000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const ints = new Set(Array.from({ length: 2_000 }, () => r.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const n = Array.from({ length: 20_000 }, () => r.normal(10, 2));
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const sd = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / (n.length - 1));
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('picks by weight', () => {
    const r = new Rng(5);
    const picks = Array.from({ length: 10_000 }, () =>
      r.pick([
        ['a', 0.9],
        ['b', 0.1],
      ] as const),
    );
    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.88);
    expect(share).toBeLessThan(0.92);
  });
});
