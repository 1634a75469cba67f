import { createSystemAdmin } from '../admin/bootstrap';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { argument } from './args';

/** `npm run admin:create -- --username NAME --name "Full Name" [--hsa-id SE…]`: the first system
 *  administrator; prints a one-time password (docs/identity.md). */
const argv = process.argv.slice(2);
const username = argument(argv, '--username');
const displayName = argument(argv, '--name');
const hsaIndex = argv.indexOf('--hsa-id');
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  const { password } = await createSystemAdmin(db, {
    username,
    displayName,
    ...(hsaIndex >= 0 && argv[hsaIndex + 1] ? { hsaId: argv[hsaIndex + 1] } : {}),
  });
  console.log(`System administrator ${username.toLowerCase()} created.`);
  console.log(`One-time password (shown only now): ${password}`);
  console.log('At the first login a second factor (passkey or authenticator app) must be set up.');
} catch (err) {
  console.error(err instanceof Error ? err.message : 'Could not create the administrator.');
  process.exitCode = 1;
} finally {
  await db.close();
}
