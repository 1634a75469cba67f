import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { startPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    pgliteTemplate: string;
  }
}

/** Once per test run: a real PostgreSQL server with a migrated template database, and a migrated
 *  embedded-database snapshot, so each test file gets a fresh database in well under a second. */
export default async function setup(project: TestProject) {
  const [server, template] = await Promise.all([startPostgres(), pgliteTemplate()]);
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE hemma_template');
  await admin.end();
  const db = await openDatabase({ databaseUrl: server.url('hemma_template') });
  await migrate(db);
  await db.close();
  project.provide('postgresUrl', server.url('postgres'));
  project.provide('pgliteTemplate', template.file);
  return async () => {
    await server.stop();
    fs.rmSync(template.dir, { recursive: true, force: true });
  };
}

async function pgliteTemplate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-pglite-'));
  const pglite = await PGlite.create();
  const db = await openDatabase({ pglite });
  await migrate(db);
  await db.close();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(dir, 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return { dir, file };
}
