import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, CARE_ROLES, userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { HttpProblem, notFound } from '../http/problem';
import { type DashboardQuery, dashboard, dashboardCsv } from './metrics';

const access = { roles: [...CARE_ROLES, ...ADMIN_ROLES] } as const;
const querystring = {
  type: 'object',
  required: ['unit'],
  additionalProperties: false,
  properties: {
    unit: { type: 'string', format: 'uuid' },
    protocol: { type: 'string', maxLength: 63 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
  },
} as const;

const DEFAULT_DAYS = 28;

/** Follow-up dashboard of a unit the caller works at: aggregates only, no patient is named. */
export function dashboardRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const parse = async (req: { query: unknown }, unitIds: string[]): Promise<DashboardQuery> => {
    const q = req.query as { unit: string; protocol?: string; from?: string; to?: string };
    if (!unitIds.includes(q.unit)) throw notFound('Unit');
    // "Until now" is the database's now: alerts and handling events are stamped by its clock (column
    // defaults), and an app server whose clock lagged it would leave out what was recorded just before.
    const to = q.to ? new Date(q.to) : (await db.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
    if (to <= from || to.getTime() - from.getTime() > 400 * 86_400_000) {
      throw new HttpProblem(422, 'Bad period', 'The period must be non-empty and at most 400 days.');
    }
    return { unitId: q.unit, ...(q.protocol ? { protocol: q.protocol } : {}), from, to };
  };

  app.get('/api/staff/dashboard', { config: { access }, schema: { querystring } }, async (req) =>
    dashboard(db, await parse(req, userOf(req).unitIds)),
  );

  app.get('/api/staff/dashboard.csv', { config: { access }, schema: { querystring } }, async (req, reply) => {
    const q = await parse(req, userOf(req).unitIds);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="hemma-dashboard.csv"')
      .send(dashboardCsv(await dashboard(db, q), q));
  });
}
