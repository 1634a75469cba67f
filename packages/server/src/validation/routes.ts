import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { idParams } from '../http/schemas';
import { type Correction, correctValue, recordValues, validatePeriod } from './repository';

const care = { access: RULES.care } as const;
export const periodQuery = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } },
} as const;

/** Validation and correction are signed by the logged-in user: account id and role go on the rows. */
export function validationRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/api/staff/patients/:id/record-values',
    { config: care, schema: { params: idParams, querystring: periodQuery } },
    async (req) => {
      const { id } = req.params as { id: string };
      const q = req.query as { from: string; to: string };
      await assertPatientAccess(db, req, id, 'read');
      return { values: await recordValues(db, id, new Date(q.from), new Date(q.to)) };
    },
  );

  app.post(
    '/api/staff/patients/:id/validation',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            observationIds: {
              type: 'array',
              maxItems: 5000,
              items: { type: 'string', format: 'uuid' },
            },
          },
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const body = req.body as { from: string; to: string; observationIds?: string[] };
      const user = userOf(req);
      await checkPatientAccess(db, req, id);
      return db.tx(async (c) => {
        const validated = await validatePeriod(
          c,
          id,
          new Date(body.from),
          new Date(body.to),
          { accountId: user.accountId, role: user.role },
          body.observationIds,
        );
        await audit(c, req, id, 'update');
        return {
          validated,
          by: { accountId: user.accountId, displayName: user.displayName, role: user.role },
        };
      });
    },
  );

  app.post(
    '/api/staff/patients/:id/observations/:observationId/correction',
    {
      config: care,
      schema: {
        params: {
          type: 'object',
          required: ['id', 'observationId'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            observationId: { type: 'string', format: 'uuid' },
          },
        },
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: {
            values: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'number' } },
            enteredInError: { type: 'boolean' },
            reason: { type: 'string', minLength: 3, maxLength: 1000 },
          },
        },
      },
    },
    async (req, reply) => {
      const { id, observationId } = req.params as { id: string; observationId: string };
      const user = userOf(req);
      await checkPatientAccess(db, req, id);
      const result = await db.tx(async (c) => {
        const r = await correctValue(c, id, observationId, req.body as Correction, {
          accountId: user.accountId,
          role: user.role,
        });
        await audit(c, req, id, 'update');
        return r;
      });
      return reply.code(201).send(result);
    },
  );
}
