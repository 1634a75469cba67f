import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { bloodPressureObservation, loinc, postFhir, VITAL_SIGNS } from '../testing/fhir-observations';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  login,
  type TestContext,
} from '../testing/test-context';

const bp = (patientId: string, systolic: number, diastolic: number, extra: Record<string, unknown> = {}) =>
  bloodPressureObservation(patientId, systolic, diastolic, { extra: { category: VITAL_SIGNS, ...extra } });

const post = (resource: unknown, id?: string) => ({
  resource,
  request: {
    method: 'POST',
    url: 'Observation',
    ...(id ? { ifNoneExist: `identifier=urn:example:gw|${id}` } : {}),
  },
});

interface ResponseBundle {
  resourceType: string;
  type: string;
  entry: {
    fullUrl?: string;
    response: { status: string; location?: string; outcome?: { issue: { diagnostics: string }[] } };
  }[];
}

describe.each(DATABASE_KINDS)('FHIR batch and transaction Bundles (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  const send = (bundle: unknown) => postFhir(t.app, auth, '', bundle);
  const count = async (patientId: string) =>
    (
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM observation WHERE patient_id = $1', [
        patientId,
      ])
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestContext(kind);
    auth = { authorization: `Bearer ${await gatewayToken(t.app)}` };
  });
  afterAll(() => t.close());

  it('stores a batch, answers per entry, and de-duplicates a resent batch by identifier', async () => {
    const { patientA, patientB } = t.fixture;
    const entries = [
      post(bp(patientA, 120, 80), 'b-1'),
      post(bp(patientB, 190, 100), 'b-2'),
      post(bp(patientA, 125, 82), 'b-3'),
      post({ ...bp(patientA, 120, 80), status: 'nonsense' }, 'b-4'),
      post(bp('00000000-0000-7000-8000-000000000000', 120, 80), 'b-5'),
      {
        fullUrl: 'urn:uuid:dev-1',
        resource: { resourceType: 'Device', identifier: [{ value: 'omron-42' }] },
        request: { method: 'POST', url: 'Device' },
      },
      post(bp(patientB, 118, 76, { device: { reference: 'urn:uuid:dev-1' } })),
    ];
    const res = await send({ resourceType: 'Bundle', type: 'batch', entry: entries });
    expect(res.statusCode).toBe(200);
    const body = json<ResponseBundle>(res);
    expect(body.type).toBe('batch-response');
    expect(body.entry.map((e) => e.response.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '400 Bad Request',
      '422 Unprocessable Entity',
      '200 OK',
      '201 Created',
    ]);
    expect(body.entry[3]!.response.outcome!.issue[0]!.diagnostics).toMatch(/Bundle.entry\[3\].*status/);
    expect(body.entry[0]!.response.location).toMatch(/^Observation\/[0-9a-f-]{36}$/);
    expect(await count(patientA)).toBe(2);
    expect(await count(patientB)).toBe(2);
    const device = await t.db.query(
      'SELECT device_id FROM observation WHERE patient_id = $1 AND value = 118',
      [patientB],
    );
    expect(device.rows).toEqual([{ device_id: 'omron-42' }]);
    // The red value raised one alert.
    const alerts = await t.db.query('SELECT severity FROM alert WHERE patient_id = $1', [patientB]);
    expect(alerts.rows).toEqual([{ severity: 'red' }]);

    // The gateway resends the first three (it never saw the answer): the originals come back.
    const again = json<ResponseBundle>(
      await send({ resourceType: 'Bundle', type: 'batch', entry: entries.slice(0, 3) }),
    );
    expect(again.entry.map((e) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(again.entry.map((e) => e.response.location)).toEqual(
      body.entry.slice(0, 3).map((e) => e.response.location),
    );
    expect(await count(patientA)).toBe(2);
    expect((await t.db.query('SELECT 1 FROM alert WHERE patient_id = $1', [patientB])).rowCount).toBe(1);
  });

  it('treats a repeated identifier inside one bundle as one observation', async () => {
    const { patientA } = t.fixture;
    const before = await count(patientA);
    const res = await send({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [post(bp(patientA, 121, 81), 'dup-1'), post(bp(patientA, 121, 81), 'dup-1')],
    });
    const body = json<ResponseBundle>(res);
    expect(body.entry.map((e) => e.response.status)).toEqual(['201 Created', '200 OK']);
    expect(body.entry[0]!.response.location).toBe(body.entry[1]!.response.location);
    expect(await count(patientA)).toBe(before + 1);
  });

  it('stores all of a transaction or none of it', async () => {
    const { patientA } = t.fixture;
    const before = await count(patientA);
    const bad = await send({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        post(bp(patientA, 130, 85), 't-1'),
        post({ ...bp(patientA, 130, 85), code: loinc('0000-0') }, 't-2'),
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(json<{ resourceType: string; issue: { expression: string[] }[] }>(bad).resourceType).toBe(
      'OperationOutcome',
    );
    expect(await count(patientA)).toBe(before);

    const good = await send({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [post(bp(patientA, 130, 85), 't-1'), post(bp(patientA, 131, 86), 't-3')],
    });
    expect(good.statusCode).toBe(200);
    expect(json<ResponseBundle>(good).type).toBe('transaction-response');
    expect(await count(patientA)).toBe(before + 2);
  });

  it('rejects what is not a batch or transaction Bundle, and requires a token', async () => {
    expect((await send({ resourceType: 'Bundle', type: 'collection', entry: [] })).statusCode).toBe(400);
    expect((await send({ resourceType: 'Patient' })).statusCode).toBe(400);
    expect(
      (
        await send({
          resourceType: 'Bundle',
          type: 'batch',
          entry: [{ request: { method: 'DELETE', url: 'Observation/1' } }],
        })
      ).statusCode,
    ).toBe(200);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [] }),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('writes one audit entry per patient of the bundle', async () => {
    const { patientA, patientB } = t.fixture;
    const audits = async () =>
      (
        await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_event WHERE action = 'create /fhir/R4' AND patient_id = ANY($1)`,
          [[patientA, patientB]],
        )
      ).rows[0]!.n;
    const before = await audits();
    await send({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [post(bp(patientA, 119, 79)), post(bp(patientA, 119, 79)), post(bp(patientB, 119, 79))],
    });
    expect(await audits()).toBe(before + 2);
  });

  it('stores each identifier once, whatever mix of new, repeated, resent and broken entries arrives', async () => {
    const { patientA } = t.fixture;
    const stored = new Set<string>();
    let run = 0;
    const entryArb = fc.oneof(
      fc.record({
        kind: fc.constant('ok' as const),
        id: fc.integer({ min: 0, max: 12 }),
        sys: fc.integer({ min: 90, max: 200 }),
      }),
      fc.record({
        kind: fc.constant('broken' as const),
        id: fc.integer({ min: 0, max: 12 }),
        sys: fc.constant(0),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 15 }), async (entries) => {
        run++;
        const key = (id: number) => `prop-${id}`;
        const res = await send({
          resourceType: 'Bundle',
          type: 'batch',
          entry: entries.map((e) =>
            e.kind === 'ok'
              ? post(bp(patientA, e.sys, 80), key(e.id))
              : post({ ...bp(patientA, e.sys, 80), subject: 7 }, key(e.id)),
          ),
        });
        expect(res.statusCode).toBe(200);
        const statuses = json<ResponseBundle>(res).entry.map((x) => x.response.status);
        const seenHere = new Set<string>();
        entries.forEach((e, i) => {
          if (e.kind === 'broken') {
            expect(statuses[i]).toBe('400 Bad Request');
            return;
          }
          const k = key(e.id);
          expect(statuses[i], `run ${run} entry ${i}`).toBe(
            stored.has(k) || seenHere.has(k) ? '200 OK' : '201 Created',
          );
          seenHere.add(k);
        });
        for (const k of seenHere) stored.add(k);
        const rows = await t.db.query<{ n: number; keys: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM observation
           WHERE patient_id = $1 AND idempotency_key LIKE 'id:urn:example:gw|prop-%'`,
          [patientA],
        );
        expect(rows.rows[0]).toEqual({ n: stored.size, keys: stored.size });
      }),
      { seed: 9, numRuns: 25 },
    );
  });

  it('answers each entry of a Bundle mixing patients the client may and may not reach', async () => {
    const { patientA, patientB, unitA } = t.fixture;
    // A gateway limited to unit A reaches patient A (enrolled there), not patient B.
    await t.db.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ('unit-a-gw', $1, 'unit-a-gw', $2)`,
      [await hashPassword('s3cret-value'), ['system/Observation.write']],
    );
    await t.db.query(`INSERT INTO api_client_unit (client_id, care_unit_id) VALUES ('unit-a-gw', $1)`, [
      unitA,
    ]);
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=unit-a-gw&client_secret=s3cret-value',
    });
    const limited = { authorization: `Bearer ${json<{ access_token: string }>(token).access_token}` };
    const sendAs = (bundle: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/R4',
        headers: { ...limited, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(bundle),
      });
    const audits = async (patientId: string) =>
      (
        await t.db.query(
          `SELECT actor_unit_id, purpose FROM audit_event WHERE actor_client_id = 'unit-a-gw' AND patient_id = $1`,
          [patientId],
        )
      ).rows;
    const [beforeA, beforeB] = [await count(patientA), await count(patientB)];
    const entries = [
      post(bp(patientA, 122, 80), 'mix-1'),
      post(bp(patientB, 122, 80), 'mix-2'),
      post(bp(patientA, 123, 81), 'mix-3'),
      post(bp('00000000-0000-7000-8000-000000000001', 120, 80), 'mix-4'),
      post({ ...bp(patientA, 120, 80), effectiveDateTime: 'yesterday' }, 'mix-5'),
      post(bp(patientB, 200, 120), 'mix-6'),
    ];
    const res = await sendAs({ resourceType: 'Bundle', type: 'batch', entry: entries });
    const body = json<ResponseBundle>(res);
    expect(body.entry.map((e) => e.response.status)).toEqual([
      '201 Created',
      '422 Unprocessable Entity',
      '201 Created',
      '422 Unprocessable Entity',
      '400 Bad Request',
      '422 Unprocessable Entity',
    ]);
    for (const i of [1, 3, 5]) {
      // The same words for an unknown and an unreachable patient, naming the entry and the field.
      expect(body.entry[i]!.response.outcome!.issue[0]!.diagnostics).toBe(
        `Bundle.entry[${i}].resource.subject.reference: the patient does not exist or is not reachable with this client`,
      );
    }
    expect(body.entry[4]!.response.outcome!.issue[0]!.diagnostics).toMatch(/^Bundle\.entry\[4\]/);
    expect(await count(patientA)).toBe(beforeA + 2);
    expect(await count(patientB)).toBe(beforeB);
    // One audit row for the patient reached, on the unit that carries the relationship; none for B.
    expect(await audits(patientA)).toEqual([{ actor_unit_id: unitA, purpose: 'integration' }]);
    expect(await audits(patientB)).toEqual([]);

    // A transaction with an unreachable patient stores nothing, not even the reachable entries.
    const tx = await sendAs({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [post(bp(patientA, 124, 80), 'mix-7'), post(bp(patientB, 124, 80), 'mix-8')],
    });
    expect(tx.statusCode).toBe(422);
    expect(await count(patientA)).toBe(beforeA + 2);
  });

  it("applies a care plan's rules to its patient's entries, like a single POST", async () => {
    const { patientB, unitB } = t.fixture;
    const nurseB = await login(t.app, 'nurse.b');
    const enrol = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${patientB}/enrolments`,
      headers: nurseB,
      payload: { careUnitId: unitB, protocols: ['hypertension'], kind: 'prescribed', responseTimeHours: 24 },
    });
    expect(enrol.statusCode).toBe(201);
    const since = new Date().toISOString();
    const res = await send({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [post(bp(patientB, 185, 100), 'plan-1'), post(bp(patientB, 186, 101), 'plan-2')],
    });
    expect(json<ResponseBundle>(res).entry.map((e) => e.response.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    // The plan's rules decide: every alert carries the rule that raised it (the plain path has none).
    const alerts = await t.db.query<{ rule_kind: string | null }>(
      'SELECT rule_kind FROM alert WHERE patient_id = $1 AND created_at >= $2',
      [patientB, since],
    );
    expect(alerts.rows.length).toBeGreaterThan(0);
    expect(alerts.rows.every((a) => a.rule_kind !== null)).toBe(true);
  });
});
