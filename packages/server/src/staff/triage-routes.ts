import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { alertPatient, worklistItems } from '../alerts/repository';
import { userOf } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import type { EventBus } from '../events/bus';
import { HttpProblem } from '../http/problem';
import { idParams } from '../http/schemas';
import { acknowledgeMany, assignAlert, informationalAlerts, recordHandling, snoozeAlert } from './triage';
import { colleagues } from './worklist';

const care = { access: RULES.care } as const;

export function triageRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  const { db, bus } = opts;

  const changed = async (
    alertId: string,
    patientId: string,
    status: 'open' | 'acknowledged',
    by?: string,
  ) => {
    const [item] = await worklistItems(db, [alertId]);
    bus.publish('alert-updated', {
      alertId,
      patientId,
      unitIds: item?.unitIds ?? [],
      status,
      ...(by ? { acknowledgedBy: by } : {}),
    });
  };

  /**
   * Assigning and snoozing an alert: the change, its handling record and the audit entry in one
   * transaction, then the worklist update to the unit's other viewers.
   */
  const handleAlert = async <T>(
    req: FastifyRequest,
    action: 'assigned' | 'snoozed',
    change: (c: Queryable, patientId: string, alertId: string) => Promise<T>,
  ): Promise<T> => {
    const { id } = req.params as { id: string };
    const user = userOf(req);
    const patientId = await alertPatient(db, id);
    const basis = await checkPatientAccess(db, req, patientId);
    const result = await db.tx(async (c) => {
      const r = await change(c, patientId, id);
      await recordHandling(c, {
        patientId,
        unitId: basis.unitId,
        accountId: user.accountId,
        itemKind: 'alert',
        alertId: id,
        action,
        seconds: 0,
      });
      await audit(c, req, patientId, 'update');
      return r;
    });
    await changed(id, patientId, 'open');
    return result;
  };

  app.get('/api/staff/colleagues', { config: care, schema: {} }, async (req) => ({
    colleagues: await colleagues(db, userOf(req).unitIds),
  }));

  app.put(
    '/api/staff/alerts/:id/assignee',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['accountId'],
          additionalProperties: false,
          properties: { accountId: { type: ['string', 'null'], format: 'uuid' } },
        },
      },
    },
    async (req) => {
      const { accountId } = req.body as { accountId: string | null };
      return handleAlert(req, 'assigned', (c, patientId, id) =>
        assignAlert(c, patientId, id, accountId, userOf(req).unitIds),
      );
    },
  );

  app.put(
    '/api/staff/alerts/:id/snooze',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['until'],
          additionalProperties: false,
          properties: {
            until: { type: ['string', 'null'], format: 'date-time' },
            reason: { type: 'string', minLength: 3, maxLength: 500 },
          },
        },
      },
    },
    async (req) => {
      const body = req.body as { until: string | null; reason?: string };
      return handleAlert(req, 'snoozed', (c, patientId, id) =>
        snoozeAlert(
          c,
          patientId,
          id,
          body.until ? new Date(body.until) : null,
          body.reason?.trim() || null,
          userOf(req).accountId,
        ),
      );
    },
  );

  app.post(
    '/api/staff/alerts/acknowledge-informational',
    {
      config: care,
      schema: {
        body: {
          type: 'object',
          required: ['alertIds'],
          additionalProperties: false,
          properties: {
            alertIds: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              uniqueItems: true,
              items: { type: 'string', format: 'uuid' },
            },
            note: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const body = req.body as { alertIds: string[]; note?: string };
      const candidates = await informationalAlerts(db, body.alertIds);
      if (candidates.length !== body.alertIds.length) {
        // Only informational items may be closed without opening them; say so instead of doing part.
        throw new HttpProblem(
          422,
          'Not informational',
          'Bulk acknowledgement closes open informational items only; open the others one by one.',
        );
      }
      for (const a of candidates) await checkPatientAccess(db, req, a.patientId);
      const done = await db.tx(async (c) => {
        const ids = await acknowledgeMany(c, candidates, user.accountId, body.note?.trim() || 'Bulk');
        for (const a of candidates) await audit(c, req, a.patientId, 'update');
        return ids;
      });
      for (const a of candidates) await changed(a.id, a.patientId, 'acknowledged', user.displayName);
      return { acknowledged: done };
    },
  );

  app.post(
    '/api/staff/handling',
    {
      config: care,
      schema: {
        body: {
          type: 'object',
          required: ['patientId', 'itemKind', 'seconds'],
          additionalProperties: false,
          properties: {
            patientId: { type: 'string', format: 'uuid' },
            alertId: { type: 'string', format: 'uuid' },
            itemKind: { type: 'string', enum: ['alert', 'missed', 'message', 'validation', 'patient'] },
            seconds: { type: 'integer', minimum: 0, maximum: 86_400 },
          },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const body = req.body as { patientId: string; alertId?: string; itemKind: 'alert'; seconds: number };
      const basis = await checkPatientAccess(db, req, body.patientId);
      await recordHandling(db, {
        patientId: body.patientId,
        unitId: basis.unitId,
        accountId: user.accountId,
        itemKind: body.itemKind,
        alertId: body.alertId ?? null,
        action: 'reviewed',
        seconds: body.seconds,
      });
      return reply.code(204).send();
    },
  );
}
