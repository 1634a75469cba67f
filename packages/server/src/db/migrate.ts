import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

const MIGRATIONS_DIR = new URL('./migrations', import.meta.url).pathname;
// Serialises concurrent starts against one PostgreSQL.
const LOCK_KEY = 72_616_001;

/** Applies pending migrations in file-name order. Returns the names it applied. */
export async function migrate(db: Database): Promise<string[]> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return db.tx(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await client.query(fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

/** True when the schema has never been migrated (a fresh database). */
export async function isFresh(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migration') IS NOT NULL AS exists",
  );
  return !rows[0]?.exists;
}
