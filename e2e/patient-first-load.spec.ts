// The patient app's first load (issue 7 part 9; timings are a benchmark, bench/web-budget.ts): only the
// active language's texts are downloaded (the first view's part first, the rest after), the session check and the start page's data are each requested
// once (started by the boot module, taken over by the app), and a language switch fetches the other
// language before showing it.
import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

test('a patient opening the app downloads one language, asks for the session and today once', async ({
  browser,
}) => {
  const page = await loginAs(browser, 'patient1', { width: 360, height: 740 });
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();

  // A fresh load of the start page, as when the installed app is opened (nothing left of the last one).
  await page.goto('about:blank');
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const todayAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/patient/today');
  await page.goto('/patient');
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
  await expect(page.locator('.big-choice').first()).toBeVisible();
  expect((await todayAnswered).status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');

  const count = (path: string) => requested.filter((p) => p === path).length;
  expect(count('/api/me')).toBe(1);
  // The first view's texts once; the rest of Swedish (other pages' texts) follows once the page has loaded.
  expect(requested.filter((p) => /\/assets\/locale-sv-(?!more-)/.test(p))).toHaveLength(1);
  await expect.poll(() => requested.filter((p) => /\/assets\/locale-sv-more-/.test(p)).length).toBe(1);
  expect(requested.filter((p) => /\/assets\/locale-(?!sv-)/.test(p))).toEqual([]);
  // Started by the boot module and taken over by the page, never sent twice for the first view (the
  // offline copy is refreshed once more afterwards).
  expect(count('/api/patient/today')).toBeGreaterThan(0);
  expect(count('/api/patient/today')).toBeLessThanOrEqual(2);

  // Switching language downloads English once, then shows it; the document follows.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What do you want to measure?' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  // All of English (a switch takes the whole language), each part once.
  expect(requested.filter((p) => /\/assets\/locale-en-(?!more-)/.test(p))).toHaveLength(1);
  expect(requested.filter((p) => /\/assets\/locale-en-more-/.test(p))).toHaveLength(1);
  await page.getByRole('button', { name: 'Svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
  await page.context().close();
});
