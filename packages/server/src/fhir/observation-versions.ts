import { operationOutcome, parseFhirObservation, type ValidationIssue } from '@hemma/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { fhirBase } from './resource-routes';
import { observationHistory, observationResource } from './resources/observation';

const read = { access: { scope: 'system/Observation.read' } } as const;
const write = { access: { scope: 'system/Observation.write' } } as const;
const idOnly = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

const fail = (status: number, title: string, field: string, message: string) =>
  new HttpProblem(status, title, `${field}: ${message}`, [
    { field, kind: 'invalid', message: `${field}: ${message}` } satisfies ValidationIssue,
  ]);

/** A refusal by a business rule (or of this client), answered as an OperationOutcome of that
 *  issue type with the field's FHIRPath; other problems go to the app's error handler. */
class Refusal extends Error {
  constructor(
    readonly status: 403 | 409 | 422,
    readonly code: 'business-rule' | 'forbidden',
    readonly field: string,
    readonly diagnostics: string,
  ) {
    super(diagnostics);
  }
}

/** The history of a logical Observation the caller may read; 404 / 410 otherwise. */
async function historyFor(db: Database, req: FastifyRequest, id: string, action: 'read' | 'update') {
  const h = await observationHistory(db, id);
  const missing = new HttpProblem(
    404,
    'Not found',
    `Observation/${id.replace(/[^A-Za-z0-9\-.]/g, '')} was not found.`,
  );
  if (h.kind === 'missing') throw missing;
  try {
    if (action === 'read') await assertPatientAccess(db, req, h.patientId, 'read');
    else await checkPatientAccess(db, req, h.patientId);
  } catch {
    throw missing;
  }
  if (h.kind === 'gone') {
    throw new HttpProblem(
      410,
      'Gone',
      `Observation/${id} was archived and is no longer served.`,
      undefined,
      'deleted',
    );
  }
  return h;
}

function withEtag(reply: FastifyReply, version: number) {
  reply.header('etag', `W/"${version}"`);
}

const VALIDATED = ['final', 'amended', 'corrected'];

/**
 * Observation history (the chain of corrections), vread, and update. A measurement's values never
 * change through FHIR: a value validated into the record changes only through the correction flow
 * (staff, with a reason, validation/), so an update of one is a 409; an unvalidated one may only be
 * withdrawn (status entered-in-error) by the client that sent it.
 */
