import { planDefinitionOf } from '@hemma/core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { getProtocol } from '../protocols/repository';
import { fhirBase } from './resource-routes';

const read = { access: { scope: 'system/PlanDefinition.read' } } as const;
const str = { type: 'string', maxLength: 64 } as const;

/**
 * Protocol versions are immutable (protocols/), and care plans name the version they instantiate
 * (`…/PlanDefinition/<id>|<version>`), so every version stays readable: vread and history.
 */
export async function planDefinitionVersionRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;
  const load = async (id: string, version?: number) => {
    try {
      return await getProtocol(db, id, version);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 404) {
        throw new HttpProblem(
          404,
          'Not found',
          `PlanDefinition/${id.replace(/[^A-Za-z0-9\-.]/g, '')}${version ? ` version ${version}` : ''} was not found.`,
        );
      }
      throw error;
    }
  };
  const resource = (view: Awaited<ReturnType<typeof getProtocol>>, version: number) => {
    const pd = planDefinitionOf(view.protocol, version);
    return { ...pd, id: view.id, meta: { versionId: String(version), lastUpdated: view.createdAt } };
  };

  app.get(
    '/fhir/R4/PlanDefinition/:id/_history/:vid',
    {
      config: read,
      schema: { params: { type: 'object', required: ['id', 'vid'], properties: { id: str, vid: str } } },
    },
    async (req, reply) => {
      const { id, vid } = req.params as { id: string; vid: string };
      if (!/^[1-9]\d{0,5}$/.test(vid))
        throw new HttpProblem(404, 'Not found', `PlanDefinition/${id} has no version ${vid.slice(0, 20)}.`);
      const view = await load(id, Number(vid));
      reply.header('etag', `W/"${view.version}"`);
      return resource(view, view.version);
    },
  );

  app.get(
    '/fhir/R4/PlanDefinition/:id/_history',
    { config: read, schema: { params: { type: 'object', required: ['id'], properties: { id: str } } } },
    async (req) => {
      const { id } = req.params as { id: string };
      const current = await load(id);
      const base = fhirBase(req);
      const versions = [...current.versions].sort((a, b) => b.version - a.version);
      const entry = [];
      for (const v of versions) {
        const view = v.version === current.version ? current : await load(id, v.version);
        entry.push({
          fullUrl: `${base}/PlanDefinition/${id}`,
          resource: resource(view, v.version),
          request:
            v.version === 1
              ? { method: 'POST', url: 'PlanDefinition' }
              : { method: 'PUT', url: `PlanDefinition/${id}` },
          response: { status: v.version === 1 ? '201' : '200', etag: `W/"${v.version}"` },
        });
      }
      return {
        resourceType: 'Bundle',
        type: 'history',
        total: entry.length,
        link: [{ relation: 'self', url: `${base}/PlanDefinition/${id}/_history` }],
        entry,
      };
    },
  );
}
