import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startTestProvider, type TestProvider } from '../packages/server/src/auth/oidc/test-provider';
import { generateDemo } from '../packages/server/src/demo/generate';
import { takeCspViolations, watchCsp } from './csp';
import { expectAccessible, seededPersonnummer } from './helpers';

// A real OpenID Connect provider (oidc-provider, with its own login page) and a Hemma server of its
// own configured to use it, next to the shared e2e server. Ports follow HEMMA_E2E_PORT (+100, +101:
// clear of the ports parallel e2e runs use).
const base = Number(process.env.HEMMA_E2E_PORT ?? 8181) + 100;
const IDP_PORT = base;
const HEMMA = `http://127.0.0.1:${base + 1}`;

let idp: TestProvider;
let server: ChildProcess;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The demo seed is generated from a fixed random seed: patient1's name is known; her personnummer is
  // read from the server once it has seeded (the provider reads its accounts at login).
  const patient1 = generateDemo({ now: new Date() }).patients.find((p) => p.username === 'patient1')!;
  const anna = { personnummer: '' };
  idp = await startTestProvider({
    port: IDP_PORT,
    hemmaUrl: HEMMA,
    accounts: { 'anna.bankid': anna, 'okand.person': { personnummer: '198112189876' } },
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-e2e-oidc-'));
  const providers = [
    {
      id: 'bankid',
      name: 'BankID (test)',
      issuer: idp.issuer,
      clientId: 'hemma',
      clientSecret: 'hemma-test-secret',
      audience: 'patient',
      scope: 'openid',
    },
  ];
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  server = spawn('npx', ['tsx', 'packages/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(base + 1),
      HOST: '127.0.0.1',
      HEMMA_DATA_DIR: path.join(dataDir, 'data'),
      HEMMA_PUBLIC_URL: HEMMA,
      HEMMA_OIDC_PROVIDERS: JSON.stringify(providers),
      LOG_LEVEL: 'warn',
    },
    // Its output goes to a file, shown when it does not start.
    stdio: ['ignore', log, log],
    detached: true,
  });
  for (let i = 0; i < 170; i++) {
    const up = await fetch(`${HEMMA}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) {
      anna.personnummer = await seededPersonnummer(HEMMA, patient1);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(
    `the OIDC test server did not start: ${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-2000)}`,
  );
});

test.afterAll(async () => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  await idp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('a patient logs in through the identity provider’s own login page and logs out there too', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = watchCsp(await context.newPage());
  await page.goto(`${HEMMA}/login`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Logga in med BankID (test)' }).click();

  // The provider's pages (not Hemma's): any login name is accepted, then consent.
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill('anna.bankid');
  await page.getByPlaceholder('and password').fill('whatever');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Back at Hemma, logged in as patient1; the address holds no personal data.
  await expect(page).toHaveURL(`${HEMMA}/patient`);
  const me = (await (await page.request.get(`${HEMMA}/api/me`)).json()) as {
    role: string;
    patientId: string;
  };
  expect(me.role).toBe('patient');

  // Logging out in Hemma continues to the provider, which ends its session and sends the browser back.
  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/session/end`));
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${HEMMA}/login`);
  expect((await page.request.get(`${HEMMA}/api/me`)).status()).toBe(401);
  await context.close();
});

test('an identity without an account is refused with a clear page, and nothing personal in the address', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  const page = watchCsp(await context.newPage());
  await page.goto(`${HEMMA}/login`);
  await page.getByRole('link', { name: 'Logga in med BankID (test)' }).click();
  await page.getByPlaceholder('Enter any login').fill('okand.person');
  await page.getByPlaceholder('and password').fill('whatever');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(`${HEMMA}/login/refused?reason=unknown-account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Du kunde inte loggas in' })).toBeVisible();
  await expect(page.getByText('det finns inget konto i Hemma för dig')).toBeVisible();
  await expectAccessible(page);
  expect((await page.request.get(`${HEMMA}/api/me`)).status()).toBe(401);
  await page.getByRole('link', { name: 'Tillbaka till inloggningen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await context.close();
});
