import { type APIRequestContext, type Browser, expect, request, test } from '@playwright/test';
import { generate } from 'otplib';
import { takeCspViolations, watchCsp } from './csp';
import { expectAccessible, PASSWORD } from './helpers';

// Passkeys need a domain as relying party (not an IP address): these tests use localhost.
const port = Number(process.env.HEMMA_E2E_PORT ?? 8181);
const ORIGIN = `http://localhost:${port}`;

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

/** The demo system administrator, through the API: creates a fresh staff account for one test, so
 *  the demo accounts other tests log in with keep their password-only login. */
async function freshStaff(username: string): Promise<string> {
  const admin: APIRequestContext = await request.newContext({
    baseURL: ORIGIN,
    extraHTTPHeaders: { 'X-Requested-With': 'hemma' },
  });
  expect(
    (await admin.post('/api/auth/login', { data: { username: 'sysadmin', password: PASSWORD } })).ok(),
  ).toBe(true);
  const { units } = (await (await admin.get('/api/admin/units')).json()) as { units: { id: string }[] };
  const password = 'e2e-identity-password';
  const res = await admin.post('/api/admin/staff', {
    data: { username, displayName: `E2E ${username}`, role: 'nurse', unitIds: [units[0]!.id], password },
  });
  expect(res.status()).toBe(201);
  await admin.dispose();
  return password;
}

async function openLogin(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  const page = watchCsp(await context.newPage());
  await page.goto(`${ORIGIN}/login`);
  return { context, page };
}

test('staff add a passkey on the security page, then log in with it without a password', async ({
  browser,
}) => {
  const username = `e2e.passkey.${Date.now()}`;
  const password = await freshStaff(username);
  const { context, page } = await openLogin(browser);
  // Chromium's virtual authenticator stands in for the fingerprint reader (DevTools WebAuthn domain).
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();

  await page.getByRole('link', { name: 'Inloggning och säkerhet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inloggning och säkerhet' })).toBeVisible();
  await expect(page.getByText('Du har inga nycklar ännu.')).toBeVisible();
  await page.getByLabel('Namn på den nya nyckeln').fill('Arbetsdatorn');
  await page.getByRole('button', { name: 'Lägg till en nyckel' }).click();
  await expect(page.getByText('Arbetsdatorn', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ta bort Arbetsdatorn' })).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  // No username, no password: the browser offers the passkey it holds for this site.
  await page.getByRole('button', { name: 'Logga in med nyckel (passkey)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  expect(
    ((await (await page.request.get(`${ORIGIN}/api/me`)).json()) as { displayName: string }).displayName,
  ).toBe(`E2E ${username}`);

  // With a factor set up, the password alone is no longer enough: the passkey is asked for after it.
  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bekräfta att det är du' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Använd nyckel (passkey)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  await context.close();
});

test('staff turn on an authenticator app, log in with a code, and log out everywhere', async ({
  browser,
}) => {
  const username = `e2e.totp.${Date.now()}`;
  const password = await freshStaff(username);
  const { context, page } = await openLogin(browser);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await page.getByRole('link', { name: 'Inloggning och säkerhet' }).click();

  await page.getByRole('button', { name: 'Ställ in en autentiseringsapp' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  await expectAccessible(page);
  await page
    .getByLabel('Sexsiffrig kod')
    .fill('000000' === (await generate({ secret })) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Bekräfta och slå på' }).click();
  await expect(page.getByRole('region', { name: 'Autentiseringsapp' }).getByRole('alert')).toContainText(
    'Koden stämmer inte',
  );
  await page.getByLabel('Sexsiffrig kod').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Bekräfta och slå på' }).click();
  await expect(page.getByText('Autentiseringsappen är påslagen för ditt konto.')).toBeVisible();

  // A second browser (another device) logs in with password and code.
  const other = await openLogin(browser);
  await other.page.getByLabel('Användarnamn').fill(username);
  await other.page.getByLabel('Lösenord').fill(password);
  await other.page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await expect(other.page.getByRole('heading', { level: 1, name: 'Bekräfta att det är du' })).toBeVisible();
  // The next time step: the code used to turn the app on cannot be used again.
  await other.page
    .getByLabel('Sexsiffrig kod')
    .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await other.page.getByRole('button', { name: 'Bekräfta', exact: true }).click();
  await expect(other.page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();

  // "Log out everywhere" on the first device ends the second device's session too.
  await page.getByRole('button', { name: 'Logga ut överallt' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  expect((await other.page.request.get(`${ORIGIN}/api/me`)).status()).toBe(401);
  await other.context.close();
  await context.close();
});
