import { sealAuditChain, verifyChain } from '../audit/chain';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

/**
 * `npm run audit:verify`: seals rows not yet chained, then checks the audit log's hash chain; exit
 * code 1 when it was tampered with.
 */
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const seal = await sealAuditChain(db);
  if (seal.sealed) console.log(`Sealed ${seal.sealed} new audit rows into the chain.`);
  const result = await verifyChain(db);
  // Normally 0: only rows committed after the seal above can still be unsealed.
  if (result.unsealed) console.log(`${result.unsealed} audit rows not yet sealed (not verified).`);
  if (result.ok) {
    console.log(`Audit log intact: ${result.rows} rows verified.`);
  } else {
    console.log(`Audit log TAMPERED: ${result.problems.length} problem(s) in ${result.rows} rows.`);
    for (const p of result.problems)
      console.log(`  seq ${p.seq}${p.id ? ` (id ${p.id})` : ''}: ${p.problem}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
