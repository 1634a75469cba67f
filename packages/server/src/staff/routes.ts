import type { Thresholds } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import { acknowledgeAlert, alertPatient, patientAlerts, worklist, worklistItems } from '../alerts/repository';
import { requireRoles, STAFF_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { idempotencyHeaderSchema, measurementsBodySchema, recordSubmission } from '../intake/app-input';
import { listObservations, type ObservationQuery, observationQuerySchema } from '../intake/observations';
import { listThresholds, setThresholds } from '../thresholds/repository';
import { eventStream } from './events';
import { findPatients, patientDetail } from './patients';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

export async function staffRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;
  app.addHook('preHandler', requireRoles(STAFF_ROLES));

  app.get(
    '/api/staff/worklist',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unit: { type: 'string', format: 'uuid' },
            severity: { type: 'string', enum: ['red', 'yellow'] },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query as { unit?: string; severity?: 'red' | 'yellow' };
      const units = q.unit ? user.unitIds.filter((u) => u === q.unit) : user.unitIds;
      const items = await worklist(db, units, { severity: q.severity });
      return {
        items: items.map(({ unitIds, ...item }) => ({
          ...item,
          unitId: unitIds.find((u) => units.includes(u)),
        })),
      };
    },
  );

  app.get(
    '/api/staff/events',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    (req, reply) => eventStream(bus, userOf(req), reply),
  );

  app.get(
    '/api/staff/patients',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { q: { type: 'string', maxLength: 100 } },
        },
      },
    },
    async (req) => ({
      patients: await findPatients(db, userOf(req).unitIds, (req.query as { q?: string }).q),
    }),
  );

  app.get('/api/staff/patients/:id', { schema: { params: idParams } }, async (req) => {
    const { id } = req.params as { id: string };
    await assertPatientAccess(db, req, id, 'read');
    return patientDetail(db, id, userOf(req).unitIds);
  });

  app.get(
    '/api/staff/patients/:id/observations',
    { schema: { params: idParams, querystring: observationQuerySchema } },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      return { observations: await listObservations(db, id, req.query as ObservationQuery) };
    },
  );

  app.get(
    '/api/staff/patients/:id/alerts',
    {
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['open', 'acknowledged', 'all'] } },
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      const status = (req.query as { status?: 'open' | 'acknowledged' | 'all' }).status ?? 'all';
      return { alerts: await patientAlerts(db, id, status) };
    },
  );

  app.post(
    '/api/staff/patients/:id/measurements',
    { schema: { params: idParams, body: measurementsBodySchema, headers: idempotencyHeaderSchema } },
    (req, reply) => recordSubmission(opts, req, reply, (req.params as { id: string }).id, 'staff'),
  );

  app.get('/api/staff/patients/:id/thresholds', { schema: { params: idParams } }, async (req) => {
    const { id } = req.params as { id: string };
    await assertPatientAccess(db, req, id, 'read');
    return { thresholds: await listThresholds(db, id) };
  });

  app.put(
    '/api/staff/patients/:id/thresholds/:code',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id', 'code'],
          properties: { id: { type: 'string', format: 'uuid' }, code: { type: 'string', maxLength: 40 } },
        },
        body: {
          type: 'object',
          required: ['thresholds', 'reason'],
          additionalProperties: false,
          properties: {
            reason: { type: 'string', minLength: 3, maxLength: 1000 },
            thresholds: {
              type: 'object',
              additionalProperties: false,
              properties: {
                redLow: nullableNumber,
                yellowLow: nullableNumber,
                yellowHigh: nullableNumber,
                redHigh: nullableNumber,
              },
            },
          },
        },
      },
    },
    async (req) => {
      const { id, code } = req.params as { id: string; code: string };
      const body = req.body as { thresholds: Thresholds; reason: string };
      await assertPatientAccess(db, req, id, 'update');
      return setThresholds(db, id, code, body.thresholds, body.reason, userOf(req).accountId);
    },
  );

  app.post(
    '/api/staff/alerts/:id/acknowledge',
    {
      schema: {
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { note: { type: 'string', maxLength: 2000 } },
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const user = userOf(req);
      const patientId = await alertPatient(db, id);
      await assertPatientAccess(db, req, patientId, 'update');
      const note = (req.body as { note?: string } | null)?.note?.trim() || null;
      const alert = await acknowledgeAlert(db, patientId, id, user.accountId, note);
      const [item] = await worklistItems(db, [id]);
      bus.publish('alert-updated', {
        alertId: id,
        patientId,
        unitIds: item?.unitIds ?? [],
        status: 'acknowledged',
        acknowledgedBy: user.displayName,
      });
      return alert;
    },
  );
}
