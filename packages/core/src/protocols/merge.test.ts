import { describe, expect, it } from 'vitest';
import { HEART_FAILURE, HYPERTENSION, HYPERTENSION_PREGNANCY, noReadingForTwoDays } from './library';
import { mergeProtocols } from './merge';
import { runInValueCodes } from './plan';
import type { MissedCheck, Protocol, ProtocolActivity } from './types';

function withoutMissed(a: ProtocolActivity): ProtocolActivity {
  const { missedGraceMinutes: _g, missedCheck: _c, ...rest } = a;
  return rest;
}

/** A one-activity protocol measuring weight daily, with the given missed-measurement settings. */
function weightProtocol(
  id: string,
  missed: Pick<ProtocolActivity, 'missedGraceMinutes' | 'missedCheck'>,
): Protocol {
  return {
    ...structuredClone(HEART_FAILURE),
    id,
    activities: [{ ...withoutMissed(structuredClone(HEART_FAILURE.activities[0]!)), ...missed }],
    rules: [],
  };
}

const daily: MissedCheck = {
  schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12' }],
  earlyMinutes: 1440,
  graceMinutes: 0,
};
const twoDays = noReadingForTwoDays();
const twoDaysLater: MissedCheck = { ...noReadingForTwoDays(), graceMinutes: 120 };

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
    // Library version 2: hypertension systolic yellowLow 100, redLow 90; heart failure 90 and 80 → 100 and 90.
    expect(merged.thresholds['8480-6']).toEqual({
      redLow: 90,
      yellowLow: 100,
      yellowHigh: 159,
      redHigh: 180,
    });
    expect(merged.conflicts).toContainEqual({
      kind: 'threshold',
      code: '8480-6',
      field: 'yellowLow',
      values: [
        { protocol: 'hypertension', value: 100 },
        { protocol: 'heart-failure', value: 90 },
      ],
      chosen: 100,
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

  it('merges pregnancy hypertension with hypertension: the tighter pregnancy limits win', () => {
    const m = mergeProtocols([
      { protocol: HYPERTENSION, version: 1 },
      { protocol: HYPERTENSION_PREGNANCY, version: 1 },
    ]);
    expect(m.thresholds['8480-6']).toEqual({ redLow: 90, yellowLow: 100, yellowHigh: 139, redHigh: 159 });
    expect(m.activities.map((a) => a.id)).toEqual(['bp', 'urine-protein', 'glucose']);
    // Pregnancy's run-in opt-out holds for the shared BP activity, whichever protocol came first.
    expect(m.activities[0]!.runIn).toBe(false);
    expect(runInValueCodes(m.activities)).toEqual([]);
    // Rules that differ only in a nested option (confirm) are different rules: both are kept.
    expect(
      m.rules
        .filter((r) => r.kind === 'absoluteBounds' && r.code === '85354-9')
        .map((r) => [r.id, r.kind === 'absoluteBounds' && r.confirm]),
    ).toEqual([
      ['hypertension.bp-bounds', { readings: 2, withinHours: 36 }],
      ['hypertension-pregnancy.bp-bounds', { readings: 2, withinHours: 24, apartHours: 4 }],
    ]);
  });

  // [case, first protocol's settings, second's, the merged check (undefined = none)]
  it.each<
    [
      string,
      Pick<ProtocolActivity, 'missedGraceMinutes' | 'missedCheck'>,
      Pick<ProtocolActivity, 'missedGraceMinutes' | 'missedCheck'>,
      MissedCheck | undefined,
    ]
  >([
    ['a check beats no reporting', {}, { missedCheck: twoDays }, twoDays],
    [
      'reporting every occasion beats a check',
      { missedGraceMinutes: 180 },
      { missedGraceMinutes: 240, missedCheck: twoDays },
      undefined,
    ],
    ['the check due more often wins', { missedCheck: twoDays }, { missedCheck: daily }, daily],
    [
      'same schedule: the check reporting sooner wins',
      { missedCheck: twoDaysLater },
      { missedCheck: twoDays },
      twoDays,
    ],
    [
      'equal checks: the first is kept',
      { missedCheck: twoDays },
      { missedCheck: noReadingForTwoDays() },
      twoDays,
    ],
  ])('missed check: %s', (_case, first, second, expected) => {
    const m = mergeProtocols([
      { protocol: weightProtocol('first', first), version: 1 },
      { protocol: weightProtocol('second', second), version: 1 },
    ]);
    expect(m.activities).toHaveLength(1);
    expect(m.activities[0]!.missedCheck).toEqual(expected);
  });

  it("carries a protocol's check into the plan", () => {
    const m = mergeProtocols([{ protocol: HEART_FAILURE, version: 1 }]);
    expect(m.activities.find((a) => a.id === 'weight')!.missedCheck).toEqual(noReadingForTwoDays());
  });

  it('drops the pregnancy check for BP when hypertension reports every missed occasion', () => {
    const m = mergeProtocols([
      { protocol: HYPERTENSION, version: 1 },
      { protocol: HYPERTENSION_PREGNANCY, version: 1 },
    ]);
    const bp = m.activities.find((a) => a.id === 'bp')!;
    expect(bp.missedCheck).toBeUndefined();
    expect(bp.missedGraceMinutes).toBe(180);
  });
});
