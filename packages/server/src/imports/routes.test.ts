import { importPayload, parseAppleHealth } from '@hemma/core/imports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

const EXPORT = `<HealthData locale="sv_SE">
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" unit="kg" startDate="2026-11-01 07:30:00 +0100" endDate="2026-11-01 07:30:00 +0100" value="82.4"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" unit="lb" startDate="2026-11-02 07:30:00 +0100" endDate="2026-11-02 07:30:00 +0100" value="180"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2026-11-02 09:00:00 +0100" endDate="2026-11-02 09:00:00 +0100" value="640"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="2026-11-02 08:00:00 +0100" endDate="2026-11-02 08:00:00 +0100" value="132"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" startDate="2026-11-02 08:00:00 +0100" endDate="2026-11-02 08:00:00 +0100" value="84"/>
</HealthData>`;

interface ImportAnswer {
  created: number;
  duplicates: number;
  invalid: number;
  results: { key: string; status: string; message?: string }[];
}

describe.each(DATABASE_KINDS)('patient imports and device values (%s database)', (kind) => {
  let t: TestContext;
  let headers: Record<string, string>;
  const post = (url: string, payload: unknown, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload: payload as object });
  const records = parseAppleHealth(EXPORT).records.map(importPayload);

  beforeAll(async () => {
    t = await createTestContext(kind);
    headers = await login(t.app, 'patient.a');
  });
  afterAll(() => t.close());

  it('stores each valid record once, as source import with its source identity, and says why others were not', async () => {
    const res = await post('/api/patient/imports', { format: 'apple-health', records });
    expect(res.statusCode).toBe(200);
    const answer = json<ImportAnswer>(res);
    expect([answer.created, answer.duplicates, answer.invalid]).toEqual([3, 0, 1]);
    const bad = answer.results.find((r) => r.status === 'invalid');
    expect(bad?.key).toBe(records[2]!.key);
    expect(bad?.message).toMatch(/value/);
    const rows = await t.db.query<{
      code: string;
      value: number;
      source: string;
      identifier_system: string;
      device_id: string;
    }>(
      `SELECT code, value, source, identifier_system, device_id FROM observation WHERE patient_id = $1 AND source = 'import' ORDER BY effective_at`,
      [t.fixture.patientA],
    );
    expect(
      rows.rows.map((r) => [r.code, Math.round(r.value * 10) / 10, r.identifier_system, r.device_id]),
    ).toEqual([
      ['29463-7', 82.4, 'urn:hemma:import:apple-health', 'Withings'],
      ['29463-7', 81.6, 'urn:hemma:import:apple-health', 'Withings'],
      ['85354-9', 132, 'urn:hemma:import:apple-health', 'Omron'],
    ]);
    const audit = await t.db.query('SELECT action FROM audit_event WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(audit.rows).toContainEqual({ action: 'create /api/patient/imports' });
  });

  it('importing the same file again stores nothing new', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM observation')).rows[0];
    const answer = json<ImportAnswer>(
      await post('/api/patient/imports', { format: 'apple-health', records }),
    );
    expect([answer.created, answer.duplicates, answer.invalid]).toEqual([0, 3, 1]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM observation')).rows[0]).toEqual(before);
  });

  it.each([
    ['an unknown format name', { format: 'Apple Health!', records }],
    ['an empty batch', { format: 'apple-health', records: [] }],
    ['a record without key', { format: 'apple-health', records: [{ ...records[0], key: undefined }] }],
    ['too many records', { format: 'apple-health', records: Array.from({ length: 501 }, () => records[0]) }],
  ])('rejects %s with 400', async (_name, payload) => {
    const res = await post('/api/patient/imports', payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('is not open to care staff or without login', async () => {
    const nurse = await login(t.app, 'nurse.a');
    const asNurse = await t.app.inject({
      method: 'POST',
      url: '/api/patient/imports',
      headers: nurse,
      payload: { format: 'apple-health', records },
    });
    expect(asNurse.statusCode).toBe(403);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/patient/imports',
      headers: { 'x-requested-with': 'hemma' },
      payload: { format: 'apple-health', records },
    });
    expect(anon.statusCode).toBe(401);
  });

  it('keeps the Bluetooth device identity with a value read from a device', async () => {
    const res = await post(
      '/api/patient/measurements',
      {
        measurements: [{ code: '29463-7', value: 75.1, unit: 'kg' }],
        device: { manufacturer: 'Acme', model: 'Scale-2', serial: 'SN9' },
      },
      { 'idempotency-key': 'ble:0123456789abcdef' },
    );
    expect(res.statusCode).toBe(201);
    const { results } = json<{ results: { observation: { id: string; source: string } }[] }>(res);
    expect(results[0]!.observation.source).toBe('device');
    const row = await t.db.query('SELECT device_id FROM observation WHERE id = $1', [
      results[0]!.observation.id,
    ]);
    expect(row.rows[0]).toEqual({ device_id: 'Acme|Scale-2|SN9' });
    const bad = await post(
      '/api/patient/measurements',
      { measurements: [{ code: '29463-7', value: 75.1 }], device: { colour: 'red' } },
      { 'idempotency-key': 'ble:x' },
    );
    expect(bad.statusCode).toBe(400);
  });
});
