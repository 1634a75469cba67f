import { describe, expect, it } from 'vitest';
import { formatRrule, occurrences, parseRrule, validateSchedule } from './schedule';

const ZONE = 'Europe/Stockholm';

describe('parseRrule', () => {
  it.each([
    ['FREQ=DAILY;BYHOUR=7,20', { freq: 'DAILY', interval: 1, byHour: [7, 20], byMinute: [0] }],
    [
      'FREQ=WEEKLY;BYDAY=TH,MO;BYHOUR=7;BYMINUTE=30',
      { freq: 'WEEKLY', interval: 1, byDay: [1, 4], byHour: [7], byMinute: [30] },
    ],
    [
      'RRULE:FREQ=MONTHLY;BYMONTHDAY=1;INTERVAL=2;COUNT=3',
      { freq: 'MONTHLY', interval: 2, byMonthDay: [1], byHour: [8], byMinute: [0], count: 3 },
    ],
  ])('%s', (text, expected) => {
    expect(parseRrule(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'rrule: is required, e.g. FREQ=DAILY;BYHOUR=8'],
    ['BYHOUR=7', 'rrule.FREQ: is required (DAILY, WEEKLY or MONTHLY)'],
    ['FREQ=HOURLY', 'rrule.FREQ: HOURLY is not supported'],
    ['FREQ=DAILY;BYHOUR=25', 'rrule.BYHOUR: 25 is not a whole number from 0 to 23'],
    ['FREQ=WEEKLY;BYDAY=XX', 'rrule.BYDAY: XX is not a weekday'],
    ['FREQ=DAILY;UNTIL=20260101', 'rrule: UNTIL is not supported'],
    ['FREQ=DAILY;BYMONTHDAY=3', 'rrule.BYMONTHDAY: is only supported with FREQ=MONTHLY'],
    ['FREQ=DAILY;COUNT=0', 'rrule.COUNT: 0 is not a whole number from 1 to 100000'],
  ])('rejects %s', (text, message) => {
    const r = parseRrule(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message)).toContain(message);
  });

  it('formats back to the canonical text', () => {
    const r = parseRrule('FREQ=WEEKLY;BYHOUR=7;BYDAY=TH,MO');
    expect(r.ok && formatRrule(r.value)).toBe('FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7');
  });
});

