import { expect, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

// A 1×1 PNG: the server checks attachments by their first bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

test('patient sends an image; the nurse answers with a note and a quick reply; the patient sees only the reply', async ({
  browser,
}) => {
  const subject = `Svullen fot ${Date.now()}`;
  const patient = await loginAs(browser, 'patient1', { width: 320, height: 720 });
  await patient.getByRole('link', { name: /^Meddelanden/ }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Meddelanden' })).toBeVisible();
  await patient.getByText('Skriv ett nytt meddelande').click();
  await patient.getByLabel('Ämne').fill(subject);
  await patient.getByLabel('Meddelande', { exact: true }).fill('Min fot har svullnat sedan i går.');
  await patient.getByRole('button', { name: 'Skicka' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: subject })).toBeVisible();

  // A photo of the foot, as an attachment.
  await patient.getByLabel('Bifoga bild eller PDF (valfritt)').setInputFiles({
    name: 'fot.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await patient.getByLabel('Meddelande', { exact: true }).fill('Här är en bild.');
  await patient.getByRole('button', { name: 'Skicka', exact: true }).click();
  await expect(patient.getByRole('img', { name: 'Bifogad bild: fot.png' })).toBeVisible();
  await expectAccessible(patient);

  // The nurse sees an unread conversation in the navigation of the worklist page.
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  const nav = nurse.getByTestId('chat-nav');
  await expect(nav).toContainText(/oläst/);
  await nav.click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'Inkorg' })).toBeVisible();
  await nurse.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(nurse.getByRole('img', { name: 'Bifogad bild: fot.png' })).toBeVisible();
  // Opening it marks it read: the badge goes.
  await expect(nav).not.toContainText(/oläst/);

  // An internal note, then a quick reply to the patient.
  await nurse.getByRole('radio', { name: 'Intern anteckning' }).check();
  await nurse.getByLabel('Intern anteckning (syns bara för personal)').fill('Ring upp i eftermiddag – ödem?');
  await nurse.getByRole('button', { name: 'Spara anteckning' }).click();
  await expect(nurse.getByText('Ring upp i eftermiddag – ödem?')).toBeVisible();
  await expect(nurse.getByText('Intern anteckning – syns inte för patienten')).toBeVisible();

  await nurse.getByRole('radio', { name: 'Svar till patienten' }).check();
  await nurse.getByLabel('Snabbsvar').selectOption({ label: 'Tack, vi återkommer' });
  await expect(nurse.getByLabel('Meddelande', { exact: true })).toHaveValue(
    'Tack för ditt meddelande. Vi återkommer till dig under dagen.',
  );
  await nurse.getByRole('button', { name: 'Skicka', exact: true }).click();
  await expect(
    nurse.locator('.chat-message--own').filter({ hasText: 'Vi återkommer till dig' }),
  ).toBeVisible();
  await expectAccessible(nurse);

  // The patient's open conversation shows the reply live, and never the note.
  await expect(
    patient.getByText('Tack för ditt meddelande. Vi återkommer till dig under dagen.'),
  ).toBeVisible();
  await expect(patient.getByText('Ring upp i eftermiddag')).toHaveCount(0);
  await expect(patient.getByText('Intern anteckning')).toHaveCount(0);
  // The patient's messages carry read receipts.
  await expect(patient.locator('.chat-message--own').first()).toContainText('Läst');
  await expectAccessible(patient);

  // The same after a full reload: the note is not in what the server sends the patient.
  await patient.reload();
  await expect(patient.getByText('Tack för ditt meddelande.')).toBeVisible();
  await expect(patient.getByText('Ring upp i eftermiddag')).toHaveCount(0);
});

test('the patient chooses notification channels, quiet hours and reminders', async ({ browser }) => {
  const patient = await loginAs(browser, 'patient2', { width: 320, height: 720 });
  await patient.getByRole('link', { name: /^Meddelanden/ }).click();
  await patient.getByRole('link', { name: 'Inställningar för aviseringar och påminnelser' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Aviseringar och påminnelser' })).toBeVisible();
  await patient.getByLabel('Från').selectOption('22');
  await patient.getByLabel('Till').selectOption('7');
  await patient.getByLabel('Tid för påminnelse').fill('18:30');
  await expectAccessible(patient);
  await patient.getByRole('button', { name: 'Spara' }).click();
  await expect(patient.getByText('Inställningarna är sparade.')).toBeAttached();
  await patient.reload();
  await expect(patient.getByLabel('Från')).toHaveValue('22');
  await expect(patient.getByLabel('Tid för påminnelse')).toHaveValue('18:30');
});

test('a nurse writes to a patient about an alert from the patient page', async ({ browser }) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  await nurse.locator('.worklist__open').first().click();
  await nurse.getByRole('link', { name: 'Skriv till patienten om larmet' }).first().click();
  await expect(
    nurse.getByRole('heading', { level: 1, name: 'Nytt meddelande till patienten' }),
  ).toBeVisible();
  await expect(nurse.getByText('Gäller ett larm')).toBeVisible();
  await expectAccessible(nurse);
  await nurse.getByLabel('Ämne').fill('Ditt blodtryck');
  await nurse.getByLabel('Meddelande', { exact: true }).fill('Hur mår du? Mät gärna igen i kväll.');
  await nurse.getByRole('button', { name: 'Skicka' }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'Ditt blodtryck' })).toBeVisible();
  await expect(nurse.getByText('Gäller ett larm')).toBeVisible();
  await expect(nurse.getByText('Hur mår du? Mät gärna igen i kväll.')).toBeVisible();
});
