import { purgeAudit } from '../audit/chain';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

/** `npm run audit:purge`: deletes audit rows older than HEMMA_AUDIT_RETENTION_YEARS (at least 5). */
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const result = await purgeAudit(db, config.auditRetentionYears);
  console.log(
    result.deleted
      ? `Purged ${result.deleted} audit rows older than ${config.auditRetentionYears} years (through seq ${result.throughSeq}).`
      : `Nothing older than ${config.auditRetentionYears} years to purge.`,
  );
} finally {
  await db.close();
}
