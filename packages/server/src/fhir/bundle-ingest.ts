import { operationOutcome, parseFhirObservation, type ValidationIssue } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { auditEntry } from '../access/patient-access';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { ingestBatch } from '../intake/batch';
import { reachableIntakeContexts } from '../intake/context';
import type { IntakeItem, IntakeRequest } from '../intake/intake';
import { parseToken } from './bundle';

/** Entries per Bundle: a gateway's backlog fits; one request cannot hold a transaction for long. */
export const MAX_BUNDLE_ENTRIES = 1000;
const BUNDLE_BODY_LIMIT = 8 * 1_048_576;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface EntryError {
  status: 400 | 404 | 422;
  issues: ValidationIssue[];
}

type Planned =
  | { kind: 'observation'; patientId: string; item: IntakeItem }
  | { kind: 'device' }
  | { kind: 'error'; error: EntryError };

const entryIssue = (index: number, field: string, message: string): ValidationIssue => ({
  field: `Bundle.entry[${index}]${field ? `.${field}` : ''}`,
  kind: 'invalid',
  message: `Bundle.entry[${index}]${field ? `.${field}` : ''}: ${message}`,
});

/**
 * Reads one entry: a POST of an Observation (optionally conditional on `ifNoneExist:
 * identifier=system|value`, which becomes the idempotency key the single POST uses too, so a
 * resent measurement is answered with the stored one) or of a Device. Devices are not stored:
 * Hemma keeps the device's id on each observation; an Observation referring to a Device entry's
 * fullUrl gets that Device's id.
 */
function planEntry(entry: unknown, index: number, devices: Map<string, string>, now: Date): Planned {
  const fail = (status: EntryError['status'], field: string, message: string): Planned => ({
    kind: 'error',
    error: { status, issues: [entryIssue(index, field, message)] },
  });
  if (!isObject(entry)) return fail(400, '', 'must be an object');
  const request = entry.request;
  if (!isObject(request) || request.method !== 'POST') {
    return fail(400, 'request.method', 'only POST (create) entries are supported');
  }
  const resource = entry.resource;
  if (!isObject(resource)) return fail(400, 'resource', 'is required');
  if (resource.resourceType === 'Device') return { kind: 'device' };
  if (resource.resourceType !== 'Observation') {
    return fail(400, 'resource.resourceType', 'must be "Observation" or "Device"');
  }
  if (request.url !== 'Observation') return fail(400, 'request.url', 'must be "Observation"');

  let key: string | null = null;
  let conditional: { system: string | null; value: string } | null = null;
  if (request.ifNoneExist !== undefined) {
    const m =
      typeof request.ifNoneExist === 'string' ? /^identifier=([^&]{1,500})$/.exec(request.ifNoneExist) : null;
    if (!m) return fail(400, 'request.ifNoneExist', 'only "identifier=system|value" is supported');
    const { system, code } = parseToken(decodeURIComponent(m[1]!));
    if (!code) return fail(400, 'request.ifNoneExist', 'the identifier value is empty');
    conditional = { system, value: code };
  }

  const deviceRef = isObject(resource.device) ? resource.device.reference : undefined;
  const deviceId = typeof deviceRef === 'string' ? devices.get(deviceRef) : undefined;
  const parsed = parseFhirObservation(
    deviceId ? { ...resource, device: { reference: `Device/${deviceId}` } } : resource,
    now,
  );
  if (!parsed.ok) {
    const structural = parsed.issues.some(
      (i) => i.kind === 'required' || i.kind === 'invalid' || i.kind === 'not-a-number',
    );
    return {
      kind: 'error',
      error: {
        status: structural ? 400 : 422,
        issues: parsed.issues.map((i) => ({
          ...i,
          message: `Bundle.entry[${index}].resource: ${i.message}`,
        })),
      },
    };
  }
  const { normalized, patientId, effectiveAt, identifier } = parsed.value;
  const id = conditional ?? identifier ?? null;
  if (id) key = `id:${id.system ?? ''}|${id.value}`;
  return {
    kind: 'observation',
    patientId,
    item: {
      measurement: normalized,
      effectiveAt,
      idempotencyKey: key,
      identifier: identifier ?? null,
      deviceId: parsed.value.deviceId ?? null,
    },
  };
}

/** Device entries by fullUrl (and Device/id), mapped to the id kept on observations. */
function deviceIds(entries: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    if (!isObject(e) || !isObject(e.resource) || e.resource.resourceType !== 'Device') continue;
    const identifier = Array.isArray(e.resource.identifier) ? e.resource.identifier[0] : undefined;
    const candidate =
      isObject(identifier) && typeof identifier.value === 'string' ? identifier.value : e.resource.id;
    if (typeof candidate !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(candidate)) continue;
    if (typeof e.fullUrl === 'string') out.set(e.fullUrl, candidate);
  }
  return out;
}

