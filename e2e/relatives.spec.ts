import { expect, test } from '@playwright/test';
import { generateDemo } from '../packages/server/src/demo/generate';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

const patient1 = generateDemo({ now: new Date() }).patients[0]!;
const name = `${patient1.givenName} ${patient1.familyName}`;

test('a relative chooses whom they act for, sees the banner, and loses access when the patient revokes it', async ({
  browser,
}) => {
  const relative = await loginAs(browser, 'relative1', { width: 320, height: 720 });
  await expect(relative.getByRole('heading', { level: 1, name: 'Vem agerar du för?' })).toBeVisible();
  await expectAccessible(relative);
  await relative.getByRole('button', { name: `Agera för ${name}` }).click();
  const banner = relative.getByRole('region', { name: 'Du agerar för en annan person' });
  await expect(banner).toContainText(`Du agerar för ${name}.`);
  await expectAccessible(relative);
  await relative.getByRole('link', { name: 'Mina värden' }).first().click();
  await expect(banner).toContainText(`Du agerar för ${name}.`);

  // Recording on the patient's behalf is stored as entered by the relative.
  const saved = await relative.request.post('/api/patient/measurements', {
    headers: { 'x-requested-with': 'hemma', 'idempotency-key': `rel-${Date.now()}` },
    data: { measurements: [{ code: '8867-4', value: 66 }] },
  });
  expect(saved.status()).toBe(201);

  // The patient sees the relative and revokes the access.
  const patient = await loginAs(browser, 'patient1', { width: 1280, height: 900 });
  await patient.getByRole('link', { name: 'Närstående' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Närstående' })).toBeVisible();
  await patient.getByLabel('Den närståendes användarnamn').fill('finns-inte');
  await patient.getByRole('button', { name: 'Ge åtkomst' }).click();
  await expect(patient.getByRole('alert')).toContainText('Det finns inget närståendekonto');
  await expectAccessible(patient);
  await patient.getByRole('button', { name: 'Ta bort åtkomst för Sara Närstående' }).click();
  await expect(patient.getByText('Ingen närstående har åtkomst.')).toBeVisible();

  const after = await relative.request.get('/api/patient/observations?code=8867-4');
  expect(after.status()).toBe(403);
  await relative.goto('/relative');
  await expect(relative.getByText('Ingen har gett dig åtkomst ännu.')).toBeVisible();

  // Give it back for the next run against the same demo data.
  await patient.getByLabel('Den närståendes användarnamn').fill('relative1');
  await patient.getByRole('checkbox', { name: 'registrera värden' }).check();
  await patient.getByRole('button', { name: 'Ge åtkomst' }).click();
  await expect(patient.getByText('Sara Närstående (relative1)')).toBeVisible();
});
