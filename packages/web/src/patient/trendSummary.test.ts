import { describe, expect, it } from 'vitest';
import { summarizeDays } from './trendSummary';

describe('summarizeDays', () => {
  it('counts a day within target only when every value that day is green', () => {
    const s = summarizeDays([
      { effectiveAt: '2026-11-20T07:00:00Z', severity: 'green' },
      { effectiveAt: '2026-11-20T18:00:00Z', severity: 'yellow' },
      { effectiveAt: '2026-11-21T07:00:00Z', severity: 'green' },
      { effectiveAt: '2026-11-22T07:00:00Z', severity: 'green' },
    ]);
    expect(s).toEqual({ measuredDays: 3, withinDays: 2 });
  });

  it('uses the local day: 23:30 UTC in November is the next day in Stockholm', () => {
    const s = summarizeDays([
      { effectiveAt: '2026-11-20T23:30:00Z', severity: 'red' },
      { effectiveAt: '2026-11-21T10:00:00Z', severity: 'green' },
    ]);
    expect(s).toEqual({ measuredDays: 1, withinDays: 0 });
  });

  it('ignores values entered in error and gives zero for no values', () => {
    expect(
      summarizeDays([{ effectiveAt: '2026-11-20T10:00:00Z', severity: 'red', status: 'entered-in-error' }]),
    ).toEqual({
      measuredDays: 0,
      withinDays: 0,
    });
  });
});
