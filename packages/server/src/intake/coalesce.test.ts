import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBatchRequests } from '../ops/metrics';
import { countStatements } from '../testing/count-statements';
import { postFhir, weightObservation } from '../testing/fhir-observations';
import { createTestContext, DATABASE_KINDS, gatewayToken, type TestContext } from '../testing/test-context';

const weight = (patientId: string, kg: number, identifier: string) =>
  weightObservation(patientId, kg, { identifier: ['urn:example:coalesce', identifier] });

describe.each(DATABASE_KINDS)('intake coalescing of concurrent single POSTs (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  /** Patients at unit A (the gateway may reach them) and at unit B (not once it is limited to A). */
  const atA: string[] = [];
  const atB: string[] = [];
  const post = (resource: unknown) => postFhir(t.app, auth, '/Observation', resource);
  const storedKeys = async (prefix: string) =>
    (
      await t.db.query<{ key: string }>(
        `SELECT idempotency_key AS key FROM observation WHERE idempotency_key LIKE $1 ORDER BY 1`,
        [`id:urn:example:coalesce|${prefix}%`],
      )
    ).rows.map((r) => r.key.replace('id:urn:example:coalesce|', ''));
  const auditedPatients = async (since: string) =>
    (
      await t.db.query<{ patient_id: string; actor_unit_id: string | null }>(
        `SELECT patient_id, actor_unit_id FROM audit_event
         WHERE action = 'create /fhir/R4/Observation' AND id > $1 ORDER BY patient_id`,
        [since],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestContext(kind);
    auth = { authorization: `Bearer ${await gatewayToken(t.app)}` };
    for (const [unit, list] of [
      [t.fixture.unitA, atA],
      [t.fixture.unitB, atB],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const id = uuidv7();
        await t.db.query(
          `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
           VALUES ($1, $2, 'Test', 'Testsson', '1950-01-01', 'male')`,
          [id, `19500101${String(list === atA ? 1000 + i : 2000 + i)}`],
        );
        await t.db.query(
          `INSERT INTO enrolment (patient_id, id, care_unit_id, condition) VALUES ($1, $2, $3, 'heart-failure')`,
          [id, uuidv7(), unit],
        );
        list.push(id);
      }
    }
    // The first request looks the token up; later ones find it in the short-lived cache.
    expect((await post(weight(atA[0]!, 80, 'warm-up'))).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('stores POSTs that arrive together with one read and one write for all of them', async () => {
    const patients = [...atA.slice(0, 4), ...atB.slice(0, 4)];
    let answers: Awaited<ReturnType<typeof post>>[] = [];
    const counted = await countStatements(async () => {
      answers = await Promise.all(patients.map((p, i) => post(weight(p, 70 + i, `together-${i}`))));
    });
    expect(answers.map((a) => a.statusCode)).toEqual(patients.map(() => 201));
    expect(counted).toEqual({ statements: 2, transactions: 0 });
    // Operations see how many requests went together.
    const histogram = (await intakeBatchRequests.get()).values;
    const atMost = (le: number) =>
      histogram.find((v) => v.labels.le === le && v.metricName?.endsWith('_bucket'))!.value;
    expect(atMost(8) - atMost(4)).toBeGreaterThanOrEqual(1);
    expect(await storedKeys('together-')).toEqual(patients.map((_, i) => `together-${i}`).sort());
    // Each answer is its own request's resource.
    answers.forEach((a, i) => {
      const body = a.json<{ subject: { reference: string }; valueQuantity: { value: number } }>();
      expect(body.subject.reference).toBe(`Patient/${patients[i]}`);
      expect(body.valueQuantity.value).toBe(70 + i);
    });
  });

  it('puts at most 16 POSTs in one batch, so its read stays one index probe per patient', async () => {
    const patients = [...atA, ...atB];
    const counted = await countStatements(async () => {
      const answers = await Promise.all(patients.map((p, i) => post(weight(p, 60 + i, `sixteen-${i}`))));
      expect(answers.map((a) => a.statusCode)).toEqual(patients.map(() => 201));
    });
    // 20 requests: a batch of 16 and one of 4, a read and a write each.
    expect(counted).toEqual({ statements: 4, transactions: 0 });
  });

  it('stores two concurrent POSTs for the same patient in separate batches, both of them', async () => {
    const answers = await Promise.all([
      post(weight(atA[1]!, 81, 'same-patient-1')),
      post(weight(atA[1]!, 82, 'same-patient-2')),
      post(weight(atA[2]!, 83, 'same-patient-3')),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(await storedKeys('same-patient-')).toEqual(['same-patient-1', 'same-patient-2', 'same-patient-3']);
  });

  it("decides access per patient in a shared batch: unreachable ones get 422 and leave no trace, the others' audit rows name the unit", async () => {
    await t.db.query(`INSERT INTO api_client_unit (client_id, care_unit_id) VALUES ('test-gateway', $1)`, [
      t.fixture.unitA,
    ]);
    try {
      const since = uuidv7();
      const patients = [atA[0]!, atB[0]!, atA[1]!, atB[1]!];
      const answers = await Promise.all(patients.map((p, i) => post(weight(p, 90 + i, `mixed-${i}`))));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 422, 201, 422]);
      expect(answers[1]!.json<{ issue: { diagnostics: string }[] }>().issue[0]!.diagnostics).toBe(
        'Observation.subject.reference: the patient does not exist or is not reachable with this client.',
      );
      expect(await storedKeys('mixed-')).toEqual(['mixed-0', 'mixed-2']);
      expect(await auditedPatients(since)).toEqual(
        [atA[0]!, atA[1]!].sort().map((patient_id) => ({ patient_id, actor_unit_id: t.fixture.unitA })),
      );
    } finally {
      await t.db.query(`DELETE FROM api_client_unit WHERE client_id = 'test-gateway'`);
    }
  });

  it('when the database refuses one request of a batch, only that request fails and the others are stored once', async () => {
    // A trigger stands in for a refusal the validation did not foresee.
    await t.db.query(`CREATE FUNCTION refuse_777() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.value = 177.7 THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await t.db.query(
      'CREATE TRIGGER refuse_777 BEFORE INSERT ON observation FOR EACH ROW EXECUTE FUNCTION refuse_777()',
    );
    try {
      const answers = await Promise.all([
        post(weight(atA[0]!, 71, 'refusal-0')),
        post(weight(atA[1]!, 177.7, 'refusal-1')),
        post(weight(atA[2]!, 73, 'refusal-2')),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([201, 500, 201]);
      // No database detail leaks into the answer.
      expect(answers[1]!.body).not.toContain('refused');
      expect(await storedKeys('refusal-')).toEqual(['refusal-0', 'refusal-2']);
    } finally {
      await t.db.query('DROP TRIGGER refuse_777 ON observation');
      await t.db.query('DROP FUNCTION refuse_777()');
    }
  });
});
