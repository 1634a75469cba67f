import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROLES, type Role } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { loadConfig } from '../config';
import {
  createTestContext,
  DATABASE_KINDS,
  gatewayToken,
  login,
  type TestContext,
} from '../testing/test-context';
import type { AccessRule } from './rules';
import { hasScope } from './scopes';

type Caller = { name: string; role?: Role; scopes?: string[]; headers: Record<string, string> };

/** What a rule means, written out independently of authorize.ts. */
function expectedAllowed(rule: AccessRule, caller: Caller): boolean {
  if ('public' in rule) return true;
  if ('scope' in rule) return !!caller.scopes && hasScope(caller.scopes, rule.scope);
  if (!caller.role) return false;
  if ('session' in rule) return true;
  return rule.roles.includes(caller.role);
}

// Sensitive routes spelled out by hand, so a wrong entry in rules.ts is caught too.
const MUST: Record<string, { allow: string[]; deny: string[] }> = {
  'GET /api/staff/patients/:id': {
    allow: ['nurse', 'physician', 'municipal-nurse'],
    deny: ['anonymous', 'patient', 'proxy', 'unit-admin', 'system-admin', 'client'],
  },
  'POST /api/patient/measurements': {
    allow: ['patient', 'proxy'],
    deny: ['anonymous', 'nurse', 'unit-admin', 'system-admin', 'client'],
  },
  'GET /api/audit/patients/:id/events': {
    allow: ['unit-admin', 'system-admin'],
    deny: ['anonymous', 'patient', 'proxy', 'nurse', 'physician', 'municipal-nurse', 'client'],
  },
  'POST /fhir/R4/Observation': { allow: ['client'], deny: ['client-no-scopes', 'anonymous', 'nurse'] },
  'POST /api/staff/emergency-access': {
    allow: ['nurse', 'physician', 'municipal-nurse'],
    deny: ['patient', 'proxy', 'unit-admin', 'system-admin'],
  },
};

describe.each(DATABASE_KINDS)('authorization matrix (%s database)', (kind) => {
  let t: TestContext;
  const callers: Caller[] = [];

  beforeAll(async () => {
    t = await createTestContext(kind, { rateLimit: { ...loadConfig({}).rateLimit, enabled: false } });
    const hash = await hashPassword('secret-password');
    for (const role of ['physician', 'municipal-nurse', 'unit-admin', 'system-admin', 'proxy'] as const) {
      const id = uuidv7();
      await t.db.query(
        'INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, $4, $4)',
        [id, `m.${role}`, hash, role],
      );
      if (role === 'proxy') {
        const grant = uuidv7();
        await t.db.query(
          `INSERT INTO relative_grant (id, patient_id, proxy_account_id, can_view, can_record, can_message)
           VALUES ($1, $2, $3, true, true, true)`,
          [grant, t.fixture.patientA, id],
        );
      } else {
        await t.db.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $2)', [
          id,
          t.fixture.unitA,
        ]);
      }
    }
    await t.db.query(
      `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ('no-scopes', 'x', 'No scopes', '{}')`,
    );
    const noScopeToken = 'matrix-no-scope-token';
    const { hashToken } = await import('../auth/tokens');
    await t.db.query(
      `INSERT INTO access_token (token_hash, client_id, scopes, expires_at) VALUES ($1, 'no-scopes', '{}', now() + interval '1 hour')`,
      [hashToken(noScopeToken)],
    );
    callers.push({ name: 'anonymous', headers: { 'x-requested-with': 'hemma' } });
    callers.push({ name: 'patient', role: 'patient', headers: await login(t.app, 'patient.a') });
    callers.push({ name: 'nurse', role: 'nurse', headers: await login(t.app, 'nurse.a') });
    for (const role of ['physician', 'municipal-nurse', 'unit-admin', 'system-admin'] as const) {
      callers.push({ name: role, role, headers: await login(t.app, `m.${role}`) });
    }
    const proxy = await login(t.app, 'm.proxy');
    const grant = await t.db.query<{ id: string }>(
      `SELECT g.id FROM relative_grant g JOIN account a ON a.id = g.proxy_account_id WHERE a.username = 'm.proxy'`,
    );
    proxy.cookie += `; hemma_acting_for=${grant.rows[0]!.id}`;
    callers.push({ name: 'proxy', role: 'proxy', headers: proxy });
    const token = await gatewayToken(t.app);
    const scopes = (
      await t.db.query<{ scopes: string[] }>(`SELECT scopes FROM api_client WHERE client_id = 'test-gateway'`)
    ).rows[0]!.scopes;
    callers.push({ name: 'client', scopes, headers: { authorization: `Bearer ${token}` } });
    callers.push({
      name: 'client-no-scopes',
      scopes: [],
      headers: { authorization: `Bearer ${noScopeToken}` },
    });
    expect(new Set(callers.map((c) => c.role).filter(Boolean))).toEqual(new Set(ALL_ROLES));
  });
  afterAll(() => t.close());

  it('has an access rule for every registered route', () => {
    const missing = t.app.accessRoutes.filter((r) => !r.rule).map((r) => `${r.method} ${r.url}`);
    expect(missing, 'add these to packages/server/src/access/rules.ts').toEqual([]);
  });

  it('allows and denies every route for every role as its rule says', async () => {
    const failures: string[] = [];
    // Logging out ends the callers' sessions, so those routes run last.
    const rank = (url: string) => (url === '/api/auth/logout' ? 2 : url.includes('logout') ? 1 : 0);
    const routes = [...t.app.accessRoutes].sort((a, b) => rank(a.url) - rank(b.url));
    for (const route of routes) {
      if (!route.rule || route.method === 'HEAD' || route.method === 'OPTIONS') continue;
      const url = route.url
        .replace(':code', '8480-6')
        .replace(/:[A-Za-z]+/g, () => '018f0000-0000-7000-8000-000000000000')
        .replace('/*', '/index.html');
      const key = `${route.method} ${route.url}`;
      for (const caller of callers) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            ...caller.headers,
            ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' ? {} : { payload: '{}' }),
          payloadAsStream: true,
        });
        res.stream().destroy();
        const denied = res.statusCode === 401 || res.statusCode === 403;
        const expected = expectedAllowed(route.rule, caller);
        // A public route may still refuse by its own means (a webhook secret, a metrics token).
        if ('public' in route.rule && denied) continue;
        if (denied === expected) failures.push(`${key} as ${caller.name}: ${res.statusCode}`);
        const must = MUST[key];
        if (must?.allow.includes(caller.name) && denied) failures.push(`${key} must allow ${caller.name}`);
        if (must?.deny.includes(caller.name) && !denied) failures.push(`${key} must deny ${caller.name}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
