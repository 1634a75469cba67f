import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup';
import { freePort, killPid, sleep } from './net';

export interface BenchPostgres {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A throw-away PostgreSQL server from the installed binaries, like the test helper
 * (packages/server/src/testing/postgres-server.ts) but with PostgreSQL's default, durable commits:
 * the test helper turns fsync and synchronous_commit off, which would make every figure here
 * incomparable with the reference (measured with durable commits).
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-bench-pg-'));
  const dataDir = path.join(dir, 'data');
  let child: ChildProcess | undefined;
  const postmasterPid = () => {
    const pidFile = path.join(dataDir, 'postmaster.pid');
    return fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : undefined;
  };
  const stop = onCleanup({
    name: 'PostgreSQL',
    run: async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        // Signal the postmaster itself: runuser does not always pass signals on. SIGINT = fast shutdown.
        killPid(postmasterPid(), 'SIGINT');
        child.kill('SIGINT');
        const timer = setTimeout(() => {
          killPid(postmasterPid(), 'SIGKILL');
          child?.kill('SIGKILL');
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    sync: () => {
      killPid(postmasterPid(), 'SIGQUIT');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });

  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  try {
    execFileSync(...run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']), {
      stdio: 'pipe',
    });
  } catch (err) {
    await stop();
    throw new Error(`initdb failed (PostgreSQL 15+ binaries must be on the PATH): ${String(err)}`);
  }
  const port = await freePort();
  child = spawn(
    ...run('postgres', ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-2000);
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
      break;
    } catch {
      if (i > 150 || child.exitCode !== null) {
        await stop();
        throw new Error(`PostgreSQL did not start: ${stderr.slice(-500)}`);
      }
      await sleep(100);
    }
  }
  return { url, stop };
}
