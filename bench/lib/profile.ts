/** How much a run does. Every phase is bounded by time and by request count. */
export interface Profile {
  mode: 'quick' | 'full';
  patients: number;
  days: number;
  ingestSeconds: number;
  /** Single POSTs and Bundles before timing starts, so the server's JIT has compiled the ingest path. */
  warmUpSeconds: number;
  /** Sequential requests for the worklist and patient-overview latencies. */
  readRequests: number;
  /** Sequential searches for the search latency; then `searchSeconds` at concurrency 10. */
  searchRequests: number;
  searchSeconds: number;
  alertRate: number;
  alertSeconds: number;
  ceilingSeconds: number;
}

// Quick mode fits both databases in under 2 minutes on 2 cores (it is CI's smoke check).
export const PROFILES: Record<Profile['mode'], Profile> = {
  quick: {
    mode: 'quick',
    patients: 500,
    days: 90,
    ingestSeconds: 4,
    warmUpSeconds: 3,
    readRequests: 50,
    searchRequests: 200,
    searchSeconds: 3,
    alertRate: 200,
    alertSeconds: 12,
    ceilingSeconds: 3,
  },
  full: {
    mode: 'full',
    patients: 10_000,
    days: 365,
    ingestSeconds: 20,
    warmUpSeconds: 10,
    readRequests: 300,
    searchRequests: 1000,
    searchSeconds: 15,
    alertRate: 500,
    alertSeconds: 60,
    ceilingSeconds: 10,
  },
};

/** The FHIR search and the patient overview look this far back. */
export const SEARCH_DAYS = 30;
export const OVERVIEW_DAYS = 90;
/** The concurrencies for single-POST ingest. */
export const INGEST_CONCURRENCIES = [10, 50] as const;
export const SEARCH_CONCURRENCY = 10;
/** Batch ingest: Bundles of 100 (the size) from 4 gateways at once. */
export const BATCH_SIZE = 100;
export const BATCH_CONCURRENCY = 4;
/** The ceiling uses 4 connections, as the reference did. */
export const CEILING_CONNECTIONS = 4;

export interface Options {
  profile: Profile;
  json: boolean;
  databases: ('embedded' | 'postgres')[];
}

export function parseArgs(argv: string[]): Options {
  let db = 'both';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') db = argv[++i] ?? '';
    else if (a.startsWith('--db=')) db = a.slice('--db='.length);
    else if (a !== '--quick' && a !== '--json') throw new Error(`Unknown option ${a}`);
  }
  if (!['embedded', 'postgres', 'both'].includes(db))
    throw new Error('--db must be embedded, postgres or both');
  return {
    profile: PROFILES[argv.includes('--quick') ? 'quick' : 'full'],
    json: argv.includes('--json'),
    databases: db === 'both' ? ['embedded', 'postgres'] : [db as 'embedded' | 'postgres'],
  };
}
