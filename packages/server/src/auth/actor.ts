import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problem';

/** Staff who take part in care and reach patient data through the care relationship. */
export type CareRole = 'nurse' | 'physician' | 'municipal-nurse';
/** Administrators: no clinical data; unit admins follow up the log of their units, system admins all. */
export type AdminRole = 'unit-admin' | 'system-admin';
export type StaffRole = CareRole | AdminRole;
/** 'proxy': a relative (närstående) acting for a patient under a grant (see relatives/). */
export type Role = 'patient' | 'proxy' | StaffRole;

/** Who is making a request: a logged-in person (cookie session) or an integration client (bearer token). */
export type Actor =
  | {
      kind: 'user';
      accountId: string;
      role: Role;
      displayName: string;
      locale: 'sv' | 'en';
      /** Staff: care units they work at. Patients: units they are enrolled at. */
      unitIds: string[];
      /** Patients: themselves. Proxies: the patient they currently act for (set by relatives/acting-for.ts). */
      patientId?: string;
      /** Proxies acting for a patient: the grant and what it allows. */
      proxyGrant?: { id: string; canView: boolean; canRecord: boolean; canMessage: boolean };
    }
  | { kind: 'client'; clientId: string; scopes: string[] };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const CARE_ROLES: readonly Role[] = ['nurse', 'physician', 'municipal-nurse'];
export const ADMIN_ROLES: readonly Role[] = ['unit-admin', 'system-admin'];
export const STAFF_ROLES: readonly Role[] = [...CARE_ROLES, ...ADMIN_ROLES];
export const ALL_ROLES: readonly Role[] = ['patient', 'proxy', ...STAFF_ROLES];

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type ClientActor = Extract<Actor, { kind: 'client' }>;

export function userOf(req: FastifyRequest): UserActor {
  const actor = req.actor;
  if (actor?.kind !== 'user') throw new HttpProblem(401, 'Not logged in', 'Log in to continue.');
  return actor;
}

export function clientOf(req: FastifyRequest): ClientActor {
  const actor = req.actor;
  if (actor?.kind !== 'client') throw new HttpProblem(401, 'Unauthorized', 'A bearer token is required.');
  return actor;
}
