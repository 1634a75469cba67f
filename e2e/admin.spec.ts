import { expect, request, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('a system administrator sets up a municipal unit, a nurse at it, and an integration client', async ({
  browser,
}) => {
  const stamp = Date.now();
  const page = await loginAs(browser, 'sysadmin', { width: 1280, height: 900 });
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vårdenheter' })).toBeVisible();

  // A municipality, then a home-care unit in it with its HSA-id; a wrong HSA-id is explained.
  const org = page.getByRole('region', { name: 'Ny region eller kommun' });
  await org.getByLabel('Namn').fill(`Exempelby kommun ${stamp}`);
  await org.getByRole('radio', { name: 'kommun' }).check();
  await org.getByRole('button', { name: 'Lägg till' }).click();
  const unitForm = page.getByRole('region', { name: 'Ny vårdenhet' });
  await unitForm.getByLabel('Vårdenhetens namn').fill(`Hemsjukvården ${stamp}`);
  await unitForm.getByLabel('HSA-id').fill('SE123');
  await unitForm
    .getByLabel('Region eller kommun')
    .selectOption({ label: `Exempelby kommun ${stamp} (kommun)` });
  await unitForm.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('alert').first()).toContainText('HSA-id');
  await unitForm.getByLabel('HSA-id').fill(`SE2120001553-${String(stamp).slice(-6)}`);
  await unitForm.getByRole('button', { name: 'Spara' }).click();
  const row = page.getByRole('row', { name: new RegExp(`Hemsjukvården ${stamp}`) });
  await expect(row).toContainText('Exempelby kommun');
  await expect(row).toContainText('(kommun)');
  await expectAccessible(page);

  // A municipal nurse working at the new unit.
  await page.getByRole('link', { name: 'Personal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personal' })).toBeVisible();
  const staffForm = page.getByRole('region', { name: 'Ny medarbetare' });
  await staffForm.getByLabel('Användarnamn').fill(`kommun.ssk.${stamp}`);
  await staffForm.getByLabel('Namn', { exact: true }).fill(`Kim Kommun ${stamp}`);
  await staffForm.getByLabel('Roll').selectOption({ label: 'Kommunsjuksköterska' });
  await staffForm.getByRole('checkbox', { name: `Hemsjukvården ${stamp}` }).check();
  await staffForm.getByLabel('Första lösenord (valfritt)').fill('ett-langt-startlosenord');
  await staffForm.getByRole('button', { name: 'Spara' }).click();
  const staffRow = page.getByRole('row', { name: new RegExp(`Kim Kommun ${stamp}`) });
  await expect(staffRow).toContainText('Kommunsjuksköterska');
  await expect(staffRow).toContainText(`Hemsjukvården ${stamp}`);
  await expectAccessible(page);

  // An integration client limited to the unit; its secret is shown once and works.
  await page.getByRole('link', { name: 'Integrationsklienter' }).click();
  const clientForm = page.getByRole('region', { name: 'Ny integrationsklient' });
  await clientForm.getByLabel('Namn').fill(`Mätgateway ${stamp}`);
  await clientForm.getByLabel('Behörigheter (scopes)').fill('system/Observation.write\nsystem/Patient.read');
  await clientForm.getByRole('checkbox', { name: `Hemsjukvården ${stamp}` }).check();
  await clientForm.getByRole('button', { name: 'Skapa klient' }).click();
  const secret = (await page.getByTestId('client-secret').textContent())!.trim();
  const clientId = (await page
    .getByRole('status')
    .filter({ hasText: 'Klient-id' })
    .locator('code')
    .first()
    .textContent())!;
  expect(secret).toMatch(/^[\w-]{43}$/);
  await expectAccessible(page);
  // The gateway is another system: no browser session, only the client credentials.
  const gateway = await request.newContext({ baseURL: new URL(page.url()).origin });
  const token = await gateway.post('/oauth2/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
  });
  expect(token.status()).toBe(200);
  expect(((await token.json()) as { scope: string }).scope).toBe(
    'system/Observation.write system/Patient.read',
  );
  await gateway.dispose();
  await page.getByRole('button', { name: 'Jag har sparat hemligheten' }).click();
  await expect(page.getByTestId('client-secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(`Mätgateway ${stamp}`) })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  // Usable on a narrow phone screen too.
  await page.setViewportSize({ width: 320, height: 800 });
  await expectAccessible(page);
  await page.context().close();
});

test('a nurse has no administration', async ({ browser }) => {
  const page = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await page.goto('/admin/staff');
  await expect(page.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  expect((await page.request.get('/api/admin/staff')).status()).toBe(403);
  await page.context().close();
});
