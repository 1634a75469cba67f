import { describe, expect, it } from 'vitest';
import { HEART_FAILURE, HYPERTENSION, HYPERTENSION_PREGNANCY } from './library';
import { mergeProtocols } from './merge';

describe('mergeProtocols', () => {
  const merged = mergeProtocols([
    { protocol: HYPERTENSION, version: 1 },
    { protocol: HEART_FAILURE, version: 3 },
  ]);

  it('schedules blood pressure once for both conditions, with the denser schedule', () => {
    const bp = merged.activities.filter((a) => a.code === '85354-9');
    expect(bp).toHaveLength(1);
    expect(bp[0]!.sources).toEqual(['hypertension', 'heart-failure']);
    // ESH: twice daily in week 1, duplicate readings — denser than heart failure's once a day.
    expect(bp[0]!.schedule).toEqual(HYPERTENSION.activities[0]!.schedule);
    expect(merged.conflicts.find((c) => c.kind === 'schedule')).toMatchObject({
      code: '85354-9',
      resolution: 'denser',
    });
  });

  it('takes the tighter limit and reports the difference', () => {
    // Hypertension: systolic yellowHigh 135, redLow 90; heart failure 140 and 85 → 135 and 90.
    expect(merged.thresholds['8480-6']).toEqual({
      redLow: 90,
      yellowLow: 100,
      yellowHigh: 135,
      redHigh: 180,
    });
    expect(merged.conflicts).toContainEqual({
      kind: 'threshold',
      code: '8480-6',
      field: 'yellowHigh',
      values: [
        { protocol: 'hypertension', value: 135 },
        { protocol: 'heart-failure', value: 140 },
      ],
      chosen: 135,
      resolution: 'tighter',
    });
  });

  it('lets staff override the merged limit', () => {
    const m = mergeProtocols(
      [
        { protocol: HYPERTENSION, version: 1 },
        { protocol: HEART_FAILURE, version: 1 },
      ],
      { thresholds: { '8480-6': { yellowHigh: 150 } } },
    );
    expect(m.thresholds['8480-6']!.yellowHigh).toBe(150);
    expect(m.conflicts.find((c) => c.field === 'yellowHigh' && c.code === '8480-6')).toMatchObject({
      chosen: 150,
      resolution: 'override',
    });
  });

  it('keeps one copy of the same rule and prefixes ids with the protocol', () => {
    expect(merged.rules.filter((r) => r.kind === 'absoluteBounds' && r.code === '85354-9')).toHaveLength(1);
    expect(merged.rules.map((r) => r.id)).toContain('heart-failure.weight-3d');
    expect(new Set(merged.rules.map((r) => r.id)).size).toBe(merged.rules.length);
  });

  it('merges pregnancy hypertension with hypertension: 139/89 wins over 135/85 only where tighter', () => {
    const m = mergeProtocols([
      { protocol: HYPERTENSION, version: 1 },
      { protocol: HYPERTENSION_PREGNANCY, version: 1 },
    ]);
    expect(m.thresholds['8480-6']).toEqual({ redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 159 });
    expect(m.activities.map((a) => a.id)).toEqual(['bp', 'urine-protein', 'glucose']);
  });
});
