import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

const bp = (systolic: number, diastolic: number) => ({
  measurements: [
    {
      code: '85354-9',
      components: [
        { code: '8480-6', value: systolic },
        { code: '8462-4', value: diastolic },
      ],
    },
  ],
});

interface Item {
  alertId: string;
  patientId: string;
  severity: string;
  reasons: { code: string; value: number; limit: number }[];
  at: string;
}

describe.each(DATABASE_KINDS)('staff routes (%s database)', (kind) => {
  let t: TestContext;
  let nurseA: Record<string, string>;
  let nurseB: Record<string, string>;
  let patientA: Record<string, string>;
  const record = (payload: object, key: string, as = patientA) =>
    t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...as, 'idempotency-key': key },
      payload,
    });
  const worklist = async (headers: Record<string, string>, query = '') =>
    json<{ items: Item[] }>(
      await t.app.inject({ method: 'GET', url: `/api/staff/worklist${query}`, headers }),
    ).items;

  beforeAll(async () => {
    t = await createTestContext(kind);
    [nurseA, nurseB, patientA] = await Promise.all([
      login(t.app, 'nurse.a'),
      login(t.app, 'nurse.b'),
      login(t.app, 'patient.a'),
    ]);
  });
  afterAll(() => t.close());

  it('shows a new alert on the worklist of the patient unit only, red before yellow, oldest first', async () => {
    await record(bp(150, 88), 'y1');
    await record(bp(182, 112), 'r1');
    await record(bp(190, 100), 'r2');
    const items = await worklist(nurseA);
    expect(items.map((i) => i.severity)).toEqual(['red', 'red', 'yellow']);
    expect(items[0]!.reasons[0]).toMatchObject({ code: '8480-6', value: 182, limit: 180 });
    expect(items[0]!.at <= items[1]!.at).toBe(true);
    expect(await worklist(nurseA, '?severity=yellow')).toHaveLength(1);
    expect(await worklist(nurseB)).toHaveLength(0);
  });

  it('hides another unit patient behind the same 404 as an unknown one', async () => {
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/staff/patients/${t.fixture.patientA}`,
      headers: nurseB,
    });
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/staff/patients/018f0000-0000-7000-8000-000000000000',
      headers: nurseB,
    });
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.body).toBe(unknown.body);
    for (const url of ['observations', 'alerts', 'thresholds']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/staff/patients/${t.fixture.patientA}/${url}`,
        headers: nurseB,
      });
      expect(res.statusCode).toBe(404);
    }
    const entry = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${t.fixture.patientA}/measurements`,
      headers: { ...nurseB, 'idempotency-key': 'intruder' },
      payload: bp(120, 80),
    });
    expect(entry.statusCode).toBe(404);
    const alertId = (await worklist(nurseA))[0]!.alertId;
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/staff/alerts/${alertId}/acknowledge`,
      headers: nurseB,
      payload: {},
    });
    expect(ack.statusCode).toBe(404);
  });

  it('opens the patient with detail, history and alerts, and audit-logs each access', async () => {
    const before = Number(
      (
        await t.db.query('SELECT count(*) AS n FROM audit_event WHERE actor_account_id = $1', [
          t.fixture.nurseA,
        ])
      ).rows[0]!.n,
    );
    const detail = json<{ name: string; measurementCodes: string[]; openAlerts: number }>(
      await t.app.inject({
        method: 'GET',
        url: `/api/staff/patients/${t.fixture.patientA}`,
        headers: nurseA,
      }),
    );
    expect(detail.measurementCodes).toContain('85354-9');
    expect(detail.openAlerts).toBe(3);
    const obs = json<{ observations: unknown[] }>(
      await t.app.inject({
        method: 'GET',
        url: `/api/staff/patients/${t.fixture.patientA}/observations?code=8480-6`,
        headers: nurseA,
      }),
    );
    expect(obs.observations).toHaveLength(3);
    const after = Number(
      (
        await t.db.query('SELECT count(*) AS n FROM audit_event WHERE actor_account_id = $1', [
          t.fixture.nurseA,
        ])
      ).rows[0]!.n,
    );
    expect(after - before).toBe(2);
    const list = json<{ patients: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/patients?q=testsson', headers: nurseA }),
    );
    expect(list.patients.map((p) => p.id)).toEqual([t.fixture.patientA]);
  });

  it('acknowledges an alert once, with who, when and the note', async () => {
    const [first] = await worklist(nurseA);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/alerts/${first!.alertId}/acknowledge`,
      headers: nurseA,
      payload: { note: 'Ringt patienten, ökad dos.' },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'Sköterska A',
      note: 'Ringt patienten, ökad dos.',
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/staff/alerts/${first!.alertId}/acknowledge`,
      headers: nurseA,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    expect((await worklist(nurseA)).map((i) => i.alertId)).not.toContain(first!.alertId);
  });

  it('lets staff override thresholds with a reason and keeps the history', async () => {
    const url = `/api/staff/patients/${t.fixture.patientA}/thresholds/8480-6`;
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      headers: nurseA,
      payload: { reason: 'fel', thresholds: { yellowHigh: 190, redHigh: 170 } },
    });
    expect(bad.statusCode).toBe(400);
    const res = await t.app.inject({
      method: 'PUT',
      url,
      headers: nurseA,
      payload: {
        reason: 'Graviditet, snävare gräns',
        thresholds: { redLow: 90, yellowLow: 100, yellowHigh: 130, redHigh: 150 },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      code: '8480-6',
      isDefault: false,
      changedBy: 'Sköterska A',
      reason: 'Graviditet, snävare gräns',
    });
    const feedback = json<{ results: { evaluation: { severity: string } }[] }>(
      await record(bp(155, 80), 'after-override'),
    );
    expect(feedback.results[0]!.evaluation.severity).toBe('red');
    const history = await t.db.query(
      'SELECT reason, changed_by FROM threshold_change WHERE patient_id = $1',
      [t.fixture.patientA],
    );
    expect(history.rows).toEqual([{ reason: 'Graviditet, snävare gräns', changed_by: t.fixture.nurseA }]);
  });

  it('records staff-entered values marked as such', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${t.fixture.patientA}/measurements`,
      headers: { ...nurseA, 'idempotency-key': 'phone-1' },
      payload: { measurements: [{ code: '29463-7', value: 71.5 }] },
    });
    expect(res.statusCode).toBe(201);
    const row = await t.db.query(
      'SELECT source, entered_by FROM observation WHERE patient_id = $1 AND code = $2',
      [t.fixture.patientA, '29463-7'],
    );
    expect(row.rows).toEqual([{ source: 'staff', entered_by: t.fixture.nurseA }]);
  });

  it('streams new alerts of my units over server-sent events, and nothing of other units', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const open = async (headers: Record<string, string>) => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/staff/events`, { headers, signal: controller.signal });
      const reader = res.body!.getReader();
      let text = '';
      const until = async (pattern: RegExp, ms: number) => {
        const deadline = Date.now() + ms;
        while (!pattern.test(text) && Date.now() < deadline) {
          const chunk = await Promise.race([
            reader.read(),
            new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
          ]);
          if (chunk && !chunk.done) text += new TextDecoder().decode(chunk.value);
        }
        return text;
      };
      return { res, until, close: () => controller.abort() };
    };
    const a = await open({ cookie: nurseA.cookie! });
    const b = await open({ cookie: nurseB.cookie! });
    expect(a.res.headers.get('content-type')).toContain('text/event-stream');
    await a.until(/connected/, 2000);
    await record(bp(185, 95), 'live-1');
    const received = await a.until(/event: alert-created/, 5000);
    expect(received).toMatch(/event: alert-created\ndata: .*"severity":"red"/);
    expect(await b.until(/event: alert-created/, 300)).not.toMatch(/alert-created/);
    a.close();
    b.close();
  });
});
