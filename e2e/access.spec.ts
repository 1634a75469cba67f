import { expect, test } from '@playwright/test';
import { generateDemo } from '../packages/server/src/demo/generate';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs, seededPersonnummer } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

// The demo data are deterministic: patient1 is enrolled at Vårdcentralen Norrby (north).
const patient1 = generateDemo({ now: new Date() }).patients[0]!;

test('a nurse without a care relationship takes emergency access; the unit admin reviews it; the patient sees it', async ({
  browser,
  baseURL,
}) => {
  expect(patient1.unitKey).toBe('north');
  const personnummer = await seededPersonnummer(baseURL!, patient1);
  const nurse = await loginAs(browser, 'nurse.south', { width: 1280, height: 900 });
  await nurse.getByRole('link', { name: 'Sök patient' }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'Sök patient med personnummer' })).toBeVisible();
  await nurse.getByLabel('Personnummer').fill('19121212-1213');
  await nurse.getByRole('button', { name: 'Sök', exact: true }).click();
  await expect(nurse.getByRole('alert')).toContainText('inte giltigt');
  await nurse.getByLabel('Personnummer').fill(personnummer);
  await nurse.getByRole('button', { name: 'Sök', exact: true }).click();
  await expect(nurse.getByText('Du har ingen vårdrelation till patienten.')).toBeVisible();
  await expectAccessible(nurse);

  await nurse.getByRole('button', { name: 'Begär nödåtkomst' }).click();
  const dialog = nurse.getByRole('dialog', { name: 'Nödåtkomst' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Skäl till nödåtkomst').fill('akut');
  await dialog.getByRole('button', { name: 'Öppna med nödåtkomst' }).click();
  await expect(dialog.getByText('Skriv ett skäl med minst 10 tecken.')).toBeVisible();
  await expectAccessible(nurse);
  await dialog.getByLabel('Skäl till nödåtkomst').fill('Patienten söker akut på vår mottagning');
  await dialog.getByRole('button', { name: 'Öppna med nödåtkomst' }).click();
  await expect(nurse).toHaveURL(/\/staff\/patients\/[0-9a-f-]{36}$/);
  await expect(
    nurse.getByRole('heading', { level: 1, name: `${patient1.givenName} ${patient1.familyName}` }),
  ).toBeVisible();
  await expect(
    nurse.getByText(/Gäller till \d{2}:\d{2}\. Allt du läser loggas och följs upp\./),
  ).toBeVisible();

  // The unit administrator of the nurse's unit sees the emergency access and marks it reviewed.
  const admin = await loginAs(browser, 'admin.south', { width: 1280, height: 900 });
  await expect(admin.getByRole('heading', { level: 1, name: 'Loggkontroll' })).toBeVisible();
  const entry = admin.getByRole('article').filter({ hasText: 'Patienten söker akut på vår mottagning' });
  await expect(entry).toBeVisible();
  await expectAccessible(admin);
  await entry.getByLabel('Granskningsanteckning').fill('Kontrollerat mot akutjournalen');
  await entry.getByRole('button', { name: 'Markera som granskad' }).click();
  await expect(entry).toHaveCount(0);
  await admin.getByRole('button', { name: 'Per medarbetare' }).click();
  const row = admin
    .getByRole('row')
    .filter({ has: admin.getByRole('button', { name: /.+/ }) })
    .first();
  await expect(row).toBeVisible();
  await expectAccessible(admin);
  const csv = await admin.request.get('/api/audit/export.csv?days=1');
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('emergency');

  // The patient sees that the south unit opened their data.
  const patient = await loginAs(browser, 'patient1', { width: 320, height: 720 });
  await expect(patient).toHaveURL(/\/patient$/);
  await patient.goto('/patient/access-log');
  await expect(patient.getByRole('heading', { level: 1, name: 'Vem har läst mina uppgifter' })).toBeVisible();
  await expect(patient.getByRole('listitem').filter({ hasText: 'Nödåtkomst' }).first()).toContainText(
    'Hjärtmottagningen Söderby',
  );
  await expectAccessible(patient);
});
