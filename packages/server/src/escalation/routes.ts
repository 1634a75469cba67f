import type { FastifyInstance } from 'fastify';
import { assertPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { alertPatient } from '../alerts/repository';
import { ADMIN_ROLES, CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';
import { checkLadder, type EscalationStep } from './ladder';

const unitParams = {
  type: 'object',
  required: ['unitId'],
  properties: { unitId: { type: 'string', format: 'uuid' } },
} as const;

const stepSchema = {
  type: 'object',
  required: ['afterMinutes', 'target', 'when'],
  additionalProperties: false,
  properties: {
    afterMinutes: { type: 'integer', minimum: 1, maximum: 10_080 },
    target: { type: 'string', enum: ['assigned-nurse', 'physician-on-duty', 'unit'] },
    when: { type: 'string', enum: ['always', 'office-hours'] },
  },
} as const;

/** Escalation ladders: care staff read their units' ladders; unit admins of the unit change them. */
export function escalationRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const myUnit = (unitIds: string[], unitId: string) => {
    // Another unit answers like an unknown one.
    if (!unitIds.includes(unitId)) throw notFound('Unit');
  };

  app.get(
    '/api/staff/units/:unitId/escalation',
    { config: { access: { roles: [...CARE_ROLES, ...ADMIN_ROLES] } }, schema: { params: unitParams } },
    async (req) => {
      const { unitId } = req.params as { unitId: string };
      myUnit(userOf(req).unitIds, unitId);
      const { rows } = await db.query<{
        steps: EscalationStep[];
        physician_on_duty: string | null;
        updated_at: Date;
        updated_by: string | null;
      }>(
        `SELECT l.steps, l.physician_on_duty, l.updated_at, a.display_name AS updated_by
         FROM escalation_ladder l LEFT JOIN account a ON a.id = l.updated_by WHERE l.care_unit_id = $1`,
        [unitId],
      );
      const r = rows[0];
      const { rows: physicians } = await db.query<{ id: string; display_name: string }>(
        `SELECT a.id, a.display_name FROM account a JOIN staff_membership s ON s.account_id = a.id
         WHERE s.care_unit_id = $1 AND a.role = 'physician' AND NOT a.disabled ORDER BY a.display_name`,
        [unitId],
      );
      return {
        steps: r?.steps ?? [],
        physicianOnDuty: r?.physician_on_duty ?? null,
        updatedAt: toIso(r?.updated_at),
        updatedBy: r?.updated_by ?? null,
        physicians: physicians.map((p) => ({ id: p.id, displayName: p.display_name })),
      };
    },
  );

  app.put(
    '/api/staff/units/:unitId/escalation',
    {
      config: { access: { roles: ADMIN_ROLES } },
      schema: {
        params: unitParams,
        body: {
          type: 'object',
          required: ['steps', 'physicianOnDuty'],
          additionalProperties: false,
          properties: {
            steps: { type: 'array', maxItems: 10, items: stepSchema },
            physicianOnDuty: { type: ['string', 'null'], format: 'uuid' },
          },
        },
      },
    },
    async (req) => {
      const { unitId } = req.params as { unitId: string };
      const user = userOf(req);
      myUnit(user.unitIds, unitId);
      const body = req.body as { steps: EscalationStep[]; physicianOnDuty: string | null };
      const problems = checkLadder(body.steps);
      if (problems.length) throw new HttpProblem(422, 'Invalid ladder', problems.join(' '));
      if (body.physicianOnDuty) {
        const { rows } = await db.query(
          `SELECT 1 FROM account a JOIN staff_membership s ON s.account_id = a.id
           WHERE a.id = $1 AND s.care_unit_id = $2 AND a.role = 'physician'`,
          [body.physicianOnDuty, unitId],
        );
        if (!rows[0]) throw new HttpProblem(422, 'Not a physician here', 'Choose a physician of this unit.');
      }
      await db.query(
        `INSERT INTO escalation_ladder (care_unit_id, steps, physician_on_duty, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (care_unit_id) DO UPDATE SET steps = EXCLUDED.steps,
           physician_on_duty = EXCLUDED.physician_on_duty, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [unitId, JSON.stringify(body.steps), body.physicianOnDuty, user.accountId],
      );
      return { steps: body.steps, physicianOnDuty: body.physicianOnDuty };
    },
  );

  app.get(
    '/api/staff/alerts/:id/escalations',
    {
      config: { access: RULES.care },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const patientId = await alertPatient(db, id);
      await assertPatientAccess(db, req, patientId, 'read');
      const { rows } = await db.query<{ step: number; target: string; who: string | null; at: Date }>(
        `SELECT x.step, x.target, a.display_name AS who, x.at FROM alert_escalation x
         LEFT JOIN account a ON a.id = x.notified_account_id
         WHERE x.patient_id = $1 AND x.alert_id = $2 ORDER BY x.step`,
        [patientId, id],
      );
      return {
        escalations: rows.map((r) => ({ step: r.step, target: r.target, notified: r.who, at: toIso(r.at) })),
      };
    },
  );
}
