import { expect, type Page, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

/** How many stored weights have exactly this value (the server's view, not the page's). */
async function storedWeights(page: Page, value: number): Promise<number> {
  const res = await page.request.get('/api/patient/observations?code=29463-7&limit=500');
  expect(res.ok()).toBe(true);
  const { observations } = (await res.json()) as { observations: { values: number[] }[] };
  return observations.filter((o) => o.values[0] === value).length;
}

// In-app navigation only while offline: Chromium's offline emulation does not carry over to documents
// loaded later, so a page.goto would report navigator.onLine = true (the app copes; the test stays honest).
async function recordWeight(page: Page, value: string) {
  await page.getByRole('link', { name: 'Registrera' }).click();
  await page.getByRole('link', { name: /^Vikt/ }).click();
  await page.getByLabel('Vikt').fill(value);
  await page.getByRole('button', { name: 'Spara' }).click();
}

test('offline: the app opens from the service worker, values wait on the device and arrive exactly once', async ({
  browser,
}) => {
  const page = await loginAs(browser, 'patient3', { width: 320, height: 740 });
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
  // The service worker has precached the app shell and controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.getByRole('link', { name: 'Se mina värden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mina värden' })).toBeVisible();
  await expect(page.getByText('Hämtar', { exact: false })).toHaveCount(0);

  await page.context().setOffline(true);
  await page.getByRole('link', { name: 'Registrera' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
  await expect(page.getByText('Du är inte ansluten till internet.', { exact: false })).toBeVisible();
  // The plan for today opens from the device copy as well.
  await expect(page.getByRole('region', { name: 'I dag' })).toBeVisible();

  await recordWeight(page, '71,3');
  await expect(page.getByRole('heading', { name: 'Sparat på din enhet' })).toBeVisible();
  await expect(page.getByTestId('outbox-waiting')).toHaveText('1 värde väntar på att skickas');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Registrera' }).click();
  await page.getByRole('link', { name: /^Blodtryck/ }).click();
  await page.getByLabel('Övre trycket (systoliskt)').fill('131');
  await page.getByLabel('Undre trycket (diastoliskt)').fill('79');
  await page.getByLabel(/^Puls/).fill('66');
  await page.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByTestId('outbox-waiting')).toHaveText('3 värden väntar på att skickas');
  // A value the server will refuse (900 kg: the form only warns) waits too, and is shown as refused later.
  await recordWeight(page, '900');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('4 värden väntar på att skickas');

  // History opens from the device copy, marked with when it was fetched.
  await page.getByRole('link', { name: 'Mina värden' }).click();
  await expect(page.getByText('Visar det som hämtades senast', { exact: false })).toBeVisible();
  await expectAccessible(page);
  expect(await storedWeights(page, 71.3)).toBe(0);

  await page.context().setOffline(false);
  await expect(page.getByTestId('outbox-waiting')).toHaveCount(0, { timeout: 15_000 });
  expect(await storedWeights(page, 71.3)).toBe(1);
  expect(await storedWeights(page, 900)).toBe(0);
  await expect(page.getByText('1 värde kunde inte tas emot av vården. Mät gärna igen.')).toBeVisible();
  await page.getByRole('button', { name: 'Ta bort meddelandet' }).click();
  await expect(page.getByText('1 värde kunde inte tas emot av vården.', { exact: false })).toHaveCount(0);

  // The answer is lost on the way back: the server stored it, the app queues it and sends it again with
  // the same key. The server must still hold it once.
  let dropped = 0;
  await page.route('**/api/patient/measurements', async (route) => {
    if (dropped > 0) return route.continue();
    dropped += 1;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await recordWeight(page, '71,4');
  await expect(page.getByRole('heading', { name: 'Sparat på din enhet' })).toBeVisible();
  expect(await storedWeights(page, 71.4)).toBe(1);
  // The connection "returns": the queue is sent at once.
  await page.context().setOffline(true);
  await page.context().setOffline(false);
  await expect(page.getByTestId('outbox-waiting')).toHaveCount(0, { timeout: 15_000 });
  expect(dropped).toBe(1);
  expect(await storedWeights(page, 71.4)).toBe(1);

  // A fresh start (reload) with nothing queued sends nothing more.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await storedWeights(page, 71.3)).toBe(1);
});
