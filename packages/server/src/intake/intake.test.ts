import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorklistItem } from '../events/bus';
import { countStatements } from '../testing/count-statements';
import { bloodPressureObservation, postFhir } from '../testing/fhir-observations';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  login,
  type TestContext,
} from '../testing/test-context';
import { ingest } from './intake';

const bp = (patientId: string, systolic: number, identifier?: string) =>
  bloodPressureObservation(
    patientId,
    systolic,
    80,
    identifier ? { identifier: ['urn:example:gw', identifier] } : {},
  );

describe.each(DATABASE_KINDS)('intake: statements, idempotency and races (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  const post = (resource: unknown) => postFhir(t.app, auth, '/Observation', resource);
  const bundle = (resources: { resource: unknown; id: string }[]) =>
    postFhir(t.app, auth, '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: resources.map((r) => ({
        resource: r.resource,
        request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:example:gw|${r.id}` },
      })),
    });
  const stored = async (key: string) =>
    (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM observation WHERE idempotency_key = $1',
        [`id:urn:example:gw|${key}`],
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestContext(kind);
    auth = { authorization: `Bearer ${await gatewayToken(t.app)}` };
    // The first request looks the token up; later ones find it in the short-lived cache.
    expect((await post(bp(t.fixture.patientA, 120))).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('stores a single POST with one read and one write statement, no transaction', async () => {
    const counted = await countStatements(async () => {
      expect((await post(bp(t.fixture.patientA, 121, 'one-trip'))).statusCode).toBe(201);
    });
    expect(counted).toEqual({ statements: 2, transactions: 0 });
    // Its audit row came with it, in that statement.
    const audit = await t.db.query(
      `SELECT actor_client_id, purpose, patient_id FROM audit_event
       WHERE action = 'create /fhir/R4/Observation' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows).toEqual([
      { actor_client_id: 'test-gateway', purpose: 'integration', patient_id: t.fixture.patientA },
    ]);
  });

  it('stores a Bundle of many patients with the same two statements', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      // Normal values: no alert to publish, so nothing but the read and the write.
      resource: bp(i % 2 ? t.fixture.patientA : t.fixture.patientB, 110 + (i % 10)),
      id: `two-trips-${i}`,
    }));
    const counted = await countStatements(async () => {
      const res = await bundle(entries);
      expect(res.statusCode).toBe(200);
      expect(
        json<{ entry: { response: { status: string } }[] }>(res).entry.every(
          (e) => e.response.status === '201 Created',
        ),
      ).toBe(true);
    });
    expect(counted).toEqual({ statements: 2, transactions: 0 });
  });

  it("stores a care-plan patient's normal reading without a transaction; a deviation goes through the rules", async () => {
    const { patientB, unitB } = t.fixture;
    const enrol = await t.app.inject({
      method: 'POST',
      url: `/api/staff/patients/${patientB}/enrolments`,
      headers: await login(t.app, 'nurse.b'),
      payload: { careUnitId: unitB, protocols: ['hypertension'], kind: 'prescribed', responseTimeHours: 24 },
    });
    expect(enrol.statusCode).toBe(201);
    const normal = await countStatements(async () => {
      expect((await post(bp(patientB, 118, 'plan-normal'))).statusCode).toBe(201);
    });
    expect(normal.transactions).toBe(0);
    expect(normal.statements).toBeLessThanOrEqual(3);

    // A red value: the plan's rule raises one alert; the same deviation again updates it (dedupe).
    const ruleAlerts = async () =>
      (
        await t.db.query<{ rule_kind: string | null; occurrences: number }>(
          `SELECT rule_kind, occurrences FROM alert WHERE patient_id = $1 AND status = 'open' AND rule_id IS NOT NULL`,
          [patientB],
        )
      ).rows;
    const red = await countStatements(async () => {
      expect((await post(bp(patientB, 200, 'plan-red-1'))).statusCode).toBe(201);
    });
    expect(red.transactions).toBe(1);
    const first = await ruleAlerts();
    expect(first.length).toBeGreaterThan(0);
    expect((await post(bp(patientB, 201, 'plan-red-2'))).statusCode).toBe(201);
    const second = await ruleAlerts();
    expect(second.length).toBe(first.length);
    expect(second.some((a) => a.occurrences === 2)).toBe(true);
    // The plain path's threshold alerts are not written for a care-plan patient.
    const plain = await t.db.query(
      `SELECT 1 FROM alert a JOIN observation o ON o.id = a.observation_id
       WHERE a.patient_id = $1 AND a.rule_id IS NULL AND o.idempotency_key LIKE 'id:urn:example:gw|plan-%'`,
      [patientB],
    );
    expect(plain.rowCount).toBe(0);
  });

  it('keeps the original values and units exactly as sent, whatever characters the units hold', async () => {
    const units = ['lb', 'we"ird\\,{u} ', ''];
    const [result] = await ingest(t.db, t.bus, {
      patientId: t.fixture.patientA,
      items: [
        {
          measurement: {
            code: '29463-7',
            values: [70.5],
            unit: 'kg',
            originalValues: [155.4, -0.25, 1e-7],
            originalUnits: units,
          },
          effectiveAt: new Date().toISOString(),
          idempotencyKey: 'test:originals',
        },
      ],
      source: 'import',
      enteredBy: null,
      clientId: null,
    });
    const { rows } = await t.db.query<{ original_values: number[]; original_units: string[] }>(
      'SELECT original_values, original_units FROM observation WHERE patient_id = $1 AND id = $2',
      [t.fixture.patientA, result!.observation.id],
    );
    expect(rows).toEqual([{ original_values: [155.4, -0.25, 1e-7], original_units: units }]);
  });

  it('answers concurrent single POSTs of one identifier with one stored observation, one alert, one event', async () => {
    const events: WorklistItem[] = [];
    const unsubscribe = t.bus.subscribe('alert-created', (e) => events.push(e));
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => post(bp(t.fixture.patientA, 195, 'same-key'))),
      );
      const statuses = answers.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(answers.map((r) => json<{ id: string }>(r).id));
      expect(ids.size).toBe(1);
      expect(await stored('same-key')).toBe(1);
      const [id] = [...ids];
      const alerts = await t.db.query('SELECT id FROM alert WHERE observation_id = $1', [id]);
      expect(alerts.rowCount).toBe(1);
      expect(events.filter((e) => e.observationId === id)).toHaveLength(1);
      // Every one of the eight accesses is audited, retries too.
      const audits = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'create /fhir/R4/Observation'`,
      );
      expect(audits.rows[0]!.n).toBeGreaterThanOrEqual(8 + 2);
    } finally {
      unsubscribe();
    }
  });

  it('stores each identifier once when Bundles sharing identifiers arrive at the same time', async () => {
    const { patientA, patientB } = t.fixture;
    const entries = Array.from({ length: 10 }, (_, i) => ({
      resource: bp(i % 2 ? patientA : patientB, 120 + i),
      id: `race-${i}`,
    }));
    // Four gateways send the same ten in different orders.
    const orders = [entries, [...entries].reverse(), [...entries.slice(5), ...entries.slice(0, 5)], entries];
    const answers = await Promise.all(orders.map((o) => bundle(o)));
    const byKey = new Map<string, { status: string; location?: string }[]>();
    answers.forEach((res, b) => {
      expect(res.statusCode).toBe(200);
      json<{ entry: { response: { status: string; location?: string } }[] }>(res).entry.forEach((e, i) => {
        const key = orders[b]![i]!.id;
        byKey.set(key, [...(byKey.get(key) ?? []), e.response]);
      });
    });
    for (const [key, responses] of byKey) {
      expect(
        responses.filter((r) => r.status === '201 Created'),
        key,
      ).toHaveLength(1);
      expect(
        responses.filter((r) => r.status === '200 OK'),
        key,
      ).toHaveLength(3);
      expect(new Set(responses.map((r) => r.location)).size, key).toBe(1);
      expect(await stored(key), key).toBe(1);
    }
  });
});
