import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { inject } from 'vitest';

/**
 * A fresh migrated PostgreSQL database (from the test run's template) addressed by URL, for tests
 * that need several connections or processes on one database: separate job runners, server
 * processes, pg_dump.
 */
export async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `s_${uuidv7().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE hemma_template`);
  await admin.end();
  return {
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
