// Performance budget of the patient app (issue 7 part 9) — a benchmark, not a test: prints a table with
// ✓/✗ beside each budget and exits 0 unless the bench itself fails.
//
//   npm run build -w @hemma/web && npm run bench:web
//
// 1. Initial JavaScript: the entry script and every module it preloads (dist/index.html), gzip-compressed
//    as a server would send them (level 6). Budget: < 200 kB. Lazy chunks are listed for information.
// 2. First view on simulated slow 3G in Chromium (CDP Network.emulateNetworkConditions; Chrome DevTools'
//    "Slow 3G": 400 ms latency, 400 kbit/s down and up; CPU not throttled). A patient who is logged in
//    opens the app: from navigation start until the start page's heading and its measurement buttons are
//    on screen. Budget: < 3 s. Measured cold (nothing cached) and warm (installed app: service worker cache).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages/web/dist');
const port = Number(process.env.HEMMA_BENCH_WEB_PORT ?? 8198);
const origin = `http://127.0.0.1:${port}`;
const JS_BUDGET_KB = 200;
const FIRST_VIEW_BUDGET_MS = 3000;
// Chrome DevTools' former "Slow 3G" preset (WebPageTest "3G Slow"): the profile the budget is about.
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
// Lighthouse's mobile throttling (150 ms, 1.6 Mbit/s; once called "Fast 3G"), for comparison.
const LIGHTHOUSE_MOBILE = {
  offline: false,
  latency: 150,
  downloadThroughput: 204_800,
  uploadThroughput: 96_000,
};
const RUNS = Number(process.env.HEMMA_BENCH_WEB_RUNS ?? 3);

const kb = (bytes: number) => bytes / 1024;
const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 6 }).length;

function initialJs() {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const initial = [...new Set([...entry, ...preloads])];
  const all = fs
    .readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    initial: initial.map((file) => ({ file, gzip: gz(file) })),
    lazy: all.filter((f) => !initial.includes(f)).map((file) => ({ file, gzip: gz(file) })),
  };
}

async function startServer(): Promise<ChildProcess> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-web-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HEMMA_DATA_DIR: path.join(data, 'data'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
    fs.rmSync(data, { recursive: true, force: true });
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('server did not start');
}

async function firstView(network: typeof SLOW_3G): Promise<{ cold: number[]; warm: number[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'sv-SE' });
      const login = await context.request.post(`${origin}/api/auth/login`, {
        headers: { 'X-Requested-With': 'hemma' },
        data: { username: 'patient1', password: 'hemma-demo' },
      });
      if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', network);
      const open = async () => {
        const started = Date.now();
        await page.goto(`${origin}/patient`, { waitUntil: 'commit' });
        await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
        await page.locator('.big-choice').first().waitFor({ timeout: 60_000 });
        return Date.now() - started;
      };
      cold.push(await open());
      // Installed app: the service worker has precached the shell; only the API answers cross the network.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.waitForFunction(() => caches.keys().then((k) => k.length > 0), undefined, {
        timeout: 120_000,
      });
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
      warm.push(await open());
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { cold, warm };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

async function main() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('packages/web/dist is missing: run `npm run build -w @hemma/web` first');
  }
  const js = initialJs();
  const initialTotal = js.initial.reduce((n, f) => n + f.gzip, 0);
  const server = await startServer();
  let view: { cold: number[]; warm: number[] };
  let mobile: { cold: number[]; warm: number[] };
  try {
    view = await firstView(SLOW_3G);
    mobile = await firstView(LIGHTHOUSE_MOBILE);
  } finally {
    server.kill();
  }

  const rows: [string, string, string, string][] = [
    [
      'initial JS (gzip)',
      `${kb(initialTotal).toFixed(1)} kB`,
      `< ${JS_BUDGET_KB} kB`,
      mark(kb(initialTotal) < JS_BUDGET_KB),
    ],
    ...js.initial.map((f): [string, string, string, string] => [
      `  ${f.file}`,
      `${kb(f.gzip).toFixed(1)} kB`,
      '',
      '',
    ]),
    [
      `first view, cold, slow 3G (median of ${RUNS})`,
      `${median(view.cold)} ms`,
      `< ${FIRST_VIEW_BUDGET_MS} ms`,
      mark(median(view.cold) < FIRST_VIEW_BUDGET_MS),
    ],
    [
      `first view, installed app, slow 3G (median of ${RUNS})`,
      `${median(view.warm)} ms`,
      `< ${FIRST_VIEW_BUDGET_MS} ms`,
      mark(median(view.warm) < FIRST_VIEW_BUDGET_MS),
    ],
    [
      `first view, cold, Lighthouse mobile (median of ${RUNS})`,
      `${median(mobile.cold)} ms`,
      '(comparison)',
      '',
    ],
    [
      `first view, installed, Lighthouse mobile (median of ${RUNS})`,
      `${median(mobile.warm)} ms`,
      '(comparison)',
      '',
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('Patient app performance budget (Chromium, slow 3G = 400 ms RTT, 400 kbit/s)\n');
  for (const r of rows)
    console.log(
      `${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padEnd(widths[2]!)}  ${r[3]}`,
    );
  console.log(`\nslow 3G runs, cold: ${view.cold.join(', ')} ms; installed: ${view.warm.join(', ')} ms`);
  console.log('static files are served pre-compressed (Brotli/gzip), as in production');
  console.log('\nlazy chunks (gzip), loaded on demand:');
  for (const f of js.lazy.sort((a, b) => b.gzip - a.gzip))
    console.log(`  ${f.file}  ${kb(f.gzip).toFixed(1)} kB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
