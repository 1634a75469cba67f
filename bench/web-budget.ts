// Performance budget of the patient app (issue 7 part 9) — a benchmark, not a test: prints a table with
// ✓/✗ beside each budget and exits 0 unless the bench itself fails.
//
//   npm run build -w @hemma/web && npm run bench:web
//
// 1. Initial JavaScript: the entry script, every module it preloads (dist/index.html) and the start
//    language's texts, gzip-compressed as a server would send them (level 6). Budget: < 200 kB. Lazy
//    chunks are listed for information.
// 2. First view on simulated slow 3G in Chromium (CDP Network.emulateNetworkConditions; Chrome DevTools'
//    "Slow 3G": 400 ms latency, 400 kbit/s down and up; CPU not throttled). A patient who is logged in
//    opens the app: from navigation start until the start page's heading and its measurement buttons are
//    on screen. Budget: < 3 s. Measured cold (nothing cached) and warm (installed app: service worker cache).
//    The waterfall of the median cold run is printed: each request's start, end and bytes on the wire.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type CDPSession, chromium } from '@playwright/test';

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
  // The boot module fetches the first view's texts of the start language at once
  // (packages/web/src/i18n/languages.ts): part of the first download too, though not named in index.html.
  // Swedish is the default language; its other texts (`locale-sv-more-*`) come after the first view.
  const texts = fs
    .readdirSync(path.join(dist, 'assets'))
    .filter((f) => /^locale-sv-(?!more-).*\.js$/.test(f))
    .map((f) => `assets/${f}`);
  const initial = [...new Set([...entry, ...preloads, ...texts])];
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

/** One request of a cold first view, from CDP Network events; times in ms after the document request. */
interface Fetched {
  path: string;
  start: number;
  end: number | null;
  bytes: number;
  encoding: string;
}

/** Records every request of a page load (CDP Network events) until `stop()`: the waterfall of the
 *  critical path — which requests the first view waits for, when each starts and ends, and its bytes
 *  on the wire (headers included, as the throttle counts them). */
function recordWaterfall(cdp: CDPSession) {
  const byId = new Map<string, Fetched>();
  let t0: number | null = null;
  let active = true;
  const ms = (ts: number) => Math.round((ts - (t0 ?? ts)) * 1000);
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!active || e.request.url.startsWith('data:')) return;
    t0 ??= e.timestamp;
    const { pathname } = new URL(e.request.url);
    byId.set(e.requestId, { path: pathname, start: ms(e.timestamp), end: null, bytes: 0, encoding: '' });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
    if (r && active) r.encoding = encoding?.[1] ?? '';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r && active) Object.assign(r, { end: ms(e.timestamp), bytes: e.encodedDataLength });
  });
  return {
    stop(): Fetched[] {
      active = false;
      return [...byId.values()].sort((a, b) => a.start - b.start);
    },
  };
}

async function firstView(network: typeof SLOW_3G) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const cold: number[] = [];
  const warm: number[] = [];
  const waterfalls: Fetched[][] = [];
  const inPage: number[] = []; // per run: cold, then warm
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
      // The same condition seen from inside the page (ms after its navigation started), without the time
      // the harness takes to send the navigation and to notice the elements: for comparison only.
      await page.addInitScript(() => {
        const w = window as unknown as { __hemmaUsable?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector('h1') && document.querySelector('.big-choice')) {
            w.__hemmaUsable = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const open = async () => {
        const started = Date.now();
        await page.goto(`${origin}/patient`, { waitUntil: 'commit' });
        await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
        await page.locator('.big-choice').first().waitFor({ timeout: 60_000 });
        const ms = Date.now() - started;
        inPage.push(
          await page.evaluate(() =>
            Math.round((window as unknown as { __hemmaUsable?: number }).__hemmaUsable ?? Number.NaN),
          ),
        );
        return ms;
      };
      const recording = recordWaterfall(cdp);
      cold.push(await open());
      waterfalls.push(recording.stop());
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
  return {
    cold,
    warm,
    waterfalls,
    inPageCold: inPage.filter((_, i) => i % 2 === 0),
    inPageWarm: inPage.filter((_, i) => i % 2 === 1),
  };
}

/** The waterfall of the median cold run: requests that ended before the first view was usable are the
 *  critical path; later ones (still loading, or started after) are listed apart. */
function printWaterfall(waterfall: Fetched[], usableMs: number) {
  const shortPath = (p: string) => (p.length > 48 ? `${p.slice(0, 45)}...` : p);
  const before = waterfall.filter((r) => r.end !== null && r.end <= usableMs);
  const after = waterfall.filter((r) => !before.includes(r));
  const line = (r: Fetched) =>
    `  ${String(r.start).padStart(5)} → ${(r.end === null ? '…' : String(r.end)).padStart(5)} ms  ${kb(
      r.bytes,
    )
      .toFixed(1)
      .padStart(6)} kB  ${(r.encoding || '-').padEnd(4)}  ${shortPath(r.path)}`;
  const total = before.reduce((n, r) => n + r.bytes, 0);
  console.log(
    `\nwaterfall of the median cold slow-3G run (usable at ${usableMs} ms; ${before.length} requests, ` +
      `${kb(total).toFixed(1)} kB on the wire before it):`,
  );
  for (const r of before) console.log(line(r));
  if (after.length) {
    console.log('  after the first view was usable (or still loading):');
    for (const r of after) console.log(line(r));
  }
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
  let view: Awaited<ReturnType<typeof firstView>>;
  let mobile: Awaited<ReturnType<typeof firstView>>;
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
  console.log(
    `the same seen inside the page (from its navigation start, without the harness): cold ${view.inPageCold.join(', ')} ms; ` +
      `installed: ${view.inPageWarm.join(', ')} ms`,
  );
  console.log('static files are served pre-compressed (Brotli/gzip), as in production');
  const medianRun = view.cold.indexOf(median(view.cold));
  printWaterfall(view.waterfalls[medianRun] ?? [], median(view.cold));
  console.log('\nlazy chunks (gzip), loaded on demand:');
  for (const f of js.lazy.sort((a, b) => b.gzip - a.gzip))
    console.log(`  ${f.file}  ${kb(f.gzip).toFixed(1)} kB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
