import { findQuestionnaire, QUESTIONNAIRE_BASE } from '@hemma/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { searchset } from '../fhir/bundle';
import { UNREACHABLE_SUBJECT, unknownSubject } from '../fhir/patient';
import { HttpProblem, notFound } from '../http/problem';
import { listDefinitions, loadDefinition } from './definitions';
import { findResponse, listResponses, type StoredResponse } from './repository';
import { submitResponse } from './submit';

const str = { type: 'string', maxLength: 2000 } as const;
const idParams = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}/fhir/R4`;
}

export function toFhirQuestionnaireResponse(r: StoredResponse) {
  return {
    resourceType: 'QuestionnaireResponse' as const,
    id: r.id,
    meta: { lastUpdated: r.receivedAt },
    ...(r.identifier
      ? {
          identifier: {
            ...(r.identifier.system ? { system: r.identifier.system } : {}),
            value: r.identifier.value,
          },
        }
      : {}),
    questionnaire: `${QUESTIONNAIRE_BASE}${r.questionnaire}|${r.questionnaireVersion}`,
    status: 'completed',
    subject: { reference: `Patient/${r.patientId}` },
    authored: r.authoredAt,
    item: r.items,
  };
}

/** FHIR R4 Questionnaire (read, search) and QuestionnaireResponse (create, read, search); inside fhirRoutes. */
export async function questionnaireFhirRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db } = opts;
  const qRead = { access: { scope: 'system/Questionnaire.read' } } as const;
  const rRead = { access: { scope: 'system/QuestionnaireResponse.read' } } as const;
  const rWrite = { access: { scope: 'system/QuestionnaireResponse.write' } } as const;

  app.get(
    '/fhir/R4/Questionnaire',
    {
      config: qRead,
      schema: { querystring: { type: 'object', properties: { url: str, _id: str, name: str } } },
    },
    async (req) => {
      const q = req.query as { url?: string; _id?: string; name?: string };
      const all = await listDefinitions(db);
      const match = all
        .map((x) => x.def)
        .filter(
          (d) =>
            (!q.url || q.url.split(',').some((u) => findQuestionnaire(u)?.id === d.id)) &&
            (!q._id || q._id.split(',').includes(d.id)) &&
            (!q.name || d.questionnaire.name.toLowerCase().startsWith(q.name.toLowerCase())),
        );
      return searchset(
        baseUrl(req),
        `${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`,
        match.map((d) => d.questionnaire),
      );
    },
  );

  app.get('/fhir/R4/Questionnaire/:id', { config: qRead, schema: idParams }, async (req) => {
    const def = await loadDefinition(db, (req.params as { id: string }).id);
    if (!def) throw notFound('Questionnaire');
    return def.questionnaire;
  });

  app.post(
    '/fhir/R4/QuestionnaireResponse',
    { config: rWrite, schema: { body: { type: 'object' } } },
    async (req, reply) => {
      const body = req.body as { subject?: { reference?: unknown }; identifier?: unknown };
      const ref = body.subject?.reference;
      const patientId = typeof ref === 'string' ? ref.replace(/^Patient\//, '') : '';
      if (!UUID.test(patientId)) {
        const issue = {
          field: 'QuestionnaireResponse.subject.reference',
          kind: 'required' as const,
          message: 'QuestionnaireResponse.subject.reference is required (Patient/<id>)',
        };
        throw new HttpProblem(400, 'Invalid QuestionnaireResponse', issue.message, [issue]);
      }
      const identifier = readIdentifier(body.identifier);
      const headerKey = req.headers['idempotency-key'];
      const key = identifier
        ? `id:${identifier.system ?? ''}|${identifier.value}`
        : typeof headerKey === 'string' && headerKey
          ? `hdr:${headerKey.slice(0, 200)}`
          : `none:${crypto.randomUUID()}`;
      let result: Awaited<ReturnType<typeof submitResponse>>;
      try {
        result = await submitResponse(opts, req, {
          patientId,
          body,
          idempotencyKey: key,
          identifier,
          source: 'fhir-client',
          enteredBy: null,
          clientId: req.actor?.kind === 'client' ? req.actor.clientId : null,
        });
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 404) {
          throw unknownSubject('QuestionnaireResponse.subject.reference', UNREACHABLE_SUBJECT);
        }
        throw error;
      }
      reply.header('location', `${baseUrl(req)}/QuestionnaireResponse/${result.response.id}`);
      return reply.code(result.created ? 201 : 200).send(toFhirQuestionnaireResponse(result.response));
    },
  );

  app.get('/fhir/R4/QuestionnaireResponse/:id', { config: rRead, schema: idParams }, async (req) => {
    const { id } = req.params as { id: string };
    const r = UUID.test(id) ? await findResponse(db, id) : undefined;
    if (!r) throw notFound('QuestionnaireResponse');
    try {
      await assertPatientAccess(db, req, r.patientId, 'read');
    } catch {
      throw notFound('QuestionnaireResponse');
    }
    return toFhirQuestionnaireResponse(r);
  });

  app.get(
    '/fhir/R4/QuestionnaireResponse',
    {
      config: rRead,
      schema: {
        querystring: {
          type: 'object',
          properties: { patient: str, subject: str, questionnaire: str, _count: str },
        },
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      const raw = q.patient ?? q.subject;
      if (!raw)
        throw new HttpProblem(400, 'Missing patient', 'Search requires the patient (or subject) parameter.');
      const patientId = raw.replace(/^Patient\//, '');
      await assertPatientAccess(db, req, patientId, 'search');
      const count = q._count === undefined ? 100 : Number(q._count);
      if (!Number.isInteger(count) || count < 1 || count > 500)
        throw new HttpProblem(400, 'Invalid _count', '_count must be a whole number from 1 to 500.');
      const questionnaire = q.questionnaire
        ? (findQuestionnaire(q.questionnaire)?.id ?? '\u0000')
        : undefined;
      const list = await listResponses(db, patientId, {
        ...(questionnaire ? { questionnaire } : {}),
        limit: count,
      });
      return searchset(
        baseUrl(req),
        `${baseUrl(req)}${req.url.slice('/fhir/R4'.length)}`,
        list.map(toFhirQuestionnaireResponse),
      );
    },
  );
}

function readIdentifier(v: unknown): { system: string | null; value: string } | null {
  const id = Array.isArray(v) ? v[0] : v;
  if (!id || typeof id !== 'object') return null;
  const { system, value } = id as { system?: unknown; value?: unknown };
  if (typeof value !== 'string' || value === '' || value.length > 200) return null;
  return { system: typeof system === 'string' ? system.slice(0, 200) : null, value };
}
