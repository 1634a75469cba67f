import { expect, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('an administrator edits a protocol: a precise error first, then a new version', async ({ browser }) => {
  const admin = await loginAs(browser, 'admin.north', { width: 1280, height: 900 });
  await expect(admin.getByRole('heading', { level: 1, name: 'Loggkontroll' })).toBeVisible();
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('link', { name: 'Protokoll' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Protokoll' })).toBeVisible();
  await expectAccessible(admin);
  await admin.getByRole('link', { name: 'Högt blodtryck (hemblodtryck enligt ESH)' }).click();
  await expect(admin.getByText('Visar version 1')).toBeVisible();
  await expectAccessible(admin);

  // Yellow above 95 is below yellow below 100: the server names the field and the rule.
  const systolicHigh = admin.locator('#activity-0-8480-6-yellowHigh');
  await systolicHigh.fill('95');
  await admin.getByRole('button', { name: 'Spara som ny version' }).click();
  const errors = admin.getByRole('alert');
  await expect(errors).toContainText('Protokollet kan inte sparas: 1 problem.');
  await expect(errors).toContainText(
    'activities[0].thresholds.8480-6.yellowHigh: 95 must be greater than yellowLow (100)',
  );
  await expect(errors).toBeFocused();

  await systolicHigh.fill('140');
  await admin.getByLabel('Kommentar till ändringen (valfritt)').fill('Regionens gräns');
  await admin.getByRole('button', { name: 'Spara som ny version' }).click();
  await expect(admin.getByText('Visar version 2')).toBeVisible();
  await expect(admin.locator('#activity-0-8480-6-yellowHigh')).toHaveValue('140');
  await expectAccessible(admin);
});

test('a nurse enrols a patient in a protocol and writes the agreement; the patient sees their plan', async ({
  browser,
}) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await nurse.getByRole('link', { name: 'Patienter' }).first().click();
  await nurse.getByRole('table').getByRole('link').first().click();
  const section = nurse.getByRole('region', { name: 'Vårdplan' });
  await expect(section).toBeVisible();

  await section.getByRole('button', { name: 'Skriv in i protokoll' }).click();
  await section.getByRole('checkbox', { name: /^Astma/ }).check();
  await section.getByRole('radio', { name: 'Ordinerad' }).check();
  await section.getByLabel('Mål för svarstid (timmar)').fill('48');
  await expectAccessible(nurse);
  await section.getByRole('button', { name: 'Skriv in', exact: true }).click();
  await expect(section.getByText('Astma (version 1)')).toBeVisible();
  await expect(section.getByText('svar inom 48 h')).toBeVisible();
  await expect(section.getByText('Toppflöde (PEF)', { exact: false }).first()).toBeVisible();

  await section.getByRole('button', { name: 'Ändra överenskommelse' }).click();
  await section.getByRole('button', { name: 'Lägg till mål' }).click();
  await section.getByLabel('Mål 1').fill('Promenera 30 minuter om dagen');
  await section.getByRole('button', { name: 'Lägg till överenskommelse' }).click();
  await section.getByLabel('Överenskommelse 1').fill('Mäter toppflöde morgon och kväll');
  await expectAccessible(nurse);
  await section.getByRole('button', { name: 'Spara överenskommelse' }).click();
  await expect(section.getByText('Promenera 30 minuter om dagen')).toBeVisible();
  await expect(section.getByText('Mäter toppflöde morgon och kväll')).toBeVisible();

  // A personal limit with self-care advice: both languages are needed.
  const edit = nurse.getByRole('button', { name: /^Ändra gränser för / }).first();
  await edit.click();
  const form = nurse.locator('form.threshold-form');
  await form.getByText('Egenvårdsråd till patienten').click();
  await form.getByLabel('Råd vid Gul över (svenska)').fill('Vila och mät igen om en timme.');
  await form.getByLabel('Orsak till ändringen').fill('Överenskommet vid besök');
  await expectAccessible(nurse);
  await form.getByRole('button', { name: 'Spara gränser' }).click();
  await expect(form.getByText('Skriv rådet på båda språken.')).toBeVisible();
  await form.getByLabel('Råd vid Gul över (engelska)').fill('Rest and measure again in an hour.');
  await form.getByRole('button', { name: 'Spara gränser' }).click();
  await expect(nurse.locator('form.threshold-form')).toHaveCount(0);
  const patientId = new URL(nurse.url()).pathname.split('/').pop();
  const saved = (await (await nurse.request.get(`/api/staff/patients/${patientId}/thresholds`)).json()) as {
    thresholds: { source: string; advice: { yellowHigh?: { sv: string; en: string } } | null }[];
  };
  expect(
    saved.thresholds.filter((e) => e.source === 'personal').map((e) => e.advice?.yellowHigh),
  ).toContainEqual({
    sv: 'Vila och mät igen om en timme.',
    en: 'Rest and measure again in an hour.',
  });

  const patient = await loginAs(browser, 'patient1', { width: 320, height: 720 });
  await patient.getByRole('link', { name: 'Min plan', exact: true }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Min plan' })).toBeVisible();
  await expect(patient.getByRole('heading', { name: 'Överenskommelse' })).toBeVisible();
  await expectAccessible(patient);
});
