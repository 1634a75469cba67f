import type { FastifyInstance } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { idempotencyHeaderSchema, measurementsBodySchema, recordSubmission } from '../intake/app-input';
import { listObservations, type ObservationQuery, observationQuerySchema } from '../intake/observations';
import { listThresholds } from '../thresholds/repository';

/** The patient's own data. The session decides whose: there is no patient id in these URLs. */
export async function patientRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db } = opts;
  // Who may call these routes: access/rules.ts.

  app.post(
    '/api/patient/measurements',
    { schema: { body: measurementsBodySchema, headers: idempotencyHeaderSchema } },
    (req, reply) => recordSubmission(opts, req, reply, userOf(req).patientId!, 'patient-app'),
  );

  app.get('/api/patient/observations', { schema: { querystring: observationQuerySchema } }, async (req) => {
    const patientId = userOf(req).patientId!;
    await assertPatientAccess(db, req, patientId, 'read');
    return { observations: await listObservations(db, patientId, req.query as ObservationQuery) };
  });

  app.get(
    '/api/patient/thresholds',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const patientId = userOf(req).patientId!;
      await assertPatientAccess(db, req, patientId, 'read');
      return { thresholds: await listThresholds(db, patientId) };
    },
  );
}
