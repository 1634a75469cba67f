import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { runEscalations } from './run';

const red = {
  measurements: [
    {
      code: '85354-9',
      components: [
        { code: '8480-6', value: 190 },
        { code: '8462-4', value: 115 },
      ],
    },
  ],
};

describe.each(DATABASE_KINDS)('escalation ladders (%s database)', (kind) => {
  let t: TestContext;
  let admin: Record<string, string>;
  let nurse: Record<string, string>;
  let physician: string;
  let alertId: string;
  let raisedAt: Date;

  beforeAll(async () => {
    t = await createTestContext(kind);
    const hash = await hashPassword('secret-password');
    physician = uuidv7();
    const adminId = uuidv7();
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name)
       VALUES ($1, 'doc.a', $3, 'physician', 'Läkare A'), ($2, 'admin.a', $3, 'unit-admin', 'Admin A')`,
      [physician, adminId, hash],
    );
    await t.db.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $3), ($2, $3)', [
      physician,
      adminId,
      t.fixture.unitA,
    ]);
    [admin, nurse] = await Promise.all([login(t.app, 'admin.a'), login(t.app, 'nurse.a')]);
    const patient = await login(t.app, 'patient.a');
    await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...patient, 'idempotency-key': 'red-1' },
      payload: red,
    });
    const { rows } = await t.db.query<{ id: string; created_at: Date }>(
      `SELECT id, created_at FROM alert WHERE patient_id = $1 AND severity = 'red'`,
      [t.fixture.patientA],
    );
    alertId = rows[0]!.id;
    raisedAt = rows[0]!.created_at;
  });
  afterAll(() => t.close());

  const url = () => `/api/staff/units/${t.fixture.unitA}/escalation`;
  const at = (minutes: number) => new Date(raisedAt.getTime() + minutes * 60_000);

  it('lets a unit admin set the ladder, checks it, and refuses nurses and other units', async () => {
    const steps = [
      { afterMinutes: 30, target: 'assigned-nurse', when: 'always' },
      { afterMinutes: 120, target: 'physician-on-duty', when: 'always' },
    ];
    const bad = await t.app.inject({
      method: 'PUT',
      url: url(),
      headers: admin,
      payload: { steps: [...steps].reverse(), physicianOnDuty: physician },
    });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).detail).toBe('Step 2: must come later than step 1.');
    const byNurse = await t.app.inject({
      method: 'PUT',
      url: url(),
      headers: nurse,
      payload: { steps, physicianOnDuty: null },
    });
    expect(byNurse.statusCode).toBe(403);
    const other = await t.app.inject({
      method: 'PUT',
      url: `/api/staff/units/${t.fixture.unitB}/escalation`,
      headers: admin,
      payload: { steps, physicianOnDuty: null },
    });
    expect(other.statusCode).toBe(404);
    const ok = await t.app.inject({
      method: 'PUT',
      url: url(),
      headers: admin,
      payload: { steps, physicianOnDuty: physician },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const read = json<{ steps: unknown[]; physicians: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: url(), headers: nurse }),
    );
    expect(read.steps).toEqual(steps);
    expect(read.physicians.map((p) => p.id)).toEqual([physician]);
  });

  it('escalates an unacknowledged red alert step by step, once per step, on the clock it is given', async () => {
    expect((await runEscalations(t.db, at(29))).stepsTaken).toEqual([]);
    const first = await runEscalations(t.db, at(31));
    expect(first.stepsTaken).toEqual([{ alertId, step: 0, target: 'assigned-nurse', accountId: null }]);
    expect((await runEscalations(t.db, at(31))).stepsTaken).toEqual([]);
    const second = await runEscalations(t.db, at(121));
    expect(second.stepsTaken).toEqual([
      { alertId, step: 1, target: 'physician-on-duty', accountId: physician },
    ]);
    const { rows } = await t.db.query<{ assigned_to: string }>(
      'SELECT assigned_to FROM alert WHERE id = $1',
      [alertId],
    );
    expect(rows[0]!.assigned_to).toBe(physician);
    const log = json<{ escalations: { step: number; notified: string | null }[] }>(
      await t.app.inject({ method: 'GET', url: `/api/staff/alerts/${alertId}/escalations`, headers: nurse }),
    );
    expect(log.escalations).toMatchObject([
      { step: 0, notified: null },
      { step: 1, notified: 'Läkare A' },
    ]);
  });

  it('leaves snoozed and acknowledged alerts alone', async () => {
    await t.db.query(`DELETE FROM alert_escalation WHERE alert_id = $1`, [alertId]);
    await t.db.query(`UPDATE alert SET snoozed_until = $2 WHERE id = $1`, [alertId, at(600)]);
    expect((await runEscalations(t.db, at(300))).stepsTaken).toEqual([]);
    await t.db.query(`UPDATE alert SET snoozed_until = NULL, status = 'acknowledged' WHERE id = $1`, [
      alertId,
    ]);
    expect((await runEscalations(t.db, at(300))).alertsChecked).toBe(0);
  });
});
