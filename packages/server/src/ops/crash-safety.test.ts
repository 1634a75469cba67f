import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { uuidv7 } from 'uuidv7';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { type Fixture, seedFixture } from '../testing/fixture';
import { scratchPostgres } from '../testing/scratch-database';
import { loginOver, type ServerProcess, startServerProcess } from '../testing/server-process';

interface Attempt {
  kind: 'fhir' | 'app';
  /** FHIR identifier value or app Idempotency-Key. */
  key: string;
  patientId: string;
  body: string;
  /** The observation id the server acknowledged; undefined when the answer never came. */
  ackedId?: string;
}

const bp = (sys: number, dia: number) => [
  { code: '8480-6', value: sys },
  { code: '8462-4', value: dia },
];

function fhirBody(patientId: string, key: string, sys: number, dia: number): string {
  const q = (value: number) => ({ value, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
  const c = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
  return JSON.stringify({
    resourceType: 'Observation',
    status: 'final',
    code: c('85354-9'),
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: new Date(Date.now() - 60_000).toISOString(),
    identifier: [{ system: 'urn:hemma:crash-test', value: key }],
    component: [
      { code: c('8480-6'), valueQuantity: q(sys) },
      { code: c('8462-4'), valueQuantity: q(dia) },
    ],
  });
}

// Issue 9 part 4: SIGKILL during sustained ingest loses nothing acknowledged, duplicates nothing,
// leaves nothing half-written, and retries with the same key get the original.
describe.each(['postgres', 'embedded'] as const)('crash safety (%s database)', (kind) => {
  let drop: (() => Promise<void>) | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    await drop?.();
  });

  it('keeps every acknowledged observation exactly once across a SIGKILL', async () => {
    let env: Record<string, string>;
    // Opens the database beside the server (PostgreSQL) or while it is stopped (the embedded one
    // belongs to one process at a time).
    let open: () => Promise<Database>;
    if (kind === 'postgres') {
      const scratch = await scratchPostgres();
      drop = scratch.drop;
      env = { DATABASE_URL: scratch.url };
      open = () => openDatabase({ databaseUrl: scratch.url, poolSize: 1 });
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-crash-'));
      drop = async () => fs.rmSync(dataDir, { recursive: true, force: true });
      env = { HEMMA_DATA_DIR: dataDir };
      open = async () => {
        const pglite = await PGlite.create(dataDir);
        const inner = await openDatabase({ pglite });
        const close = async () => {
          await inner.close();
          await pglite.close();
        };
        return { ...inner, close };
      };
    }
    const setup = await open();
    await migrate(setup);
    const fixture: Fixture = await seedFixture(setup);
    // The gateway's values go to several patients, so parallel POSTs are stored in shared batches
    // (intake/coalesce.ts) when the server is killed.
    const gatewayPatients = [fixture.patientB];
    for (let i = 0; i < 5; i++) {
      const id = uuidv7();
      await setup.query(
        `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
         VALUES ($1, $2, 'Test', 'Testsson', '1950-01-01', 'male')`,
        [id, `19500101300${i}`],
      );
      await setup.query(
        `INSERT INTO enrolment (patient_id, id, care_unit_id, condition) VALUES ($1, $2, $3, 'hypertension')`,
        [id, uuidv7(), fixture.unitB],
      );
      gatewayPatients.push(id);
    }
    const everyPatient = [fixture.patientA, ...gatewayPatients];
    await setup.close();
    server = await startServerProcess(env);

    const tokenRes = await fetch(`${server.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=test-gateway&client_secret=test-gateway-secret',
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const patientHeaders = await loginOver(server.base, 'patient.a');

    const send = async (base: string, a: Attempt, appHeaders: Record<string, string>) => {
      const res =
        a.kind === 'fhir'
          ? await fetch(`${base}/fhir/R4/Observation`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
              body: a.body,
            })
          : await fetch(`${base}/api/patient/measurements`, {
              method: 'POST',
              headers: { ...appHeaders, 'content-type': 'application/json', 'idempotency-key': a.key },
              body: a.body,
            });
      const body = (await res.json()) as { id?: string; results?: { observation: { id: string } }[] };
      return { status: res.status, id: a.kind === 'fhir' ? body.id : body.results?.[0]?.observation.id };
    };

    const attempts: Attempt[] = [];
    let stop = false;
    let n = 0;
    const worker = async (kind: Attempt['kind']) => {
      while (!stop) {
        const i = n++;
        const red = i % 5 === 0;
        const [sys, dia] = red ? [190, 105] : [120 + (i % 10), 80];
        const key = `crash-${i}`;
        const patientId = kind === 'fhir' ? gatewayPatients[i % gatewayPatients.length]! : fixture.patientA;
        const a: Attempt = {
          kind,
          key,
          patientId,
          body:
            kind === 'fhir'
              ? fhirBody(patientId, key, sys, dia)
              : JSON.stringify({ measurements: [{ code: '85354-9', components: bp(sys, dia) }] }),
        };
        attempts.push(a);
        try {
          const r = await send(server!.base, a, patientHeaders);
          if (r.status === 201 || r.status === 200) a.ackedId = r.id;
          else throw new Error(`unexpected ${r.status}`);
        } catch (err) {
          if (!stop && server!.child.exitCode === null && !(err instanceof TypeError)) throw err;
          // The connection died with the server: this attempt's outcome is unknown to the client.
          return;
        }
      }
    };
    const workers = [
      ...Array.from({ length: 6 }, () => worker('fhir')),
      ...Array.from({ length: 2 }, () => worker('app')),
    ];
    // Killed once enough has been acknowledged to be worth checking, however slowly the machine runs
    // (still mid-ingest: the workers never pause). Ends early if every worker has stopped or one failed.
    const allStopped = Promise.all(workers);
    let workersDone = false;
    allStopped.then(
      () => (workersDone = true),
      () => (workersDone = true),
    );
    await vi
      .waitFor(
        () => {
          if (!workersDone && attempts.filter((a) => a.ackedId).length <= 20)
            throw new Error('still ingesting');
        },
        { timeout: 60_000, interval: 20 },
      )
      .catch(() => undefined); // the count is asserted below
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await allStopped;

    const acked = attempts.filter((a) => a.ackedId);
    expect(acked.length).toBeGreaterThan(20);

    const db = await open();
    const stored = new Map<string, { id: string; count: number; severity: string; alerts: number }>();
    try {
      const rows = await db.query<{ key: string; id: string; severity: string; alerts: number }>(
        `SELECT coalesce(o.identifier_value, substring(o.idempotency_key from '^app:(.*)#0$')) AS key, o.id::text,
                o.severity, (SELECT count(*)::int FROM alert a WHERE a.patient_id = o.patient_id AND a.observation_id = o.id) AS alerts
         FROM observation o WHERE o.patient_id = ANY($1)`,
        [everyPatient],
      );
      for (const r of rows.rows) {
        const s = stored.get(r.key);
        stored.set(r.key, { id: r.id, count: (s?.count ?? 0) + 1, severity: r.severity, alerts: r.alerts });
      }
      // Every acknowledged observation is there once, with the id the client was given.
      for (const a of acked) expect(stored.get(a.key), a.key).toMatchObject({ id: a.ackedId, count: 1 });
      // Nothing stored that nobody sent, nothing twice, and no observation without its alert.
      const sent = new Set(attempts.map((a) => a.key));
      for (const [key, s] of stored) {
        expect(sent.has(key), key).toBe(true);
        expect(s.count).toBe(1);
        expect(s.alerts).toBe(s.severity === 'green' ? 0 : 1);
      }
      // Every stored observation has its audit entry (written in the same transaction).
      const audits = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_event WHERE patient_id = ANY($1) AND action LIKE 'create %'`,
        [everyPatient],
      );
      expect(audits.rows[0]!.n).toBeGreaterThanOrEqual(rows.rowCount ?? 0);
    } finally {
      await db.close();
    }

    // Restarted, the server answers clients that retry what they sent: the acknowledged get their
    // original, the unknown are stored now.
    server = await startServerProcess(env);
    {
      const appHeaders = await loginOver(server.base, 'patient.a');
      for (const a of attempts) {
        const r = await send(server.base, a, appHeaders);
        if (a.ackedId) {
          expect(r, a.key).toEqual({ status: 200, id: a.ackedId });
        } else {
          expect([200, 201]).toContain(r.status);
          expect(r.status === 200).toBe(stored.has(a.key));
        }
      }
    }
    if (kind === 'embedded') {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    const db2 = await open();
    try {
      const after = await db2.query<{ n: number; keys: number }>(
        `SELECT count(*)::int AS n,
                count(DISTINCT coalesce(identifier_value, idempotency_key))::int AS keys
         FROM observation WHERE patient_id = ANY($1)`,
        [everyPatient],
      );
      expect(after.rows[0]).toEqual({ n: attempts.length, keys: attempts.length });
    } finally {
      await db2.close();
    }
  }, 240_000);
});
