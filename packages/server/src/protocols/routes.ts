import { planDefinitionOf } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import {
  createProtocol,
  getProtocol,
  installProtocolLibrary,
  listProtocols,
  saveProtocolVersion,
} from './repository';

// Protocols hold no patient data: care staff read them to enrol patients, administrators edit them.
const readers = { roles: [...CARE_ROLES, ...ADMIN_ROLES] } as const;
const editors = { roles: ADMIN_ROLES } as const;

const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' } },
} as const;

const versionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1 } },
} as const;

// The protocol itself is checked field by field by core's validateProtocol (precise messages); the schema
// only bounds the shape so that a huge or non-object body is refused before that.
const protocolSchema = { type: 'object', maxProperties: 10 } as const;
const note = { type: 'string', maxLength: 500 } as const;

export async function protocolRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;
  await installProtocolLibrary(db);

  app.get(
    '/api/protocols',
    { config: { access: readers }, schema: { querystring: { type: 'object', additionalProperties: false } } },
    async () => ({ protocols: await listProtocols(db) }),
  );

  app.get(
    '/api/protocols/:id',
    {
      config: { access: readers },
      schema: {
        params: idParams,
        querystring: versionQuery,
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const { version } = req.query as { version?: number };
      return getProtocol(db, id, version);
    },
  );

  app.get(
    '/api/protocols/:id/plan-definition',
    {
      config: { access: readers },
      schema: {
        params: idParams,
        querystring: versionQuery,
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const { version } = req.query as { version?: number };
      const p = await getProtocol(db, id, version);
      reply.type('application/fhir+json');
      return planDefinitionOf(p.protocol, p.version);
    },
  );

  app.post(
    '/api/protocols',
    {
      config: { access: editors },
      schema: {
        body: {
          type: 'object',
          required: ['protocol'],
          additionalProperties: false,
          properties: { protocol: protocolSchema, note },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { protocol: unknown; note?: string };
      const created = await createProtocol(db, body.protocol, userOf(req).accountId, body.note ?? null);
      reply.code(201);
      return created;
    },
  );

  app.put(
    '/api/protocols/:id',
    {
      config: { access: editors },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['protocol', 'baseVersion'],
          additionalProperties: false,
          properties: { protocol: protocolSchema, baseVersion: { type: 'integer', minimum: 1 }, note },
        },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const body = req.body as { protocol: unknown; baseVersion: number; note?: string };
      return saveProtocolVersion(
        db,
        id,
        body.protocol,
        body.baseVersion,
        userOf(req).accountId,
        body.note ?? null,
      );
    },
  );
}
