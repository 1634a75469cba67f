import type { FastifyInstance } from 'fastify';
import { dashboardRoutes } from '../dashboard/routes';
import type { Database } from '../db/database';
import { escalationRoutes } from '../escalation/routes';
import type { EventBus } from '../events/bus';
import { exportRoutes } from '../export/routes';
import { medicationRoutes } from '../medications/routes';
import { validationRoutes } from '../validation/routes';
import { overviewRoutes } from './overview-routes';

/** The clinician workspace's routes beyond the worklist (issue 6), registered with the staff routes. */
export function workspaceRoutes(app: FastifyInstance, opts: { db: Database; bus: EventBus }) {
  overviewRoutes(app, opts);
  medicationRoutes(app, opts);
  validationRoutes(app, opts);
  exportRoutes(app, opts);
  escalationRoutes(app, opts);
  dashboardRoutes(app, opts);
}
