import { expect, type Page, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('a patient answers PHQ-9 with item 9 above 0; she gets support, the nurse gets a red alert live', async ({
  browser,
}) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();

  const patient = await loginAs(browser, 'patient1', { width: 320, height: 740 });
  await expect(patient.getByRole('heading', { level: 1 })).toBeVisible();
  const patientName = ((await (await patient.request.get('/api/me')).json()) as { displayName: string })
    .displayName;
  await patient.getByRole('link', { name: 'Formulär' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Formulär' })).toBeVisible();
  await expectAccessible(patient);
  await patient.getByRole('link', { name: /PHQ-9/ }).click();
  await expect(patient.getByRole('heading', { level: 1, name: /PHQ-9/ })).toBeVisible();

  const question = (n: number) => patient.getByRole('group', { name: new RegExp(`^${n}\\.`) });
  // Keyboard: the first option of question 1 is reached with Tab and chosen with Space.
  await question(1).getByRole('radio', { name: 'Inte alls' }).focus();
  await patient.keyboard.press('Space');
  await expect(question(1).getByRole('radio', { name: 'Inte alls' })).toBeChecked();
  for (let n = 2; n <= 8; n++) await question(n).getByText('Inte alls', { exact: true }).click();

  // Question 9 left out: the form names it and sends nothing.
  await patient.getByRole('button', { name: 'Skicka svaren' }).click();
  const summary = patient.getByRole('alert').filter({ hasText: 'Några frågor behöver svar' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: /^9\./ })).toBeVisible();
  await expect(question(9).getByText('Svara på frågan.')).toBeVisible();
  await expectAccessible(patient);

  await question(9).getByText('Flera dagar', { exact: true }).click();
  await patient.getByRole('button', { name: 'Skicka svaren' }).click();
  const sentAt = Date.now();

  // Supportive text with where to turn, not an alarm.
  await expect(
    patient.getByRole('heading', { name: 'Du behöver inte vara ensam med det här' }),
  ).toBeVisible();
  await expect(patient.getByText(/ring 112/)).toBeVisible();
  await expect(patient.getByText(/Självmordslinjen 90101/)).toBeVisible();
  await expect(patient.getByText('Din poäng: 1 av 27.', { exact: false })).toBeVisible();
  await expectNoHorizontalScroll(patient);
  await expectAccessible(patient);

  // The nurse's worklist shows the red alert without a reload, though the total is minimal.
  const row = nurse
    .getByRole('listitem')
    .filter({ hasText: patientName })
    .filter({ hasText: 'PHQ-9 fråga 9 (självskadetankar) 1 poäng, över 0' });
  await expect(row).toBeVisible();
  console.log(`PHQ-9 alert on the worklist ${Date.now() - sentAt} ms after sending`);
  await expect(row.getByText('Röd')).toBeVisible();
  await expectAccessible(nurse);

  // On the patient page: the score over time and the individual answers.
  await row.getByRole('link', { name: /Öppna/ }).click();
  const section = nurse.getByRole('region', { name: 'Formulär' });
  await expect(section.getByRole('heading', { name: /PHQ-9/ })).toBeVisible();
  await expect(section.getByText('Fråga 9 positiv')).toBeVisible();
  await section
    .getByText(/^Svar /)
    .first()
    .click();
  await expect(section.getByText('Flera dagar').first()).toBeVisible();
  await expectAccessible(nurse);
});
