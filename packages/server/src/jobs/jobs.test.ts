import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../db/database';
import { scratchPostgres } from '../testing/scratch-database';
import { JOBS_SCHEMA, Jobs } from './jobs';

const waitFor = async (cond: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('jobs on PostgreSQL, two runners on one database (as two server processes)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  async function runner(url: string) {
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    const jobs = new Jobs(db, {
      databaseUrl: url,
      cronMonitorIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    await jobs.start();
    cleanup.push(async () => {
      await jobs.stop(2_000);
      await db.close();
    });
    return { jobs, db };
  }

  it('runs a scheduled job once per tick and every one-off job exactly once', async () => {
    const scratch = await scratchPostgres();
    cleanup.push(scratch.drop);
    const [{ jobs: a, db: dbA }, { jobs: b }] = [await runner(scratch.url), await runner(scratch.url)];

    const ticks: { runner: string; at: Date }[] = [];
    await a.schedule('test-tick', '* * * * *', async (now) => void ticks.push({ runner: 'a', at: now }));
    await b.schedule('test-tick', '* * * * *', async (now) => void ticks.push({ runner: 'b', at: now }));

    const done: number[] = [];
    const handler = async (data: { n: number }) => void done.push(data.n);
    await a.work('test-once', handler);
    await b.work('test-once', handler);
    for (let n = 0; n < 30; n++) await (n % 2 ? a : b).send('test-once', { n });
    await waitFor(() => done.length >= 30, 20_000);

    // The next minute boundary produces one tick; both runners check every second.
    await waitFor(() => ticks.length >= 1, 75_000);
    await new Promise((r) => setTimeout(r, 5_000));
    // What must never happen is two runs of one tick. pg-boss files each minute's occurrence once, in a
    // singleton slot of its forwarding queue, whichever runner's cron pass claims it, and the forwarded job is
    // run by one runner: no slot may hold two occurrences, and the handler may not have run more often than
    // there are tick jobs (it runs before its job is marked completed). Run times alone cannot tell: on a
    // loaded machine a late tick and the next minute's can run seconds apart.
    const { rows } = await dbA.query<{ occurrences: number; slots: number; jobs: number; completed: number }>(
      `SELECT
         (SELECT count(*)::int FROM ${JOBS_SCHEMA}.job WHERE singleton_key LIKE 'test-tick\\_\\_%') AS occurrences,
         (SELECT count(DISTINCT singleton_on)::int FROM ${JOBS_SCHEMA}.job
          WHERE singleton_key LIKE 'test-tick\\_\\_%') AS slots,
         (SELECT count(*)::int FROM ${JOBS_SCHEMA}.job WHERE name = 'test-tick') AS jobs,
         (SELECT count(*)::int FROM ${JOBS_SCHEMA}.job WHERE name = 'test-tick' AND state = 'completed') AS completed`,
    );
    const tick = rows[0]!;
    expect(tick.occurrences).toBeGreaterThanOrEqual(1);
    expect(tick.slots).toBe(tick.occurrences);
    expect(tick.jobs).toBeLessThanOrEqual(tick.occurrences);
    expect(ticks.length).toBeGreaterThanOrEqual(Math.max(1, tick.completed));
    expect(ticks.length).toBeLessThanOrEqual(tick.jobs);
    expect(done.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const depth = await a.queueDepth();
    expect(depth.get('test-once')).toEqual({ ready: 0, active: 0 });
  }, 110_000);
});

describe('jobs on the embedded database', () => {
  let db: Database;
  let pglite: PGlite;
  afterAll(async () => {
    await db?.close();
    await pglite?.close();
  });

  it('runs one-off jobs through the shared connection and retries a failing handler', async () => {
    pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    db = await openDatabase({ pglite });
    const jobs = new Jobs(db, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const seen: string[] = [];
    let failures = 0;
    await jobs.work<{ v: string }>('test-embedded', async ({ v }) => {
      if (v === 'flaky' && failures++ === 0) throw new Error('first attempt fails');
      seen.push(v);
    });
    await jobs.send('test-embedded', { v: 'one' });
    await jobs.send('test-embedded', { v: 'flaky' }, { retryLimit: 2 });
    // The app's own queries keep working beside the queue on the single connection.
    await db.tx(async (c) => c.query('SELECT 1'));
    await waitFor(() => seen.length >= 2, 30_000);
    expect(seen.sort()).toEqual(['flaky', 'one']);
    await jobs.stop(2_000);
  }, 40_000);
});
