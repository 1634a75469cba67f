import type { MeasurementInput } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import { requireRoles, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { appSubmissionToItems, idempotencyHeaderSchema, measurementsBodySchema } from '../intake/app-input';
import { ingest } from '../intake/intake';
import { listObservations, type ObservationQuery, observationQuerySchema } from '../intake/observations';
import { listThresholds } from '../thresholds/repository';

type Submission = { measurements: MeasurementInput[]; effectiveAt?: string };

/** The patient's own data. The session decides whose: there is no patient id in these URLs. */
export async function patientRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;
  app.addHook('preHandler', requireRoles(['patient']));

  app.post(
    '/api/patient/measurements',
    { schema: { body: measurementsBodySchema, headers: idempotencyHeaderSchema } },
    async (req, reply) => {
      const user = userOf(req);
      const patientId = user.patientId!;
      const items = appSubmissionToItems(
        req.body as Submission,
        req.headers['idempotency-key'] as string,
        new Date(),
      );
      await assertPatientAccess(db, req, patientId, 'create');
      const results = await ingest(db, bus, {
        patientId,
        items,
        source: 'patient-app',
        enteredBy: user.accountId,
        clientId: null,
      });
      return reply.code(results.some((r) => r.created) ? 201 : 200).send({
        results: results.map((r) => ({ observation: r.observation, evaluation: r.evaluation })),
      });
    },
  );

  app.get('/api/patient/observations', { schema: { querystring: observationQuerySchema } }, async (req) => {
    const patientId = userOf(req).patientId!;
    await assertPatientAccess(db, req, patientId, 'read');
    return { observations: await listObservations(db, patientId, req.query as ObservationQuery) };
  });

  app.get('/api/patient/thresholds', async (req) => {
    const patientId = userOf(req).patientId!;
    await assertPatientAccess(db, req, patientId, 'read');
    return { thresholds: await listThresholds(db, patientId) };
  });
}
