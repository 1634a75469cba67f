import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

describe.each(DATABASE_KINDS)('administration (%s database)', (kind) => {
  let t: TestContext;
  let sys: Record<string, string>;
  let unitAdmin: Record<string, string>;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestContext(kind);
    const hash = await hashPassword('secret-password');
    for (const [username, role, unit] of [
      ['sys', 'system-admin', null],
      ['uadmin', 'unit-admin', t.fixture.unitA],
    ] as const) {
      const id = uuidv7();
      await t.db.query(
        'INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, $4, $2)',
        [id, username, hash, role],
      );
      if (unit) await t.db.query('INSERT INTO staff_membership VALUES ($1, $2)', [id, unit]);
    }
    sys = await login(t.app, 'sys');
    unitAdmin = await login(t.app, 'uadmin');
  });
  afterAll(() => t.close());

  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  const auditActions = async () =>
    (
      await t.db.query<{ action: string; patient_id: string | null }>(
        "SELECT action, patient_id FROM audit_event WHERE action LIKE 'admin.%' ORDER BY id",
      )
    ).rows;

  it('creates a municipality and a care unit with an HSA-id, audited', async () => {
    const org = await call(sys, 'POST', '/api/admin/organisations', {
      name: 'Exempelby kommun',
      kind: 'municipality',
    });
    expect(org.statusCode).toBe(201);
    orgId = json<{ id: string }>(org).id;
    const bad = await call(sys, 'POST', '/api/admin/units', {
      name: 'Hemsjukvården',
      hsaId: 'SE123',
      organisationId: orgId,
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).detail).toMatch(/HSA-id/);
    const unit = await call(sys, 'POST', '/api/admin/units', {
      name: 'Hemsjukvården',
      hsaId: 'SE2120001553-4711',
      organisationId: orgId,
    });
    expect(unit.statusCode).toBe(201);
    expect(json(unit)).toMatchObject({
      name: 'Hemsjukvården',
      hsaId: 'SE2120001553-4711',
      organisation: { id: orgId, kind: 'municipality' },
    });
    const duplicate = await call(sys, 'POST', '/api/admin/units', {
      name: 'Annan',
      hsaId: 'SE2120001553-4711',
      organisationId: orgId,
    });
    expect(duplicate.statusCode).toBe(409);
    const units = json<{ units: { name: string }[] }>(await call(sys, 'GET', '/api/admin/units')).units;
    expect(units.map((u) => u.name)).toContain('Hemsjukvården');
    expect(await auditActions()).toEqual([
      { action: 'admin.organisation.create /api/admin/organisations', patient_id: null },
      { action: 'admin.unit.create /api/admin/units', patient_id: null },
    ]);
  });

  it('creates staff with units, changes role and units, and a disabled account is logged out', async () => {
    const created = await call(sys, 'POST', '/api/admin/staff', {
      username: 'Ny.Skoterska',
      displayName: 'Ny Sköterska',
      role: 'nurse',
      hsaId: 'se2321000016-1003',
      unitIds: [t.fixture.unitA],
      password: 'a-long-initial-password',
    });
    expect(created.statusCode).toBe(201);
    const staff = json<{ id: string }>(created);
    expect(staff).toMatchObject({
      username: 'ny.skoterska',
      hsaId: 'SE2321000016-1003',
      role: 'nurse',
      secondFactor: false,
      units: [{ id: t.fixture.unitA, name: 'Enhet A' }],
    });
    const session = await login(t.app, 'ny.skoterska', 'a-long-initial-password');
    const updated = await call(sys, 'PUT', `/api/admin/staff/${staff.id}`, {
      displayName: 'Ny Sköterska',
      role: 'municipal-nurse',
      unitIds: [t.fixture.unitA, t.fixture.unitB],
    });
    expect(json(updated)).toMatchObject({
      role: 'municipal-nurse',
      units: [{ name: 'Enhet A' }, { name: 'Enhet B' }],
    });
    // The role changed: the old session (with the old role) is gone.
    expect((await call(session, 'GET', '/api/me')).statusCode).toBe(401);
    const again = await login(t.app, 'ny.skoterska', 'a-long-initial-password');
    await call(sys, 'PUT', `/api/admin/staff/${staff.id}`, {
      displayName: 'Ny Sköterska',
      role: 'municipal-nurse',
      unitIds: [],
      disabled: true,
    });
    expect((await call(again, 'GET', '/api/me')).statusCode).toBe(401);
    await expect(login(t.app, 'ny.skoterska', 'a-long-initial-password')).rejects.toThrow(/401/);
    const dup = await call(sys, 'POST', '/api/admin/staff', {
      username: 'ny.skoterska',
      displayName: 'X',
      role: 'nurse',
      unitIds: [],
    });
    expect(dup.statusCode).toBe(409);
  });

  it('keeps unit administrators to their own units and below system administrator', async () => {
    const list = json<{ staff: { username: string }[] }>(
      await call(unitAdmin, 'GET', '/api/admin/staff'),
    ).staff;
    expect(list.map((s) => s.username)).toContain('nurse.a');
    expect(list.map((s) => s.username)).not.toContain('nurse.b');
    const base = { displayName: 'X', role: 'nurse', unitIds: [t.fixture.unitA] };
    expect(
      (
        await call(unitAdmin, 'POST', '/api/admin/staff', {
          ...base,
          username: 'x1',
          unitIds: [t.fixture.unitB],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await call(unitAdmin, 'POST', '/api/admin/staff', { ...base, username: 'x2', role: 'system-admin' }))
        .statusCode,
    ).toBe(403);
    expect((await call(unitAdmin, 'POST', '/api/admin/staff', { ...base, username: 'x3' })).statusCode).toBe(
      201,
    );
    expect(
      (await call(unitAdmin, 'POST', '/api/admin/units', { name: 'U', organisationId: orgId })).statusCode,
    ).toBe(403);
    expect((await call(unitAdmin, 'GET', '/api/admin/clients')).statusCode).toBe(403);
    expect((await call(await login(t.app, 'nurse.a'), 'GET', '/api/admin/staff')).statusCode).toBe(403);
  });

  it('creates an integration client whose secret is shown once and works; scope changes and disabling apply at once', async () => {
    const bad = await call(sys, 'POST', '/api/admin/clients', {
      name: 'G',
      scopes: ['Observation.write'],
      unitIds: [],
    });
    expect(bad.statusCode).toBe(400);
    const res = await call(sys, 'POST', '/api/admin/clients', {
      name: 'Gateway Nord',
      scopes: ['system/Observation.write', 'system/Patient.read'],
      unitIds: [t.fixture.unitA],
    });
    expect(res.statusCode).toBe(201);
    const { client, clientSecret } = json<{ client: { clientId: string }; clientSecret: string }>(res);
    expect(clientSecret).toMatch(/^[\w-]{43}$/);
    const stored = await t.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM api_client WHERE client_id = $1',
      [client.clientId],
    );
    expect(stored.rows[0]!.secret_hash).toMatch(/^\$argon2id\$/);
    const listed = await call(sys, 'GET', '/api/admin/clients');
    expect(listed.body).not.toContain(clientSecret);
    expect(json<{ clients: unknown[] }>(listed).clients).toContainEqual(
      expect.objectContaining({ clientId: client.clientId, unitIds: [t.fixture.unitA], disabled: false }),
    );

    const token = async (secret: string) =>
      t.app.inject({
        method: 'POST',
        url: '/oauth2/token',
        payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret },
      });
    const granted = await token(clientSecret);
    expect(json(granted)).toMatchObject({ scope: 'system/Observation.write system/Patient.read' });
    const bearer = { authorization: `Bearer ${json<{ access_token: string }>(granted).access_token}` };
    expect((await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient', headers: bearer })).statusCode).toBe(
      200,
    );

    await call(sys, 'PUT', `/api/admin/clients/${client.clientId}`, {
      name: 'Gateway Nord',
      scopes: ['system/Observation.write'],
      unitIds: [t.fixture.unitA],
      disabled: true,
    });
    expect((await token(clientSecret)).statusCode).toBe(401);

    const rotated = await call(sys, 'POST', `/api/admin/clients/${client.clientId}/secret`);
    const newSecret = json<{ clientSecret: string }>(rotated).clientSecret;
    expect(newSecret).not.toBe(clientSecret);
    await call(sys, 'PUT', `/api/admin/clients/${client.clientId}`, {
      name: 'Gateway Nord',
      scopes: ['system/Observation.write'],
      unitIds: [],
    });
    expect((await token(clientSecret)).statusCode).toBe(401);
    expect(json(await token(newSecret))).toMatchObject({ scope: 'system/Observation.write' });
    const actions = (await auditActions()).map((a) => a.action.split(' ')[0] ?? '');
    expect(actions.filter((a) => a.startsWith('admin.client'))).toEqual([
      'admin.client.create',
      'admin.client.update',
      'admin.client.secret',
      'admin.client.update',
    ]);
  });
});
