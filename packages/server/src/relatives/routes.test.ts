import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

const pulse = { measurements: [{ code: '8867-4', value: 72 }] };

describe.each(DATABASE_KINDS)('relatives (%s database)', (kind) => {
  let t: TestContext;
  let patient: Record<string, string>;
  let relative: Record<string, string>;
  let relativeId: string;

  beforeAll(async () => {
    t = await createTestContext(kind);
    relativeId = uuidv7();
    await t.db.query(
      `INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, 'daughter', $2, 'proxy', 'Dottern')`,
      [relativeId, await hashPassword('secret-password')],
    );
    [patient, relative] = await Promise.all([login(t.app, 'patient.a'), login(t.app, 'daughter')]);
  });
  afterAll(() => t.close());

  const grant = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/patient/relatives', headers: patient, payload });
  const actAs = async (grantId: string) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/proxy/acting-for',
      headers: relative,
      payload: { grantId },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { res, headers: { ...relative, cookie: `${relative.cookie}; ${cookie}` } };
  };

  it('lets the patient grant by username, refusing unknown names and empty permissions', async () => {
    expect(
      (await grant({ username: 'nobody', canView: true, canRecord: false, canMessage: false })).statusCode,
    ).toBe(404);
    expect(
      (await grant({ username: 'nurse.a', canView: true, canRecord: false, canMessage: false })).statusCode,
    ).toBe(404);
    expect(
      (await grant({ username: 'daughter', canView: false, canRecord: false, canMessage: false })).statusCode,
    ).toBe(400);
    const res = await grant({ username: 'Daughter', canView: true, canRecord: false, canMessage: false });
    expect(res.statusCode).toBe(201);
    expect(
      (await grant({ username: 'daughter', canView: true, canRecord: true, canMessage: false })).statusCode,
    ).toBe(409);
    const list = json<{ relatives: { name: string; canView: boolean }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/relatives', headers: patient }),
    );
    expect(list.relatives).toMatchObject([{ name: 'Dottern', canView: true, canRecord: false }]);
  });

  it('makes the relative choose whom they act for, then shows that patient only what the grant allows', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/api/patient/observations', headers: relative });
    expect(before.statusCode).toBe(403);
    const { patients } = json<{ patients: { grantId: string; name: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/proxy/patients', headers: relative }),
    );
    expect(patients).toHaveLength(1);
    const { res, headers } = await actAs(patients[0]!.grantId);
    expect(json(res)).toMatchObject({
      actingFor: { patientName: 'Test Testsson', canView: true, canRecord: false },
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/patient/observations', headers })).statusCode,
    ).toBe(200);
    const record = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...headers, 'idempotency-key': 'p-1' },
      payload: pulse,
    });
    expect(record.statusCode).toBe(403);
    // Someone else's grant id does nothing.
    expect((await actAs(uuidv7())).res.statusCode).toBe(404);
  });

  it('records what the relative enters as done by the proxy, and stops at revocation', async () => {
    const list = json<{ relatives: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/relatives', headers: patient }),
    );
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/patient/relatives/${list.relatives[0]!.id}`,
      headers: patient,
    });
    expect(revoke.statusCode).toBe(204);
    const created = json<{ id: string }>(
      await grant({ username: 'daughter', canView: true, canRecord: true, canMessage: true }),
    );
    const { headers } = await actAs(created.id);
    const record = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...headers, 'idempotency-key': 'p-2' },
      payload: pulse,
    });
    expect(record.statusCode).toBe(201);
    const stored = await t.db.query(
      `SELECT patient_id, entered_by FROM observation WHERE idempotency_key LIKE 'app:p-2%'`,
    );
    expect(stored.rows).toEqual([{ patient_id: t.fixture.patientA, entered_by: relativeId }]);
    const logged = await t.db.query(
      `SELECT actor_role, purpose FROM audit_event WHERE actor_account_id = $1 AND action LIKE 'create %'`,
      [relativeId],
    );
    expect(logged.rows).toEqual([{ actor_role: 'proxy', purpose: 'proxy' }]);
    const seen = json<{ accesses: { unitName: string; purpose: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/access-log', headers: patient }),
    ).accesses;
    expect(seen).toContainEqual(expect.objectContaining({ unitName: 'Dottern', purpose: 'proxy' }));
    await t.app.inject({ method: 'DELETE', url: `/api/patient/relatives/${created.id}`, headers: patient });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/patient/observations', headers })).statusCode,
    ).toBe(403);
  });
});
