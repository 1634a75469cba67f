import { parseSwedishPersonalIdentity } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { userOf } from '../auth/actor';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { toIso } from '../db/database';
import { HttpProblem } from '../http/problem';
import { accessBasis, audit } from './patient-access';

const lookupBody = {
  type: 'object',
  required: ['personnummer'],
  additionalProperties: false,
  properties: { personnummer: { type: 'string', minLength: 10, maxLength: 13 } },
} as const;

/** Finds a patient by personnummer or samordningsnummer (in the body, never the URL). */
export async function patientByIdentity(db: Database, text: string): Promise<string | null> {
  const parsed = parseSwedishPersonalIdentity(text);
  if (!parsed.ok) {
    throw new HttpProblem(400, 'Invalid personnummer', parsed.error, [
      { field: 'body.personnummer', kind: 'invalid', message: `body.personnummer: ${parsed.error}` },
    ]);
  }
  const { rows } = await db.query<{ id: string }>('SELECT id FROM patient WHERE personnummer = $1', [
    parsed.normalized,
  ]);
  return rows[0]?.id ?? null;
}

/** Care staff: finding a patient by personnummer, and emergency access (nödåtkomst). */
export async function accessRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db, config } = opts;

  app.post(
    '/api/staff/patient-lookup',
    {
      schema: {
        body: lookupBody,
        response: {
          200: {
            type: 'object',
            properties: {
              patientId: { type: 'string' },
              relationship: { type: 'string', enum: ['care', 'emergency', 'none'] },
            },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const patientId = await patientByIdentity(db, (req.body as { personnummer: string }).personnummer);
      if (!patientId) throw new HttpProblem(404, 'Not found', 'No patient with that personnummer.');
      const basis = await accessBasis(db, user, patientId);
      const relationship = basis?.purpose === 'care' ? 'care' : basis ? 'emergency' : 'none';
      // Looking someone up outside one's units is itself followed up.
      req.accessBasis = new Map([
        [patientId, basis ?? { purpose: 'care', unitId: null, emergencyAccessId: null }],
      ]);
      await audit(db, req, patientId, 'lookup');
      return { patientId, relationship };
    },
  );

  app.post(
    '/api/staff/emergency-access',
    {
      schema: {
        body: {
          type: 'object',
          required: ['patientId', 'reason'],
          additionalProperties: false,
          properties: {
            patientId: { type: 'string', format: 'uuid' },
            reason: { type: 'string', minLength: 10, maxLength: 1000 },
          },
        },
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const { patientId, reason } = req.body as { patientId: string; reason: string };
      const exists = await db.query('SELECT 1 FROM patient WHERE id = $1', [patientId]);
      if (exists.rows.length === 0) throw new HttpProblem(404, 'Not found', 'Patient was not found.');
      const basis = await accessBasis(db, user, patientId);
      if (basis?.purpose === 'care') {
        throw new HttpProblem(
          409,
          'Care relationship exists',
          'You already reach this patient through your unit; emergency access is not needed.',
        );
      }
      const id = uuidv7();
      const { rows } = await db.tx(async (client) => {
        const inserted = await client.query<{ expires_at: Date; started_at: Date }>(
          `INSERT INTO emergency_access (id, account_id, patient_id, reason, expires_at)
           VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING started_at, expires_at`,
          [id, user.accountId, patientId, reason.trim(), config.emergencyAccessHours],
        );
        req.accessBasis = new Map([
          [patientId, { purpose: 'emergency', unitId: null, emergencyAccessId: id }],
        ]);
        await audit(client, req, patientId, 'create');
        return inserted;
      });
      return reply.code(201).send({
        id,
        patientId,
        startedAt: toIso(rows[0]!.started_at),
        expiresAt: toIso(rows[0]!.expires_at),
      });
    },
  );

  app.get(
    '/api/staff/emergency-access',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    async (req) => {
      const user = userOf(req);
      const { rows } = await db.query<{ id: string; patient_id: string; started_at: Date; expires_at: Date }>(
        `SELECT id, patient_id, started_at, expires_at FROM emergency_access
         WHERE account_id = $1 AND expires_at > now() ORDER BY started_at DESC`,
        [user.accountId],
      );
      return {
        accesses: rows.map((r) => ({
          id: r.id,
          patientId: r.patient_id,
          startedAt: toIso(r.started_at),
          expiresAt: toIso(r.expires_at),
        })),
      };
    },
  );
}
