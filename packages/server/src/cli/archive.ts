import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { archiveObservations } from '../ops/archive';
import { argument } from './args';

// npm run archive -- --before 2024-01-01 [--dry-run]
const argv = process.argv.slice(2);
const raw = argument(argv, '--before');
const before = new Date(raw);
if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(before.getTime())) {
  console.error('--before must be a date (YYYY-MM-DD or an ISO 8601 time).');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await migrate(db);
  const result = await archiveObservations(db, before, { dryRun: argv.includes('--dry-run') });
  console.log(
    `${argv.includes('--dry-run') ? 'Would archive' : 'Archived'} ${result.observations} observations` +
      `${argv.includes('--dry-run') ? '' : ` and ${result.alerts} alerts`} taken before ${before.toISOString()}; ` +
      `${result.keptOpen} kept because their alert is still open.`,
  );
} finally {
  await db.close();
}
