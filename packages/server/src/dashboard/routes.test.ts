import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import type { Dashboard } from './metrics';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('follow-up dashboard (%s database)', (kind) => {
  let t: TestContext;
  let nurse: Record<string, string>;
  // Enrolled 160 days ago: weeks 20–21 of enrolment lie 20–6 days ago, today's red value after them.
  const started = new Date(Date.now() - 160 * DAY);

  const insert = (code: string, at: Date, value: number, value2: number | null, unit: string) =>
    t.db.query(
      `INSERT INTO observation (patient_id, id, code, effective_at, value, value2, unit, original_values, original_units, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'patient-app')`,
      [t.fixture.patientA, uuidv7(), code, at, value, value2, unit, [value], [unit]],
    );
  // Adherence counts Stockholm days, so values meant for different days are put at noon of those days:
  // now − d × 24 h is the same calendar day as now on the evening the clocks go back (25-hour day).
  const noonDaysAgo = async (d: number) =>
    (
      await t.db.query<{ at: Date }>(
        `SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Stockholm') - $1::int * interval '1 day'
                 + interval '12 hours') AT TIME ZONE 'Europe/Stockholm' AS at`,
        [d],
      )
    ).rows[0]!.at;

  beforeAll(async () => {
    t = await createTestContext(kind);
    nurse = await login(t.app, 'nurse.a');
    await t.db.query('UPDATE enrolment SET started_at = $2 WHERE patient_id = $1', [
      t.fixture.patientA,
      started,
    ]);
    // Weeks 0–1: BP around 150/95, weight 90; weeks 20–21: 134/84 and 87.
    for (let d = 1; d <= 4; d++) {
      await insert('85354-9', new Date(started.getTime() + d * DAY), 148 + d, 94 + (d % 2) * 2, 'mm[Hg]');
      // Day 140 + d of enrolment: 20 − d days ago.
      await insert('85354-9', await noonDaysAgo(20 - d), 132 + d, 83 + (d % 2) * 2, 'mm[Hg]');
      await insert('29463-7', new Date(started.getTime() + d * DAY), 90, null, 'kg');
      await insert('29463-7', await noonDaysAgo(20 - d), 87, null, 'kg');
    }
    // The last 28 days: glucose on 4 days, 3 of 4 values in range.
    for (const [d, v] of [
      [1, 5.5],
      [2, 7.1],
      [3, 12.4],
      [4, 9.9],
    ] as const) {
      await insert('15074-8', await noonDaysAgo(d), v, null, 'mmol/L');
    }
    // One red alert acknowledged after 10 minutes, and 30 minutes of recorded handling.
    const patient = await login(t.app, 'patient.a');
    await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...patient, 'idempotency-key': 'r' },
      payload: {
        measurements: [
          {
            code: '85354-9',
            components: [
              { code: '8480-6', value: 190 },
              { code: '8462-4', value: 115 },
            ],
          },
        ],
      },
    });
    await t.db.query(
      `UPDATE alert SET status = 'acknowledged', acknowledged_at = created_at + interval '10 minutes',
         acknowledged_by = $2 WHERE patient_id = $1`,
      [t.fixture.patientA, t.fixture.nurseA],
    );
    const spent = await t.app.inject({
      method: 'POST',
      url: '/api/staff/handling',
      headers: nurse,
      payload: { patientId: t.fixture.patientA, itemKind: 'patient', seconds: 1800 },
    });
    expect(spent.statusCode).toBe(204);
  });
  afterAll(() => t.close());

  it('computes the follow-up figures of a unit from the recorded data', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/staff/dashboard?unit=${t.fixture.unitA}`,
      headers: nurse,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = json<Dashboard>(res);
    expect(d.patients).toBe(1);
    expect(d.patientsByKind).toEqual({ prescribed: 1 });
    // 1 alert over 1 patient × 4 weeks = 25 per 100 patient-weeks; 30 min over 4 weeks = 750 per 100 patients.
    expect(d.alertsPer100PatientWeeks).toBe(25);
    expect(d.staffMinutesPer100PatientsPerWeek).toBe(750);
    expect(d.medianMinutesToAcknowledgeRed).toBe(10);
    // Days with values in the last 28: 4 glucose days, 4 days of weeks 20–21 (16–19 days ago), today = 9 of 28.
    expect(d.adherencePercent).toBe(32.1);
    expect(d.outcomes.homeBp).toEqual({ patients: 1, early: [151, 95], late: [135, 84] });
    expect(d.outcomes.weight).toEqual({ patients: 1, early: 90, late: 87 });
    expect(d.outcomes.glucoseTimeInRangePercent).toBe(75);
    expect(d.weeks.reduce((s, w) => s + w.alerts, 0)).toBe(1);
  });

  // PostgreSQL only: the embedded database reads the process's (here faked) clock, so it cannot lag.
  it.runIf(kind === 'postgres')('ends a period without `to` at the database clock', async () => {
    // An app server whose clock lags the database's by ten minutes still counts the alert just raised.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 10 * 60_000 });
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/staff/dashboard?unit=${t.fixture.unitA}`,
        headers: nurse,
      });
      expect(json<Dashboard>(res).alertsPer100PatientWeeks).toBe(25);
    } finally {
      vi.useRealTimers();
    }
  });

  it('downloads the same figures as CSV and refuses another unit', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/staff/dashboard.csv?unit=${t.fixture.unitA}`,
      headers: nurse,
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('alerts_per_100_patient_weeks,25\r\n');
    expect(csv.body, csv.body).toContain('home_bp_weeks_20_21,135/84\r\n');
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/staff/dashboard?unit=${t.fixture.unitB}`,
      headers: nurse,
    });
    expect(other.statusCode).toBe(404);
  });
});
