import type { Database } from '../db/database';
import type { UserActor } from './actor';

export const meProperties = {
  id: { type: 'string' },
  role: { type: 'string' },
  displayName: { type: 'string' },
  locale: { type: 'string' },
  units: {
    type: 'array',
    items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
  },
  patientId: { type: 'string' },
} as const;

export const meSchema = { type: 'object', properties: meProperties } as const;

/** The logged-in user as the web app sees them (GET /api/me). */
export async function loadMe(db: Database, user: UserActor) {
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM care_unit WHERE id = ANY($1::uuid[]) ORDER BY name',
    [user.unitIds],
  );
  return {
    id: user.accountId,
    role: user.role,
    displayName: user.displayName,
    locale: user.locale,
    units: rows,
    ...(user.patientId ? { patientId: user.patientId } : {}),
  };
}
