import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';
import type { Jobs } from '../jobs/jobs';
import type { Lifecycle } from './lifecycle';

export interface ShutdownParts {
  app: FastifyInstance;
  db: Database;
  jobs: Jobs | null;
  lifecycle: Lifecycle;
  /** Longest wait for in-flight requests and running jobs; orchestrators send SIGKILL after 30 s. */
  graceMs?: number;
}

/**
 * Graceful stop: no longer ready (503 on /ready), no new connections, in-flight requests answered,
 * event streams ended (clients reconnect to another process), the current job finished or released
 * back to the queue, then the database closed. Nothing acknowledged is lost either way: a request
 * is acknowledged only after its commit.
 */
export async function shutdown(parts: ShutdownParts): Promise<{ unfinishedRequests: number }> {
  const { app, db, jobs, lifecycle, graceMs = 20_000 } = parts;
  lifecycle.beginShutdown();
  const stoppingJobs = jobs?.stop(graceMs) ?? Promise.resolve();
  // Stops accepting, answers 503 on kept-alive connections, closes idle ones; resolves when every
  // connection is gone, which the drain below brings about.
  const closing = app.close();
  const unfinishedRequests = await lifecycle.drain(graceMs);
  app.server.closeAllConnections();
  await Promise.all([closing, stoppingJobs]);
  await db.close();
  return { unfinishedRequests };
}

/** Runs shutdown once on SIGTERM/SIGINT and exits; a second signal exits at once. */
export function shutdownOnSignals(parts: ShutdownParts): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      parts.app.log.info({ signal }, 'shutting down');
      shutdown(parts).then(
        ({ unfinishedRequests }) => {
          parts.app.log.info({ unfinishedRequests }, 'stopped');
          process.exit(0);
        },
        (err: Error) => {
          parts.app.log.error({ err: err.message }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
