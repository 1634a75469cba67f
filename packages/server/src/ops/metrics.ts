import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Process-wide Prometheus metrics: one scrape target per server process, as Prometheus expects.
 * Labels never carry personal data: routes are the route patterns (`/api/staff/patients/:id`),
 * never the URLs.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'hemma_' });

export const httpRequests = new Counter({
  name: 'hemma_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'hemma_http_request_duration_seconds',
  help: 'Time from request received to response sent, by method and route pattern.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const observationsIngested = new Counter({
  name: 'hemma_observations_ingested_total',
  help: 'Observations through the intake, by source; result "duplicate" is a retry answered with the original.',
  labelNames: ['source', 'result'] as const,
  registers: [registry],
});

export const intakeBatchRequests = new Histogram({
  name: 'hemma_intake_batch_requests',
  help: 'Concurrent single-patient FHIR POSTs of one client stored together, per batch (intake/coalesce.ts).',
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [registry],
});

export const alertLatency = new Histogram({
  name: 'hemma_alert_delivery_latency_seconds',
  help: "From an alert's commit to its delivery to this process's event streams (any process's alerts).",
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

/** Set by the process that runs the job queue; read at scrape time. */
let queueDepthSource: (() => Promise<Map<string, { ready: number; active: number }>>) | null = null;
export function setQueueDepthSource(source: typeof queueDepthSource): void {
  queueDepthSource = source;
}

new Gauge({
  name: 'hemma_job_queue_depth',
  help: 'Background jobs per queue: ready (waiting to run) and active (running).',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    if (!queueDepthSource) return;
    try {
      for (const [queue, depth] of await queueDepthSource()) {
        this.set({ queue, state: 'ready' }, depth.ready);
        this.set({ queue, state: 'active' }, depth.active);
      }
    } catch {
      // A scrape while the queue is stopping reports no queue figures rather than failing.
    }
  },
});

/** Counts one intake call's results (called after its commit). */
export function recordIngest(source: string, results: readonly { created: boolean }[]): void {
  let created = 0;
  for (const r of results) if (r.created) created++;
  if (created) observationsIngested.inc({ source, result: 'created' }, created);
  if (results.length > created)
    observationsIngested.inc({ source, result: 'duplicate' }, results.length - created);
}
