import { describe, expect, it } from 'vitest';
import { PROTOCOL_LIBRARY } from './library';
import type { Protocol } from './types';
import { parseProtocol, validateProtocol } from './validate';

const messages = (p: unknown) => validateProtocol(p).map((i) => i.message);
const base = (): Protocol => structuredClone(PROTOCOL_LIBRARY.find((p) => p.id === 'hypertension')!);
/** A symptom-diary activity made from the protocol's first one, with `extra` that the test is about. */
const diaryActivity = (p: Protocol, extra: Partial<Protocol['activities'][number]>) => ({
  ...p.activities[0]!,
  id: 'q',
  kind: 'questionnaire' as const,
  code: 'http://hemma.se/fhir/Questionnaire/symptom-diary',
  thresholds: undefined,
  advice: undefined,
  missedGraceMinutes: undefined,
  ...extra,
});

describe('validateProtocol', () => {
  it.each(PROTOCOL_LIBRARY.map((p) => [p.id, p]))('the shipped %s protocol is valid', (_id, p) => {
    expect(validateProtocol(p)).toEqual([]);
  });

  it('covers the protocols the issue names, each with texts in sv and en', () => {
    expect(PROTOCOL_LIBRARY.map((p) => p.id)).toEqual([
      'hypertension',
      'heart-failure',
      'diabetes-type-1',
      'diabetes-type-2',
      'copd',
      'asthma',
      'hypertension-pregnancy',
      'generic',
    ]);
  });

  it.each<[string, (p: Protocol) => void, string]>([
    [
      'unknown measurement code',
      (p) => {
        p.activities[0]!.code = '9999-9';
      },
      'activities[0].code: 9999-9 is not a measurement in the catalogue',
    ],
    [
      'unknown questionnaire',
      (p) => {
        p.activities.push({
          ...p.activities[0]!,
          id: 'q',
          kind: 'questionnaire',
          code: 'http://example.org/Questionnaire/x',
        });
      },
      'activities[1].code: http://example.org/Questionnaire/x is not a known questionnaire',
    ],
    [
      'low above high',
      (p) => {
        p.activities[0]!.thresholds!['8480-6'] = { yellowLow: 150, yellowHigh: 135 };
      },
      'activities[0].thresholds.8480-6.yellowHigh: 135 must be greater than yellowLow (150); the order is redLow ≤ yellowLow < yellowHigh ≤ redHigh',
    ],
    [
      'threshold on a value the activity does not measure',
      (p) => {
        p.activities[0]!.thresholds!['29463-7'] = { yellowHigh: 100 };
      },
      'activities[0].thresholds.29463-7: 29463-7 is not a value of 85354-9',
    ],
    [
      'a schedule that never fires',
      (p) => {
        p.activities[0]!.schedule = [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7', days: 10 }];
      },
      'activities[0].schedule[0].rrule: FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7 never fires within its 10 day(s) when the plan starts on 1 January',
    ],
    [
      'a missed check that never fires',
      (p) => {
        p.activities[0]!.missedCheck = {
          schedule: [{ rrule: 'FREQ=WEEKLY;BYDAY=SA;BYHOUR=12', days: 5 }],
          earlyMinutes: 2880,
          graceMinutes: 0,
        };
      },
      'activities[0].missedCheck.schedule[0].rrule: FREQ=WEEKLY;BYDAY=SA;BYHOUR=12 never fires within its 5 day(s) when the plan starts on a Monday',
    ],
    [
      'a missed check without timings',
      (p) => {
        p.activities[0]!.missedCheck = { schedule: [], earlyMinutes: 2880, graceMinutes: 0 };
      },
      'activities[0].missedCheck.schedule: needs at least one timing',
    ],
    [
      'a missed check looking back more than a week',
      (p) => {
        p.activities[0]!.missedCheck = {
          schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12' }],
          earlyMinutes: 20000,
          graceMinutes: 0,
        };
      },
      'activities[0].missedCheck.earlyMinutes: 20000 must be a whole number of minutes from 0 to 10080',
    ],
    [
      'a missed check without its grace',
      (p) => {
        p.activities[0]!.missedCheck = {
          schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12' }],
          earlyMinutes: 2880,
        } as never;
      },
      'activities[0].missedCheck.graceMinutes: is required',
    ],
    [
      'a missed check expecting several readings',
      (p) => {
        p.activities[0]!.missedCheck = {
          schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12', readings: 2 }],
          earlyMinutes: 2880,
          graceMinutes: 0,
        };
      },
      'activities[0].missedCheck.schedule[0].readings: a check is met by any one reading; leave readings out',
    ],
    [
      'a missed check that is not an object',
      (p) => {
        p.activities[0]!.missedCheck = 'two days' as never;
      },
      'activities[0].missedCheck: must be an object { schedule, earlyMinutes, graceMinutes }',
    ],
    [
      'a missed check on a questionnaire',
      (p) => {
        p.activities.push(
          diaryActivity(p, {
            missedCheck: {
              schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=12' }],
              earlyMinutes: 2880,
              graceMinutes: 0,
            },
          }),
        );
      },
      'activities[1].missedCheck: only measurements are checked for missing readings',
    ],
    [
      'a run-in flag that is not true or false',
      (p) => {
        p.activities[0]!.runIn = 'no' as never;
      },
      'activities[0].runIn: must be true or false',
    ],
    [
      'a run-in flag on a questionnaire',
      (p) => {
        p.activities.push(diaryActivity(p, { runIn: false }));
      },
      'activities[1].runIn: applies to measurements only (the run-in proposes limits for measured values)',
    ],
    [
      'a confirmed-yellow option that cannot be met',
      (p) => {
        p.rules.push({
          kind: 'absoluteBounds',
          id: 'c',
          code: '85354-9',
          confirm: { readings: 2, withinHours: 2, apartHours: 4 },
        });
      },
      'rules[1].confirm.apartHours: 2 readings at least 4 hours apart cannot all lie within 2 hours of one of them',
    ],
    [
      'missing English text',
      (p) => {
        p.title.en = '';
      },
      'title.en: is required (texts are needed in Swedish and English)',
    ],
    [
      'a rule on something not measured',
      (p) => {
        p.rules.push({ kind: 'absoluteBounds', id: 'w', code: '29463-7' });
      },
      'rules[1].code: no activity measures 29463-7, so the rule can never fire',
    ],
    [
      'an unknown rule kind',
      (p) => {
        p.rules.push({ kind: 'magic', id: 'm' } as never);
      },
      'rules[1].kind: magic is not a rule kind (absoluteBounds, changeOverWindow, baselineDeviation, missedMeasurement, news2, questionnaire, glucose)',
    ],
    [
      'the same measurement twice',
      (p) => {
        p.activities.push({ ...structuredClone(p.activities[0]!), id: 'bp2', code: 'bp' });
      },
      'activities[1].code: bp is already scheduled by activities[0]; give one activity several timings instead',
    ],
    [
      'bad id',
      (p) => {
        p.id = 'Has Spaces';
      },
      'id: must be 2–63 lower-case letters, digits or hyphens',
    ],
  ])('rejects %s', (_name, change, message) => {
    const p = base();
    change(p);
    expect(messages(p)).toContain(message);
  });

  it('parseProtocol returns a copy or all issues', () => {
    const p = base();
    const ok = parseProtocol(p);
    expect(ok.ok && ok.value).toEqual(p);
    expect(parseProtocol(null)).toEqual({
      ok: false,
      issues: [{ field: '', kind: 'invalid', message: 'a protocol must be an object' }],
    });
  });
});
