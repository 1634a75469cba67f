import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const applied = await migrate(db);
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
await db.close();
