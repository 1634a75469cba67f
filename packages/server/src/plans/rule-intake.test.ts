import { describeReasons } from '@hemma/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

// Alerts written by the rule engine at intake: one BP reading beyond its limits is one item with each
// component's reason (absoluteBounds on a panel), and alerts keyed per component before that change close on
// the all clear like any other alert of the rule.

interface Reason {
  type: string;
  code: string;
  value: number;
  severity: string;
  limit: number;
}

describe.each(DATABASE_KINDS)('alerts from the plan rules (%s database)', (kind) => {
  let t: TestContext;
  let nurse: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestContext(kind);
    nurse = await login(t.app, 'nurse.a');
    // The fixture's enrolments carry no protocol; enrol patient A with the hypertension protocol.
    await t.db.query(`UPDATE enrolment SET status = 'finished', ended_at = now()`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${t.fixture.patientA}/enrolments`,
      headers: nurse,
      payload: {
        careUnitId: t.fixture.unitA,
        protocols: ['hypertension'],
        kind: 'prescribed',
        responseTimeHours: 24,
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const measure = async (sys: number, dia: number, minutesAgo: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${t.fixture.patientA}/measurements`,
      headers: { ...nurse, 'idempotency-key': `bp-${++n}` },
      payload: {
        measurements: [
          {
            code: 'bp',
            components: [
              { code: '8480-6', value: sys },
              { code: '8462-4', value: dia },
            ],
          },
        ],
        effectiveAt: ago(minutesAgo),
      },
    });
    expect(res.statusCode).toBe(201);
  };
  const alerts = async () =>
    (
      await t.db.query<{
        id: string;
        status: string;
        rule_id: string;
        dedupe_key: string;
        severity: string;
        occurrences: number;
        reasons: Reason[];
        resolution: string | null;
      }>(
        `SELECT id, status, rule_id, dedupe_key, severity, occurrences, reasons, resolution
         FROM alert WHERE patient_id = $1 ORDER BY created_at, dedupe_key`,
        [t.fixture.patientA],
      )
    ).rows;
  const reasonsOf = (rs: Reason[]) => rs.map((r) => [r.code, r.value, r.severity, r.limit]);
  const HOURS_48 = 48 * 60;

  it('a BP reading above both limits is one alert with two reasons; the next reading updates it', async () => {
    // Hypertension (library version 3): red above 180/110, yellow above 159/99 confirmed within 36 hours.
    await measure(190, 115, HOURS_48 + 30);
    let rows = await alerts();
    expect(rows.map((a) => [a.dedupe_key, a.severity, a.occurrences])).toEqual([
      ['hypertension.bp-bounds:85354-9:high', 'red', 1],
    ]);
    expect(reasonsOf(rows[0]!.reasons)).toEqual([
      ['8480-6', 190, 'red', 180],
      ['8462-4', 115, 'red', 110],
    ]);

    // Staff see both components in the worklist item, in words in both languages.
    const { items } = json<{ items: { alertId: string; reasons: Reason[] }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/worklist', headers: nurse }),
    );
    const item = items.find((i) => i.alertId === rows[0]!.id)!;
    expect(describeReasons(item.reasons as never, 'sv')).toBe(
      'Systoliskt blodtryck 190 mmHg, över 180; Diastoliskt blodtryck 115 mmHg, över 110',
    );
    expect(describeReasons(item.reasons as never, 'en')).toBe(
      'Systolic blood pressure 190 mmHg, above 180; Diastolic blood pressure 115 mmHg, above 110',
    );

    // Systolic still red, diastolic now yellow (confirmed by the reading before): the same item, updated.
    await measure(185, 104, HOURS_48 + 20);
    rows = await alerts();
    expect(rows.map((a) => [a.dedupe_key, a.severity, a.occurrences, a.status])).toEqual([
      ['hypertension.bp-bounds:85354-9:high', 'red', 2, 'open'],
    ]);
    expect(reasonsOf(rows[0]!.reasons)).toEqual([
      ['8480-6', 185, 'red', 180],
      ['8462-4', 104, 'yellow', 99],
    ]);
  });

  it('an open alert keyed per component (before one item per reading) closes on the all clear', async () => {
    const [panel] = await alerts();
    // As intake wrote it before: one alert per component.
    await t.db.query(
      `INSERT INTO alert (patient_id, id, severity, reasons, rule_id, rule_kind, dedupe_key, last_seen_at)
       VALUES ($1, gen_random_uuid(), 'yellow', $2, $3, 'absoluteBounds', $4, now())`,
      [
        t.fixture.patientA,
        JSON.stringify([
          {
            type: 'bound',
            code: '8462-4',
            value: 104,
            unit: 'mm[Hg]',
            severity: 'yellow',
            direction: 'high',
            limit: 99,
          },
        ]),
        panel!.rule_id,
        `${panel!.rule_id}:8462-4:high`,
      ],
    );
    // One reading back in range is not the all clear of a rule with confirmed yellow…
    await measure(124, 78, 10);
    expect((await alerts()).filter((a) => a.status === 'open')).toHaveLength(2);
    // …the second is: every open alert of the rule closes, the new panel item and the old per-component one.
    await measure(122, 76, 5);
    const rows = await alerts();
    expect(rows.map((a) => [a.dedupe_key, a.status, a.resolution])).toEqual([
      ['hypertension.bp-bounds:85354-9:high', 'acknowledged', 'all-clear'],
      ['hypertension.bp-bounds:8462-4:high', 'acknowledged', 'all-clear'],
    ]);
  });
});
