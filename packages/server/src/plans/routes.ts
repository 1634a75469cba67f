import type { MonitoringKind } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';
import { idParams } from '../http/schemas';
import {
  type Contract,
  type EnrolInput,
  enrol,
  getCarePlan,
  rebuildCarePlan,
  saveContract,
} from './repository';
import { contractSchema } from './schemas';
import { today } from './today';

const care = { roles: CARE_ROLES } as const;
const patientView = { roles: ['patient', 'proxy'], proxy: 'view' } as const;
const patientOnly = { roles: ['patient'] } as const;

const KINDS = ['self-initiated', 'recommended', 'prescribed'];
const PARTICIPANT_ROLES = ['home-care', 'primary-care', 'specialist', 'pharmacy', 'other'];
const uuid = { type: 'string', format: 'uuid' } as const;

const enrolmentParams = {
  type: 'object',
  required: ['id', 'enrolmentId'],
  properties: { id: uuid, enrolmentId: uuid },
} as const;

export async function planRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;

  /** The enrolment belongs to the patient (404 otherwise, like an unknown patient). */
  async function assertEnrolment(patientId: string, enrolmentId: string) {
    const { rows } = await db.query('SELECT 1 FROM enrolment WHERE patient_id = $1 AND id = $2', [
      patientId,
      enrolmentId,
    ]);
    if (rows.length === 0) throw notFound('Enrolment');
  }

  app.get('/api/plans/care-units', { config: { access: care } }, async () => {
    // Units of every organisation: participants (e.g. municipal home care) are chosen from here.
    const { rows } = await db.query<{ id: string; name: string; region: string }>(
      'SELECT u.id, u.name, r.name AS region FROM care_unit u JOIN region r ON r.id = u.region_id ORDER BY r.name, u.name',
    );
    return { careUnits: rows };
  });

  app.get(
    '/api/staff/patients/:id/plan',
    { config: { access: care }, schema: { params: idParams } },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      const [plan, todayView] = [await getCarePlan(db, id), await today(db, id, new Date())];
      return { plan, today: todayView };
    },
  );

  app.post(
    '/api/staff/patients/:id/enrolments',
    {
      config: { access: care },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['careUnitId', 'protocols', 'kind'],
          additionalProperties: false,
          properties: {
            careUnitId: uuid,
            protocols: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'string', maxLength: 63 } },
            kind: { type: 'string', enum: KINDS },
            responseTimeHours: { type: 'integer', minimum: 1, maximum: 720 },
            condition: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = req.body as EnrolInput;
      const user = userOf(req);
      if (!user.unitIds.includes(body.careUnitId))
        throw new HttpProblem(403, 'Forbidden', 'You can enrol patients only at a unit you work at.');
      const exists = await db.query('SELECT 1 FROM patient WHERE id = $1', [id]);
      if (exists.rows.length === 0) throw notFound('Patient');
      const enrolmentId = await db.tx(async (client) => {
        const eid = await enrol(client, id, body, user.accountId);
        await audit(client, req, id, 'create');
        return eid;
      });
      reply.code(201);
      return { enrolmentId, plan: await getCarePlan(db, id) };
    },
  );

  app.patch(
    '/api/staff/patients/:id/enrolments/:enrolmentId',
    {
      config: { access: care },
      schema: {
        params: enrolmentParams,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['finished'] },
            kind: { type: 'string', enum: KINDS },
            responseTimeHours: { type: ['integer', 'null'], minimum: 1, maximum: 720 },
          },
        },
      },
    },
    async (req) => {
      const { id, enrolmentId } = req.params as { id: string; enrolmentId: string };
      const body = req.body as {
        status?: 'finished';
        kind?: MonitoringKind;
        responseTimeHours?: number | null;
      };
      await checkPatientAccess(db, req, id);
      await assertEnrolment(id, enrolmentId);
      await db.tx(async (client) => {
        const { rows } = await client.query<{ kind: MonitoringKind; response_time_hours: number | null }>(
          `UPDATE enrolment SET kind = COALESCE($3, kind),
             response_time_hours = CASE WHEN $4::boolean THEN $5 ELSE response_time_hours END,
             status = COALESCE($6, status), ended_at = CASE WHEN $6 = 'finished' THEN now() ELSE ended_at END
           WHERE patient_id = $1 AND id = $2 RETURNING kind, response_time_hours`,
          [
            id,
            enrolmentId,
            body.kind ?? null,
            body.responseTimeHours !== undefined,
            body.responseTimeHours ?? null,
            body.status ?? null,
          ],
        );
        const r = rows[0]!;
        if (r.kind === 'prescribed' && r.response_time_hours === null)
          throw new HttpProblem(
            400,
            'Invalid request',
            'Prescribed monitoring needs a response-time target.',
            [
              {
                field: 'responseTimeHours',
                kind: 'required',
                message:
                  'responseTimeHours: prescribed monitoring needs the unit’s response-time target in hours',
              },
            ],
          );
        await rebuildCarePlan(client, id, userOf(req).accountId);
        await audit(client, req, id, 'update');
      });
      return { plan: await getCarePlan(db, id) };
    },
  );

  app.post(
    '/api/staff/patients/:id/enrolments/:enrolmentId/participants',
    {
      config: { access: care },
      schema: {
        params: enrolmentParams,
        body: {
          type: 'object',
          required: ['careUnitId', 'role'],
          additionalProperties: false,
          properties: { careUnitId: uuid, role: { type: 'string', enum: PARTICIPANT_ROLES } },
        },
      },
    },
    async (req, reply) => {
      const { id, enrolmentId } = req.params as { id: string; enrolmentId: string };
      const body = req.body as { careUnitId: string; role: string };
      await checkPatientAccess(db, req, id);
      await assertEnrolment(id, enrolmentId);
      const unit = await db.query('SELECT 1 FROM care_unit WHERE id = $1', [body.careUnitId]);
      if (unit.rows.length === 0)
        throw new HttpProblem(400, 'Invalid request', 'Unknown care unit.', [
          {
            field: 'careUnitId',
            kind: 'unknown-code',
            given: body.careUnitId,
            message: `careUnitId: ${body.careUnitId} is not a care unit`,
          },
        ]);
      await db.tx(async (client) => {
        await client.query(
          `INSERT INTO enrolment_participant (patient_id, enrolment_id, care_unit_id, role, added_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (patient_id, enrolment_id, care_unit_id) DO UPDATE SET role = $4, ended_at = NULL, added_by = $5, added_at = now()`,
          [id, enrolmentId, body.careUnitId, body.role, userOf(req).accountId],
        );
        await audit(client, req, id, 'update');
      });
      reply.code(201);
      return { plan: await getCarePlan(db, id) };
    },
  );

  app.delete(
    '/api/staff/patients/:id/enrolments/:enrolmentId/participants/:unitId',
    {
      config: { access: care },
      schema: {
        params: {
          type: 'object',
          required: ['id', 'enrolmentId', 'unitId'],
          properties: { id: uuid, enrolmentId: uuid, unitId: uuid },
        },
      },
    },
    async (req) => {
      const { id, enrolmentId, unitId } = req.params as { id: string; enrolmentId: string; unitId: string };
      await checkPatientAccess(db, req, id);
      await db.tx(async (client) => {
        const { rowCount } = await client.query(
          'UPDATE enrolment_participant SET ended_at = now() WHERE patient_id = $1 AND enrolment_id = $2 AND care_unit_id = $3 AND ended_at IS NULL',
          [id, enrolmentId, unitId],
        );
        if (!rowCount) throw notFound('Participant');
        await audit(client, req, id, 'update');
      });
      return { plan: await getCarePlan(db, id) };
    },
  );

  app.put(
    '/api/staff/patients/:id/plan/contract',
    { config: { access: care }, schema: { params: idParams, body: contractSchema } },
    async (req) => {
      const { id } = req.params as { id: string };
      const body = req.body as Contract;
      await checkPatientAccess(db, req, id);
      const contract: Contract = {
        goals: body.goals.map((g) => ({
          id: g.id || uuidv7(),
          text: g.text,
          status: g.status,
          targetDate: g.targetDate ?? null,
        })),
        agreements: body.agreements.map((a) => ({
          id: a.id || uuidv7(),
          text: a.text,
          responsible: a.responsible,
        })),
        contacts: body.contacts.map((c) => ({ name: c.name, role: c.role, phone: c.phone ?? null })),
        nextFollowUp: body.nextFollowUp,
      };
      await db.tx(async (client) => {
        await saveContract(client, id, contract, userOf(req).accountId);
        await audit(client, req, id, 'update');
      });
      return { plan: await getCarePlan(db, id) };
    },
  );

  // The patient's own plan: the contract, what to do and when, who takes part. No rules or limits.
  app.get('/api/patient/plan', { config: { access: patientView } }, async (req) => {
    const patientId = userOf(req).patientId!;
    await assertPatientAccess(db, req, patientId, 'read');
    const plan = await getCarePlan(db, patientId);
    return {
      plan: {
        monitoringKind: plan.monitoringKind,
        contract: plan.contract,
        activities: plan.activities.map((a) => ({
          id: a.id,
          kind: a.kind,
          code: a.code,
          title: a.title,
          instructions: a.instructions,
          schedule: a.schedule,
        })),
        enrolments: plan.enrolments
          .filter((e) => e.status === 'active')
          .map((e) => ({
            id: e.id,
            careUnitName: e.careUnitName,
            kind: e.kind,
            shareFrom: e.shareFrom,
            protocols: e.protocols.map((p) => ({ id: p.id, title: p.title })),
            participants: e.participants.map((p) => ({ careUnitName: p.careUnitName, role: p.role })),
          })),
      },
    };
  });

  app.get('/api/patient/today', { config: { access: patientView } }, async (req) => {
    const patientId = userOf(req).patientId!;
    await assertPatientAccess(db, req, patientId, 'read');
    return today(db, patientId, new Date());
  });

  // Self-initiated monitoring: the patient decides from when staff may see the data (null: not shared).
  app.put(
    '/api/patient/plan/sharing/:enrolmentId',
    {
      config: { access: patientOnly },
      schema: {
        params: { type: 'object', required: ['enrolmentId'], properties: { enrolmentId: uuid } },
        body: {
          type: 'object',
          required: ['share'],
          additionalProperties: false,
          properties: { share: { type: 'boolean' } },
        },
      },
    },
    async (req) => {
      const patientId = userOf(req).patientId!;
      const { enrolmentId } = req.params as { enrolmentId: string };
      const { share } = req.body as { share: boolean };
      await checkPatientAccess(db, req, patientId);
      await db.tx(async (client) => {
        const { rowCount } = await client.query(
          `UPDATE enrolment SET share_from = CASE WHEN $3 THEN COALESCE(share_from, now()) ELSE NULL END
           WHERE patient_id = $1 AND id = $2 AND kind = 'self-initiated' AND status = 'active'`,
          [patientId, enrolmentId, share],
        );
        if (!rowCount) throw notFound('Self-initiated enrolment');
        await audit(client, req, patientId, 'update');
      });
      return { shared: share };
    },
  );
}
