import http from 'node:http';
import { Socket } from 'node:net';
import { Client as FhirKitClient } from 'fhir-kit-client';
import smart from 'fhirclient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VITAL_SIGNS, weightObservation } from '../testing/fhir-observations';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { fhirSchemaErrors } from './testing/fhir-schema';

// Independent FHIR clients — not our code — against the server listening on a real port, each with a
// token from the client-credentials grant found through SMART discovery.

interface Resource {
  resourceType: string;
  id?: string;
  status?: string;
  [key: string]: unknown;
}
interface Bundle {
  resourceType: 'Bundle';
  entry?: { resource: Resource }[];
}

const weight = (patientId: string, kg: number, identifier: string): Resource =>
  weightObservation(patientId, kg, {
    at: new Date(Date.now() - 120_000).toISOString(),
    identifier: ['urn:example:clients', identifier],
    extra: { category: VITAL_SIGNS },
  });

describe.each(DATABASE_KINDS)('independent FHIR clients (%s database)', (kind) => {
  let t: TestContext;
  let origin: string;
  let base: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestContext(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    origin = `http://127.0.0.1:${port}`;
    base = `${origin}/fhir/R4`;
    const discovery = (await (await fetch(`${base}/.well-known/smart-configuration`)).json()) as {
      token_endpoint: string;
      grant_types_supported: string[];
    };
    expect(discovery.grant_types_supported).toContain('client_credentials');
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=test-gateway&client_secret=test-gateway-secret',
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => t.close());

  const expectValid = (...resources: unknown[]) => {
    for (const r of resources) expect(fhirSchemaErrors(r)).toEqual([]);
  };

  it('fhirclient (SMART on FHIR JavaScript library): create, search, read', async () => {
    const req = new http.IncomingMessage(new Socket());
    req.headers = { host: '127.0.0.1' };
    req.url = '/';
    const client = smart(req, new http.ServerResponse(req)).client({
      serverUrl: base,
      tokenResponse: { access_token: token, token_type: 'Bearer', expires_in: 3600 },
    });
    const created = (await client.create(weight(t.fixture.patientA, 80.2, 'fhirclient-1'))) as Resource;
    expect(created).toMatchObject({ resourceType: 'Observation', status: 'preliminary' });
    const found = (await client.request(
      `Observation?patient=${t.fixture.patientA}&code=http://loinc.org|29463-7&identifier=urn:example:clients|fhirclient-1`,
    )) as Bundle;
    expect(found.entry?.map((e) => e.resource.id)).toEqual([created.id]);
    const read = (await client.request(`Observation/${created.id}`)) as Resource;
    expect(read.id).toBe(created.id);
    expectValid(created, found, read);
  });

  it('fhir-kit-client: create, search, read, and the CapabilityStatement', async () => {
    const client = new FhirKitClient({ baseUrl: base, bearerToken: token });
    const created = (await client.create({
      resourceType: 'Observation',
      body: weight(t.fixture.patientA, 80.4, 'fhir-kit-1'),
    })) as Resource;
    expect(created.resourceType).toBe('Observation');
    const found = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: t.fixture.patientA, identifier: 'urn:example:clients|fhir-kit-1' },
    })) as Bundle;
    expect(found.entry?.map((e) => e.resource.id)).toEqual([created.id]);
    const read = (await client.read({ resourceType: 'Observation', id: created.id! })) as Resource;
    expect(read.id).toBe(created.id);
    const v1 = (await client.vread({
      resourceType: 'Observation',
      id: created.id!,
      version: '1',
    })) as Resource;
    expect(v1.id).toBe(created.id);
    const history = (await client.history({ resourceType: 'Observation', id: created.id! })) as Bundle;
    expect(history.entry).toHaveLength(1);
    // A device gateway's transaction Bundle (fhir/bundle-ingest.ts) with a conditional create.
    const entry = weight(t.fixture.patientA, 80.5, 'fhir-kit-2');
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: entry,
          request: {
            method: 'POST',
            url: 'Observation',
            ifNoneExist: 'identifier=urn:example:clients|fhir-kit-2',
          },
        },
      ],
    };
    const response = (await client.transaction({ body: transaction })) as unknown as Bundle & {
      type: string;
    };
    expect(response.type).toBe('transaction-response');
    const resent = (await client.transaction({ body: transaction })) as unknown as {
      entry: { response: { status: string } }[];
    };
    expect(resent.entry[0]!.response.status).toMatch(/^200/);
    const patient = (await client.read({ resourceType: 'Patient', id: t.fixture.patientA })) as Resource;
    const capabilities = (await client.capabilityStatement()) as Resource;
    expectValid(created, found, read, v1, history, response, patient, capabilities);
  });

  it("@medplum/core's MedplumClient: create, search, read", async () => {
    // @medplum/core 5 is built for Node 22, which has a global WebSocket (used only by its
    // subscription manager); on Node 20 an inert class stands in so the module loads.
    globalThis.WebSocket ??= class {} as unknown as typeof WebSocket;
    const { MedplumClient } = await import('@medplum/core');
    const medplum = new MedplumClient({
      baseUrl: origin,
      fhirUrlPath: 'fhir/R4',
      fetch,
      accessToken: token,
      cacheTime: 0,
    });
    const created = (await medplum.createResource(
      weight(t.fixture.patientA, 80.6, 'medplum-1') as never,
    )) as Resource;
    expect(created.resourceType).toBe('Observation');
    const found = (await medplum.searchResources('Observation', {
      patient: t.fixture.patientA,
      identifier: 'urn:example:clients|medplum-1',
    })) as unknown as Resource[];
    expect(found.map((r) => r.id)).toEqual([created.id]);
    const read = (await medplum.readResource('Observation', created.id!)) as unknown as Resource;
    expect(read.id).toBe(created.id);
    expectValid(created, read, ...found);
  });
});
