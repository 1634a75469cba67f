import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  login,
  type TestContext,
} from '../testing/test-context';
import { hasScope } from './scopes';

describe('SMART system scopes', () => {
  it.each([
    [['system/Observation.write'], 'system/Observation.write', true],
    [['system/Observation.write'], 'system/Observation.read', false],
    [['system/*.read'], 'system/Patient.read', true],
    [['system/*.read'], 'system/Observation.write', false],
    [['system/Observation.*'], 'system/Observation.write', true],
    [['system/Observation.rs'], 'system/Observation.read', true],
    [['system/Observation.rs'], 'system/Observation.write', false],
    [['system/Observation.cu'], 'system/Observation.write', true],
    [['patient/Observation.read'], 'system/Observation.read', false],
    [['system/Patient.read'], 'system/Observation.read', false],
    [[], 'system/Patient.read', false],
  ])('%j satisfies %s: %s', (granted, required, expected) => {
    expect(hasScope(granted, required)).toBe(expected);
  });
});

describe.each(DATABASE_KINDS)('care relationship and emergency access (%s database)', (kind) => {
  let t: TestContext;
  let nurseB: Record<string, string>;

  beforeAll(async () => {
    t = await createTestContext(kind);
    nurseB = await login(t.app, 'nurse.b');
  });
  afterAll(() => t.close());

  const open = (headers: Record<string, string>, id = t.fixture.patientA) =>
    t.app.inject({ method: 'GET', url: `/api/staff/patients/${id}`, headers });

  it('reaches a patient through a participating unit, and no longer once the participation ends', async () => {
    const nurse = await login(t.app, 'nurse.b');
    expect((await open(nurse)).statusCode).toBe(404);
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM enrolment WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    await t.db.query(
      `INSERT INTO enrolment_participant (patient_id, enrolment_id, care_unit_id, role) VALUES ($1, $2, $3, 'home-care')`,
      [t.fixture.patientA, rows[0]!.id, t.fixture.unitB],
    );
    expect((await open(nurse)).statusCode).toBe(200);
    const list = json<{ patients: { id: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/patients', headers: nurse }),
    ).patients.map((p) => p.id);
    expect(list).toContain(t.fixture.patientA);
    const logged = await t.db.query(
      `SELECT purpose, actor_unit_id FROM audit_event WHERE patient_id = $1 AND actor_role = 'nurse' ORDER BY id DESC LIMIT 1`,
      [t.fixture.patientA],
    );
    expect(logged.rows[0]).toEqual({ purpose: 'care', actor_unit_id: t.fixture.unitB });
    await t.db.query('UPDATE enrolment_participant SET ended_at = now() WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect((await open(nurse)).statusCode).toBe(404);
  });

  it('finds a patient by personnummer and tells that there is no care relationship', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/staff/patient-lookup',
      headers: nurseB,
      payload: { personnummer: '19121212-1212' },
    });
    expect(json(res)).toEqual({ patientId: t.fixture.patientA, relationship: 'none' });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/staff/patient-lookup',
      headers: nurseB,
      payload: { personnummer: '191212121213' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('191212121213');
  });

  it('grants time-limited emergency access for a stated reason; every access is flagged', async () => {
    const noReason = await t.app.inject({
      method: 'POST',
      url: '/api/staff/emergency-access',
      headers: nurseB,
      payload: { patientId: t.fixture.patientA, reason: 'akut' },
    });
    expect(noReason.statusCode).toBe(400);
    // Ids are UUIDv7 (time-ordered); seq is only set when the sealer chains the row.
    const before = (
      await t.db.query<{ id: string }>('SELECT id::text FROM audit_event e ORDER BY e.id DESC LIMIT 1')
    ).rows[0]!.id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/staff/emergency-access',
      headers: nurseB,
      payload: { patientId: t.fixture.patientA, reason: 'Patienten inkommen akut, journal behövs' },
    });
    expect(res.statusCode).toBe(201);
    const grant = json<{ id: string; startedAt: string; expiresAt: string }>(res);
    const hours = (Date.parse(grant.expiresAt) - Date.parse(grant.startedAt)) / 3600_000;
    expect(hours).toBeCloseTo(4, 3);
    expect((await open(nurseB)).statusCode).toBe(200);
    const obs = await t.app.inject({
      method: 'GET',
      url: `/api/staff/patients/${t.fixture.patientA}/observations`,
      headers: nurseB,
    });
    expect(obs.statusCode).toBe(200);
    const { rows } = await t.db.query<{ purpose: string; follow_up: boolean; emergency_access_id: string }>(
      `SELECT purpose, follow_up, emergency_access_id FROM audit_event a JOIN account acc ON acc.id = a.actor_account_id
       WHERE acc.username = 'nurse.b' AND a.patient_id = $1 AND a.action LIKE 'read %' AND a.id > $2`,
      [t.fixture.patientA, before],
    );
    expect(rows.length).toBe(2);
    for (const r of rows)
      expect(r).toEqual({ purpose: 'emergency', follow_up: true, emergency_access_id: grant.id });
    // Expired: gone again.
    await t.db.query(`UPDATE emergency_access SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      grant.id,
    ]);
    expect((await open(nurseB)).statusCode).toBe(404);
  });

  it('refuses emergency access where a care relationship exists', async () => {
    const nurseA = await login(t.app, 'nurse.a');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/staff/emergency-access',
      headers: nurseA,
      payload: { patientId: t.fixture.patientA, reason: 'Inte nödvändigt, egen patient' },
    });
    expect(res.statusCode).toBe(409);
  });

  it('limits an integration client to its units and enforces its scopes', async () => {
    const token = await gatewayToken(t.app);
    const bearer = { authorization: `Bearer ${token}` };
    const read = (id: string) =>
      t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${id}`, headers: bearer });
    expect((await read(t.fixture.patientB)).statusCode).toBe(200);
    await t.db.query(`INSERT INTO api_client_unit (client_id, care_unit_id) VALUES ('test-gateway', $1)`, [
      t.fixture.unitA,
    ]);
    expect((await read(t.fixture.patientA)).statusCode).toBe(200);
    expect((await read(t.fixture.patientB)).statusCode).toBe(404);
    const search = await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient', headers: bearer });
    const ids = json<{ entry?: { resource: { id: string } }[] }>(search).entry?.map((e) => e.resource.id);
    expect(ids).toEqual([t.fixture.patientA]);
    await t.db.query(`DELETE FROM api_client_unit WHERE client_id = 'test-gateway'`);

    const secret = await hashPassword('reader-secret');
    await t.db.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ('reader', $1, 'Reader', $2)`,
      [secret, ['system/*.read']],
    );
    const tokenRes = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=reader&client_secret=reader-secret',
    });
    const reader = { authorization: `Bearer ${json<{ access_token: string }>(tokenRes).access_token}` };
    const get = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/Observation?patient=${t.fixture.patientA}`,
      headers: reader,
    });
    expect(get.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Observation',
      headers: { ...reader, 'content-type': 'application/fhir+json' },
      payload: { resourceType: 'Observation', id: uuidv7() },
    });
    expect(post.statusCode).toBe(403);
    expect(json<{ resourceType: string }>(post).resourceType).toBe('OperationOutcome');
  });
});
