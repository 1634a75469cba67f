import {
  findMeasurement,
  measurementForValueCode,
  parseFhirObservation,
  type StoredAlert,
  toFhirFlag,
  toFhirObservation,
} from '@hemma/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { patientAlerts } from '../alerts/repository';
import { bearerClient } from '../auth/oauth';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { addressKey, manualLimit } from '../http/rate-limit';
import { ingest } from '../intake/intake';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from '../intake/observation-row';
import { parseToken, searchset } from './bundle';
import { capabilityStatement } from './capability';
import { findPatientsByIdentifier, PATIENT_COLUMNS, type PatientRow, toFhirPatient } from './patient';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_COUNT = 1000;

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}/fhir/R4`;
}

function count(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new HttpProblem(400, 'Invalid _count', `_count must be a whole number from 0 to ${MAX_COUNT}.`);
  }
  return Math.min(n, MAX_COUNT);
}

/** Reads a required patient reference from `patient` or `subject` (`ID` or `Patient/ID`). */
function patientParam(q: Record<string, string | undefined>): string {
  const raw = q.patient ?? q.subject;
  if (!raw)
    throw new HttpProblem(400, 'Missing patient', 'Search requires the patient (or subject) parameter.');
  return raw.replace(/^Patient\//, '');
}

const FAILED_TOKENS_PER_MINUTE = 60;

const FHIR_DATE_PREFIX = /^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)$/;
const DATE_OPS = { eq: '=', ge: '>=', le: '<=', gt: '>', lt: '<' } as const;

// FHIR search ignores parameters it does not know (R4 3.1.1.5), so query schemas list types, not a closed set.
const str = { type: 'string', maxLength: 2000 } as const;
const noInput = { querystring: { type: 'object' } } as const;
const idParams = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
} as const;
const patientSearch = {
  querystring: { type: 'object', properties: { _count: str, _id: str, identifier: str } },
} as const;
const observationSearch = {
  querystring: {
    type: 'object',
    properties: {
      patient: str,
      subject: str,
      code: str,
      identifier: str,
      _count: str,
      date: { anyOf: [str, { type: 'array', items: str, maxItems: 4 }] },
    },
  },
} as const;
const flagSearch = {
  querystring: { type: 'object', properties: { patient: str, subject: str, status: str, _count: str } },
} as const;
const observationBody = { body: { type: 'object' } } as const;

export async function fhirRoutes(
  app: FastifyInstance,
  opts: { db: Database; bus: EventBus; config: Config },
) {
  const { db, bus, config } = opts;
  // Requests with a valid token are limited per client (see http/rate-limit.ts); failed tokens per
  // address, before the database is asked, so guessing tokens is slow.
  const failedTokens = manualLimit(app, config.rateLimit, FAILED_TOKENS_PER_MINUTE, addressKey);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/fhir/R4/metadata')) return;
    await failedTokens.check(req, reply);
    try {
      req.actor = await bearerClient(db, req);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) await failedTokens.hit(req, reply);
      throw error;
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-type', FHIR_JSON);
    return payload;
  });

  app.get('/fhir/R4/metadata', { schema: noInput }, async () => capabilityStatement());

  app.get('/fhir/R4/Patient', { schema: patientSearch }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = count(q._count, 50);
    let rows: PatientRow[];
    if (q.identifier) {
      const { system, code } = parseToken(q.identifier);
      rows = (await findPatientsByIdentifier(db, system, code)).slice(0, limit);
    } else if (q._id) {
      rows = (
        await db.query<PatientRow>(`SELECT ${PATIENT_COLUMNS} FROM patient WHERE id::text = ANY($1)`, [
          q._id.split(','),
        ])
      ).rows;
    } else {
      rows = (
        await db.query<PatientRow>(`SELECT ${PATIENT_COLUMNS} FROM patient ORDER BY id LIMIT $1`, [limit])
      ).rows;
    }
    for (const r of rows) await audit(db, req, r.id, 'search');
    return searchset(
      baseUrl(req),
      `${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`,
      rows.map(toFhirPatient),
    );
  });

  app.get('/fhir/R4/Patient/:id', { schema: idParams }, async (req) => {
    const { id } = req.params as { id: string };
    await assertPatientAccess(db, req, id, 'read');
    const { rows } = await db.query<PatientRow>(`SELECT ${PATIENT_COLUMNS} FROM patient WHERE id = $1`, [id]);
    return toFhirPatient(rows[0]!);
  });

  app.post('/fhir/R4/Observation', { schema: observationBody }, async (req, reply) => {
    const now = new Date();
    const parsed = parseFhirObservation(req.body, now);
    if (!parsed.ok) {
      // Structure errors are 400; a well-formed resource that breaks our rules (code, unit, range) is 422.
      const structural = parsed.issues.some(
        (i) => i.kind === 'required' || i.kind === 'invalid' || i.kind === 'not-a-number',
      );
      throw new HttpProblem(
        structural ? 400 : 422,
        'Invalid Observation',
        describe(parsed.issues),
        parsed.issues,
      );
    }
    const { normalized, patientId, effectiveAt, identifier, deviceId } = parsed.value;
    try {
      await checkPatientAccess(db, req, patientId);
    } catch {
      const issue = {
        field: 'Observation.subject.reference',
        kind: 'invalid' as const,
        message:
          'Observation.subject.reference: the patient does not exist or is not reachable with this client.',
      };
      throw new HttpProblem(422, 'Unknown subject', issue.message, [issue]);
    }
    const headerKey = req.headers['idempotency-key'];
    const key = identifier
      ? `id:${identifier.system ?? ''}|${identifier.value}`
      : typeof headerKey === 'string' && headerKey
        ? `hdr:${headerKey}`
        : null;
    const [result] = await ingest(db, bus, {
      patientId,
      items: [
        {
          measurement: normalized,
          effectiveAt,
          idempotencyKey: key,
          identifier: identifier ?? null,
          deviceId: deviceId ?? null,
        },
      ],
      source: 'fhir-client',
      enteredBy: null,
      clientId: req.actor?.kind === 'client' ? req.actor.clientId : null,
      audit: (client) => audit(client, req, patientId, 'create'),
    });
    const observation = result!.observation;
    reply.header('location', `${baseUrl(req)}/Observation/${observation.id}`);
    return reply.code(result!.created ? 201 : 200).send(toFhirObservation(observation));
  });

  app.get('/fhir/R4/Observation', { schema: observationSearch }, async (req) => {
    const q = req.query as Record<string, string | string[] | undefined>;
    const single = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const patientId = patientParam(single);
    await assertPatientAccess(db, req, patientId, 'search');
    const where = ['o.patient_id = $1'];
    const values: unknown[] = [patientId];
    if (single.code) {
      const codes = single.code.split(',').map((c) => parseToken(c));
      const loincs = codes.map(
        (c) => (findMeasurement(c.code) ?? measurementForValueCode(c.code))?.loinc ?? c.code,
      );
      values.push(loincs);
      where.push(`o.code = ANY($${values.length})`);
    }
    if (single.identifier) {
      const { system, code } = parseToken(single.identifier);
      values.push(code);
      where.push(`o.identifier_value = $${values.length}`);
      if (system) {
        values.push(system);
        where.push(`o.identifier_system = $${values.length}`);
      }
    }
    const dates = q.date === undefined ? [] : Array.isArray(q.date) ? q.date : [q.date];
    for (const d of dates) {
      const m = FHIR_DATE_PREFIX.exec(d);
      if (!m)
        throw new HttpProblem(
          400,
          'Invalid date',
          `date=${d} is not a FHIR date search (e.g. ge2026-01-01).`,
        );
      values.push(m[2]);
      where.push(
        `o.effective_at ${DATE_OPS[(m[1] ?? 'eq') as keyof typeof DATE_OPS]} $${values.length}::timestamptz`,
      );
    }
    values.push(count(single._count, 100));
    const { rows } = await db.query<ObservationRow>(
      `SELECT ${OBSERVATION_COLUMNS} FROM observation o WHERE ${where.join(' AND ')}
       ORDER BY o.effective_at DESC LIMIT $${values.length}`,
      values,
    );
    return searchset(
      baseUrl(req),
      `${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`,
      rows.map((r) => toFhirObservation(rowToObservation(r)) as { resourceType: string; id: string }),
    );
  });

  app.get('/fhir/R4/Observation/:id', { schema: idParams }, async (req) => {
    const { id } = req.params as { id: string };
    const { rows } = await db.query<ObservationRow>(
      `SELECT ${OBSERVATION_COLUMNS} FROM observation o WHERE o.id::text = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new HttpProblem(404, 'Not found', `Observation/${id} was not found.`);
    await assertPatientAccess(db, req, row.patient_id, 'read');
    return toFhirObservation(rowToObservation(row));
  });

  app.get('/fhir/R4/Flag', { schema: flagSearch }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const patientId = patientParam(q);
    await assertPatientAccess(db, req, patientId, 'search');
    const status = q.status === 'active' ? 'open' : q.status === 'inactive' ? 'acknowledged' : 'all';
    if (q.status && status === 'all') {
      throw new HttpProblem(400, 'Invalid status', 'Flag status must be active or inactive.');
    }
    const alerts: StoredAlert[] = await patientAlerts(db, patientId, status, count(q._count, 100));
    return searchset(
      baseUrl(req),
      `${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`,
      alerts.map((a) => toFhirFlag(a) as { resourceType: string; id: string }),
    );
  });
}

function describe(issues: { message: string }[]): string {
  return issues.map((i) => i.message).join(' ');
}
