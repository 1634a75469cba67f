import { performance } from 'node:perf_hooks';
import { type LatencySummary, perSecond, summarize } from './stats';

export interface ThroughputResult extends LatencySummary {
  concurrency: number;
  durationS: number;
  /** Successful operations per second. */
  perSecond: number;
}

/** One operation of a load phase; it resolves true when the server gave the expected answer. */
export type Operation = (i: number) => Promise<boolean>;

/**
 * Closed loop: `concurrency` workers each run the operation back to back until the time or the
 * request budget is used up (both bounds always apply, so a phase cannot run away).
 */
export async function closedLoop(
  op: Operation,
  opts: { concurrency: number; seconds: number; maxRequests: number },
): Promise<ThroughputResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end && next < opts.maxRequests) {
      const i = next++;
      const t0 = performance.now();
      const ok = await op(i).catch(() => false);
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = performance.now() - start;
  return {
    ...summarize(latencies, errors),
    concurrency: opts.concurrency,
    durationS: Math.round(elapsed / 100) / 10,
    perSecond: perSecond(latencies.length, elapsed),
  };
}

export interface OpenLoopResult {
  targetPerSecond: number;
  sent: number;
  errors: number;
  /** Requests not sent because `maxInFlight` were still waiting: the server fell behind. */
  skipped: number;
  achievedPerSecond: number;
}

/**
 * Open loop: start an operation every 1/rate seconds whether or not earlier ones have answered, the
 * way devices send independently of each other. At most `maxInFlight` wait at once; beyond that
 * sends are skipped and counted, so a server that cannot keep up shows as a lower achieved rate.
 */
export async function openLoop(
  op: Operation,
  opts: { perSecond: number; seconds: number; maxInFlight: number },
): Promise<OpenLoopResult> {
  const total = Math.round(opts.perSecond * opts.seconds);
  const start = performance.now();
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let skipped = 0;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (pending.size >= opts.maxInFlight) {
      skipped++;
      continue;
    }
    sent++;
    const p = op(i)
      .catch(() => false)
      .then((good) => {
        if (good) ok++;
        else errors++;
        pending.delete(p);
      });
    pending.add(p);
  }
  await Promise.all(pending);
  const elapsed = performance.now() - start;
  return {
    targetPerSecond: opts.perSecond,
    sent,
    errors,
    skipped,
    achievedPerSecond: perSecond(ok, elapsed),
  };
}
