import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../packages/server/src/demo/generate';
import type { BenchPatient, Dataset } from './dataset';
import { batchBundleJson, observationJson, postBundle, postObservation } from './fhir';
import type { HttpClient } from './http';
import { closedLoop, type OpenLoopResult, openLoop, type ThroughputResult } from './load';
import { BP_LOINC, band, kindOfPatient, sample } from './measurements';
import { OVERVIEW_DAYS, type Profile, SEARCH_CONCURRENCY, SEARCH_DAYS } from './profile';
import { openEventStream } from './sse';
import { type LatencySummary, summarize } from './stats';

export interface PhaseContext {
  baseUrl: string;
  /** The FHIR client (bearer token) with `sockets` keep-alive connections. */
  fhir: (sockets: number) => HttpClient;
  /** The nurse's session (cookie). */
  staff: HttpClient;
  staffCookie: string;
  dataset: Dataset;
  profile: Profile;
  now: Date;
}

const DAY = 86_400_000;
// Spread consecutive requests over the population instead of walking it in order.
const spread = (patients: BenchPatient[], i: number) => patients[(i * 7919) % patients.length]!;
const ok = (status: number) => status >= 200 && status < 300;

/** d. The FHIR search: a blood-pressure patient's panels of the last SEARCH_DAYS days. */
function searchPathOf(ctx: PhaseContext): (i: number) => string {
  const { dataset, now } = ctx;
  const bp = dataset.patients.filter((p) => kindOfPatient(p.n).loinc === BP_LOINC);
  return (i) =>
    `/fhir/R4/Observation?patient=${spread(bp, i).id}&code=${encodeURIComponent(`http://loinc.org|${BP_LOINC}`)}` +
    `&date=ge${new Date(now.getTime() - SEARCH_DAYS * DAY).toISOString().slice(0, 10)}` +
    `&date=le${now.toISOString().slice(0, 10)}T23:59:59Z`;
}

/** Sequential requests (one user waiting for each answer): the latency a person sees. */
async function sequential(n: number, op: (i: number) => Promise<boolean>): Promise<LatencySummary> {
  const {
    concurrency: _c,
    durationS: _d,
    perSecond: _p,
    ...latency
  } = await closedLoop(op, {
    concurrency: 1,
    seconds: 120,
    maxRequests: n,
  });
  return latency;
}

export interface ReadResults {
  worklist: LatencySummary & { items: number };
  overview: LatencySummary;
  search: LatencySummary;
  searchThroughput: ThroughputResult;
}

/** c. worklist and patient overview, d. FHIR search: run on the loaded data before any ingest. */
export async function measureReads(ctx: PhaseContext): Promise<ReadResults> {
  const { staff, dataset, profile, now } = ctx;
  let items = 0;
  const worklist = await sequential(profile.readRequests, async () => {
    const res = await staff.request('GET', '/api/staff/worklist');
    items = (JSON.parse(res.body) as { items?: unknown[] }).items?.length ?? 0;
    return ok(res.status);
  });
  // The patient page asks for the header and 90 days of values at once; the overview is both answers.
  const from = new Date(now.getTime() - OVERVIEW_DAYS * DAY).toISOString();
  const overview = await sequential(profile.readRequests, async (i) => {
    const id = spread(dataset.patients, i).id;
    const [detail, values] = await Promise.all([
      staff.request('GET', `/api/staff/patients/${id}`),
      staff.request('GET', `/api/staff/patients/${id}/observations?from=${encodeURIComponent(from)}`),
    ]);
    return ok(detail.status) && ok(values.status);
  });
  const searchPath = searchPathOf(ctx);
  const fhir1 = ctx.fhir(1);
  const search = await sequential(profile.searchRequests, async (i) => {
    const res = await fhir1.request('GET', searchPath(i));
    return ok(res.status);
  });
  const fhirN = ctx.fhir(SEARCH_CONCURRENCY);
  const searchThroughput = await closedLoop(
    async (i) => ok((await fhirN.request('GET', searchPath(i))).status),
    {
      concurrency: SEARCH_CONCURRENCY,
      seconds: profile.searchSeconds,
      maxRequests: profile.searchSeconds * 20_000,
    },
  );
  fhir1.close();
  fhirN.close();
  return { worklist: { ...worklist, items }, overview, search, searchThroughput };
}

/** a. FHIR single POST at a given concurrency: distinct identifiers, the load's mix of patients and values. */
export async function measureIngest(
  ctx: PhaseContext,
  concurrency: number,
  label: string,
): Promise<ThroughputResult> {
  const rng = mulberry32(concurrency);
  const fhir = ctx.fhir(concurrency);
  try {
    return await closedLoop(
      (i) => {
        const p = spread(ctx.dataset.patients, i);
        const s = sample(kindOfPatient(p.n), band(rng(), { red: 0.01, yellow: 0.03 }), rng);
        return postObservation(
          fhir,
          observationJson(p.id, s, `${label}-${i}`, new Date(Date.now() - 60_000)),
        );
      },
      { concurrency, seconds: ctx.profile.ingestSeconds, maxRequests: ctx.profile.ingestSeconds * 20_000 },
    );
  } finally {
    fhir.close();
  }
}

export interface BatchResult extends ThroughputResult {
  bundleSize: number;
  /** Different patients in each Bundle. */
  patientsPerBundle: number;
  /** Observations stored per second (the Bundles' 201 entries). */
  observationsPerSecond: number;
}

