import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../db/database';
import { scratchPostgres } from '../testing/scratch-database';
import { Jobs } from './jobs';

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
    return jobs;
  }

  it('runs a scheduled job once per tick and every one-off job exactly once', async () => {
    const scratch = await scratchPostgres();
    cleanup.push(scratch.drop);
    const [a, b] = [await runner(scratch.url), await runner(scratch.url)];

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
    // On a loaded machine a tick may be picked up late, so the next minute's tick can fall in the wait:
    // what must never happen is two runs of one tick (two runs within the same minute).
    const times = ticks.map((t) => t.at.getTime()).sort((x, y) => x - y);
    expect(times.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThan(30_000);
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
