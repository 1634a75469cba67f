import { PgBoss } from 'pg-boss';
import type { Database } from '../db/database';
import type { PeriodicJob } from './periodic';

/** The schema pg-boss keeps its tables in; separate from Hemma's so backups and migrations stay apart. */
export const JOBS_SCHEMA = 'pgboss';

export interface JobsOptions {
  /** PostgreSQL connection string; pg-boss keeps its own small pool (and a LISTEN connection). */
  databaseUrl?: string;
  /** Logs failures of the queue machinery; handlers' own errors are retried by pg-boss. */
  onError?: (err: Error) => void;
  /** Seconds between cron checks (1–45); tests shorten it, production keeps pg-boss's 30. */
  cronMonitorIntervalSeconds?: number;
  /** Seconds between polls for new one-off jobs where no NOTIFY arrives (≥ 0.5). */
  pollingIntervalSeconds?: number;
}

export type JobHandler<T> = (data: T, meta: { id: string; name: string }) => Promise<unknown>;

/**
 * Durable background jobs on the application's own database: periodic jobs run exactly once per
 * tick however many server processes there are (pg-boss claims each tick's slot with a unique
 * singleton key, and a job is fetched with SKIP LOCKED by one worker), one-off jobs survive a
 * restart and are retried when a handler fails or its process dies.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private started = false;
  private readonly queues = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly opts: JobsOptions = {},
  ) {
    const common = {
      schema: JOBS_SCHEMA,
      cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: Math.min(5, opts.cronMonitorIntervalSeconds ?? 5),
      // Statistics nobody reads would only cost writes.
      persistQueueStats: false,
      monitorVacuum: false,
    };
    if (db.kind === 'postgres') {
      if (!opts.databaseUrl) throw new Error('Jobs on PostgreSQL need the database URL.');
      this.boss = new PgBoss({ ...common, connectionString: opts.databaseUrl, max: 3 });
    } else {
      // The embedded database has one connection, shared with the application through its pool:
      // pg-boss's statements queue behind the application's transactions instead of landing inside
      // one (a second client on the same PGlite session would). Without LISTEN, workers poll.
      this.boss = new PgBoss({
        ...common,
        backend: 'pglite',
        db: { executeSql: (text, values) => db.pool.query(text, values) },
      });
    }
    this.boss.on('error', (err: Error) => opts.onError?.(err));
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name);
    this.queues.add(name);
  }

  /** Runs `handler` on `cron` (UTC, minute resolution), once per tick across all processes. */
  async schedule(name: string, cron: string, handler: (now: Date) => Promise<unknown>): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, null, { tz: 'UTC' });
    await this.work<Record<string, never>>(name, () => handler(new Date()));
  }

  /** Registers the table of periodic jobs; each is given the database and the time it runs at. */
  async schedulePeriodic(jobs: readonly PeriodicJob[]): Promise<void> {
    for (const job of jobs) await this.schedule(job.name, job.cron, (now) => job.run(this.db, now));
  }

  /** Queues a durable one-off job. `singletonKey` makes a resend while one is queued a no-op. */
  async send<T extends object>(
    name: string,
    data: T,
    options: { singletonKey?: string; startAfter?: Date; retryLimit?: number } = {},
  ): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, data, { retryLimit: 5, retryBackoff: true, ...options });
  }

  /** Processes jobs of `name` one at a time in this process; a throwing handler is retried later. */
  async work<T>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<T>(
      name,
      { pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (job) await handler(job.data, { id: job.id, name: job.name });
      },
    );
  }

  /** Jobs waiting to run (ready now, not deferred) per queue, for /metrics. */
  async queueDepth(): Promise<Map<string, { ready: number; active: number }>> {
    const depth = new Map<string, { ready: number; active: number }>();
    if (!this.started) return depth;
    for (const q of await this.boss.getQueues([...this.queues])) {
      depth.set(q.name, { ready: q.readyCount, active: q.activeCount });
    }
    return depth;
  }

  /** Stops fetching, lets running handlers finish (up to `timeoutMs`), then releases the connection. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
