import type { Thresholds } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { idParams } from '../http/schemas';
import { acceptProposal, listProposals, rejectProposal } from './run-in-decisions';

// Run-in proposals for staff with a care relationship (docs/api.md, docs/care-plans.md "Run-in").

const care = { roles: CARE_ROLES } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const limit = { type: ['number', 'null'] } as const;

const proposalParams = {
  type: 'object',
  required: ['id', 'proposalId'],
  properties: { id: uuid, proposalId: uuid },
} as const;

export async function runInRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;

  app.get(
    '/api/staff/patients/:id/run-in',
    { config: { access: care }, schema: { params: idParams } },
    async (req) => {
      const { id } = req.params as { id: string };
      await assertPatientAccess(db, req, id, 'read');
      return { proposals: await listProposals(db, id) };
    },
  );

  app.post(
    '/api/staff/patients/:id/run-in/:proposalId/accept',
    {
      config: { access: care },
      schema: {
        params: proposalParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            // Yellow limits edited by the nurse; red limits are accepted only as they are in force.
            thresholds: {
              type: 'object',
              additionalProperties: false,
              properties: { redLow: limit, yellowLow: limit, yellowHigh: limit, redHigh: limit },
            },
            note: { type: 'string', maxLength: 500 },
          },
        },
      },
    },
    async (req) => {
      const { id, proposalId } = req.params as { id: string; proposalId: string };
      const body = (req.body ?? {}) as { thresholds?: Thresholds; note?: string };
      await checkPatientAccess(db, req, id);
      return acceptProposal(db, id, proposalId, userOf(req).accountId, body, (c) =>
        audit(c, req, id, 'update'),
      );
    },
  );

  app.post(
    '/api/staff/patients/:id/run-in/:proposalId/reject',
    {
      config: { access: care },
      schema: {
        params: proposalParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 1000 } },
        },
      },
    },
    async (req) => {
      const { id, proposalId } = req.params as { id: string; proposalId: string };
      const reason = (req.body as { reason?: string } | null)?.reason?.trim() || null;
      await checkPatientAccess(db, req, id);
      return rejectProposal(db, id, proposalId, userOf(req).accountId, reason, (c) =>
        audit(c, req, id, 'update'),
      );
    },
  );
}
