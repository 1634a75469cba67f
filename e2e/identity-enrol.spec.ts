import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { takeCspViolations, watchCsp } from './csp';
import { expectAccessible } from './helpers';

// Outside demo mode staff must set up a second factor at their first login. A Hemma server of its
// own without demo data; its first system administrator comes from `npm run admin:create`.
const PORT = Number(process.env.HEMMA_E2E_PORT ?? 8181) + 102;
const HEMMA = `http://localhost:${PORT}`;

let server: ChildProcess;
let dataDir: string;
let password: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-e2e-enrol-'));
  const env = {
    ...process.env,
    HEMMA_DEMO: '0',
    HEMMA_DATA_DIR: path.join(dataDir, 'data'),
    HEMMA_PUBLIC_URL: HEMMA,
    HEMMA_SECURE_COOKIES: '0',
    LOG_LEVEL: 'warn',
  };
  const out = execFileSync(
    'npx',
    ['tsx', 'packages/server/src/cli/create-admin.ts', '--username', 'root', '--name', 'Rut Rot'],
    { env, encoding: 'utf8' },
  );
  password = /One-time password \(shown only now\): (\S+)/.exec(out)![1]!;
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  server = spawn('npx', ['tsx', 'packages/server/src/main.ts'], {
    env: { ...env, PORT: String(PORT), HOST: '127.0.0.1' },
    // Its output goes to a file, shown when it does not start.
    stdio: ['ignore', log, log],
    detached: true,
  });
  for (let i = 0; i < 170; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(
    `the test server did not start: ${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-2000)}`,
  );
});

test.afterAll(() => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('outside demo mode a new administrator must add a passkey before anything else, then uses it', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = watchCsp(await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const passwordLogin = async () => {
    await page.getByLabel('Användarnamn').fill('root');
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  };

  await page.goto(`${HEMMA}/login`);
  await passwordLogin();
  await expect(page).toHaveURL(`${HEMMA}/login/enrol`);
  await expect(page.getByRole('heading', { level: 1, name: 'Skydda ditt konto' })).toBeVisible();
  await expectAccessible(page);
  // Half-way logged in reaches nothing.
  expect((await page.request.get(`${HEMMA}/api/me`)).status()).toBe(401);
  expect((await page.request.get(`${HEMMA}/api/admin/staff`)).status()).toBe(401);

  await page.getByRole('button', { name: 'Lägg till en nyckel' }).click();
  await expect(page.getByRole('link', { name: 'Administration' })).toBeVisible();
  expect((await page.request.get(`${HEMMA}/api/admin/staff`)).status()).toBe(200);

  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await passwordLogin();
  await expect(page.getByRole('heading', { level: 1, name: 'Bekräfta att det är du' })).toBeVisible();
  await page.getByRole('button', { name: 'Använd nyckel (passkey)' }).click();
  await expect(page.getByRole('link', { name: 'Administration' })).toBeVisible();
  await page.getByRole('link', { name: 'Inloggning och säkerhet' }).click();
  await expect(page.getByText('Som personal måste du ha minst en andra faktor kvar')).toBeVisible();
  await context.close();
});
