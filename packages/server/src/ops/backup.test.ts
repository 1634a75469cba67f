import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { seedFixture } from '../testing/fixture';
import { scratchPostgres } from '../testing/scratch-database';
import { backup, restore } from './backup';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fingerprint of the data: row counts and the observations' values, in order. */
async function fingerprint(q: { query: (t: string) => Promise<{ rows: unknown[] }> }) {
  const counts = await q.query(
    `SELECT (SELECT count(*) FROM patient)::int AS patients, (SELECT count(*) FROM observation)::int AS observations,
            (SELECT count(*) FROM alert)::int AS alerts, (SELECT count(*) FROM audit_event)::int AS audits`,
  );
  const values = await q.query(
    'SELECT id::text, value, value2, idempotency_key FROM observation ORDER BY id',
  );
  return { counts: counts.rows[0], values: values.rows };
}

async function addObservations(
  db: { query: (t: string, v?: unknown[]) => Promise<unknown> },
  patientId: string,
) {
  for (let i = 0; i < 20; i++) {
    await db.query(
      `INSERT INTO observation (patient_id, id, code, effective_at, value, unit, original_values, original_units, source, idempotency_key)
       VALUES ($1, $2, '29463-7', now() - $3 * interval '1 day', $4, 'kg', ARRAY[$4::float8], ARRAY['kg'], 'patient-app', $5)`,
      [patientId, uuidv7(), i, 70 + i / 10, `k-${i}`],
    );
  }
}

describe('backup and restore', () => {
  it('round-trips a PostgreSQL database through pg_dump and pg_restore', async () => {
    const source = await scratchPostgres();
    const target = `r_${uuidv7().replace(/-/g, '')}`;
    const adminUrl = inject('postgresUrl');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const db = await openDatabase({ databaseUrl: source.url, poolSize: 1 });
      const fixture = await seedFixture(db);
      await addObservations(db, fixture.patientA);
      const before = await fingerprint(db);
      await db.close();

      const file = path.join(tmp, 'pg.dump');
      const { bytes } = await backup({ databaseUrl: source.url, dataDir: '' }, file);
      expect(bytes).toBeGreaterThan(1000);

      await admin.query(`CREATE DATABASE ${target}`);
      const targetUrl = adminUrl.replace(/\/postgres$/, `/${target}`);
      await restore({ databaseUrl: targetUrl, dataDir: '' }, file);
      const restored = await openDatabase({ databaseUrl: targetUrl, poolSize: 1 });
      expect(await fingerprint(restored)).toEqual(before);
      expect(before.values).toHaveLength(20);
      // The restored database is at the current schema: migrate has nothing to do.
      expect(await migrate(restored)).toEqual([]);
      await restored.close();

      // Restoring over a database that has data fails as a whole and changes nothing.
      await expect(restore({ databaseUrl: targetUrl, dataDir: '' }, file)).rejects.toThrow();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
      await admin.end();
      await source.drop();
    }
  }, 60_000);

  it('round-trips the embedded database through its data-directory dump', async () => {
    const dataDir = path.join(tmp, 'embedded');
    const pglite = await PGlite.create(dataDir);
    const db = await openDatabase({ pglite });
    await migrate(db);
    const fixture = await seedFixture(db);
    await addObservations(db, fixture.patientB);
    const before = await fingerprint(db);
    await db.close();
    await pglite.close();

    const file = path.join(tmp, 'embedded.tar.gz');
    await backup({ dataDir }, file);
    const restoredDir = path.join(tmp, 'restored');
    await restore({ dataDir: restoredDir }, file);
    const again = await PGlite.create(restoredDir);
    const restored = await openDatabase({ pglite: again });
    expect(await fingerprint(restored)).toEqual(before);
    await restored.close();
    await again.close();

    // Never over an existing database.
    await expect(restore({ dataDir: restoredDir }, file)).rejects.toThrow(/not empty/);
  }, 60_000);
});
