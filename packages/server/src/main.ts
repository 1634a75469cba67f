import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { isFresh, migrate } from './db/migrate';
import { seedDemo } from './demo/seed';

const config = loadConfig();
const started = Date.now();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.dbPoolSize,
});
const fresh = await isFresh(db);
await migrate(db);
const { app } = await buildApp(db, config);
if (fresh && db.kind === 'embedded' && config.demo) {
  const summary = await seedDemo(db, new Date());
  app.log.info(summary, 'demo data seeded');
}
await app.listen({ port: config.port, host: config.host });
app.log.info({ database: db.kind, demo: config.demo, startupMs: Date.now() - started }, 'Hemma is running');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await db.close();
    process.exit(0);
  });
}
