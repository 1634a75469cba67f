import { findQuestionnaire, importLicensedQuestionnaire, questionnaireTitle } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit } from '../access/patient-access';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { badRequest, HttpProblem, notFound } from '../http/problem';
import { idempotencyHeaderSchema } from '../intake/app-input';
import { listDefinitions, loadDefinition, type QuestionnaireSummary } from './definitions';
import { listResponses } from './repository';
import { submitResponse } from './submit';

const anyUser = { access: { session: 'any' } } as const;
const ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;
const UUID = { type: 'string', format: 'uuid' } as const;

const responseQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { questionnaire: ID, limit: { type: 'integer', minimum: 1, maximum: 500 } },
} as const;

// The item tree is checked item by item by @hemma/core (with linkIds in the messages); the schema only bounds it.
const responseBody = {
  type: 'object',
  required: ['questionnaire'],
  properties: {
    resourceType: { type: 'string', maxLength: 40 },
    questionnaire: { type: 'string', maxLength: 300 },
    status: { type: 'string', maxLength: 40 },
    authored: { type: 'string', maxLength: 40 },
    item: { type: 'array', maxItems: 200 },
  },
} as const;

/** App API: questionnaire definitions, patients answering, staff reading answers, admins importing wording. */
export async function questionnaireRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db } = opts;

  app.get(
    '/api/questionnaires',
    { config: anyUser, schema: { querystring: { type: 'object' } } },
    async () => {
      const list = await listDefinitions(db);
      return {
        questionnaires: list.map(
          ({ def, available }): QuestionnaireSummary => ({
            id: def.id,
            url: def.questionnaire.url,
            version: def.questionnaire.version,
            title: {
              sv: questionnaireTitle(def.questionnaire, 'sv'),
              en: questionnaireTitle(def.questionnaire, 'en'),
            },
            licensed: Boolean(def.licensed),
            available,
          }),
        ),
      };
    },
  );

  app.get('/api/questionnaires/:id', { config: anyUser, schema: { params: idParams } }, async (req) => {
    const def = await loadDefinition(db, (req.params as { id: string }).id);
    if (!def) throw notFound('Questionnaire');
    return def.questionnaire;
  });

  app.post(
    '/api/patient/questionnaire-responses',
    {
      config: { access: RULES.patientRecord },
      schema: { body: responseBody, headers: idempotencyHeaderSchema },
    },
    async (req, reply) => {
      const user = userOf(req);
      const result = await submitResponse(opts, req, {
        patientId: user.patientId!,
        body: req.body,
        idempotencyKey: `app:${req.headers['idempotency-key'] as string}`,
        identifier: null,
        source: 'patient-app',
        enteredBy: user.accountId,
        clientId: null,
      });
      return reply.code(result.created ? 201 : 200).send({
        response: result.response,
        score: { total: result.score.total, band: result.score.band, flags: result.score.flags },
      });
    },
  );

  app.get(
    '/api/patient/questionnaire-responses',
    { config: { access: RULES.patientView }, schema: { querystring: responseQuery } },
    async (req) => {
      const patientId = userOf(req).patientId!;
      await assertPatientAccess(db, req, patientId, 'read');
      return {
        responses: await listResponses(
          db,
          patientId,
          req.query as { questionnaire?: string; limit?: number },
        ),
      };
    },
  );

  app.get(
    '/api/staff/patients/:id/questionnaire-responses',
    {
      config: { access: RULES.care },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: UUID } },
        querystring: responseQuery,
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      return {
        responses: await listResponses(db, id, req.query as { questionnaire?: string; limit?: number }),
      };
    },
  );

  app.put(
    '/api/admin/questionnaires/:id/wording',
    { config: { access: RULES.systemAdmin }, schema: { params: idParams, body: { type: 'object' } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const def = findQuestionnaire(id);
      if (!def) throw notFound('Questionnaire');
      if (!def.licensed)
        throw new HttpProblem(
          409,
          'Not a licensed instrument',
          `${id} ships with its wording; nothing to import.`,
        );
      const result = importLicensedQuestionnaire(def, req.body);
      if (!result.ok) throw badRequest(result.issues.map((i) => i.message).join(' '), result.issues);
      await db.tx(async (client) => {
        await client.query(
          `INSERT INTO questionnaire_wording (questionnaire, resource, imported_by) VALUES ($1, $2, $3)
           ON CONFLICT (questionnaire) DO UPDATE SET resource = EXCLUDED.resource, imported_by = EXCLUDED.imported_by,
             imported_at = now()`,
          [id, JSON.stringify(result.value), userOf(req).accountId],
        );
        await audit(client, req, null, 'update');
      });
      return result.value;
    },
  );
}
