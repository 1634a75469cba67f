import type { FastifyRequest } from 'fastify';

/**
 * SMART discovery (SMART App Launch 2.x, backend services): integration clients authenticate with
 * client credentials (client_id and client_secret in the form body) and are given system scopes.
 * The scopes listed are those some registered route requires (access/authorize.ts keeps the list),
 * so the document follows the routes.
 */
export function smartConfiguration(req: FastifyRequest) {
  const origin = `${req.protocol}://${req.host}`;
  const scopes = new Set<string>();
  for (const route of req.server.accessRoutes ?? []) {
    if (route.rule && 'scope' in route.rule) scopes.add(route.rule.scope);
  }
  return {
    token_endpoint: `${origin}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...scopes].sort(),
    capabilities: ['client-confidential-symmetric', 'permission-v1', 'permission-v2'],
  };
}
