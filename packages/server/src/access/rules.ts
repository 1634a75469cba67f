import { ADMIN_ROLES, CARE_ROLES, type Role } from '../auth/actor';

/**
 * A route's access rule (who may call it at all). Which patient's data a caller then reaches is
 * decided per request by access/patient-access.ts (the care relationship).
 * - `public`: no login (say why: the route authenticates itself, or serves nothing personal);
 * - `session`: any logged-in person (their own account);
 * - `roles`: logged-in people with one of these roles; a proxy (relative) additionally needs the
 *   named permission in the grant of the patient they act for;
 * - `scope`: an integration client whose token carries this SMART system scope.
 */
export type AccessRule =
  | { public: string }
  | { session: 'any' }
  | { roles: readonly Role[]; proxy?: ProxyPermission }
  | { scope: string };

export type ProxyPermission = 'view' | 'record' | 'message';

const care = { roles: CARE_ROLES } as const;
const auditors = { roles: ADMIN_ROLES } as const;
const systemAdmin = { roles: ['system-admin'] } as const satisfies AccessRule;
const patientOnly = { roles: ['patient'] } as const satisfies AccessRule;
const patientView = { roles: ['patient', 'proxy'], proxy: 'view' } as const satisfies AccessRule;
const patientRecord = { roles: ['patient', 'proxy'], proxy: 'record' } as const satisfies AccessRule;
const patientMessage = { roles: ['patient', 'proxy'], proxy: 'message' } as const satisfies AccessRule;
const proxyOnly = { roles: ['proxy'] } as const satisfies AccessRule;
const anyUser = { session: 'any' } as const;
const pub = (why: string): AccessRule => ({ public: why });

/**
 * Rules of routes that do not declare `config: { access }` themselves, keyed `METHOD url` with the
 * route's URL pattern as registered. HEAD follows GET. The authorization-matrix test
 * (access/matrix.test.ts) fails for any registered route that has neither.
 */
export const ROUTE_RULES: Record<string, AccessRule> = {
  // Infrastructure and the web app
  'GET /health': pub('health check, no personal data'),
  'GET /ready': pub('readiness check, no personal data'),
  'GET /metrics': pub('authenticated by its own metrics token'),
  'GET /api/openapi.json': pub('API description'),
  'GET /*': pub('static web app files'),
  'GET /fhir/R4/metadata': pub('FHIR CapabilityStatement'),
  'POST /oauth2/token': pub('client credentials are the authentication'),
  'POST /api/sms/inbound': pub('authenticated by the SMS provider secret'),

  // Login and the own account
  'POST /api/auth/login': pub('login'),
  'POST /api/auth/logout': pub('ends the session if there is one'),
  'POST /api/auth/totp': pub('second login step, bound to the login challenge'),
  'POST /api/auth/passkey/options': pub('passkey login'),
  'POST /api/auth/passkey': pub('passkey login'),
  'GET /api/me': anyUser,
  'PUT /api/me/locale': anyUser,
  'GET /api/account/security': anyUser,
  'POST /api/account/logout-everywhere': anyUser,
  'POST /api/account/totp/setup': anyUser,
  'POST /api/account/totp/confirm': anyUser,
  'DELETE /api/account/totp': anyUser,
  'GET /api/account/passkeys': anyUser,
  'POST /api/account/passkeys/options': anyUser,
  'POST /api/account/passkeys': anyUser,
  'DELETE /api/account/passkeys/:id': anyUser,

  // The patient's own data (a proxy acts for the patient under the grant's permissions)
  'POST /api/patient/measurements': patientRecord,
  'GET /api/patient/observations': patientView,
  'GET /api/patient/thresholds': patientView,
  'GET /api/patient/access-log': patientOnly,
  'GET /api/patient/relatives': patientOnly,
  'POST /api/patient/relatives': patientOnly,
  'DELETE /api/patient/relatives/:id': patientOnly,

  // Relatives choosing whom they act for
  'GET /api/proxy/patients': proxyOnly,
  'GET /api/proxy/acting-for': proxyOnly,
  'PUT /api/proxy/acting-for': proxyOnly,
  'DELETE /api/proxy/acting-for': proxyOnly,

  // Care staff
  'GET /api/staff/worklist': care,
  'GET /api/staff/events': care,
  'GET /api/staff/patients': care,
  'GET /api/staff/patients/:id': care,
  'GET /api/staff/patients/:id/observations': care,
  'GET /api/staff/patients/:id/alerts': care,
  'POST /api/staff/patients/:id/measurements': care,
  'GET /api/staff/patients/:id/thresholds': care,
  'PUT /api/staff/patients/:id/thresholds/:code': care,
  'POST /api/staff/alerts/:id/acknowledge': care,
  'POST /api/staff/patient-lookup': care,
  'GET /api/staff/emergency-access': care,
  'POST /api/staff/emergency-access': care,

  // Audit follow-up
  'GET /api/audit/patients/:id/events': auditors,
  'POST /api/audit/patient-lookup': auditors,
  'GET /api/audit/staff': auditors,
  'GET /api/audit/staff/:id': auditors,
  'GET /api/audit/emergency-access': auditors,
  'POST /api/audit/emergency-access/:id/review': auditors,
  'GET /api/audit/sample': auditors,
  'GET /api/audit/export.csv': auditors,

  // FHIR for integration clients
  'GET /fhir/R4/Patient': { scope: 'system/Patient.read' },
  'GET /fhir/R4/Patient/:id': { scope: 'system/Patient.read' },
  'POST /fhir/R4/Observation': { scope: 'system/Observation.write' },
  'GET /fhir/R4/Observation': { scope: 'system/Observation.read' },
  'GET /fhir/R4/Observation/:id': { scope: 'system/Observation.read' },
  'GET /fhir/R4/Flag': { scope: 'system/Flag.read' },
};

// Kept for routes others add that take the same rules (e.g. chat for patients and proxies).
export const RULES = { care, auditors, systemAdmin, patientOnly, patientView, patientRecord, patientMessage };

export function ruleFor(method: string, url: string): AccessRule | undefined {
  return ROUTE_RULES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
