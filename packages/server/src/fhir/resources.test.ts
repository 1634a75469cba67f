import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { bloodPressureObservation, loinc, ucum } from '../testing/fhir-observations';
import { createTestContext, DATABASE_KINDS, json, type TestContext } from '../testing/test-context';
import { correctValue, validatePeriod } from '../validation/repository';
import { RESOURCES } from './resources';
import { bundleSchemaErrors, fhirSchemaErrors } from './testing/fhir-schema';

const LOINC = 'http://loinc.org';
const HSA = 'SE2321000016-1234';

interface Bundle {
  resourceType: 'Bundle';
  type: string;
  link: { relation: string; url: string }[];
  entry?: {
    resource: Record<string, unknown> & { id: string; resourceType: string };
    search?: { mode: string };
  }[];
}
interface Outcome {
  resourceType: string;
  issue: { code: string; diagnostics: string; expression?: string[] }[];
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

const bp = (patientId: string, systolic: number, diastolic: number, at: string, identifier: string) =>
  bloodPressureObservation(patientId, systolic, diastolic, {
    at,
    identifier: ['urn:example:gw', identifier],
    extra: { device: { reference: 'Device/omron-1' } },
  });

describe.each(DATABASE_KINDS)('FHIR resources, search and history (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  let limited: Record<string, string>;
  const bpIds: string[] = [];
  const bpTimes: string[] = [];
  let grantId = '';
  let messageId = '';

  const get = (url: string, headers = auth) =>
    t.app.inject({ method: 'GET', url: `/fhir/R4${url}`, headers });
  const send = (
    method: 'POST' | 'PUT',
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/fhir/R4${url}`,
      headers: { ...auth, 'content-type': 'application/fhir+json', ...headers },
      payload: JSON.stringify(payload),
    });
  const token = async (clientId: string, scopes: string[]) => {
    await t.db.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ($1, $2, $1, $3)`,
      [clientId, await hashPassword('s3cret-value'), scopes],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${clientId}&client_secret=s3cret-value`,
    });
    return { authorization: `Bearer ${json<{ access_token: string }>(res).access_token}` };
  };
  const ids = (b: Bundle) =>
    (b.entry ?? []).filter((e) => e.search?.mode !== 'include').map((e) => e.resource.id);

  beforeAll(async () => {
    t = await createTestContext(kind);
    auth = await token('records', ['system/*.read', 'system/Observation.write']);
    limited = await token('unit-b-only', ['system/*.read']);
    await t.db.query(`INSERT INTO api_client_unit (client_id, care_unit_id) VALUES ('unit-b-only', $1)`, [
      t.fixture.unitB,
    ]);
    const { patientA, unitA, nurseA } = t.fixture;
    await t.db.query('UPDATE account SET hsa_id = $1 WHERE id = $2', [HSA, nurseA]);
    await t.db.query('UPDATE care_unit SET hsa_id = $1 WHERE id = $2', ['SE2321000016-UNITA', unitA]);
    // Blood pressures 10, 8, …, 2 hours ago: systolic 130, 145, 150, 120, 160.
    const values = [130, 145, 150, 120, 160];
    for (const [i, systolic] of values.entries()) {
      const at = hoursAgo(10 - 2 * i);
      const res = await send('POST', '/Observation', bp(patientA, systolic, 85, at, `bp-${i}`));
      expect(res.statusCode).toBe(201);
      bpIds.push(json<{ id: string }>(res).id);
      bpTimes.push(at);
    }
    // Staff validate the older values and correct one (validation/): Provenance and history.
    await validatePeriod(t.db, patientA, new Date(hoursAgo(11)), new Date(hoursAgo(5)), {
      accountId: nurseA,
      role: 'nurse',
    });
    await correctValue(
      t.db,
      patientA,
      bpIds[1]!,
      { values: [144, 84], reason: 'Fel avläst' },
      {
        accountId: nurseA,
        role: 'nurse',
      },
    );
    // A relative, a conversation, a care plan.
    const proxy = uuidv7();
    await t.db.query(
      `INSERT INTO account (id, username, role, display_name) VALUES ($1, 'rel.a', 'proxy', 'Anna Relativ')`,
      [proxy],
    );
    grantId = uuidv7();
    await t.db.query(
      `INSERT INTO relative_grant (id, patient_id, proxy_account_id, can_view, can_record) VALUES ($1, $2, $3, true, true)`,
      [grantId, patientA, proxy],
    );
    const thread = uuidv7();
    await t.db.query(
      `INSERT INTO chat_thread (patient_id, id, care_unit_id, subject, created_by) VALUES ($1, $2, $3, 'Blodtryck', $4)`,
      [patientA, thread, unitA, nurseA],
    );
    messageId = uuidv7();
    await t.db.query(
      `INSERT INTO chat_message (patient_id, id, thread_id, kind, author_account_id, author_side, body)
       VALUES ($1, $2, $3, 'text', $4, 'staff', 'Hur mår du?'), ($1, $5, $3, 'note', $4, 'staff', 'internal')`,
      [patientA, messageId, thread, nurseA, uuidv7()],
    );
    await t.db.query(
      `INSERT INTO care_plan (patient_id, id, activities, rules, thresholds) VALUES ($1, $2, $3, '[]', '{}')`,
      [
        patientA,
        uuidv7(),
        JSON.stringify([
          {
            id: 'bp',
            kind: 'measurement',
            code: 'bp',
            title: { sv: 'Blodtryck', en: 'Blood pressure' },
            instructions: { sv: '', en: '' },
            schedule: [],
            sources: ['hypertension'],
          },
        ]),
      ],
    );
  });
  afterAll(() => t.close());

  it('reads and searches every registered resource type; everything returned is valid R4', async () => {
    const { patientA, unitA, nurseA } = t.fixture;
    const searches: Record<string, string> = {
      Patient: `_id=${patientA}`,
      Practitioner: `identifier=urn:oid:1.2.752.29.4.19|${HSA}`,
      PractitionerRole: `practitioner=Practitioner/${nurseA}&_include=PractitionerRole:organization`,
      Organization: `_id=${unitA}`,
      PlanDefinition: 'url=http://hemma.se/fhir/PlanDefinition/hypertension',
    };
    for (const def of RESOURCES) {
      const query = searches[def.type] ?? `patient=${patientA}`;
      const res = await get(`/${def.type}?${query}`);
      expect(res.statusCode, `${def.type}: ${res.body}`).toBe(200);
      const bundle = json<Bundle>(res);
      expect(bundle.entry?.length, `${def.type} search found nothing`).toBeGreaterThan(0);
      expect(bundleSchemaErrors(bundle), def.type).toEqual([]);
      const first = bundle.entry![0]!.resource;
      const read = await get(`/${def.type}/${first.id}`);
      expect(read.statusCode, `${def.type}/${first.id}`).toBe(200);
      expect(json<{ id: string }>(read).id).toBe(first.id);
      expect(fhirSchemaErrors(json(read)), def.type).toEqual([]);
    }
    const practitionerRoles = json<Bundle>(
      await get(`/PractitionerRole?practitioner=${nurseA}&_include=PractitionerRole:organization`),
    );
    expect(practitionerRoles.entry!.find((e) => e.search?.mode === 'include')?.resource.id).toBe(unitA);
    // Internal staff notes never leave as Communication.
    const messages = json<Bundle>(await get(`/Communication?subject=Patient/${patientA}`));
    expect(ids(messages)).toEqual([messageId]);
    const consent = json<Bundle>(await get(`/Consent?patient=${patientA}&status=active`));
    expect(ids(consent)).toEqual([grantId]);
    // Protocol versions are immutable, so PlanDefinitions have vread and history.
    const v1 = await get('/PlanDefinition/hypertension/_history/1');
    expect(v1.statusCode).toBe(200);
    expect(fhirSchemaErrors(json(v1))).toEqual([]);
    expect(json<{ meta: { versionId: string } }>(v1).meta.versionId).toBe('1');
    expect((await get('/PlanDefinition/hypertension/_history/99')).statusCode).toBe(404);
    expect(bundleSchemaErrors(json<Bundle>(await get('/PlanDefinition/hypertension/_history')))).toEqual([]);
  });

  it('searches blood pressure components from value/value2, with prefixes, units and composites', async () => {
    const p = t.fixture.patientA;
    const systolic = async (query: string) => {
      const b = json<Bundle>(await get(`/Observation?patient=${p}&${query}`));
      return (b.entry ?? [])
        .map((e) => (e.resource.component as { valueQuantity: { value: number } }[])[0]!.valueQuantity.value)
        .sort((a, b) => a - b);
    };
    const above = encodeURIComponent(`${LOINC}|8480-6$gt140`);
    expect(await systolic(`component-code-value-quantity=${above}`)).toEqual([144, 150, 160]);
    expect(
      await systolic(
        `component-code-value-quantity=${encodeURIComponent('8480-6$ge150|http://unitsofmeasure.org|mm[Hg]')}`,
      ),
    ).toEqual([150, 160]);
    expect(
      await systolic(
        `component-code-value-quantity=${encodeURIComponent('8480-6$lt140|http://unitsofmeasure.org|kg')}`,
      ),
    ).toEqual([]);
    // Any component: diastolic 85/84 are all below 90, systolic 120 and 130 too.
    expect(await systolic('component-value-quantity=lt131')).toEqual([120, 130, 144, 150, 160]);
    expect(await systolic('component-value-quantity=gt155')).toEqual([160]);
    expect(await systolic('component-value-quantity=130')).toEqual([130]);
    const bad = await get(`/Observation?patient=${p}&component-code-value-quantity=8480-6`);
    expect(bad.statusCode).toBe(400);
    expect(json<Outcome>(bad).issue[0]!.expression).toEqual(['component-code-value-quantity']);
  });

  it('filters by date with prefixes, sorts, and pages through next links without gaps or repeats', async () => {
    const p = t.fixture.patientA;
    const window = json<Bundle>(
      await get(`/Observation?patient=${p}&date=ge${hoursAgo(7)}&date=lt${hoursAgo(3)}&_sort=date`),
    );
    const times = (window.entry ?? []).map((e) => Date.parse(e.resource.effectiveDateTime as string));
    expect(times).toHaveLength(2);
    expect(times[0]).toBeLessThan(times[1]!);
    // A year is the whole UTC year, exactly: checked on the readings' years and the ones either side. In the
    // first hours of a year the readings straddle two, so each year's share comes from the readings' times.
    const years = bpTimes.map((at) => Number(at.slice(0, 4)));
    const newest = Math.max(...years);
    for (let year = Math.min(...years) - 1; year <= newest + 1; year++) {
      const found = ids(json<Bundle>(await get(`/Observation?patient=${p}&date=${year}`)));
      expect(found.sort()).toEqual(bpIds.filter((_, i) => years[i] === year).sort());
    }
    expect(ids(json<Bundle>(await get(`/Observation?patient=${p}&date=gt${newest}`)))).toEqual([]);
    const badDate = await get(`/Observation?patient=${p}&date=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(json<Outcome>(badDate).issue[0]!.expression).toEqual(['date']);

    const seen: string[] = [];
    let url: string | undefined =
      `/Observation?patient=${p}&_count=2&_sort=-date&_include=Observation:patient`;
    let pages = 0;
    while (url) {
      const page: Bundle = json<Bundle>(await get(url));
      seen.push(...ids(page));
      expect(
        page.entry?.some((e) => e.search?.mode === 'include' && e.resource.resourceType === 'Patient'),
      ).toBe(true);
      const next: string | undefined = page.link.find((l) => l.relation === 'next')?.url;
      url = next ? next.slice(next.indexOf('/fhir/R4') + '/fhir/R4'.length) : undefined;
      // A value arriving meanwhile (newer than the first page) must not shift later pages.
      if (pages === 0) {
        const late = await send('POST', '/Observation', bp(p, 125, 80, hoursAgo(0.5), 'bp-late'));
        expect(late.statusCode).toBe(201);
      }
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...bpIds].reverse());
    expect((await get(`/Observation?patient=${p}&_sort=weight`)).statusCode).toBe(400);
    expect((await get(`/Observation?patient=${p}&_include=Observation:performer`)).statusCode).toBe(400);
  });

  it('keeps corrections as versions: read, vread, history; validated values change only by correction', async () => {
    const original = bpIds[1]!;
    const read = await get(`/Observation/${original}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('W/"2"');
    const current = json<{
      id: string;
      status: string;
      meta: { versionId: string };
      component: { valueQuantity: { value: number } }[];
    }>(read);
    expect([current.id, current.status, current.meta.versionId]).toEqual([original, 'corrected', '2']);
    expect(current.component[0]!.valueQuantity.value).toBe(144);
    const v1 = json<typeof current>(await get(`/Observation/${original}/_history/1`));
    expect([v1.status, v1.component[0]!.valueQuantity.value]).toEqual(['final', 145]);
    expect((await get(`/Observation/${original}/_history/3`)).statusCode).toBe(404);
    const history = json<Bundle>(await get(`/Observation/${original}/_history`));
    expect(history.type).toBe('history');
    expect(history.entry!.map((e) => (e.resource.meta as { versionId: string }).versionId)).toEqual([
      '2',
      '1',
    ]);
    expect(bundleSchemaErrors(history)).toEqual([]);
    // The search shows the current version under the logical id.
    const found = json<Bundle>(await get(`/Observation?_id=${original}`));
    expect(ids(found)).toEqual([original]);
    const provenance = json<Bundle>(
      await get(`/Provenance?patient=${t.fixture.patientA}&target=Observation/${original}`),
    );
    expect(
      provenance
        .entry!.map((e) => (e.resource.activity as { coding: { code: string }[] }).coding[0]!.code)
        .sort(),
    ).toEqual(['UPDATE', 'validate']);

    const put = (id: string, body: unknown, headers: Record<string, string> = {}) =>
      send('PUT', `/Observation/${id}`, body, headers);
    const validated = await put(original, { ...current, status: 'entered-in-error' });
    expect(validated.statusCode).toBe(409);
    expect(json<Outcome>(validated).issue[0]).toMatchObject({
      code: 'business-rule',
      expression: ['Observation.status'],
    });

    // An unvalidated value (the newest) may be withdrawn by its sender, and nothing else changes.
    const latestId = bpIds[4]!;
    const latest = json<Record<string, unknown> & { component: { valueQuantity: { value: number } }[] }>(
      await get(`/Observation/${latestId}`),
    );
    expect(latest.status).toBe('preliminary');
    const stale = await put(latestId, { ...latest, status: 'entered-in-error' }, { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const changed = structuredClone(latest);
    changed.component[0]!.valueQuantity.value = 110;
    const valueChange = await put(latestId, changed);
    expect(valueChange.statusCode).toBe(422);
    expect(json<Outcome>(valueChange).issue[0]!.expression).toEqual(['Observation.component']);
    expect((await put(latestId, { ...latest, id: bpIds[0] })).statusCode).toBe(400);
    const otherClient = await put(latestId, { ...latest, status: 'entered-in-error' }, limited);
    expect(otherClient.statusCode).toBe(403);
    const withdrawn = await put(latestId, { ...latest, status: 'entered-in-error' }, { 'if-match': 'W/"1"' });
    expect(withdrawn.statusCode).toBe(200);
    expect(json<{ status: string }>(withdrawn).status).toBe('entered-in-error');
    expect(
      (
        await put('018f0000-0000-7000-8000-000000000000', {
          ...latest,
          id: '018f0000-0000-7000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(404);

    // Archived values are gone, not unknown.
    const archived = uuidv7();
    await t.db.query(
      `INSERT INTO observation_archive (patient_id, id, effective_at, data) VALUES ($1, $2, now() - interval '3 years', '{}')`,
      [t.fixture.patientA, archived],
    );
    const gone = await get(`/Observation/${archived}`);
    expect(gone.statusCode).toBe(410);
    expect(json<Outcome>(gone).issue[0]!.code).toBe('deleted');
  });

  it('answers patient data only through the care relationship, and audits every access', async () => {
    const { patientA, patientB } = t.fixture;
    const episode = json<Bundle>(await get(`/EpisodeOfCare?patient=${patientA}`)).entry![0]!.resource.id;
    expect((await get(`/EpisodeOfCare/${episode}`, limited)).statusCode).toBe(404);
    expect((await get(`/EpisodeOfCare?patient=${patientA}`, limited)).statusCode).toBe(404);
    expect((await get(`/Observation?_id=${bpIds[0]}`, limited)).json()).toMatchObject({ entry: [] });
    expect((await get(`/EpisodeOfCare?patient=${patientB}`, limited)).statusCode).toBe(200);
    const missingPatient = await get('/EpisodeOfCare?status=active');
    expect(missingPatient.statusCode).toBe(400);
    expect(json<Outcome>(missingPatient).issue[0]!.expression).toEqual(['patient']);
    const before = Number(
      (await t.db.query('SELECT count(*) AS n FROM audit_event WHERE patient_id = $1', [patientB])).rows[0]!
        .n,
    );
    await get(`/AuditEvent?patient=${patientB}`, limited);
    const events = json<Bundle>(await get(`/AuditEvent?patient=${patientB}&_count=1`, limited));
    expect(events.entry![0]!.resource.action).toBe('E');
    const after = Number(
      (await t.db.query('SELECT count(*) AS n FROM audit_event WHERE patient_id = $1', [patientB])).rows[0]!
        .n,
    );
    expect(after - before).toBe(2);
    // Written with the search itself (one statement), naming what was searched.
    const latest = await t.db.query(
      'SELECT action, purpose FROM audit_event WHERE patient_id = $1 ORDER BY id DESC LIMIT 2',
      [patientB],
    );
    expect(latest.rows).toEqual([
      { action: 'search /fhir/R4/AuditEvent', purpose: 'integration' },
      { action: 'search /fhir/R4/AuditEvent', purpose: 'integration' },
    ]);
  });

  it('accepts Swedish identifiers in OID and HL7 Sweden URI form and emits the OID form', async () => {
    for (const system of ['urn:oid:1.2.752.29.4.19', 'http://electronichealth.se/identifier/hsaid']) {
      const b = json<Bundle>(await get(`/Practitioner?identifier=${encodeURIComponent(`${system}|${HSA}`)}`));
      expect(ids(b)).toEqual([t.fixture.nurseA]);
      expect(b.entry![0]!.resource.identifier).toEqual([{ system: 'urn:oid:1.2.752.29.4.19', value: HSA }]);
    }
    expect(
      ids(
        json<Bundle>(
          await get(`/Practitioner?identifier=${encodeURIComponent(`urn:oid:1.2.752.129.2.1.3.1|${HSA}`)}`),
        ),
      ),
    ).toEqual([]);
    // A gateway that knows only the personnummer names the subject by identifier, in either form.
    const writerB = await token('unit-b-writer', ['system/Observation.write']);
    await t.db.query(`INSERT INTO api_client_unit (client_id, care_unit_id) VALUES ('unit-b-writer', $1)`, [
      t.fixture.unitB,
    ]);
    for (const [system, value] of [
      ['http://electronichealth.se/identifier/personnummer', '19121212-1212'],
      ['urn:oid:1.2.752.129.2.1.3.1', '191212121212'],
    ]) {
      const weight = {
        resourceType: 'Observation',
        status: 'final',
        code: loinc('29463-7'),
        subject: { identifier: { system, value } },
        effectiveDateTime: hoursAgo(1),
        valueQuantity: ucum(70, 'kg'),
      };
      const res = await send('POST', '/Observation', weight);
      expect(res.statusCode, system).toBe(201);
      expect(json<{ subject: { reference: string } }>(res).subject.reference).toBe(
        `Patient/${t.fixture.patientA}`,
      );
      // A client that may not reach the patient hears the same as for an unknown number.
      const unreachable = await send('POST', '/Observation', weight, writerB);
      const unknown = await send('POST', '/Observation', {
        ...weight,
        subject: { identifier: { system, value: '195001012383'.replace('2383', '2391') } },
      });
      for (const r of [unreachable, unknown]) {
        expect(r.statusCode).toBe(422);
        expect(json<Outcome>(r).issue[0]!.expression).toEqual(['Observation.subject.identifier']);
      }
    }
    // A samordningsnummer is found under its own system, not as a personnummer.
    const samordning = uuidv7();
    await t.db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender) VALUES ($1, '199001722385', 'S', 'S', '1990-01-12', 'female')`,
      [samordning],
    );
    for (const [system, expected] of [
      ['http://electronichealth.se/identifier/samordningsnummer', [samordning]],
      ['urn:oid:1.2.752.129.2.1.3.3', [samordning]],
      ['urn:oid:1.2.752.129.2.1.3.1', []],
    ] as const) {
      const b = json<Bundle>(
        await get(`/Patient?identifier=${encodeURIComponent(`${system}|19900172-2385`)}`),
      );
      expect(ids(b), system).toEqual(expected);
    }
  });

  it('states exactly what it serves: CapabilityStatement and SMART configuration', async () => {
    const cs = json<{
      rest: {
        resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[];
        interaction?: { code: string }[];
      }[];
    }>(await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' }));
    expect(fhirSchemaErrors(cs)).toEqual([]);
    const rest = cs.rest[0]!;
    for (const def of RESOURCES) {
      const r = rest.resource.find((x) => x.type === def.type);
      expect(
        r?.interaction.map((i) => i.code),
        def.type,
      ).toEqual(expect.arrayContaining(['read', 'search-type']));
    }
    const observation = rest.resource.find((r) => r.type === 'Observation')!;
    expect(observation.interaction.map((i) => i.code)).toEqual(
      expect.arrayContaining(['create', 'update', 'vread', 'history-instance']),
    );
    expect(rest.interaction?.map((i) => i.code)).toEqual(['batch', 'transaction']);
    const subscription = rest.resource.find((r) => r.type === 'Subscription') as unknown as {
      interaction: { code: string }[];
      extension: { valueCanonical: string }[];
    };
    expect(subscription.interaction.map((i) => i.code)).toEqual(['create', 'delete', 'read', 'search-type']);
    expect(subscription.extension.map((e) => e.valueCanonical)).toContain(
      'http://hemma.se/fhir/SubscriptionTopic/validated-observation',
    );
    const planDefinition = rest.resource.find((r) => r.type === 'PlanDefinition')!;
    expect(planDefinition.interaction.map((i) => i.code)).toContain('vread');
    // Every stated search parameter is accepted in strict mode, and an unstated one is not.
    for (const r of rest.resource.filter((x) => RESOURCES.some((d) => d.type === x.type))) {
      const names = r.searchParam
        .map((s) => s.name)
        .filter((n) => !['patient', 'subject', '_id'].includes(n));
      const patient = r.searchParam.some((s) => s.name === 'patient') ? `patient=${t.fixture.patientA}&` : '';
      for (const name of names) {
        const res = await get(`/${r.type}?${patient}${name}=x`, { ...auth, prefer: 'handling=strict' });
        expect(
          res.statusCode === 200 || json<Outcome>(res).issue[0]!.expression?.[0] === name,
          `${r.type} ${name}`,
        ).toBe(true);
      }
      const unknown = await get(`/${r.type}?${patient}not-a-param=x`, { ...auth, prefer: 'handling=strict' });
      expect(unknown.statusCode).toBe(400);
    }
    const smart = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    expect(smart.statusCode).toBe(200);
    const config = json<{
      token_endpoint: string;
      grant_types_supported: string[];
      scopes_supported: string[];
    }>(smart);
    expect(config.token_endpoint).toMatch(/\/oauth2\/token$/);
    expect(config.grant_types_supported).toEqual(['client_credentials']);
    expect(config.scopes_supported).toEqual(
      expect.arrayContaining(['system/Practitioner.read', 'system/Observation.write']),
    );
    expect((await t.app.inject({ method: 'GET', url: '/.well-known/smart-configuration' })).statusCode).toBe(
      200,
    );
  });
});
