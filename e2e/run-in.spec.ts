import { expect, type Page, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

// Run-in (inkörning): the demo patient Rune Ekdahl lives a few mmHg above his plan's yellow systolic limit;
// his first 14 days are over, so the north unit's worklist says personal limits are proposed. The nurse
// reviews the proposal, lowers the proposed yellow limit by one and accepts; the limits view shows it.

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

/** Filters the worklist to proposals and waits until the unfiltered items (kept while loading) are gone. */
async function showOnlyProposals(nurse: Page) {
  await expect(nurse.getByRole('list', { name: 'Öppna ärenden' })).toBeVisible();
  await nurse.getByLabel('Typ av ärende').selectOption({ label: 'Förslag på gränser' });
  await expect(nurse.locator('li.worklist__row:not([data-kind="proposal"])')).toHaveCount(0);
}

test('a nurse reviews the run-in proposal from the worklist, edits and accepts it, and the limits follow', async ({
  browser,
}) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  await showOnlyProposals(nurse);
  const row = nurse.locator('li[data-kind="proposal"]', { hasText: 'Rune Ekdahl' });
  await expect(row).toContainText('Förslag på personliga gränser: Systoliskt blodtryck');
  await expectAccessible(nurse);
  await row.getByRole('link', { name: 'Öppna Rune Ekdahl' }).click();

  const panel = nurse.getByRole('region', { name: 'Inkörning' });
  await expect(panel).toBeVisible();
  const patientPage = nurse.url();
  const item = panel.getByRole('listitem', { name: 'Systoliskt blodtryck' });
  await expect(item.getByText(/^Vanligt värde [\d,]+ ± [\d,]+ mmHg$/)).toBeVisible();
  await expect(item.getByText(/^\d+ värden under \d+ dagar/)).toBeVisible();
  const yellowHigh = item
    .getByRole('table', { name: 'Gränser för Systoliskt blodtryck: nu och föreslaget' })
    .getByRole('row', { name: /^Gult över/ })
    .getByRole('cell');
  const now = Number.parseInt((await yellowHigh.nth(0).textContent()) ?? '', 10);
  const proposed = Number.parseInt((await yellowHigh.nth(1).textContent()) ?? '', 10);
  expect(proposed).toBeGreaterThan(now);
  // The diastolic limits already fit: a result, not a proposal.
  await expect(panel.getByText('Diastoliskt blodtryck: Nuvarande gränser passar')).toBeVisible();
  await expectAccessible(nurse);
  await panel.screenshot({ path: 'test-results/run-in-panel.png' });

  // Edit: one below the proposal, by keyboard from the edit button on.
  await item.getByRole('button', { name: 'Ändra och godkänn – Systoliskt blodtryck' }).click();
  const form = item.getByRole('group', { name: 'Gula gränser för Systoliskt blodtryck' });
  await expect(form.getByText(/^Röda gränser ändras inte här/)).toBeVisible();
  const high = form.getByLabel('Gult över');
  await expect(high).toHaveValue(String(proposed));
  await high.fill('abc');
  await item.getByRole('button', { name: 'Spara och godkänn' }).click();
  await expect(form.getByText('Skriv ett tal.')).toBeVisible();
  await expect(high).toBeFocused();
  await expectAccessible(nurse);
  await high.fill(String(proposed - 1));
  await form.getByLabel('Kommentar (valfri)').fill('Bedömt vid telefonkontakt');
  await high.press('Enter');

  // The proposal is decided: it leaves the list, focus stays in the panel, the result says who accepted.
  await expect(panel.getByRole('listitem', { name: 'Systoliskt blodtryck' })).toHaveCount(0);
  await expect(panel.getByRole('heading', { name: 'Inkörning', exact: true })).toBeFocused();
  await expect(panel.getByText(/^Systoliskt blodtryck: Godkänt av /)).toBeVisible();

  // The patient's limits view shows the personal limit and where it came from.
  const limits = nurse.locator('.threshold-item', {
    has: nurse.getByRole('heading', { level: 4, name: 'Systoliskt blodtryck' }),
  });
  await expect(limits.locator('dd').nth(2)).toHaveText(`${proposed - 1} mmHg`);
  await expect(limits).toContainText('Orsak: Inkörning 14 dagar: median');
  await expect(limits).toContainText('Bedömt vid telefonkontakt');
  await expectAccessible(nurse);

  // No proposal waits any more: the worklist line has gone.
  await nurse.goto('/staff');
  await showOnlyProposals(nurse);
  await expect(nurse.locator('li[data-kind="proposal"]', { hasText: 'Rune Ekdahl' })).toHaveCount(0);

  // At 320 px the panel fits without sideways scrolling.
  const narrow = await loginAs(browser, 'nurse.north', { width: 320, height: 720 });
  await expect(narrow.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  await narrow.goto(patientPage);
  const small = narrow.getByRole('region', { name: 'Inkörning' });
  await expect(small.getByText(/^Systoliskt blodtryck: Godkänt av /)).toBeVisible();
  expect(await small.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expectAccessible(narrow);
});
