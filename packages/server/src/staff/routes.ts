import type { AdviceSet, Thresholds } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import { acknowledgeAlert, alertPatient, patientAlerts, worklistItems } from '../alerts/repository';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import type { EventBus } from '../events/bus';
import { idParams } from '../http/schemas';
import { idempotencyHeaderSchema, measurementsBodySchema, recordSubmission } from '../intake/app-input';
import { listObservations, type ObservationQuery, observationQuerySchema } from '../intake/observations';
import { refreshConflicts } from '../plans/repository';
import { adviceSchema } from '../plans/schemas';
import { listThresholds, setThresholds } from '../thresholds/repository';
import { eventStream } from './events';
import { findPatients, patientDetail } from './patients';
import { triageRoutes } from './triage-routes';
import { type WorklistQuery, worklistPage } from './worklist';
import { workspaceRoutes } from './workspace-routes';

const nullableNumber = { type: ['number', 'null'] } as const;

export async function staffRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;
  // Who may call these routes: access/rules.ts (and config.access on the workspace routes).
  triageRoutes(app, opts);
  workspaceRoutes(app, opts);

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
            protocol: { type: 'string', maxLength: 63 },
            kind: { type: 'string', enum: ['alert', 'missed', 'message', 'validation', 'proposal'] },
            mine: { type: 'boolean' },
            snoozed: { type: 'boolean' },
            cursor: { type: 'string', maxLength: 400 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query as Omit<WorklistQuery, 'unitIds' | 'viewerId'> & { unit?: string };
      const units = q.unit ? user.unitIds.filter((u) => u === q.unit) : user.unitIds;
      const { unit: _unit, ...filter } = q;
      return worklistPage(db, { ...filter, unitIds: units, viewerId: user.accountId });
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
            advice: adviceSchema,
          },
        },
      },
    },
    async (req) => {
      const { id, code } = req.params as { id: string; code: string };
      const body = req.body as { thresholds: Thresholds; reason: string; advice?: AdviceSet | null };
      await assertPatientAccess(db, req, id, 'update');
      // A personal limit overrides the plan's merged one: the plan's conflict list shows it.
      return setThresholds(
        db,
        id,
        code,
        body.thresholds,
        body.reason,
        userOf(req).accountId,
        body.advice ?? null,
        (c) => refreshConflicts(c, id),
      );
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
