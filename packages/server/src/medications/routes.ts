import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { idParams } from '../http/schemas';
import { addMedication, listMedications, type MedicationInput, stopMedication } from './repository';

const care = { access: RULES.care } as const;
const date = { type: 'string', format: 'date' } as const;

export function medicationRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/api/staff/patients/:id/medications',
    { config: care, schema: { params: idParams } },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      return { medications: await listMedications(db, id) };
    },
  );

  app.post(
    '/api/staff/patients/:id/medications',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['drug', 'dose', 'startedOn'],
          additionalProperties: false,
          properties: {
            drug: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            dose: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
            startedOn: date,
            stoppedOn: { type: ['string', 'null'], format: 'date' },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await checkPatientAccess(db, req, id);
      const med = await db.tx(async (c) => {
        const m = await addMedication(c, id, req.body as MedicationInput, userOf(req).accountId);
        await audit(c, req, id, 'create');
        return m;
      });
      return reply.code(201).send(med);
    },
  );

  app.put(
    '/api/staff/patients/:id/medications/:medicationId/stop',
    {
      config: care,
      schema: {
        params: {
          type: 'object',
          required: ['id', 'medicationId'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            medicationId: { type: 'string', format: 'uuid' },
          },
        },
        body: {
          type: 'object',
          required: ['stoppedOn'],
          additionalProperties: false,
          properties: { stoppedOn: date, reason: { type: 'string', maxLength: 1000 } },
        },
      },
    },
    async (req) => {
      const { id, medicationId } = req.params as { id: string; medicationId: string };
      const body = req.body as { stoppedOn: string; reason?: string };
      await checkPatientAccess(db, req, id);
      return db.tx(async (c) => {
        const m = await stopMedication(
          c,
          id,
          medicationId,
          body.stoppedOn,
          body.reason?.trim() || null,
          userOf(req).accountId,
        );
        await audit(c, req, id, 'update');
        return m;
      });
    },
  );
}
