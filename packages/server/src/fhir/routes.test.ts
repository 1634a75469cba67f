import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureObservation, loinc, mmHg, VITAL_SIGNS } from '../testing/fhir-observations';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  json,
  type TestContext,
} from '../testing/test-context';

const bloodPressure = (
  patientId: string,
  systolic: number,
  diastolic: number,
  identifier?: string,
): Record<string, unknown> =>
  bloodPressureObservation(patientId, systolic, diastolic, {
    ...(identifier ? { identifier: ['urn:example:gateway', identifier] as [string, string] } : {}),
    extra: { category: VITAL_SIGNS },
  });

interface Outcome {
  resourceType: string;
  issue: { code: string; diagnostics: string; expression?: string[] }[];
}

describe.each(DATABASE_KINDS)('FHIR API (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  const fhir = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/fhir/R4${url}`,
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      ...(payload === undefined
        ? {}
        : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM observation')).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestContext(kind);
    auth = { authorization: `Bearer ${await gatewayToken(t.app)}` };
  });
  afterAll(() => t.close());

  it('requires a valid bearer token and issues one only for the right secret', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/fhir/R4/Patient' });
    expect(none.statusCode).toBe(401);
    expect(json<Outcome>(none).resourceType).toBe('OperationOutcome');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/Patient',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const badSecret = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=test-gateway&client_secret=guess',
    });
    expect(badSecret.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })).statusCode).toBe(200);
  });

  it('finds patients by count and by personnummer in OID and HL7 Sweden URI form', async () => {
    const all = json<{
      type: string;
      entry: { resource: { id: string; identifier: { system: string }[] } }[];
    }>(await fhir('GET', '/Patient?_count=1'));
    expect(all.type).toBe('searchset');
    expect(all.entry).toHaveLength(1);
    expect(all.entry[0]!.resource.identifier[0]!.system).toBe('urn:oid:1.2.752.129.2.1.3.1');
    for (const system of [
      'urn:oid:1.2.752.129.2.1.3.1',
      'http://electronichealth.se/identifier/personnummer',
    ]) {
      const found = json<{ entry: { resource: { id: string } }[] }>(
        await fhir('GET', `/Patient?identifier=${encodeURIComponent(`${system}|191212121212`)}`),
      );
      expect(found.entry.map((e) => e.resource.id)).toEqual([t.fixture.patientA]);
    }
  });

  it('creates an Observation with a Location, de-duplicates a resend by identifier, and raises a Flag', async () => {
    const created = await fhir('POST', '/Observation', bloodPressure(t.fixture.patientA, 182, 112, 'gw-1'));
    expect(created.statusCode).toBe(201);
    const obs = json<{ id: string; status: string; component: { valueQuantity: { value: number } }[] }>(
      created,
    );
    expect(created.headers.location).toMatch(new RegExp(`/fhir/R4/Observation/${obs.id}/_history/1$`));
    expect(obs.status).toBe('preliminary');
    expect(obs.component.map((c) => c.valueQuantity.value)).toEqual([182, 112]);
    const resent = await fhir('POST', '/Observation', bloodPressure(t.fixture.patientA, 182, 112, 'gw-1'));
    expect(resent.statusCode).toBe(200);
    expect(json<{ id: string }>(resent).id).toBe(obs.id);
    const search = json<{ entry: unknown[] }>(
      await fhir('GET', `/Observation?patient=${t.fixture.patientA}&identifier=urn:example:gateway|gw-1`),
    );
    expect(search.entry).toHaveLength(1);
    const byCode = json<{ entry: unknown[] }>(
      await fhir('GET', `/Observation?patient=${t.fixture.patientA}&code=http://loinc.org|85354-9`),
    );
    expect(byCode.entry).toHaveLength(1);
    const read = await fhir('GET', `/Observation/${obs.id}`);
    expect(json<{ id: string }>(read).id).toBe(obs.id);
    const flags = json<{ entry: { resource: { status: string; code: { text: string } } }[] }>(
      await fhir('GET', `/Flag?patient=${t.fixture.patientA}&status=active`),
    );
    expect(flags.entry).toHaveLength(1);
    expect(flags.entry[0]!.resource.code.text).toContain('Systoliskt blodtryck 182 mmHg, över 180');
  });

  it.each([
    [
      'an implausible systolic value',
      (p: string) => bloodPressure(p, 900, 112),
      422,
      'Observation.component[0].valueQuantity.value',
    ],
    [
      'an unknown code',
      (p: string) => ({ ...bloodPressure(p, 120, 80), code: loinc('99999-9') }),
      422,
      'Observation.code.coding',
    ],
    [
      'a wrong unit',
      (p: string) => ({
        ...bloodPressure(p, 120, 80),
        component: [
          { code: loinc('8480-6'), valueQuantity: { value: 120, code: 'kg' } },
          { code: loinc('8462-4'), valueQuantity: mmHg(80) },
        ],
      }),
      422,
      'Observation.component[0].valueQuantity.code',
    ],
    ['an empty Observation', () => ({ resourceType: 'Observation' }), 400, 'Observation.status'],
    [
      'a missing subject',
      (p: string) => ({ ...bloodPressure(p, 120, 80), subject: undefined }),
      400,
      'Observation.subject.reference',
    ],
    [
      'an unknown patient',
      () => bloodPressure('018f0000-0000-7000-8000-000000000000', 120, 80),
      422,
      'Observation.subject.reference',
    ],
  ])(
    'rejects %s with an OperationOutcome naming the field, storing nothing',
    async (_name, make, status, expression) => {
      const before = await count();
      const res = await fhir('POST', '/Observation', make(t.fixture.patientA));
      expect(res.statusCode).toBe(status);
      const outcome = json<Outcome>(res);
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue.flatMap((i) => i.expression ?? [])).toContain(expression);
      expect(await count()).toBe(before);
    },
  );

  it('rejects malformed JSON with 400 and an OperationOutcome', async () => {
    const res = await fhir('POST', '/Observation', '{"resourceType": "Observ');
    expect(res.statusCode).toBe(400);
    expect(json<Outcome>(res).resourceType).toBe('OperationOutcome');
  });

  it('answers unknown resources with 404 and searches without patient with 400', async () => {
    expect((await fhir('GET', '/Observation/018f0000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await fhir('GET', '/Observation')).statusCode).toBe(400);
    expect((await fhir('GET', '/Flag?patient=018f0000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});