/**
 * a. FHIR batch Bundles: closed loop of `concurrency` gateways, each Bundle `size` observations of
 * `patients` different patients: `size` of them (spread over the population: the per-patient work —
 * access check, thresholds, care plan, audit entry — is not amortised), or 1 (a device's backlog).
 */
export async function measureBatchIngest(
  ctx: PhaseContext,
  concurrency: number,
  size: number,
  patients: number,
  label = `batch${patients}`,
): Promise<BatchResult> {
  const rng = mulberry32(size + patients);
  const fhir = ctx.fhir(concurrency);
  let stored = 0;
  try {
    const run = await closedLoop(
      async (i) => {
        const items = Array.from({ length: size }, (_, k) => {
          const p = spread(ctx.dataset.patients, i * patients + (k % patients));
          return {
            patientId: p.id,
            sample: sample(kindOfPatient(p.n), band(rng(), { red: 0.01, yellow: 0.03 }), rng),
            identifier: `${label}-${i}-${k}`,
            effectiveAt: new Date(Date.now() - 60_000),
          };
        });
        const n = await postBundle(fhir, batchBundleJson(items));
        if (n < 0) return false;
        stored += n;
        return n === size;
      },
      { concurrency, seconds: ctx.profile.ingestSeconds, maxRequests: ctx.profile.ingestSeconds * 1_000 },
    );
    return {
      ...run,
      bundleSize: size,
      patientsPerBundle: patients,
      observationsPerSecond: Math.round(stored / run.durationS),
    };
  } finally {
    fhir.close();
  }
}

export interface AlertResult extends LatencySummary, OpenLoopResult {
  redShare: number;
  redSent: number;
  /** Red values whose alert-created event never arrived. */
  missing: number;
}

// One value in ten is red: enough alerts for a p99, far more than real life.
const RED_EVERY = 10;
const MAX_IN_FLIGHT = 512;

/**
 * e. Alert latency: with the nurse's event stream open, send a steady rate of values (open loop);
 * every tenth is red for one of the nurse's patients, and the time from sending the POST to the
 * alert-created event on the stream is the latency. Red values go to patients in turn, so at most
 * one is pending per patient and an event is matched to its POST by patient.
 */
export async function measureAlertLatency(ctx: PhaseContext): Promise<AlertResult> {
  const { dataset, profile } = ctx;
  const rng = mulberry32(5);
  const alerting = dataset.patients.filter((p) => kindOfPatient(p.n).loinc !== '29463-7');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const stream = await openEventStream(
    ctx.baseUrl,
    '/api/staff/events',
    { cookie: ctx.staffCookie },
    (event, data, at) => {
      if (event !== 'alert-created') return;
      const patientId = (data as { patientId: string }).patientId;
      const t0 = sentAt.get(patientId);
      if (t0 === undefined) return;
      sentAt.delete(patientId);
      latencies.push(at - t0);
    },
  );
  const fhir = ctx.fhir(MAX_IN_FLIGHT);
  let redSent = 0;
  try {
    const load = await openLoop(
      async (i) => {
        const red = i % RED_EVERY === 0;
        const p = red ? alerting[(i / RED_EVERY) % alerting.length]! : spread(dataset.patients, i);
        const s = sample(kindOfPatient(p.n), red ? 'red' : 'green', rng);
        const body = observationJson(p.id, s, `alert-${i}`, new Date(Date.now() - 60_000));
        if (red) {
          sentAt.set(p.id, performance.now());
          redSent++;
        }
        const stored = await postObservation(fhir, body);
        if (!stored && red) sentAt.delete(p.id);
        return stored;
      },
      { perSecond: profile.alertRate, seconds: profile.alertSeconds, maxInFlight: MAX_IN_FLIGHT },
    );
    // Events for the last values may still be on their way.
    for (let waited = 0; sentAt.size > 0 && waited < 5000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    return { ...summarize(latencies), ...load, redShare: 1 / RED_EVERY, redSent, missing: sentAt.size };
  } finally {
    stream.close();
    fhir.close();
  }
}

/**
 * Reads before the reads are timed: a few worklists, then searches at concurrency 10 for a third of
 * the warm-up time, so the JIT has compiled the read paths (as warmUpIngest does for ingest).
 */
export async function warmUp(ctx: PhaseContext): Promise<void> {
  for (let i = 0; i < 20; i++) await ctx.staff.request('GET', '/api/staff/worklist');
  const fhir = ctx.fhir(10);
  const searchPath = searchPathOf(ctx);
  await closedLoop(async (i) => ok((await fhir.request('GET', searchPath(i))).status), {
    concurrency: 10,
    seconds: ctx.profile.warmUpSeconds / 3,
    maxRequests: 100_000,
  });
  fhir.close();
}

/**
 * Single POSTs and Bundles before ingest is timed (after the reads, which run on the loaded data
 * only): a server runs for weeks, and its first seconds, while V8 compiles the ingest path and each
 * pooled connection prepares its statements, are not what a gateway meets. The warm-up's values are
 * stored with their own identifiers.
 */
export async function warmUpIngest(ctx: PhaseContext): Promise<void> {
  const seconds = ctx.profile.warmUpSeconds;
  const withSeconds = (s: number) => ({ ...ctx, profile: { ...ctx.profile, ingestSeconds: s } });
  await measureIngest(withSeconds((seconds * 2) / 3), 10, 'warm-up');
  await measureBatchIngest(withSeconds(seconds / 3), 4, 100, 100, 'warm-up-batch');
}