describe('occurrences', () => {
  it('ESH home BP: twice daily for 7 days, then Mondays, duplicate readings', () => {
    const o = occurrences(
      [
        { rrule: 'FREQ=DAILY;BYHOUR=7,20', days: 7, readings: 2 },
        { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7', startDay: 7, readings: 2 },
      ],
      {
        start: '2026-02-02T06:00:00+01:00',
        timeZone: ZONE,
        from: '2026-02-02T00:00:00+01:00',
        to: '2026-02-23T23:00:00+01:00',
      },
    );
    // Plan day 0 is Monday 2 Feb: 14 occasions in days 0–6, then Mondays 9, 16 and 23 Feb.
    expect(o).toHaveLength(17);
    expect(o[0]).toMatchObject({
      due: '2026-02-02T06:00:00.000Z',
      dueLocal: '2026-02-02 07:00',
      readings: 2,
      entry: 0,
    });
    expect(o[13]!.dueLocal).toBe('2026-02-08 20:00');
    expect(o.slice(14).map((x) => x.dueLocal)).toEqual([
      '2026-02-09 07:00',
      '2026-02-16 07:00',
      '2026-02-23 07:00',
    ]);
  });

  it('keeps local wall-clock time across the spring and autumn DST changes', () => {
    const spring = occurrences([{ rrule: 'FREQ=DAILY;BYHOUR=7' }], {
      start: '2026-03-27T12:00:00Z',
      timeZone: ZONE,
      from: '2026-03-28T00:00:00Z',
      to: '2026-03-30T00:00:00Z',
    });
    expect(spring.map((o) => o.due)).toEqual(['2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z']);
    const autumn = occurrences([{ rrule: 'FREQ=DAILY;BYHOUR=7' }], {
      start: '2026-10-20T12:00:00Z',
      timeZone: ZONE,
      from: '2026-10-24T00:00:00Z',
      to: '2026-10-26T00:00:00Z',
    });
    expect(autumn.map((o) => o.due)).toEqual(['2026-10-24T05:00:00.000Z', '2026-10-25T06:00:00.000Z']);
  });

  it('a time in the spring-forward gap moves forward by the gap', () => {
    const o = occurrences([{ rrule: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30' }], {
      start: '2026-03-28T12:00:00Z',
      timeZone: ZONE,
      from: '2026-03-29T00:00:00Z',
      to: '2026-03-29T12:00:00Z',
    });
    expect(o.map((x) => x.dueLocal)).toEqual(['2026-03-29 03:30']);
  });

  it('never gives an occasion before the start instant', () => {
    const o = occurrences([{ rrule: 'FREQ=DAILY;BYHOUR=7,20' }], {
      start: '2026-02-02T10:00:00+01:00',
      timeZone: ZONE,
      from: '2026-02-02T00:00:00+01:00',
      to: '2026-02-02T23:00:00+01:00',
    });
    expect(o.map((x) => x.dueLocal)).toEqual(['2026-02-02 20:00']);
  });

  it('counts COUNT from the first day, INTERVAL from the start, and nothing before the start', () => {
    const o = occurrences([{ rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=3;BYHOUR=9' }], {
      start: '2026-01-01T08:00:00Z',
      timeZone: ZONE,
      from: '2025-12-01T00:00:00Z',
      to: '2026-01-31T00:00:00Z',
    });
    expect(o.map((x) => x.date)).toEqual(['2026-01-01', '2026-01-03', '2026-01-05']);
    const window = occurrences([{ rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=3;BYHOUR=9' }], {
      start: '2026-01-01T08:00:00Z',
      timeZone: ZONE,
      from: '2026-01-04T00:00:00Z',
      to: '2026-01-31T00:00:00Z',
    });
    expect(window.map((x) => x.date)).toEqual(['2026-01-05']);
  });

  it('weekly INTERVAL counts whole weeks; monthly uses the day of the month', () => {
    const w = occurrences([{ rrule: 'FREQ=WEEKLY;INTERVAL=4;BYDAY=MO;BYHOUR=9' }], {
      start: '2026-01-07T08:00:00Z',
      timeZone: ZONE,
      from: '2026-01-01T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
    });
    // Week 0 is the start's week (Monday 5 Jan, before the start on Wednesday 7 Jan, so not due); then every 4th.
    expect(w.map((x) => x.date)).toEqual(['2026-02-02', '2026-03-02']);
    const m = occurrences([{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9' }], {
      start: '2026-01-07T08:00:00Z',
      timeZone: ZONE,
      from: '2026-01-01T00:00:00Z',
      to: '2026-04-02T00:00:00Z',
    });
    expect(m.map((x) => x.date)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
  });
});

describe('validateSchedule', () => {
  it.each([
    [[{ rrule: 'FREQ=DAILY;BYHOUR=8' }]],
    [[{ rrule: 'FREQ=DAILY;BYDAY=SA;BYHOUR=8', days: 7 }]],
    [[{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=28;BYHOUR=8', days: 31 }]],
    [[{ rrule: 'FREQ=WEEKLY;INTERVAL=4;BYDAY=MO;BYHOUR=9' }]],
  ])('accepts %j, which fires whatever day the plan starts', (schedule) => {
    expect(validateSchedule(schedule)).toEqual([]);
  });
  it.each([
    [[], 'schedule: needs at least one timing'],
    [[{ rrule: 'FREQ=DAILY;BYHOUR=8', days: 0 }], 'schedule[0].days: 0 must be a whole number ≥ 1'],
    [
      [{ rrule: 'FREQ=DAILY;BYHOUR=8', readings: 1.5 }],
      'schedule[0].readings: 1.5 must be a whole number ≥ 1',
    ],
    [
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=8', days: 14 }],
      'schedule[0].rrule: FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=8 never fires within its 14 day(s) when the plan starts on 1 January',
    ],
    [
      [{ rrule: 'FREQ=DAILY;BYDAY=SA;BYHOUR=8', days: 5 }],
      'schedule[0].rrule: FREQ=DAILY;BYDAY=SA;BYHOUR=8 never fires within its 5 day(s) when the plan starts on a Monday',
    ],
    [
      [{ rrule: 'FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31;BYHOUR=8' }],
      'schedule[0].rrule: FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31;BYHOUR=8 never fires within two years when the plan starts on 1 February',
    ],
    [[{ rrule: 'FREQ=WEEKLY;BYDAY=XX' }], 'schedule[0].rrule.BYDAY: XX is not a weekday'],
  ])('rejects %j', (schedule, message) => {
    expect(validateSchedule(schedule).map((i) => i.message)).toContain(message);
  });
});
