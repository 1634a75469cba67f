import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { isFresh, migrate } from './db/migrate';
import { seedDemo } from './demo/seed';
import { Jobs } from './jobs/jobs';
import { PERIODIC_JOBS } from './jobs/periodic';
import { Lifecycle } from './ops/lifecycle';
import { setQueueDepthSource } from './ops/metrics';
import { shutdownOnSignals } from './ops/shutdown';

const config = loadConfig();
const started = Date.now();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.dbPoolSize,
});
const fresh = await isFresh(db);
await migrate(db);
const lifecycle = new Lifecycle();
const { app } = await buildApp(db, config, { lifecycle });
lifecycle.track(app.server);
if (fresh && db.kind === 'embedded' && config.demo) {
  const summary = await seedDemo(db, new Date());
  app.log.info(summary, 'demo data seeded');
}
// Every process runs the job workers; each scheduled tick and each job is taken by one of them.
const jobs = !config.runJobs
  ? null
  : new Jobs(db, {
      databaseUrl: config.databaseUrl,
      // By kind only: a driver message can quote row values, and job data can name patients.
      onError: (err) =>
        app.log.error({ errName: err.name, errCode: (err as { code?: string }).code }, 'job queue error'),
    });
if (jobs) {
  await jobs.start();
  await jobs.schedulePeriodic(PERIODIC_JOBS);
  setQueueDepthSource(() => jobs.queueDepth());
}
shutdownOnSignals({ app, db, jobs, lifecycle });
await app.listen({ port: config.port, host: config.host });
app.log.info({ database: db.kind, demo: config.demo, startupMs: Date.now() - started }, 'Hemma is running');
