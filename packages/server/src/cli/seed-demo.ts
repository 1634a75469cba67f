import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { seedDemo } from '../demo/seed';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db);
const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM patient');
if ((rows[0]?.n ?? 0) > 0) {
  console.error('The database already has patients; demo data is only seeded into an empty database.');
  process.exitCode = 1;
} else {
  console.log(await seedDemo(db, new Date()));
}
await db.close();
