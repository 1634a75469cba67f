import { describe, expect, it } from 'vitest';
import { runRules } from '../rules/index';
import { HEART_FAILURE, HYPERTENSION } from './library';
import { mergeProtocols } from './merge';
import {
  alertingFor,
  governingKind,
  missedMeasurementRules,
  missedRulesReadFrom,
  planAdherence,
  runInValueCodes,
  slotStatuses,
} from './plan';

const ZONE = 'Europe/Stockholm';
const bp = HYPERTENSION.activities[0]!;
const start = '2026-02-02T06:00:00+01:00';

describe('runInValueCodes', () => {
  it('lists the values the run-in can personalise, without those of an activity that opts out', () => {
    expect(runInValueCodes(HEART_FAILURE.activities)).toEqual(['8462-4', '8480-6', '8867-4']);
    const optOut = HEART_FAILURE.activities.map((a) => (a.id === 'bp' ? { ...a, runIn: false } : a));
    expect(runInValueCodes(optOut)).toEqual(['8867-4']);
    expect(runInValueCodes(HYPERTENSION.activities)).toEqual(['8462-4', '8480-6']);
  });
});

describe('slotStatuses', () => {
  it('matches duplicate readings to occasions and tells done, due, missed and upcoming', () => {
    const slots = slotStatuses(
      bp,
      ['2026-02-02T07:05:00+01:00', '2026-02-02T07:07:00+01:00', '2026-02-03T06:58:00+01:00'],
      {
        start,
        timeZone: ZONE,
        now: '2026-02-03T09:00:00+01:00',
        from: '2026-02-02T00:00:00+01:00',
        to: '2026-02-03T23:59:00+01:00',
      },
    );
    expect(slots.map((s) => [s.dueLocal, s.received, s.status])).toEqual([
      ['2026-02-02 07:00', 2, 'done'],
      ['2026-02-02 20:00', 0, 'missed'],
      ['2026-02-03 07:00', 1, 'due'],
      ['2026-02-03 20:00', 0, 'upcoming'],
    ]);
  });

  it('counts each reading for one occasion only', () => {
    const daily = { schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=7,9' }] };
    const slots = slotStatuses(daily, ['2026-02-03T08:00:00+01:00'], {
      start,
      timeZone: ZONE,
      now: '2026-02-03T23:00:00+01:00',
      from: '2026-02-03T00:00:00+01:00',
      to: '2026-02-03T23:00:00+01:00',
    });
    expect(slots.map((s) => s.received)).toEqual([1, 0]);
  });
});

describe('planAdherence', () => {
  it('per activity and overall, only for occasions whose grace has passed', () => {
    const { activities } = mergeProtocols([{ protocol: HEART_FAILURE, version: 1 }]);
    const days = ['2026-02-02', '2026-02-03', '2026-02-04'];
    const times = {
      '29463-7': days.map((d) => `${d}T07:10:00+01:00`),
      '85354-9': [`${days[0]}T07:10:00+01:00`],
    };
    const a = planAdherence(activities, times, {
      start,
      timeZone: ZONE,
      now: '2026-02-04T23:00:00+01:00',
      from: '2026-02-02T00:00:00+01:00',
    });
    expect(a.byActivity.map((x) => [x.activityId, x.expected, x.received])).toEqual([
      ['weight', 3, 3],
      ['bp', 3, 1],
      ['pulse', 3, 0],
      ['symptoms', 3, 0],
    ]);
    expect(a.overall).toEqual({ activityId: '*', expected: 12, received: 4, percent: (4 / 12) * 100 });
  });
});

describe('missedMeasurementRules', () => {
  it('gives due times from the schedule for activities that report misses', () => {
    const rules = missedMeasurementRules(
      HYPERTENSION.activities.map((a) => ({ ...a, sources: ['hypertension'] })),
      { start, timeZone: ZONE, now: '2026-02-03T12:00:00+01:00' },
    );
    expect(rules).toEqual([
      {
        kind: 'missedMeasurement',
        id: 'missed.bp',
        code: '85354-9',
        // Looks back 24 h plus the grace: the 07:00 occasion of 2 Feb is older than that.
        schedule: { dueTimes: ['2026-02-02T19:00:00.000Z', '2026-02-03T06:00:00.000Z'] },
        graceMinutes: 180,
        lookbackHours: 24,
        startsAt: start,
        autoResolve: true,
      },
    ]);
  });
});

describe('missedMeasurementRules with a missed check ("no reading for two days")', () => {
  // Plan starts Monday 2 Feb 2026; the check is due at 12:00 on Mon, Wed, Fri and Sun (CET = UTC+1).
  const weight = { ...HEART_FAILURE.activities[0]!, sources: ['heart-failure'] };
  const timing = (now: string) => ({ start, timeZone: ZONE, now });

  it('uses the check, not the daily schedule, and passes its windows to the rule', () => {
    expect(missedMeasurementRules([weight], timing('2026-02-04T13:00:00+01:00'))).toEqual([
      {
        kind: 'missedMeasurement',
        id: 'missed.weight',
        code: '29463-7',
        schedule: { dueTimes: ['2026-02-04T11:00:00.000Z'] },
        graceMinutes: 0,
        earlyMinutes: 2880,
        lookbackHours: 24,
        startsAt: start,
        autoResolve: true,
      },
    ]);
    // Tuesday afternoon: no check in the last 24 hours, so no rule (a rule without due times never fires).
    expect(missedMeasurementRules([weight], timing('2026-02-03T18:00:00+01:00'))).toEqual([]);
  });

  // [case, fires, readings (local times), now]
  it.each<[string, boolean, string[], string]>([
    ['a reading the day before the check', false, ['2026-02-03T07:10:00+01:00'], '2026-02-04T12:30:00+01:00'],
    ['a reading just under 48 h before', false, ['2026-02-02T12:30:00+01:00'], '2026-02-04T12:30:00+01:00'],
    ['the last reading over 48 h before', true, ['2026-02-02T07:10:00+01:00'], '2026-02-04T12:30:00+01:00'],
    ['no reading at all', true, [], '2026-02-04T12:30:00+01:00'],
    // A late reading counts until the next check opens (the rule's window), so the item clears by itself.
    [
      'a reading just after the check is due',
      false,
      ['2026-02-04T12:10:00+01:00'],
      '2026-02-04T12:30:00+01:00',
    ],
    [
      'one missed morning (Tuesday) before Wednesday noon',
      false,
      ['2026-02-02T07:10:00+01:00', '2026-02-04T07:10:00+01:00'],
      '2026-02-04T12:30:00+01:00',
    ],
    [
      'Tuesday without a check, even with no reading since Sunday',
      false,
      ['2026-02-01T07:10:00+01:00'],
      '2026-02-03T20:00:00+01:00',
    ],
  ])('%s → fires: %s', (_case, fires, readings, now) => {
    const rules = missedMeasurementRules([weight], timing(now));
    const history = { '29463-7': readings.map((time) => ({ time, value: 80 })) };
    const findings = runRules(rules, { patientTimeZone: ZONE, now, history, thresholdsFor: () => ({}) });
    expect(findings.length > 0).toBe(fires);
  });

  it('tells the job how far back to read: 48 hours before the earliest check', () => {
    const rules = missedMeasurementRules([weight], timing('2026-02-04T13:00:00+01:00'));
    expect(new Date(missedRulesReadFrom(rules)!).toISOString()).toBe('2026-02-02T11:00:00.000Z');
    expect(missedRulesReadFrom([])).toBeUndefined();
  });

  it('without a check, a measurement with missedGraceMinutes is checked at every occasion as before', () => {
    const { missedCheck: _c, ...daily } = weight;
    const rules = missedMeasurementRules([daily], timing('2026-02-04T10:00:00+01:00'));
    expect(rules[0]).toMatchObject({
      schedule: { dueTimes: ['2026-02-03T06:00:00.000Z', '2026-02-04T06:00:00.000Z'] },
      graceMinutes: 240,
    });
    expect(rules[0]).not.toHaveProperty('earlyMinutes');
  });
});

describe('monitoring kind', () => {
  it.each([
    [['self-initiated'], 'self-initiated', 'none'],
    [['recommended', 'self-initiated'], 'recommended', 'informational'],
    [['recommended', 'prescribed'], 'prescribed', 'full'],
    [[], null, 'none'],
  ] as const)('%j → %s', (kinds, kind, alerting) => {
    expect(governingKind([...kinds])).toBe(kind);
    expect(alertingFor(governingKind([...kinds]))).toBe(alerting);
  });
});
