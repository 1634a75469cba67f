import { randomBytes } from 'node:crypto';
import { isValidHsaId } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';

/**
 * The first system administrator of a deployment (outside demo mode nobody else can create one).
 * The password is random, shown once by the caller; at the first login the administrator must set
 * up a second factor like all staff.
 */
export async function createSystemAdmin(
  db: Database,
  opts: { username: string; displayName: string; hsaId?: string },
): Promise<{ id: string; password: string }> {
  const username = opts.username.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{2,100}$/.test(username)) throw new Error('The username may hold a–z, 0–9, . _ @ -');
  const hsaId = opts.hsaId?.trim().toUpperCase();
  if (hsaId && !isValidHsaId(hsaId)) throw new Error('The HSA-id is not valid (e.g. SE2321000016-1003).');
  const password = randomBytes(18).toString('base64url');
  const id = uuidv7();
  await db.query(
    `INSERT INTO account (id, username, password_hash, role, display_name, hsa_id)
     VALUES ($1, $2, $3, 'system-admin', $4, $5)`,
    [id, username, await hashPassword(password), opts.displayName.trim() || username, hsaId ?? null],
  );
  return { id, password };
}
