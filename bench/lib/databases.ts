import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../packages/server/src/db/database';
import { migrate } from '../../packages/server/src/db/migrate';
import { seedDemo } from '../../packages/server/src/demo/seed';
import { onCleanup } from './cleanup';
import { type Dataset, loadDataset } from './dataset';
import { startBenchPostgres } from './postgres';
import { CEILING_CONNECTIONS, type Profile } from './profile';
import { pgliteTarget, postgresTarget, type RawTarget } from './raw-sql';

export interface PreparedDatabase {
  /** What the Hemma server is started with. */
  server: { databaseUrl: string } | { dataDir: string };
  dataset: Dataset;
  /** Direct access for the ceiling; for the embedded database only once the server has stopped. */
  raw: () => Promise<RawTarget>;
  dispose: () => Promise<void>;
}

/**
 * A fresh database of the given kind with the schema, the demo data (staff, the demo gateway
 * client) and the bench's population loaded, through the server's own migrate() and seedDemo().
 */
export async function prepareDatabase(
  kind: 'embedded' | 'postgres',
  profile: Profile,
  now: Date,
  log: (msg: string) => void,
): Promise<PreparedDatabase> {
  let server: PreparedDatabase['server'];
  let raw: PreparedDatabase['raw'];
  let dispose: () => Promise<void>;
  if (kind === 'postgres') {
    const pg = await startBenchPostgres();
    server = { databaseUrl: pg.url };
    raw = async () => postgresTarget(pg.url, CEILING_CONNECTIONS);
    dispose = pg.stop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-bench-embedded-'));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    dispose = onCleanup({ name: 'embedded data dir', run: async () => remove(), sync: remove });
    const dataDir = path.join(dir, 'data');
    server = { dataDir };
    raw = async () => {
      const pglite = await PGlite.create(dataDir);
      const db = await openDatabase({ pglite });
      return pgliteTarget(pglite, db, async () => {
        await db.close();
        await pglite.close();
      });
    };
  }
  try {
    const db = await openDatabase('databaseUrl' in server ? { databaseUrl: server.databaseUrl } : server);
    try {
      await migrate(db);
      await seedDemo(db, now);
      log(`  loading ${profile.patients.toLocaleString('en')} patients × ${profile.days} days`);
      const dataset = await loadDataset(db, { patients: profile.patients, days: profile.days, now, log });
      return { server, dataset, raw, dispose };
    } finally {
      await db.close();
    }
  } catch (err) {
    await dispose();
    throw err;
  }
}
