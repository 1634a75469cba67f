import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../auth/actor';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { resolveActingFor } from '../relatives/acting-for';
import { type AccessRule, ruleFor } from './rules';
import { hasScope } from './scopes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's access rule; routes without one are looked up in access/rules.ts. */
    access?: AccessRule;
  }
  interface FastifyInstance {
    /** Every route registered on the app, with its access rule (undefined: none declared). */
    accessRoutes: RegisteredRoute[];
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  rule: AccessRule | undefined;
}

const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
const unauthorized = (detail: string) => new HttpProblem(401, 'Unauthorized', detail, undefined, 'login');

/**
 * Registers the single authorization check: every request's route rule is enforced here, after the
 * session or bearer token has identified the actor and before the body is validated. A route
 * without a rule is refused (and fails the authorization-matrix test).
 */
export function registerAuthorization(app: FastifyInstance, db: Database) {
  const routes: RegisteredRoute[] = [];
  app.decorate('accessRoutes', routes);
  app.addHook('onRoute', (opts) => {
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    for (const method of methods) {
      routes.push({ method, url: opts.url, rule: opts.config?.access ?? ruleFor(method, opts.url) });
    }
  });
  app.addHook('preValidation', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // the not-found handler
    const rule = req.routeOptions.config.access ?? ruleFor(req.method, url);
    await enforce(db, req, rule);
  });
}

export async function enforce(db: Database, req: FastifyRequest, rule: AccessRule | undefined) {
  if (!rule) {
    throw forbidden('This route has no access rule (see docs/security.md, "Declaring a route\'s rule").');
  }
  if ('public' in rule) return;
  const actor = req.actor;
  if ('scope' in rule) {
    if (actor?.kind !== 'client') throw unauthorized('A bearer token is required.');
    if (!hasScope(actor.scopes, rule.scope)) {
      throw forbidden(`The client's scopes do not include ${rule.scope}.`);
    }
    return;
  }
  if (actor?.kind !== 'user') throw unauthorized('Log in to continue.');
  if ('session' in rule) return;
  if (!rule.roles.includes(actor.role as Role)) {
    throw forbidden('Your role does not give access to this resource.');
  }
  if (actor.role === 'proxy' && rule.proxy) {
    const grant = await resolveActingFor(db, req, actor);
    const allowed =
      grant &&
      (rule.proxy === 'view' ? grant.canView : rule.proxy === 'record' ? grant.canRecord : grant.canMessage);
    if (!allowed) {
      throw forbidden(
        grant
          ? 'The patient has not given you this permission.'
          : 'Choose whose data you act for first (POST /api/proxy/acting-for).',
      );
    }
  }
}
