/**
 * Hemma benchmark suite (issue 9, part 1): `npm run bench [-- --quick] [-- --json] [-- --db embedded|postgres|both]`.
 * For each database: a fresh database with a loaded population, the server as a child process, then
 * reads (worklist, patient overview, FHIR search), single-POST ingest, alert latency under steady
 * ingest, and finally the database's own insert ceiling in the same table. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanupAll, installSignalHandlers } from './lib/cleanup';
import { prepareDatabase } from './lib/databases';
import { STAFF_USER } from './lib/dataset';
import { gatewayToken, HttpClient, staffSession } from './lib/http';
import type { ThroughputResult } from './lib/load';
import {
  measureAlertLatency,
  measureBatchIngest,
  measureIngest,
  measureReads,
  type PhaseContext,
  warmUp,
  warmUpIngest,
} from './lib/phases';
import { BATCH_CONCURRENCY, BATCH_SIZE, INGEST_CONCURRENCIES, type Options, parseArgs } from './lib/profile';
import { measureCeiling } from './lib/raw-sql';
import { buildResult, type DbResult, formatTable } from './lib/report';
import { REPO_ROOT, startHemma } from './lib/server';

const log = (msg: string) => console.error(msg);

async function benchDatabase(kind: 'embedded' | 'postgres', opts: Options): Promise<DbResult> {
  const { profile } = opts;
  const startedAt = new Date();
  const now = new Date();
  log(`[${kind}] preparing the database`);
  const prepared = await prepareDatabase(kind, profile, now, log);
  try {
    log(`[${kind}] starting the Hemma server`);
    const server = await startHemma(prepared.server);
    const http = new HttpClient(server.baseUrl, 4);
    const token = await gatewayToken(http);
    const staffCookie = await staffSession(http, STAFF_USER);
    const ctx: PhaseContext = {
      baseUrl: server.baseUrl,
      fhir: (sockets) => http.with({ authorization: `Bearer ${token}` }, sockets),
      staff: http.with({ cookie: staffCookie }, 4),
      staffCookie,
      dataset: prepared.dataset,
      profile,
      now,
    };
    await warmUp(ctx);
    log(`[${kind}] worklist, patient overview, FHIR search`);
    const reads = await measureReads(ctx);
    await warmUpIngest(ctx);
    const ingest: Record<string, ThroughputResult> = {};
    for (const c of INGEST_CONCURRENCIES) {
      log(`[${kind}] FHIR POST ingest at concurrency ${c}`);
      ingest[`c${c}`] = await measureIngest(ctx, c, `ingest-c${c}`);
    }
    log(`[${kind}] FHIR batch Bundles of ${BATCH_SIZE} at concurrency ${BATCH_CONCURRENCY}`);
    const batch = await measureBatchIngest(ctx, BATCH_CONCURRENCY, BATCH_SIZE, BATCH_SIZE);
    const batchOnePatient = await measureBatchIngest(ctx, BATCH_CONCURRENCY, BATCH_SIZE, 1);
    log(`[${kind}] alert latency at ${profile.alertRate} obs/s for ${profile.alertSeconds} s`);
    const alert = await measureAlertLatency(ctx);
    const serverRssMaxMb = server.maxRssMb();
    ctx.staff.close();
    http.close();
    await server.stop();

    log(`[${kind}] raw insert ceiling`);
    const raw = await prepared.raw();
    const ceiling = await measureCeiling(raw, prepared.dataset.patients, {
      seconds: profile.ceilingSeconds,
      searchQueries: profile.searchRequests,
      now,
    }).finally(() => raw.close());
    return buildResult({
      database: kind,
      mode: profile.mode,
      startedAt,
      dataset: prepared.dataset,
      ingest,
      batch,
      batchOnePatient,
      reads,
      alert,
      ceiling,
      serverRssMaxMb,
    });
  } finally {
    await prepared.dispose();
  }
}

function writeResult(result: DbResult): string {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.startedAt.replace(/[:.]/g, '-')}-${result.database}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const results: DbResult[] = [];
  for (const kind of opts.databases) {
    const result = await benchDatabase(kind, opts);
    log(`[${kind}] wrote ${path.relative(process.cwd(), writeResult(result))}`);
    results.push(result);
  }
  const machine = {
    cpus: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  if (opts.json) {
    // The headline keys come from PostgreSQL when it ran (the targets are stated for it).
    const primary = results.find((r) => r.database === 'postgres') ?? results[0]!;
    const { details: _details, ...headline } = primary;
    const byDatabase = Object.fromEntries(results.map((r) => [r.database, r]));
    console.log(JSON.stringify({ ...headline, machine, results: byDatabase }, null, 2));
  } else {
    console.log(
      `\nHemma benchmark, ${opts.profile.mode} mode, ${machine.cpus} cores, Node ${machine.node}: ` +
        `${Math.round((Date.now() - started) / 1000)} s\n`,
    );
    console.log(formatTable(results));
    console.log(
      '\nTargets are shown, not asserted. Reference column: figures quoted in issue 9, not measured here.',
    );
  }
}

try {
  await main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
