import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';

/**
 * Demo accounts for access control: relative1 (a daughter who views, records and messages for
 * patient1) and sysadmin (system administrator, follows up the whole audit log).
 */
export async function seedAccessDemo(client: Queryable, passwordHash: string) {
  const relative = uuidv7();
  await client.query(
    `INSERT INTO account (id, username, password_hash, role, display_name)
     VALUES ($1, 'relative1', $2, 'proxy', 'Sara Närstående'), ($3, 'sysadmin', $2, 'system-admin', 'Systemförvaltare')`,
    [relative, passwordHash, uuidv7()],
  );
  await client.query(
    `INSERT INTO relative_grant (id, patient_id, proxy_account_id, can_view, can_record, can_message)
     SELECT $1, p.id, $2, true, true, true FROM patient p JOIN account a ON a.id = p.account_id
     WHERE a.username = 'patient1'`,
    [uuidv7(), relative],
  );
}
