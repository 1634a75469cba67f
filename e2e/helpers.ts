import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, expect, type Page, request } from '@playwright/test';
import { watchCsp } from './csp';

export const PASSWORD = 'hemma-demo';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A fresh browser context (Swedish, Stockholm time) logged in through the login form. */
export async function loginAs(
  browser: Browser,
  username: string,
  viewport: { width: number; height: number },
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext({
    viewport,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    ...options,
  });
  const page = watchCsp(await context.newPage());
  await page.goto('/login');
  // The account remembers its last language; a choice on the login page wins, so every test starts in
  // Swedish whatever an earlier test chose for the same demo account.
  await page.evaluate(() => localStorage.setItem('hemma.lang', 'sv'));
  await page.reload();
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  return page;
}

/** axe-core finds no WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A demo patient's personnummer as the server seeded it, looked up by a nurse of the patient's unit.
 *  Demo birth dates follow the day of seeding, so a number generated again in the test would differ
 *  from the server's when a run spans midnight. */
export async function seededPersonnummer(
  baseURL: string,
  patient: { givenName: string; familyName: string },
  nurse = 'nurse.north',
): Promise<string> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { 'X-Requested-With': 'hemma' } });
  expect((await api.post('/api/auth/login', { data: { username: nurse, password: PASSWORD } })).ok()).toBe(
    true,
  );
  const name = `${patient.givenName} ${patient.familyName}`;
  const res = await api.get(`/api/staff/patients?q=${encodeURIComponent(name)}`);
  const { patients } = (await res.json()) as { patients: { name: string; personnummer: string }[] };
  await api.dispose();
  const found = patients.filter((p) => p.name === name);
  expect(found).toHaveLength(1);
  return found[0]!.personnummer;
}
