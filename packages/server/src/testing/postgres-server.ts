import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

/** Starts a throw-away PostgreSQL server from the installed binaries (initdb + postgres) in a temp dir.
 *  PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user. */
export async function startPostgres(): Promise<PostgresServer> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  try {
    execFileSync(
      ...run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']),
      {
        stdio: 'pipe',
      },
    );
  } catch (err) {
    throw new Error(
      `Could not run initdb (PostgreSQL 15+ binaries must be on the PATH; on Debian: apt-get install -y postgresql). ${String(err)}`,
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    ...run('postgres', [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      // Test data is disposable: skip durability work to keep the suite fast.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  for (let i = 0; ; i++) {
    try {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      await client.end();
      break;
    } catch {
      if (i > 100 || child.exitCode !== null)
        throw new Error(`PostgreSQL did not start: ${stderr.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      // Signal the postmaster itself: runuser does not always pass signals on.
      const pidFile = path.join(dataDir, 'postmaster.pid');
      const pid = fs.existsSync(pidFile)
        ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
        : undefined;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        if (pid) process.kill(pid, 'SIGINT');
        child.kill('SIGINT');
        const timer = setTimeout(() => {
          if (pid) process.kill(pid, 'SIGKILL');
          child.kill('SIGKILL');
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
