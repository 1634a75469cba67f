import { isValidHsaId, parseSwedishPersonalIdentity } from '@hemma/core';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../db/database';
import type { Role } from '../actor';
import type { OidcProviderConfig } from '../identity-config';

export type Refusal = 'invalid-identity' | 'unknown-account';

/**
 * Maps the identity a provider vouches for to a Hemma account. Patients are matched on
 * personnummer or samordningsnummer (any accepted spelling, compared normalised); a patient
 * registered by their care unit who has never logged in gets an account on first login. Staff are
 * matched on HSA-id and never created here: an administrator creates them and their units.
 */
export async function accountForIdentity(
  db: Database,
  provider: OidcProviderConfig,
  identity: unknown,
): Promise<{ accountId: string; role: Role } | { refused: Refusal }> {
  if (typeof identity !== 'string') return { refused: 'invalid-identity' };
  if (provider.audience === 'staff') {
    if (!isValidHsaId(identity.toUpperCase())) return { refused: 'invalid-identity' };
    const { rows } = await db.query<{ id: string; role: Role }>(
      `SELECT id, role FROM account WHERE upper(hsa_id) = upper($1) AND NOT disabled AND role <> 'patient'`,
      [identity],
    );
    return rows[0] ? { accountId: rows[0].id, role: rows[0].role } : { refused: 'unknown-account' };
  }
  const parsed = parseSwedishPersonalIdentity(identity);
  if (!parsed.ok) return { refused: 'invalid-identity' };
  return db.tx(async (client) => {
    const { rows } = await client.query<{
      id: string;
      account_id: string | null;
      disabled: boolean | null;
      given_name: string;
      family_name: string;
    }>(
      `SELECT p.id, p.account_id, a.disabled, p.given_name, p.family_name
       FROM patient p LEFT JOIN account a ON a.id = p.account_id WHERE p.personnummer = $1 FOR UPDATE OF p`,
      [parsed.normalized],
    );
    const patient = rows[0];
    if (!patient || patient.disabled) return { refused: 'unknown-account' as const };
    if (patient.account_id) return { accountId: patient.account_id, role: 'patient' as const };
    const accountId = uuidv7();
    // The username is opaque: the person logs in through the provider, never with it.
    await client.query(
      `INSERT INTO account (id, username, role, display_name) VALUES ($1, $2, 'patient', $3)`,
      [accountId, `oidc-${accountId}`, `${patient.given_name} ${patient.family_name}`],
    );
    await client.query('UPDATE patient SET account_id = $2 WHERE id = $1', [patient.id, accountId]);
    return { accountId, role: 'patient' as const };
  });
}
