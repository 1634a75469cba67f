import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problem';

export type StaffRole = 'nurse' | 'physician' | 'admin';
export type Role = 'patient' | StaffRole;

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
      patientId?: string;
    }
  | { kind: 'client'; clientId: string; scopes: string[] };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const STAFF_ROLES: readonly Role[] = ['nurse', 'physician', 'admin'];

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

/** preHandler: the session user must have one of these roles. */
export function requireRoles(roles: readonly Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const user = userOf(req);
    if (!roles.includes(user.role)) {
      throw new HttpProblem(403, 'Forbidden', 'Your role does not give access to this resource.');
    }
  };
}