export async function observationVersionRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db } = opts;

  app.get('/fhir/R4/Observation/:id/_history', { config: read, schema: { params: idOnly } }, async (req) => {
    const { id } = req.params as { id: string };
    const h = await historyFor(db, req, id, 'read');
    const base = fhirBase(req);
    const versions = h.versions.map((row, i) => observationResource(row, id, i + 1)).reverse();
    return {
      resourceType: 'Bundle',
      type: 'history',
      total: versions.length,
      link: [{ relation: 'self', url: `${base}/Observation/${id}/_history` }],
      entry: versions.map((resource, i) => {
        const version = versions.length - i;
        return {
          fullUrl: `${base}/Observation/${id}`,
          resource,
          request:
            version === 1
              ? { method: 'POST', url: 'Observation' }
              : { method: 'PUT', url: `Observation/${id}` },
          response: { status: version === 1 ? '201' : '200', etag: `W/"${version}"` },
        };
      }),
    };
  });

  app.get(
    '/fhir/R4/Observation/:id/_history/:vid',
    {
      config: read,
      schema: {
        params: {
          type: 'object',
          required: ['id', 'vid'],
          properties: { id: { type: 'string', maxLength: 64 }, vid: { type: 'string', maxLength: 20 } },
        },
      },
    },
    async (req, reply) => {
      const { id, vid } = req.params as { id: string; vid: string };
      const h = await historyFor(db, req, id, 'read');
      const n = /^[1-9]\d{0,5}$/.test(vid) ? Number(vid) : 0;
      const row = h.versions[n - 1];
      if (!row)
        throw new HttpProblem(404, 'Not found', `Observation/${id} has no version ${vid.slice(0, 20)}.`);
      withEtag(reply, n);
      return observationResource(row, id, n);
    },
  );

  app.put(
    '/fhir/R4/Observation/:id',
    { config: write, schema: { params: idOnly, body: { type: 'object' } } },
    async (req, reply) => {
      try {
        return await update(req, reply);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        const { status, code, field, diagnostics } = error;
        return reply
          .code(status)
          .send(operationOutcome([{ code, diagnostics: `${field}: ${diagnostics}`, expression: field }]));
      }
    },
  );

  async function update(req: FastifyRequest, reply: FastifyReply) {
    const { id } = req.params as { id: string };
    const body = req.body as Record<string, unknown>;
    if (body.resourceType !== 'Observation') {
      throw fail(400, 'Invalid Observation', 'Observation.resourceType', 'must be "Observation"');
    }
    if (body.id !== id)
      throw fail(400, 'Invalid Observation', 'Observation.id', `must be "${id}", the id in the URL`);
    const h = await historyFor(db, req, id, 'update');
    const version = h.versions.length;
    const current = h.versions[version - 1]!;
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && ifMatch.replace(/^W\//, '').replace(/"/g, '') !== String(version)) {
      throw new HttpProblem(
        412,
        'Version conflict',
        `If-Match names version ${ifMatch.slice(0, 20)}, but Observation/${id} is at version ${version}; read it again.`,
      );
    }
    if (VALIDATED.includes(current.status) || current.status === 'entered-in-error') {
      throw new Refusal(
        409,
        'business-rule',
        'Observation.status',
        current.status === 'entered-in-error'
          ? 'the value is withdrawn (entered-in-error) and cannot change again'
          : 'the value is validated into the record; it changes only through the correction flow (a staff member corrects it with a reason)',
      );
    }
    const parsed = parseFhirObservation(body, new Date());
    if (!parsed.ok) {
      const structural = parsed.issues.some((i) => i.kind === 'required' || i.kind === 'invalid');
      throw new HttpProblem(
        structural ? 400 : 422,
        'Invalid Observation',
        parsed.issues.map((i) => i.message).join(' '),
        parsed.issues,
      );
    }
    const p = parsed.value;
    const stored = current.value2 == null ? [current.value] : [current.value, current.value2];
    const differs: [boolean, string][] = [
      [p.patientId !== current.patient_id, 'Observation.subject.reference'],
      [p.normalized.code !== current.code, 'Observation.code.coding'],
      [
        p.normalized.values.some((v, i) => v !== stored[i]) || p.normalized.values.length !== stored.length,
        current.value2 == null ? 'Observation.valueQuantity.value' : 'Observation.component',
      ],
      [
        Date.parse(p.effectiveAt) !== new Date(current.effective_at).getTime(),
        'Observation.effectiveDateTime',
      ],
    ];
    const changed = differs.find(([d]) => d);
    if (changed) {
      throw new Refusal(
        422,
        'business-rule',
        changed[1],
        'a stored measurement keeps its values; withdraw it (status entered-in-error) and create a new Observation',
      );
    }
    if (p.status !== current.status && p.status !== 'entered-in-error') {
      throw new Refusal(
        422,
        'business-rule',
        'Observation.status',
        'the only change allowed is to entered-in-error (withdrawn)',
      );
    }
    if (p.status === 'entered-in-error') {
      const actor = req.actor;
      if (actor?.kind !== 'client' || current.client_id !== actor.clientId) {
        throw new Refusal(
          403,
          'forbidden',
          'Observation.status',
          'only the client that sent a measurement may withdraw it',
        );
      }
      await db.tx(async (c) => {
        await c.query(
          `UPDATE observation SET status = 'entered-in-error' WHERE patient_id = $1 AND id = $2 AND status = 'preliminary'`,
          [current.patient_id, current.id],
        );
        await audit(c, req, current.patient_id, 'update');
      });
      current.status = 'entered-in-error';
    }
    withEtag(reply, version);
    return observationResource(current, id, version);
  }
}
