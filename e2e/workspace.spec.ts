import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

// The clinician workspace (issue 6), driven with the keyboard where the flow allows it: worklist review
// (j/k, n, a, Enter, ?), triage (assign, snooze), the patient overview (summary, medication, notes,
// timeline) and validation into the record with export. Screenshots go to docs/screenshots/.

// Refreshing the committed screenshots is a choice (HEMMA_SCREENSHOTS=1), so a test run leaves the tree clean.
const SHOTS = process.env.HEMMA_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
fs.mkdirSync(SHOTS, { recursive: true });

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

const focusedRow = (page: Page) => page.locator('.worklist__row:focus-within');

test('worklist: keyboard review, help overlay, acknowledge, assign and snooze', async ({ browser }) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  const list = nurse.getByRole('list', { name: 'Öppna ärenden' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  // One line per item with its reason in words; validation items are there for values left unvalidated.
  await expect(list.getByText(/värden? väntar på validering/).first()).toBeVisible();
  await expectAccessible(nurse);
  await nurse.screenshot({ path: `${SHOTS}/worklist.png` });

  // j/k move between items; n jumps to the next patient.
  await nurse.keyboard.press('j');
  await expect(focusedRow(nurse)).toHaveCount(1);
  const firstPatient = await nurse.evaluate(() => (document.activeElement as HTMLElement).dataset.patient);
  await nurse.keyboard.press('n');
  const nextPatient = await nurse.evaluate(() => (document.activeElement as HTMLElement).dataset.patient);
  expect(nextPatient).toBeTruthy();
  expect(nextPatient).not.toBe(firstPatient);
  await nurse.keyboard.press('k');
  await nurse.keyboard.press('k');

  // ? shows the shortcuts, Escape closes them.
  await nurse.keyboard.press('?');
  const help = nurse.getByRole('dialog', { name: 'Kortkommandon' });
  await expect(help.getByText('Nästa patient')).toBeVisible();
  await expect(help.getByText('Kvittera larmet')).toBeVisible();
  await expectAccessible(nurse);
  await nurse.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // a acknowledges the focused alert (the first item is a red alert in the demo data).
  await nurse.keyboard.press('j');
  const acknowledged = await nurse.evaluate(() => (document.activeElement as HTMLElement).dataset.alert);
  expect(acknowledged).toBeTruthy();
  await nurse.keyboard.press('a');
  const ack = nurse.getByRole('dialog', { name: 'Kvittera larm' });
  await expect(ack).toBeVisible();
  await nurse.keyboard.type('Ringt patienten');
  await ack.getByRole('button', { name: 'Kvittera' }).press('Enter');
  await expect(nurse.locator(`[data-alert="${acknowledged}"]`)).toHaveCount(0);

  // Assign the first alert to the physician of the unit; "assigned to me" for them shows it.
  const firstAlert = list.locator('li[data-kind="alert"]').first();
  await firstAlert.getByRole('button', { name: /^Tilldela/ }).click();
  const assign = nurse.getByRole('dialog', { name: 'Tilldela en kollega' });
  const options = await assign.getByLabel('Kollega').locator('option').allTextContents();
  const physician = options.find((o) => o.includes('läkare'))!;
  await assign.getByLabel('Kollega').selectOption({ label: physician });
  await expectAccessible(nurse);
  await assign.getByRole('button', { name: 'Tilldela' }).click();
  await expect(firstAlert.getByText(`Tilldelad ${physician.replace(/ \(läkare\)$/, '')}`)).toBeVisible();

  // Snooze needs a reason; the snoozed item leaves the list and shows under "Visa vilande".
  const second = list.locator('li[data-kind="alert"]').nth(1);
  const snoozedAlert = await second.locator('a').getAttribute('data-alert');
  await second.getByRole('button', { name: /^Vila/ }).click();
  const snooze = nurse.getByRole('dialog', { name: 'Låt larmet vila' });
  await snooze.getByRole('button', { name: 'Vila' }).click();
  await expect(snooze.getByRole('alert')).toHaveText('Ange en anledning på minst 3 tecken.');
  await snooze.getByLabel('Anledning').fill('Väntar på provsvar');
  await snooze.getByRole('button', { name: 'Vila' }).click();
  await expect(nurse.locator(`[data-alert="${snoozedAlert}"]`)).toHaveCount(0);
  await nurse.getByLabel('Visa vilande').check();
  await expect(list.getByText(/Vilar till .*: Väntar på provsvar/)).toBeVisible();
  await nurse.context().close();
});

test('patient overview: summary, medication on the chart, notes, validation and export', async ({
  browser,
}) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  const list = nurse.getByRole('list', { name: 'Öppna ärenden' });
  await nurse.getByLabel('Typ av ärende').selectOption({ label: 'Validering' });
  // The unfiltered list stays on screen until the filtered one arrives; wait for the filtered one.
  await expect(list.locator('li[data-kind="validation"]').first()).toBeVisible();
  await expect(list.locator('li:not([data-kind="validation"])')).toHaveCount(0);
  // Shortcuts do not act while a form field has focus (typing); leave the filter, then j and Enter.
  await nurse.evaluate(() => (document.activeElement as HTMLElement).blur());
  await nurse.keyboard.press('j');
  await expect(focusedRow(nurse)).toHaveAttribute('data-kind', 'validation');
  await nurse.keyboard.press('Enter');
  await expect(nurse).toHaveURL(/\/staff\/patients\/[0-9a-f-]{36}$/);

  const summary = nurse.getByRole('region', { name: 'Sammanfattning för perioden' });
  await expect(summary.getByText('Följsamhet')).toBeVisible();
  await expect(nurse.getByText('Typ av egenmonitorering')).toBeVisible();

  // Medication: required fields are checked, then the new drug shows in the list (and on the charts).
  const meds = nurse.getByRole('region', { name: 'Läkemedel' });
  await meds.getByRole('button', { name: 'Lägg till läkemedel' }).click();
  await expect(meds.getByRole('alert')).toHaveText('Ange läkemedel och dos.');
  await meds.getByLabel('Läkemedel', { exact: true }).fill('Enalapril');
  await meds.getByLabel('Dos').fill('5 mg x 1');
  await meds.getByLabel('Orsak').fill('Förhöjt hemblodtryck');
  await meds.getByRole('button', { name: 'Lägg till läkemedel' }).click();
  await expect(meds.getByRole('cell', { name: 'Enalapril', exact: true })).toBeVisible();

  // A note appears in the notes list and in the timeline.
  const notes = nurse.getByRole('region', { name: 'Anteckningar' });
  await notes.getByLabel('Ny anteckning').fill('Ringt patienten, mår bra.');
  await notes.getByRole('button', { name: 'Spara anteckning' }).click();
  await expect(notes.getByText('Ringt patienten, mår bra.')).toBeVisible();
  const timeline = nurse.getByRole('region', { name: 'Tidslinje' });
  await expect(timeline.getByText('Ringt patienten, mår bra.')).toBeVisible();
  await expect(timeline.getByText(/Insatt: Enalapril 5 mg x 1/)).toBeVisible();
  await expectAccessible(nurse);
  // The top of the overview (the full page is several screens long): header, alerts, summary, plan.
  await nurse.setViewportSize({ width: 1280, height: 1400 });
  await nurse.evaluate(() => window.scrollTo(0, 0));
  await nurse.screenshot({ path: `${SHOTS}/patient-overview.png` });
  await nurse.setViewportSize({ width: 1280, height: 900 });

  // Validate the period, signed by the nurse; then correct one value and see both versions.
  const record = nurse.getByRole('region', { name: 'Validering och export till journalen' });
  const validate = record.getByRole('button', { name: /^Validera \d+ värden?$/ });
  await validate.click();
  await expect(record.getByText('0 värden under perioden är inte validerade.')).toBeVisible();
  await record.getByText(/värden? under perioden$/).click();
  const validated = record
    .getByRole('row')
    .filter({ has: nurse.getByRole('cell', { name: 'Validerat', exact: true }) })
    .first();
  await expect(validated).toBeVisible();
  await validated.getByRole('button', { name: /^Rätta/ }).click();
  const correct = nurse.getByRole('dialog', { name: 'Rätta ett värde' });
  await correct.getByLabel('Värdet ska inte finnas (felregistrerat)').check();
  await correct.getByLabel('Anledning till rättelsen').fill('Fel patient mätte');
  await expectAccessible(nurse);
  await correct.getByRole('button', { name: 'Spara rättelse' }).click();
  await expect(record.getByRole('cell', { name: /Felregistrerat/ })).toBeVisible();

  // Export a PDF: downloaded, and the export log says what, when and by whom.
  const download = nurse.waitForEvent('download');
  await record.getByRole('button', { name: 'Exportera PDF-sammanfattning' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  await expect(
    record.getByRole('list', { name: 'Exporter' }).getByText(/PDF exporterad .* av /),
  ).toBeVisible();
  const fhir = nurse.waitForEvent('download');
  await record.getByRole('button', { name: 'Exportera FHIR-dokument' }).click();
  expect((await fhir).suggestedFilename()).toMatch(/\.json$/);
  await expect(record.getByRole('list', { name: 'Exporter' }).getByRole('listitem')).toHaveCount(2);
  await expectAccessible(nurse);
  await nurse.context().close();
});

test('follow-up dashboard with CSV, and a unit admin sets the escalation ladder', async ({ browser }) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await nurse.getByRole('link', { name: 'Uppföljning' }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'Uppföljning' })).toBeVisible();
  const key = nurse.getByRole('region', { name: 'Nyckeltal' });
  await expect(key.getByText('Larm per 100 patientveckor')).toBeVisible();
  await expect(
    nurse.getByRole('region', { name: 'Utfall' }).getByRole('rowheader', { name: 'Hemblodtryck (medel)' }),
  ).toBeVisible();
  const csv = nurse.waitForEvent('download');
  await nurse.getByRole('link', { name: 'Ladda ner CSV' }).click();
  const file = await (await csv).path();
  expect(fs.readFileSync(file, 'utf8')).toMatch(/^measure,value\r\n/);
  await expectAccessible(nurse);
  await nurse.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
  await nurse.context().close();

  const admin = await loginAs(browser, 'admin.north', { width: 1280, height: 900 });
  await admin.getByRole('link', { name: 'Uppföljning' }).click();
  const ladder = admin.getByRole('region', { name: 'Eskaleringstrappa' });
  await ladder.getByRole('button', { name: 'Lägg till steg' }).click();
  await ladder.getByRole('button', { name: 'Lägg till steg' }).click();
  await ladder.getByLabel('Meddela').nth(1).selectOption({ label: 'jourhavande läkare' });
  await ladder.getByLabel('När').nth(1).selectOption({ label: 'kontorstid' });
  await ladder.getByLabel('Efter minuter').nth(1).fill('120');
  await expectAccessible(admin);
  await ladder.getByRole('button', { name: 'Spara trappan' }).click();
  await expect(admin.getByText('Trappan är sparad')).toBeAttached();
  await admin.reload();
  await expect(
    admin.getByRole('region', { name: 'Eskaleringstrappa' }).getByLabel('Efter minuter').nth(1),
  ).toHaveValue('120');
  await admin.context().close();
});

test('the worklist and the dashboard fit a 320 px wide screen', async ({ browser }) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 320, height: 640 });
  await expect(
    nurse.getByRole('list', { name: 'Öppna ärenden' }).getByRole('listitem').first(),
  ).toBeVisible();
  const overflow = () => nurse.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await nurse.goto('/staff/dashboard');
  await expect(nurse.getByRole('region', { name: 'Nyckeltal' })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await nurse.context().close();
});
