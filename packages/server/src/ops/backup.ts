import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

const run = promisify(execFile);

/** Where the data is: PostgreSQL by URL, or the embedded database's directory. */
export interface DataLocation {
  databaseUrl?: string;
  dataDir: string;
}

/**
 * Writes a backup of the whole database (Hemma's tables and the job queue) to `file`.
 * PostgreSQL: `pg_dump --format=custom` — a consistent snapshot taken while the servers keep
 * running. Embedded: PGlite's data directory as a gzipped tar — the server must be stopped, since
 * the embedded database belongs to the one process that has it open.
 */
export async function backup(where: DataLocation, file: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  if (where.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', partial, '--dbname', where.databaseUrl]);
  } else {
    if (!fs.existsSync(where.dataDir) || fs.readdirSync(where.dataDir).length === 0) {
      throw new Error(`No embedded database in ${where.dataDir}.`);
    }
    const pglite = await PGlite.create(where.dataDir);
    try {
      const dump = await pglite.dumpDataDir('gzip');
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  }
  // Renamed only when complete: a backup file that exists is a whole backup.
  fs.renameSync(partial, file);
  return { bytes: fs.statSync(file).size };
}

/**
 * Restores a backup made by `backup`. PostgreSQL: into the database of the URL, which must be
 * empty (a new `createdb`), in one transaction, so a failed restore leaves nothing behind.
 * Embedded: into `dataDir`, which must not exist or be empty.
 */
export async function restore(where: DataLocation, file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`No backup file ${file}.`);
  if (where.databaseUrl) {
    await run('pg_restore', [
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      '--dbname',
      where.databaseUrl,
      file,
    ]);
    return;
  }
  if (fs.existsSync(where.dataDir) && fs.readdirSync(where.dataDir).length > 0) {
    throw new Error(`${where.dataDir} is not empty: restore into a new directory (HEMMA_DATA_DIR).`);
  }
  fs.mkdirSync(where.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: where.dataDir,
    loadDataDir: new Blob([fs.readFileSync(file)]),
  });
  // A query proves the restored directory opens as a database before we report success.
  await pglite.query('SELECT 1');
  await pglite.close();
}
