import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onCleanup } from './cleanup';
import { freePort, sleep } from './net';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface HemmaServer {
  baseUrl: string;
  pid: number;
  /** Highest VmRSS seen so far, in MiB. */
  maxRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * Runs Hemma as a child process, exactly as `npm start` does (tsx + main.ts), so its memory is its
 * own and the load generator does not share its event loop. Node is started directly with tsx as an
 * import hook (not through npx), so the pid we sample for RSS is the server itself.
 */
export async function startHemma(db: { databaseUrl: string } | { dataDir: string }): Promise<HemmaServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Demo mode: the demo gateway client is usable; the data itself is loaded by the bench beforehand.
    HEMMA_DEMO: '1',
    // The production default: per-request log lines are part of the server's real cost.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    HEMMA_WEB_DIST: path.join(REPO_ROOT, 'bench', 'no-web-dist'),
    // The bench sends far more than 600 requests a minute from one address; the limits would answer 429.
    HEMMA_RATE_LIMIT: process.env.HEMMA_RATE_LIMIT ?? '0',
  };
  delete env.INIT_CWD;
  if ('databaseUrl' in db) env.DATABASE_URL = db.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.HEMMA_DATA_DIR = db.dataDir;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.HEMMA_BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HEMMA_BENCH_PROFILE_DIR}`]
        : []),
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'packages/server/src/main.ts'),
    ],
    // Logs go to /dev/null: parsing them would cost the bench process CPU the server needs.
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-2000);
  });
  const pid = child.pid!;
  let maxRss = 0;
  const sample = () => {
    maxRss = Math.max(maxRss, readRssMb(pid));
  };
  const sampler = setInterval(sample, 1000);
  const stop = onCleanup({
    name: 'Hemma server',
    run: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    sync: () => {
      clearInterval(sampler);
      child.kill('SIGKILL');
    },
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The Hemma server exited (${child.exitCode}): ${stderr.slice(-800)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The Hemma server did not answer /health within 120 s: ${stderr.slice(-800)}`);
    }
    await sleep(100);
  }
  sample();
  return { baseUrl, pid, maxRssMb: () => maxRss, stop };
}

/** VmRSS of a process in MiB (0 when it is gone or /proc is unavailable). */
function readRssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
