import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../access/patient-access';
import { patientByIdentity } from '../access/routes';
import { CARE_ROLES, type UserActor, userOf } from '../auth/actor';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { toCsv } from '../http/csv';
import { HttpProblem, notFound } from '../http/problem';
import { idParams } from '../http/schemas';

const periodQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 1, maximum: 3660 } },
} as const;

/** A staff member is flagged when they reached more distinct patients than this many times the median. */
const UNUSUAL_FACTOR = 3;
const UNUSUAL_MINIMUM = 20;

/** Units whose log this administrator follows up; null = all (system admin). */
const scopeOf = (user: UserActor): string[] | null => (user.role === 'system-admin' ? null : user.unitIds);

const PATIENT_IN_SCOPE = `($2::uuid[] IS NULL OR EXISTS (
    SELECT 1 FROM enrolment e WHERE e.patient_id = $1 AND e.care_unit_id = ANY($2::uuid[]))
  OR EXISTS (SELECT 1 FROM enrolment_participant p WHERE p.patient_id = $1 AND p.care_unit_id = ANY($2::uuid[])))`;
const STAFF_IN_SCOPE = `($2::uuid[] IS NULL OR EXISTS (
    SELECT 1 FROM staff_membership m WHERE m.account_id = $1 AND m.care_unit_id = ANY($2::uuid[])))`;
/** An audit row (alias a) in scope: its patient or its actor belongs to the administrator's units. */
const EVENT_IN_SCOPE = (p: string) => `(${p}::uuid[] IS NULL
  OR EXISTS (SELECT 1 FROM enrolment e WHERE e.patient_id = a.patient_id AND e.care_unit_id = ANY(${p}::uuid[]))
  OR EXISTS (SELECT 1 FROM staff_membership m WHERE m.account_id = a.actor_account_id AND m.care_unit_id = ANY(${p}::uuid[])))`;

const EVENT_COLUMNS = `a.id::text AS id, a.seq::text AS seq, a.at, a.patient_id, a.actor_account_id, a.actor_role, a.action, a.purpose,
  a.follow_up, a.remote_addr, acc.display_name AS actor_name, coalesce(u.name, c.name) AS unit_name`;
const EVENT_JOINS = `LEFT JOIN account acc ON acc.id = a.actor_account_id
  LEFT JOIN care_unit u ON u.id = a.actor_unit_id
  LEFT JOIN api_client c ON c.client_id = a.actor_client_id`;

interface EventRow {
  id: string;
  /** NULL until the sealer has chained the row (within a minute). */
  seq: string | null;
  at: Date;
  patient_id: string | null;
  actor_account_id: string | null;
  actor_role: string;
  action: string;
  purpose: string;
  follow_up: boolean;
  remote_addr: string | null;
  actor_name: string | null;
  unit_name: string | null;
}

const toEvent = (r: EventRow) => ({
  id: r.id,
  seq: r.seq,
  at: toIso(r.at),
  patientId: r.patient_id,
  actorId: r.actor_account_id,
  actorName: r.actor_name,
  actorRole: r.actor_role,
  unitName: r.unit_name,
  action: r.action,
  purpose: r.purpose,
  followUp: r.follow_up,
  remoteAddr: r.remote_addr,
});

/** Reading the log about patients is itself an access to their data: one row per patient shown. */
async function auditFollowUp(db: Queryable, req: FastifyRequest, patientIds: Iterable<string | null>) {
  for (const id of new Set(patientIds)) {
    if (!id) continue;
    req.accessBasis = new Map([[id, { purpose: 'follow-up', unitId: null, emergencyAccessId: null }]]);
    await audit(db, req, id, 'follow-up');
  }
}

