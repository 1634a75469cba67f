import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../auth/passwords';
import { createTestContext, DATABASE_KINDS, json, type TestContext } from '../../testing/test-context';
import { validatePeriod } from '../../validation/repository';
import { bundleSchemaErrors, fhirSchemaErrors } from '../testing/fhir-schema';
import { deliverSubscriptions, retryDelayMs } from './delivery';
import { SECRET_EXTENSION, TOPIC_BASE } from './topics';

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/';

/** What a receiving system does: recompute the HMAC over "<t>.<body>" with its secret. */
function verify(secret: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

interface Received {
  signature: string | undefined;
  body: string;
}

describe.each(DATABASE_KINDS)('FHIR subscriptions, rest-hook (%s database)', (kind) => {
  let t: TestContext;
  let auth: Record<string, string>;
  let server: http.Server;
  let endpoint: string;
  const received: Received[] = [];
  let failNext = 1;

  const fhir = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/fhir/R4${url}`,
      headers: { ...auth, ...(payload ? { 'content-type': 'application/fhir+json' } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
  const subscription = (topic: string, unitId: string | null, content = 'full-resource', url = endpoint) => ({
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Validated values for the record',
    criteria: `${TOPIC_BASE}${topic}`,
    ...(unitId
      ? {
          _criteria: {
            extension: [
              {
                url: `${BACKPORT}backport-filter-criteria`,
                valueString: `organization=Organization/${unitId}`,
              },
            ],
          },
        }
      : {}),
    channel: {
      type: 'rest-hook',
      endpoint: url,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}backport-payload-content`, valueCode: content }] },
    },
  });

  beforeAll(async () => {
    t = await createTestContext(kind);
    await t.db.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ('ehr', $1, 'EHR', $2)`,
      [
        await hashPassword('ehr-secret-1'),
        ['system/*.read', 'system/Subscription.write', 'system/Observation.write'],
      ],
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=ehr&client_secret=ehr-secret-1',
    });
    auth = { authorization: `Bearer ${json<{ access_token: string }>(res).access_token}` };
    // The receiving system: answers 500 to the first notification, then 200.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ signature: req.headers['x-hemma-signature'] as string | undefined, body });
        res.statusCode = failNext-- > 0 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('refuses subscriptions it cannot honour, naming the field', async () => {
    const cases: [unknown, number, string][] = [
      [
        { ...subscription('validated-observation', null), criteria: 'Observation?status=final' },
        422,
        'Subscription.criteria',
      ],
      [
        { ...subscription('validated-observation', null, 'full-resource', 'http://example.com/hook') },
        422,
        'Subscription.channel.endpoint',
      ],
      [
        { ...subscription('validated-observation', null), channel: { type: 'websocket' } },
        422,
        'Subscription.channel.type',
      ],
      [{ ...subscription('new-flag', null, 'everything') }, 422, 'Subscription.channel.payload.extension'],
    ];
    for (const [body, status, expression] of cases) {
      const res = await fhir('POST', '/Subscription', body);
      expect(res.statusCode, expression).toBe(status);
      expect(json<{ issue: { expression: string[] }[] }>(res).issue[0]!.expression).toEqual([expression]);
    }
  });

  it('notifies validated values for patients of a unit, signed, retrying after a 500, with a delivery log', async () => {
    const { patientA, unitA, unitB, nurseA } = t.fixture;
    const created = await fhir('POST', '/Subscription', subscription('validated-observation', unitA));
    expect(created.statusCode).toBe(201);
    const sub = json<{ id: string; status: string; extension: { url: string; valueString: string }[] }>(
      created,
    );
    expect(sub.status).toBe('active');
    const secret = sub.extension.find((e) => e.url === SECRET_EXTENSION)!.valueString;
    expect(fhirSchemaErrors(json(await fhir('GET', `/Subscription/${sub.id}`)))).toEqual([]);
    expect(JSON.stringify(json(await fhir('GET', `/Subscription/${sub.id}`)))).not.toContain(secret);
    const other = json<{ id: string }>(
      await fhir('POST', '/Subscription', subscription('validated-observation', unitB)),
    );

    const obs = await fhir('POST', '/Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      subject: { reference: `Patient/${patientA}` },
      effectiveDateTime: new Date(Date.now() - 60_000).toISOString(),
      valueQuantity: { value: 81.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
    expect(obs.statusCode).toBe(201);
    const obsId = json<{ id: string }>(obs).id;
    // Not yet validated: nothing to tell.
    expect((await deliverSubscriptions(t.db, new Date())).found).toBe(0);
    await validatePeriod(t.db, patientA, new Date(Date.now() - 3600_000), new Date(), {
      accountId: nurseA,
      role: 'nurse',
    });

    // Events settle for a few seconds before they are collected (late commits are not skipped).
    const start = Date.now();
    const first = await deliverSubscriptions(t.db, new Date(start + 10_000));
    expect(first).toMatchObject({ found: 1, delivered: 0, retried: 1 });
    // Not due again before the back-off has passed.
    expect(await deliverSubscriptions(t.db, new Date(start + 20_000))).toMatchObject({
      delivered: 0,
      retried: 0,
    });
    const second = await deliverSubscriptions(t.db, new Date(start + 10_000 + retryDelayMs(1)));
    expect(second).toMatchObject({ found: 0, delivered: 1 });

    expect(received).toHaveLength(2);
    for (const r of received) {
      expect(verify(secret, r.signature, r.body)).toBe(true);
      expect(verify(`${secret}x`, r.signature, r.body)).toBe(false);
    }
    const bundle = JSON.parse(received[1]!.body) as {
      type: string;
      entry: {
        resource: {
          resourceType: string;
          id?: string;
          parameter?: { name: string; part?: { name: string; valueReference?: { reference: string } }[] }[];
        };
      }[];
    };
    expect(bundle.type).toBe('history');
    expect(bundleSchemaErrors(bundle)).toEqual([]);
    const event = bundle.entry[0]!.resource.parameter!.find((p) => p.name === 'notification-event')!;
    expect(event.part!.find((p) => p.name === 'focus')!.valueReference!.reference).toBe(
      `Observation/${obsId}`,
    );
    expect(bundle.entry[1]!.resource).toMatchObject({
      resourceType: 'Observation',
      id: obsId,
      status: 'final',
    });

    const log = json<{
      parameter: { name: string; part?: { name: string; valueInteger?: number; valueCode?: string }[] }[];
    }>(await fhir('GET', `/Subscription/${sub.id}/$events`));
    const attempts = log.parameter
      .filter((p) => p.name === 'delivery')
      .map((p) => ({
        status: p.part!.find((x) => x.name === 'http-status')?.valueInteger,
        outcome: p.part!.find((x) => x.name === 'outcome')?.valueCode,
      }));
    expect(attempts).toEqual([
      { status: 200, outcome: 'delivered' },
      { status: 500, outcome: 'retrying' },
    ]);
    // The other unit's subscription heard nothing about this patient.
    const status = json<{ parameter: { name: string; valueString?: string }[] }>(
      await fhir('GET', `/Subscription/${other.id}/$status`),
    );
    expect(status.parameter.find((p) => p.name === 'events-since-subscription-start')!.valueString).toBe('0');
    const audited = await t.db.query(
      `SELECT 1 FROM audit_event WHERE patient_id = $1 AND actor_client_id = 'ehr' AND action LIKE 'notify%'`,
      [patientA],
    );
    expect(audited.rows).toHaveLength(1);

    expect((await fhir('DELETE', `/Subscription/${sub.id}`)).statusCode).toBe(204);
    expect(json<{ status: string }>(await fhir('GET', `/Subscription/${sub.id}`)).status).toBe('off');
  });
});
