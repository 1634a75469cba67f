import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database';
import { type Fixture, seedFixture } from '../testing/fixture';
import { scratchPostgres } from '../testing/scratch-database';
import {
  loginOver,
  openEventStream,
  type ServerProcess,
  startServerProcess,
} from '../testing/server-process';

/** Waits for a condition far beyond any expected time, looking often. */
const POLL = { timeout: 30_000, interval: 20 };

// Two real server processes on one PostgreSQL database behave as one system.
describe('two server processes sharing one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let fixture: Fixture;
  let p1: ServerProcess;
  let p2: ServerProcess;

  beforeAll(async () => {
    const scratch = await scratchPostgres();
    drop = scratch.drop;
    databaseUrl = scratch.url;
    const db = await openDatabase({ databaseUrl: scratch.url, poolSize: 1 });
    fixture = await seedFixture(db);
    await db.close();
    // One after the other: both would otherwise race to install the job queue's schema (pg-boss
    // serialises that itself; sequential start just keeps the test's timing simple).
    p1 = await startServerProcess({ DATABASE_URL: scratch.url });
    p2 = await startServerProcess({ DATABASE_URL: scratch.url });
  }, 120_000);

  afterAll(async () => {
    for (const p of [p1, p2]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all([p1?.exited, p2?.exited]);
    await drop?.();
  });

  it('delivers an alert created through process 1 to an event stream on process 2', async () => {
    const onP2 = await openEventStream(`${p2.base}/api/staff/events`, await loginOver(p2.base, 'nurse.a'));
    expect(onP2.res.status).toBe(200);
    await onP2.until(/connected/, 5_000);
    const nurseOnP1 = await loginOver(p1.base, 'nurse.a');
    const res = await fetch(`${p1.base}/api/staff/patients/${fixture.patientA}/measurements`, {
      method: 'POST',
      headers: { ...nurseOnP1, 'content-type': 'application/json', 'idempotency-key': 'mp-1' },
      body: JSON.stringify({
        measurements: [
          {
            code: '85354-9',
            components: [
              { code: '8480-6', value: 190 },
              { code: '8462-4', value: 100 },
            ],
          },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const text = await onP2.until(/event: alert-created/, 5_000);
    expect(text).toMatch(/event: alert-created\ndata: .*"severity":"red"/);
    expect(text).toContain(fixture.patientA);
    // Exactly once, not once per process.
    await new Promise((r) => setTimeout(r, 300));
    expect(text.match(/event: alert-created/g)).toHaveLength(1);
    await onP2.close();

    const metrics = await (await fetch(`${p1.base}/metrics`)).text();
    expect(metrics).toMatch(/hemma_observations_ingested_total\{source="staff",result="created"\} 1/);
    expect(metrics).toMatch(
      /hemma_http_requests_total\{method="POST",route="\/api\/staff\/patients\/:id\/measurements",status="201"\} 1/,
    );
    expect(metrics).toMatch(/hemma_alert_delivery_latency_seconds_count 1/);
    // Process 2 received the alert from process 1 and measured its delivery too.
    expect(await (await fetch(`${p2.base}/metrics`)).text()).toMatch(
      /hemma_alert_delivery_latency_seconds_count 1/,
    );
  });

  it('stops gracefully on SIGTERM: the request in flight is answered, event streams end, exit code 0', async () => {
    const stream = await openEventStream(`${p2.base}/api/staff/events`, await loginOver(p2.base, 'nurse.a'));
    await stream.until(/connected/, 5_000);
    const tokenRes = await fetch(`${p2.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=test-gateway&client_secret=test-gateway-secret',
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    // The Bundle must be in flight when the signal arrives, however fast or slow the machine: its
    // write waits behind this lock (reads are not blocked), released only once shutdown has begun.
    const db = await openDatabase({ databaseUrl, poolSize: 2 });
    const locker = await db.pool.connect();
    const q = (value: number) => ({ value, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' });
    const entry = Array.from({ length: 500 }, (_, i) => ({
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
        subject: { reference: `Patient/${fixture.patientB}` },
        effectiveDateTime: new Date(Date.now() - 60_000 - i * 1000).toISOString(),
        identifier: [{ system: 'urn:hemma:drain-test', value: `d-${i}` }],
        valueQuantity: q(70 + (i % 10) / 10),
      },
      request: { method: 'POST', url: 'Observation' },
    }));
    let inFlight: Promise<Response>;
    let started: number;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE observation IN SHARE MODE');
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      inFlight = fetch(`${p2.base}/fhir/R4`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }),
      });
      let settled = false;
      inFlight.then(
        () => (settled = true),
        () => (settled = true),
      );
      await vi.waitFor(async () => {
        if (settled) throw new Error('the Bundle was answered before it reached the lock');
        const blocked = await db.query(
          `SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))
               AND query ILIKE '%INSERT INTO observation %'`,
          [lockerPid],
        );
        if (!blocked.rowCount) throw new Error('the Bundle is not waiting for the lock yet');
      }, POLL);
      started = Date.now();
      p2.child.kill('SIGTERM');
      // Stopped accepting (refused or 503): the signal has been handled while the request waits.
      await vi.waitFor(async () => {
        const status = await fetch(`${p2.base}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) throw new Error('process 2 has not begun its shutdown yet');
      }, POLL);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      locker.release();
      await db.close();
    }
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    const statuses = ((await answered.json()) as { entry: { response: { status: string } }[] }).entry.map(
      (e) => e.response.status,
    );
    expect(statuses.filter((s) => s === '201 Created')).toHaveLength(500);
    expect(await p2.exited).toBe(0);
    // Within the orchestrators' limit (SIGKILL 30 s after SIGTERM, ops/shutdown.ts), not a speed claim.
    expect(Date.now() - started).toBeLessThan(30_000);
    // Returns as soon as the stream has ended; the bound only keeps a broken stop from hanging.
    await stream.until(/$^/, 30_000);
    expect(stream.ended()).toBe(true);
    // The other process keeps serving.
    expect((await fetch(`${p1.base}/ready`)).status).toBe(200);
  }, 120_000);
});
