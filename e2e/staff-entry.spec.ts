import { expect, test } from '@playwright/test';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

test('a nurse records a weight on the patient’s behalf; it is marked as entered by staff', async ({
  browser,
}) => {
  const nurse = await loginAs(browser, 'nurse.north', { width: 1280, height: 900 });
  await expect(nurse.getByRole('heading', { level: 1, name: 'Arbetslista' })).toBeVisible();
  const nurseName = ((await (await nurse.request.get('/api/me')).json()) as { displayName: string })
    .displayName;

  // From the patient list to one patient.
  await nurse.getByRole('link', { name: 'Patienter' }).first().click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'Patienter' })).toBeVisible();
  const first = nurse.getByRole('table').getByRole('link').first();
  const patientName = (await first.textContent())!.trim();
  await first.click();
  await expect(nurse).toHaveURL(/\/staff\/patients\/[0-9a-f-]{36}$/);
  await expect(nurse.getByRole('heading', { level: 1, name: patientName })).toBeVisible();

  // Open the entry form, choose weight, fill it in; the page with the form open is accessible.
  const entry = nurse.getByRole('region', { name: 'Registrera värde åt patienten' });
  await entry.getByRole('button', { name: 'Registrera värde' }).click();
  await entry.getByRole('radio', { name: 'Vikt' }).check();
  await entry.getByRole('textbox', { name: 'Vikt' }).fill('78,4');
  await expect(entry.getByText('När mättes värdet?')).toBeVisible();
  await expectAccessible(nurse);
  await entry.getByRole('button', { name: 'Spara', exact: true }).click();

  // Feedback in staff words: saved, with the colour assessment.
  const feedback = entry.getByRole('status');
  await expect(feedback.getByRole('heading', { name: 'Värdet är sparat' })).toBeVisible();
  await expect(feedback.getByText(/Grön|Gul|Röd/).first()).toBeVisible();
  await expect(feedback.getByText('Vikt: 78,4 kg')).toBeVisible();
  await expect(feedback).toBeFocused();
  await expectAccessible(nurse);

  // The weight table shows the new value, marked as entered by staff with the nurse's name.
  const weight = nurse.getByRole('region', { name: 'Vikt', exact: true });
  const row = weight.getByRole('row').filter({ hasText: '78,4 kg' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: `Personal (${nurseName})` })).toBeVisible();

  // Closing the feedback returns focus to the button that opened the form.
  await feedback.getByRole('button', { name: 'Stäng' }).click();
  await expect(entry.getByRole('button', { name: 'Registrera värde' })).toBeFocused();
});

test('the app is installable: the manifest is linked and served with its icons', async ({
  page,
  request,
}) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png');

  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/json/);
  const manifest = (await res.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    lang: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Hemma', start_url: '/', display: 'standalone', lang: 'sv' });
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const src of new Set([...manifest.icons.map((i) => i.src), '/apple-touch-icon.png'])) {
    const icon = await request.get(src);
    expect(icon.status(), src).toBe(200);
    expect(icon.headers()['content-type'], src).toMatch(/^image\//);
  }
});