/** Log follow-up for unit administrators (their units) and system administrators (everything). */
export async function auditRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;

  app.post(
    '/api/audit/patient-lookup',
    {
      schema: {
        body: {
          type: 'object',
          required: ['personnummer'],
          additionalProperties: false,
          properties: { personnummer: { type: 'string', minLength: 10, maxLength: 13 } },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const id = await patientByIdentity(db, (req.body as { personnummer: string }).personnummer);
      const inScope =
        id && (await db.query(`SELECT ${PATIENT_IN_SCOPE} AS ok`, [id, scopeOf(user)])).rows[0]?.ok;
      if (!id || !inScope) throw notFound('Patient');
      const { rows } = await db.query<{ name: string }>(
        `SELECT given_name || ' ' || family_name AS name FROM patient WHERE id = $1`,
        [id],
      );
      await auditFollowUp(db, req, [id]);
      return { patientId: id, name: rows[0]!.name };
    },
  );

  app.get(
    '/api/audit/patients/:id/events',
    { schema: { params: idParams, querystring: periodQuery } },
    async (req) => {
      const user = userOf(req);
      const { id } = req.params as { id: string };
      const days = (req.query as { days?: number }).days ?? 90;
      const inScope = (await db.query(`SELECT ${PATIENT_IN_SCOPE} AS ok`, [id, scopeOf(user)])).rows[0]?.ok;
      if (!inScope) throw notFound('Patient');
      const { rows } = await db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM audit_event a ${EVENT_JOINS}
         WHERE a.patient_id = $1 AND a.at > now() - make_interval(days => $2)
         ORDER BY a.id DESC LIMIT 1000`,
        [id, days],
      );
      await auditFollowUp(db, req, [id]);
      return { events: rows.map(toEvent) };
    },
  );

  app.get('/api/audit/staff', { schema: { querystring: periodQuery } }, async (req) => {
    const user = userOf(req);
    const days = (req.query as { days?: number }).days ?? 30;
    const { rows } = await db.query<{
      id: string;
      display_name: string;
      role: string;
      total: string;
      patients: string;
      outside: string;
      emergency: string;
    }>(
      `SELECT acc.id, acc.display_name, acc.role,
         count(a.id) AS total, count(DISTINCT a.patient_id) AS patients,
         count(a.id) FILTER (WHERE a.patient_id IS NOT NULL AND a.actor_unit_id IS NULL) AS outside,
         count(DISTINCT a.emergency_access_id) AS emergency
       FROM account acc
       LEFT JOIN audit_event a ON a.actor_account_id = acc.id AND a.at > now() - make_interval(days => $2)
         AND a.purpose <> 'follow-up'
       WHERE acc.role = ANY($3) AND ($1::uuid[] IS NULL OR EXISTS (SELECT 1 FROM staff_membership m
         WHERE m.account_id = acc.id AND m.care_unit_id = ANY($1::uuid[])))
       GROUP BY acc.id ORDER BY acc.display_name`,
      [scopeOf(user), days, CARE_ROLES],
    );
    const counts = rows.map((r) => Number(r.patients)).sort((a, b) => a - b);
    const median = counts.length ? counts[Math.floor(counts.length / 2)]! : 0;
    const limit = Math.max(UNUSUAL_MINIMUM, median * UNUSUAL_FACTOR);
    return {
      days,
      unusualAbove: limit,
      staff: rows.map((r) => ({
        id: r.id,
        name: r.display_name,
        role: r.role,
        accesses: Number(r.total),
        patients: Number(r.patients),
        outsideOwnUnits: Number(r.outside),
        emergencyAccesses: Number(r.emergency),
        unusualVolume: Number(r.patients) > limit,
      })),
    };
  });

  app.get('/api/audit/staff/:id', { schema: { params: idParams, querystring: periodQuery } }, async (req) => {
    const user = userOf(req);
    const { id } = req.params as { id: string };
    const days = (req.query as { days?: number }).days ?? 30;
    const staff = await db.query<{ display_name: string; role: string }>(
      `SELECT display_name, role FROM account WHERE id = $1 AND role <> 'patient' AND ${STAFF_IN_SCOPE}`,
      [id, scopeOf(user)],
    );
    if (!staff.rows[0]) throw notFound('Staff member');
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM audit_event a ${EVENT_JOINS}
         WHERE a.actor_account_id = $1 AND a.at > now() - make_interval(days => $2)
         ORDER BY a.id DESC LIMIT 1000`,
      [id, days],
    );
    return {
      name: staff.rows[0].display_name,
      role: staff.rows[0].role,
      events: rows.map(toEvent),
    };
  });

  app.get(
    '/api/audit/emergency-access',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['unreviewed', 'all'] } },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const all = (req.query as { status?: string }).status === 'all';
      const { rows } = await db.query<{
        id: string;
        patient_id: string;
        patient_name: string;
        staff_name: string;
        reason: string;
        started_at: Date;
        expires_at: Date;
        reviewed_at: Date | null;
        review_note: string | null;
        accesses: string;
      }>(
        `SELECT x.id, x.patient_id, p.given_name || ' ' || p.family_name AS patient_name,
           acc.display_name AS staff_name, x.reason, x.started_at, x.expires_at, x.reviewed_at, x.review_note,
           (SELECT count(*) FROM audit_event a WHERE a.emergency_access_id = x.id)::text AS accesses
         FROM emergency_access x JOIN patient p ON p.id = x.patient_id JOIN account acc ON acc.id = x.account_id
         WHERE ($1 OR x.reviewed_at IS NULL)
           AND ($2::uuid[] IS NULL OR EXISTS (SELECT 1 FROM staff_membership m
                WHERE m.account_id = x.account_id AND m.care_unit_id = ANY($2::uuid[])))
         ORDER BY x.started_at DESC LIMIT 500`,
        [all, scopeOf(user)],
      );
      await auditFollowUp(
        db,
        req,
        rows.map((r) => r.patient_id),
      );
      return {
        accesses: rows.map((r) => ({
          id: r.id,
          patientId: r.patient_id,
          patientName: r.patient_name,
          staffName: r.staff_name,
          reason: r.reason,
          startedAt: toIso(r.started_at),
          expiresAt: toIso(r.expires_at),
          reviewedAt: toIso(r.reviewed_at),
          reviewNote: r.review_note,
          accesses: Number(r.accesses),
        })),
      };
    },
  );

  app.post(
    '/api/audit/emergency-access/:id/review',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['note'],
          additionalProperties: false,
          properties: { note: { type: 'string', minLength: 2, maxLength: 2000 } },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const { id } = req.params as { id: string };
      const { rowCount } = await db.query(
        `UPDATE emergency_access x SET reviewed_at = now(), reviewed_by = $3, review_note = $4
         WHERE x.id = $1 AND x.reviewed_at IS NULL AND x.account_id <> $3
           AND ($2::uuid[] IS NULL OR EXISTS (SELECT 1 FROM staff_membership m
                WHERE m.account_id = x.account_id AND m.care_unit_id = ANY($2::uuid[])))`,
        [id, scopeOf(user), user.accountId, (req.body as { note: string }).note.trim()],
      );
      if (!rowCount) throw notFound('Unreviewed emergency access');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/audit/sample',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            days: { type: 'integer', minimum: 1, maximum: 3660 },
            size: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query as { days?: number; size?: number };
      const { rows } = await db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM audit_event a ${EVENT_JOINS}
         WHERE a.at > now() - make_interval(days => $2) AND a.patient_id IS NOT NULL
           AND a.actor_account_id IS NOT NULL AND a.purpose IN ('care', 'emergency') AND ${EVENT_IN_SCOPE('$1')}
         ORDER BY random() LIMIT $3`,
        [scopeOf(user), q.days ?? 30, q.size ?? 20],
      );
      return { events: rows.map(toEvent) };
    },
  );

  app.get(
    '/api/audit/export.csv',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            days: { type: 'integer', minimum: 1, maximum: 3660 },
            patientId: { type: 'string', format: 'uuid' },
            actorId: { type: 'string', format: 'uuid' },
          },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const q = req.query as { days?: number; patientId?: string; actorId?: string };
      const { rows } = await db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM audit_event a ${EVENT_JOINS}
         WHERE a.at > now() - make_interval(days => $2) AND ${EVENT_IN_SCOPE('$1')}
           AND ($3::uuid IS NULL OR a.patient_id = $3) AND ($4::uuid IS NULL OR a.actor_account_id = $4)
         ORDER BY a.id LIMIT 100000`,
        [scopeOf(user), q.days ?? 30, q.patientId ?? null, q.actorId ?? null],
      );
      if (q.patientId) await auditFollowUp(db, req, [q.patientId]);
      const header = [
        'seq',
        'at',
        'patient_id',
        'actor_id',
        'actor_name',
        'actor_role',
        'unit',
        'action',
        'purpose',
        'follow_up',
        'remote_addr',
      ];
      const lines = rows.map((r) => {
        const e = toEvent(r);
        return [
          e.seq,
          e.at,
          e.patientId,
          e.actorId,
          e.actorName,
          e.actorRole,
          e.unitName,
          e.action,
          e.purpose,
          e.followUp,
          e.remoteAddr,
        ];
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'no-store')
        .send(toCsv([header, ...lines]));
    },
  );

  app.get(
    '/api/patient/access-log',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const user = userOf(req);
      if (!user.patientId) throw new HttpProblem(403, 'Forbidden', 'Only patients see their access log.');
      // Staff appear by unit (for emergency access: the units the staff member works at), clients and
      // relatives by name.
      const { rows } = await db.query<{
        at: Date;
        unit_name: string | null;
        actor_role: string;
        purpose: string;
      }>(
        `SELECT a.at, coalesce(u.name, c.name, CASE WHEN a.purpose = 'proxy' THEN acc.display_name END,
           (SELECT string_agg(cu.name, ', ' ORDER BY cu.name) FROM staff_membership m
            JOIN care_unit cu ON cu.id = m.care_unit_id WHERE m.account_id = a.actor_account_id)) AS unit_name,
           a.actor_role, a.purpose
         FROM audit_event a
         LEFT JOIN care_unit u ON u.id = a.actor_unit_id
         LEFT JOIN api_client c ON c.client_id = a.actor_client_id
         LEFT JOIN account acc ON acc.id = a.actor_account_id
         WHERE a.patient_id = $1 AND a.purpose IN ('care', 'emergency', 'integration', 'proxy')
           AND a.actor_role <> 'patient'
         ORDER BY a.id DESC LIMIT 500`,
        [user.patientId],
      );
      return {
        accesses: rows.map((r) => ({
          at: toIso(r.at),
          unitName: r.unit_name,
          role: r.actor_role,
          purpose: r.purpose,
        })),
      };
    },
  );
}