const outcomeOf = (issues: ValidationIssue[]) => operationOutcome(issues);
const STATUS_TEXT = {
  200: '200 OK',
  201: '201 Created',
  400: '400 Bad Request',
  404: '404 Not Found',
  422: '422 Unprocessable Entity',
};

/**
 * POST /fhir/R4 with a Bundle of type batch (each entry succeeds or fails on its own) or transaction
 * (all entries or none). Two statements for any number of patients: one read (access, limits, care
 * plans) and one atomic write of observations, alerts and audit rows (intake/batch.ts); patients
 * whose care plan has rules for the values add a transaction around their row-by-row path.
 */
export async function bundleIngestRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;
  app.post(
    '/fhir/R4',
    {
      bodyLimit: BUNDLE_BODY_LIMIT,
      // Bundles only create Observations (Device entries are read, not stored).
      config: { access: { scope: 'system/Observation.write' } },
      schema: {
        body: {
          type: 'object',
          required: ['resourceType', 'type'],
          properties: {
            resourceType: { const: 'Bundle' },
            type: { enum: ['batch', 'transaction'] },
            entry: { type: 'array', maxItems: MAX_BUNDLE_ENTRIES },
          },
        },
      },
    },
    async (req, reply) => {
      const bundle = req.body as { type: 'batch' | 'transaction'; entry?: unknown[] };
      const entries = bundle.entry ?? [];
      const now = new Date();
      const devices = deviceIds(entries);
      const planned = entries.map((e, i) => planEntry(e, i, devices, now));

      // Access for every patient of the Bundle, read in one statement with their limits and care plans
      // (intake/context.ts); an unreachable patient is the same answer as a missing one.
      const patientIds = [
        ...new Set(planned.flatMap((p) => (p.kind === 'observation' ? [p.patientId] : []))),
      ];
      const contexts = await reachableIntakeContexts(db, req, patientIds);
      const checked: Planned[] = planned.map((p, i) =>
        p.kind === 'observation' && !contexts.has(p.patientId)
          ? {
              kind: 'error',
              error: {
                status: 422,
                issues: [
                  entryIssue(
                    i,
                    'resource.subject.reference',
                    'the patient does not exist or is not reachable with this client',
                  ),
                ],
              },
            }
          : p,
      );

      if (bundle.type === 'transaction') {
        const errors = checked.flatMap((p) => (p.kind === 'error' ? p.error.issues : []));
        if (errors.length > 0) {
          const status = checked.some((p) => p.kind === 'error' && p.error.status === 400) ? 400 : 422;
          throw new HttpProblem(
            status,
            'Transaction rejected',
            'No entry was stored: see the issues.',
            errors,
          );
        }
      }

      // One intake request per patient, in order of first appearance.
      const byPatient = new Map<string, { request: IntakeRequest; entries: number[] }>();
      checked.forEach((p, i) => {
        if (p.kind !== 'observation') return;
        let group = byPatient.get(p.patientId);
        if (!group) {
          const patientId = p.patientId;
          group = {
            request: {
              patientId,
              items: [],
              source: 'fhir-client',
              enteredBy: null,
              clientId: req.actor?.kind === 'client' ? req.actor.clientId : null,
              auditEntry: auditEntry(req, patientId, 'create'),
            },
            entries: [],
          };
          byPatient.set(p.patientId, group);
        }
        group.request.items.push(p.item);
        group.entries.push(i);
      });
      const groups = [...byPatient.values()];
      const results =
        groups.length > 0
          ? await ingestBatch(
              db,
              bus,
              groups.map((g) => g.request),
              contexts,
            )
          : [];

      const base = `${req.protocol}://${req.host}/fhir/R4`;
      const responses: Json[] = checked.map((p) =>
        p.kind === 'error'
          ? { response: { status: STATUS_TEXT[p.error.status], outcome: outcomeOf(p.error.issues) } }
          : p.kind === 'device'
            ? {
                response: {
                  status: STATUS_TEXT[200],
                  outcome: operationOutcome([
                    {
                      code: 'informational',
                      diagnostics: 'Device resources are not stored; observations keep the device id.',
                    },
                  ]),
                },
              }
            : {},
      );
      groups.forEach((g, gi) => {
        g.entries.forEach((entryIndex, k) => {
          const r = results[gi]![k]!;
          responses[entryIndex] = {
            fullUrl: `${base}/Observation/${r.observation.id}`,
            response: {
              status: STATUS_TEXT[r.created ? 201 : 200],
              location: `Observation/${r.observation.id}`,
              lastModified: r.observation.receivedAt,
            },
          };
        });
      });
      return reply.code(200).send({
        resourceType: 'Bundle',
        type: bundle.type === 'batch' ? 'batch-response' : 'transaction-response',
        entry: responses,
      });
    },
  );
}
