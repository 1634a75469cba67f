import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

const bp = (systolic: number, diastolic: number, unit = 'mm[Hg]') => ({
  code: '85354-9',
  components: [
    { code: '8480-6', value: systolic, unit },
    { code: '8462-4', value: diastolic, unit },
  ],
});

describe.each(DATABASE_KINDS)('patient routes (%s database)', (kind) => {
  let t: TestContext;
  let headers: Record<string, string>;
  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM observation')).rows[0]!.n);
  const post = (payload: unknown, key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...headers, 'idempotency-key': key },
      payload: payload as object,
    });

  beforeAll(async () => {
    t = await createTestContext(kind);
    headers = await login(t.app, 'patient.a');
  });
  afterAll(() => t.close());

  it('stores a blood pressure of 182/112 with its red alert and answers with the advice', async () => {
    const res = await post({ measurements: [bp(182, 112), { code: '8867-4', value: 77 }] }, 'k-1');
    expect(res.statusCode).toBe(201);
    const { results } = json<{
      results: {
        observation: { id: string; status: string; source: string };
        evaluation: {
          severity: string;
          reasons: { code: string; limit: number }[];
          advice?: { sv: string; en: string };
        };
      }[];
    }>(res);
    expect(results).toHaveLength(2);
    const [pressure, pulse] = results;
    expect(pressure!.evaluation.severity).toBe('red');
    expect(pressure!.evaluation.reasons.map((r) => [r.code, r.limit])).toContainEqual(['8480-6', 180]);
    expect(pressure!.evaluation.advice?.sv.length).toBeGreaterThan(10);
    expect(pressure!.observation).toMatchObject({ status: 'preliminary', source: 'patient-app' });
    expect(pulse!.evaluation.severity).toBe('green');
    const alerts = await t.db.query(
      'SELECT observation_id, severity, status FROM alert WHERE patient_id = $1',
      [t.fixture.patientA],
    );
    expect(alerts.rows).toEqual([
      { observation_id: pressure!.observation.id, severity: 'red', status: 'open' },
    ]);
    const audit = await t.db.query('SELECT actor_role, action FROM audit_event WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(audit.rows).toContainEqual({ actor_role: 'patient', action: 'create /api/patient/measurements' });
  });

  it('answers a retry with the same Idempotency-Key with the original, storing nothing twice', async () => {
    const first = json<{ results: { observation: { id: string } }[] }>(
      await post({ measurements: [bp(150, 95)] }, 'k-2'),
    );
    const before = await count();
    const retry = await post({ measurements: [bp(150, 95)] }, 'k-2');
    expect(retry.statusCode).toBe(200);
    expect(json<{ results: { observation: { id: string } }[] }>(retry).results[0]!.observation.id).toBe(
      first.results[0]!.observation.id,
    );
    expect(await count()).toBe(before);
  });

  it('converts units at intake and keeps the original value', async () => {
    const res = await post({ measurements: [{ code: '29463-7', value: 180, unit: 'lb' }] }, 'k-3');
    expect(res.statusCode).toBe(201);
    const id = json<{ results: { observation: { id: string; values: number[]; unit: string } }[] }>(res)
      .results[0]!.observation;
    expect(id.unit).toBe('kg');
    expect(id.values[0]).toBeCloseTo(81.6, 1);
    const row = await t.db.query('SELECT original_values, original_units FROM observation WHERE id = $1', [
      id.id,
    ]);
    expect(row.rows[0]).toEqual({ original_values: [180], original_units: ['[lb_av]'] });
  });

  it.each([
    ['unknown code', { measurements: [{ code: '99999-9', value: 1 }] }, 'measurements[0].code'],
    [
      'wrong unit',
      { measurements: [{ code: '29463-7', value: 80, unit: 'mmol/L' }] },
      'measurements[0].unit',
    ],
    ['implausible value', { measurements: [bp(900, 112)] }, 'measurements[0].components[0].value'],
    [
      'missing diastolic',
      { measurements: [{ code: '85354-9', components: [{ code: '8480-6', value: 120 }] }] },
      'measurements[0].components',
    ],
    [
      'a value that is not a number',
      { measurements: [{ code: '29463-7', value: 'heavy' }] },
      'body.measurements.0.value',
    ],
  ])('rejects %s with a precise 400 and stores nothing', async (_name, payload, field) => {
    const before = await count();
    const res = await post(payload, `bad-${field}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = json<{ errors: { field: string; message: string }[] }>(res);
    expect(body.errors.map((e) => e.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('rejects malformed JSON and a valid-plus-invalid batch as a whole', async () => {
    const before = await count();
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { ...headers, 'idempotency-key': 'm', 'content-type': 'application/json' },
      payload: '{"measurements": [',
    });
    expect(malformed.statusCode).toBe(400);
    expect(json<{ title: string }>(malformed).title).toBe('Malformed JSON');
    const mixed = await post({ measurements: [bp(120, 80), { code: '59408-5', value: 140 }] }, 'mixed');
    expect(mixed.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('requires the Idempotency-Key and the CSRF header', async () => {
    const noKey = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers,
      payload: { measurements: [bp(120, 80)] },
    });
    expect(noKey.statusCode).toBe(400);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/patient/measurements',
      headers: { cookie: headers.cookie!, 'idempotency-key': 'x' },
      payload: { measurements: [bp(120, 80)] },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('lists only the patient own history, filtered by code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/patient/observations?code=85354-9', headers });
    const { observations } = json<{ observations: { code: string; values: number[] }[] }>(res);
    expect(observations.length).toBeGreaterThanOrEqual(2);
    expect(observations.every((o) => o.code === '85354-9')).toBe(true);
    const thresholds = json<{ thresholds: { code: string; thresholds: { redHigh: number } }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/thresholds', headers }),
    );
    expect(thresholds.thresholds.find((e) => e.code === '8480-6')?.thresholds.redHigh).toBe(180);
  });

  it('keeps patients out of staff routes and anonymous users out of patient routes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/worklist', headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/patient/observations' })).statusCode).toBe(401);
  });
});
