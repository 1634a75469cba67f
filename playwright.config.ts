import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.HEMMA_E2E_PORT ?? 8181);
// Set once in the main process; workers inherit it, so they all talk to the same fresh server.
process.env.HEMMA_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-e2e-'));

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: 'npx tsx packages/server/src/main.ts',
    url: `http://127.0.0.1:${port}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      HEMMA_DATA_DIR: path.join(process.env.HEMMA_E2E_DATA, 'data'),
      LOG_LEVEL: 'warn',
      // All specs share one server and log in as the same demo accounts many times a minute; the login
      // limits themselves are tested in packages/server/src/http/hardening.test.ts.
      HEMMA_RATE_LIMIT_LOGIN: '1000',
    },
  },
});
