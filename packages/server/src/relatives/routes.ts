import type { FastifyInstance, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { audit } from '../access/patient-access';
import { userOf } from '../auth/actor';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';
import { idParams } from '../http/schemas';
import { ACTING_FOR_COOKIE, resolveActingFor } from './acting-for';

interface GrantRow {
  id: string;
  patient_id: string;
  can_view: boolean;
  can_record: boolean;
  can_message: boolean;
  granted_at: Date;
}

const permissions = (r: GrantRow) => ({
  canView: r.can_view,
  canRecord: r.can_record,
  canMessage: r.can_message,
});

/** Writes what a relative does or sees as done by the proxy, for the patient they act for. */
async function auditProxy(db: Database, req: FastifyRequest, patientId: string, action: string) {
  req.accessBasis = new Map([[patientId, { purpose: 'proxy', unitId: null, emergencyAccessId: null }]]);
  await audit(db, req, patientId, action);
}

/**
 * Relatives (närstående): the patient grants and revokes access; the relative, logged in with their
 * own account (role proxy), chooses whose data they act for. The choice is a cookie naming the grant,
 * checked against the grant table on every request (access/authorize.ts).
 */
export async function relativeRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;

  app.get(
    '/api/patient/relatives',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const user = userOf(req);
      const { rows } = await db.query<GrantRow & { display_name: string; username: string }>(
        `SELECT g.id, g.patient_id, g.can_view, g.can_record, g.can_message, g.granted_at, a.display_name, a.username
         FROM relative_grant g JOIN account a ON a.id = g.proxy_account_id
         WHERE g.patient_id = $1 AND g.revoked_at IS NULL ORDER BY g.granted_at`,
        [user.patientId],
      );
      return {
        relatives: rows.map((r) => ({
          id: r.id,
          name: r.display_name,
          username: r.username,
          grantedAt: toIso(r.granted_at),
          ...permissions(r),
        })),
      };
    },
  );

  app.post(
    '/api/patient/relatives',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'canView', 'canRecord', 'canMessage'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            canView: { type: 'boolean' },
            canRecord: { type: 'boolean' },
            canMessage: { type: 'boolean' },
          },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const patientId = user.patientId!;
      const body = req.body as {
        username: string;
        canView: boolean;
        canRecord: boolean;
        canMessage: boolean;
      };
      if (!body.canView && !body.canRecord && !body.canMessage) {
        throw new HttpProblem(400, 'Invalid request', 'Choose at least one thing the relative may do.', [
          { field: 'body.canView', kind: 'invalid', message: 'body.canView: choose at least one permission' },
        ]);
      }
      const { rows } = await db.query<{ id: string; display_name: string }>(
        `SELECT id, display_name FROM account WHERE username = $1 AND role = 'proxy' AND NOT disabled`,
        [body.username.trim().toLowerCase()],
      );
      const relative = rows[0];
      if (!relative) {
        throw new HttpProblem(
          404,
          'No relative account',
          'There is no relative account with that username. The relative registers one first.',
        );
      }
      const id = uuidv7();
      try {
        await db.tx(async (client) => {
          await client.query(
            `INSERT INTO relative_grant (id, patient_id, proxy_account_id, can_view, can_record, can_message)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, patientId, relative.id, body.canView, body.canRecord, body.canMessage],
          );
          await audit(client, req, patientId, 'create');
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new HttpProblem(
            409,
            'Already granted',
            'This relative already has access. Revoke it first to change what they may do.',
          );
        }
        throw error;
      }
      return reply.code(201).send({
        id,
        name: relative.display_name,
        username: body.username.trim().toLowerCase(),
        canView: body.canView,
        canRecord: body.canRecord,
        canMessage: body.canMessage,
      });
    },
  );

  app.delete('/api/patient/relatives/:id', { schema: { params: idParams } }, async (req, reply) => {
    const user = userOf(req);
    const { id } = req.params as { id: string };
    const { rowCount } = await db.query(
      'UPDATE relative_grant SET revoked_at = now() WHERE id = $1 AND patient_id = $2 AND revoked_at IS NULL',
      [id, user.patientId],
    );
    if (!rowCount) throw notFound('Grant');
    await audit(db, req, user.patientId!, 'update');
    return reply.code(204).send();
  });

  app.get(
    '/api/proxy/patients',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const user = userOf(req);
      const { rows } = await db.query<GrantRow & { name: string }>(
        `SELECT g.id, g.patient_id, g.can_view, g.can_record, g.can_message, g.granted_at,
           p.given_name || ' ' || p.family_name AS name
         FROM relative_grant g JOIN patient p ON p.id = g.patient_id
         WHERE g.proxy_account_id = $1 AND g.revoked_at IS NULL ORDER BY name`,
        [user.accountId],
      );
      for (const r of rows) await auditProxy(db, req, r.patient_id, 'read');
      return { patients: rows.map((r) => ({ grantId: r.id, name: r.name, ...permissions(r) })) };
    },
  );

  const actingFor = async (req: FastifyRequest) => {
    const user = userOf(req);
    const grant = await resolveActingFor(db, req, user);
    if (!grant || !user.patientId) return null;
    const { rows } = await db.query<{ name: string }>(
      `SELECT given_name || ' ' || family_name AS name FROM patient WHERE id = $1`,
      [user.patientId],
    );
    return {
      grantId: grant.id,
      patientName: rows[0]!.name,
      canView: grant.canView,
      canRecord: grant.canRecord,
      canMessage: grant.canMessage,
    };
  };
  const actingForSchema = {
    200: {
      type: 'object',
      properties: {
        actingFor: {
          type: ['object', 'null'],
          properties: {
            grantId: { type: 'string' },
            patientName: { type: 'string' },
            canView: { type: 'boolean' },
            canRecord: { type: 'boolean' },
            canMessage: { type: 'boolean' },
          },
        },
      },
    },
  } as const;

  app.get(
    '/api/proxy/acting-for',
    { schema: { querystring: { type: 'object', additionalProperties: false }, response: actingForSchema } },
    async (req) => ({ actingFor: await actingFor(req) }),
  );

  app.put(
    '/api/proxy/acting-for',
    {
      schema: {
        body: {
          type: 'object',
          required: ['grantId'],
          additionalProperties: false,
          properties: { grantId: { type: 'string', format: 'uuid' } },
        },
        response: actingForSchema,
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const { grantId } = req.body as { grantId: string };
      req.cookies[ACTING_FOR_COOKIE] = grantId;
      user.proxyGrant = undefined;
      const chosen = await actingFor(req);
      if (!chosen) throw notFound('Grant');
      await auditProxy(db, req, user.patientId!, 'read');
      reply.setCookie(ACTING_FOR_COOKIE, grantId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
      });
      return { actingFor: chosen };
    },
  );

  app.delete('/api/proxy/acting-for', { schema: {} }, async (_req, reply) => {
    reply.clearCookie(ACTING_FOR_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
