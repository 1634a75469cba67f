import { type Browser, expect, type Page, test } from '@playwright/test';
import { type FakeDeviceSpec, fakeBluetooth } from '../packages/web/src/ble/fakeBluetooth';
import { takeCspViolations } from './csp';
import { expectAccessible, loginAs } from './helpers';

test.afterEach(() => {
  expect(takeCspViolations()).toEqual([]);
});

const PHONE = { width: 320, height: 740 };

// The service worker (tested in patient-offline.spec.ts) is kept out here: its precaching of every chunk
// in each new context would only add load.
async function loginPatient(browser: Browser, username: string) {
  const page = await loginAs(browser, username, PHONE, { serviceWorkers: 'block' });
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
  return page;
}

/** Replaces navigator.bluetooth with a scripted device before any app code runs. The bytes it sends are
 *  built by the GATT Specification Supplement layouts; decoding and everything after is the real app. */
async function withDevice(page: Page, spec: FakeDeviceSpec | null) {
  const install = spec
    ? `const fake = (${fakeBluetooth.toString()})(${JSON.stringify(spec)});`
    : 'const fake = undefined;';
  await page.addInitScript({
    content: `${install} Object.defineProperty(Navigator.prototype, 'bluetooth', { get: () => fake, configurable: true });`,
  });
}

async function stored(page: Page, code: string): Promise<{ values: number[]; source: string }[]> {
  const res = await page.request.get(
    `/api/patient/observations?code=${code}&from=2000-01-01T00:00:00Z&limit=500`,
  );
  return ((await res.json()) as { observations: { values: number[]; source: string }[] }).observations;
}

test('Bluetooth: a blood pressure cuff is read, shown for confirmation and stored as a device value', async ({
  browser,
}) => {
  const page = await loginPatient(browser, 'patient5');
  await withDevice(page, {
    name: 'BP cuff',
    service: 0x1810,
    info: { manufacturer: 'Acme', model: 'BP-7', serial: 'SN123' },
    // 0x2A35: flags time stamp + pulse; 127/83 mmHg, MAP 98, 2026-11-21 08:15:00, pulse 67
    values: { 10805: ['067f0053006200ea070b15080f004300'] },
    disconnectAfter: true,
  });
  await page.goto('/patient');
  await page.getByRole('link', { name: 'Mät med Bluetooth-enhet' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mät med Bluetooth-enhet' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Blodtrycksmätare/ }).click();
  await expect(page.getByRole('heading', { name: 'Stämmer värdena?' })).toBeVisible();
  await expect(page.getByText('Från Acme BP-7')).toBeVisible();
  await expect(page.getByText('127/83 mmHg')).toBeVisible();
  await expect(page.getByText('67 /min', { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Skicka värdet' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'målområde' }).first()).toBeVisible();
  const bp = await stored(page, '85354-9');
  expect(bp.filter((o) => o.values[0] === 127 && o.values[1] === 83)).toEqual([
    expect.objectContaining({ source: 'device' }),
  ]);
});

test('Bluetooth: stored glucose records come through the RACP, control solution is never stored, a second transfer adds nothing', async ({
  browser,
}) => {
  const page = await loginPatient(browser, 'patient6');
  await withDevice(page, {
    name: 'Meter',
    service: 0x1808,
    info: { model: 'G1', serial: 'M-77' },
    values: {
      10776: [
        '020100ea070b1507000070b011', // 112 mg/dL = 6.2 mmol/L, capillary, finger
        '020200ea070b1507100064b01a', // control solution
        '020300ea070b150c000096b011', // 150 mg/dL = 8.3 mmol/L
      ],
    },
    racp: true,
  });
  await page.goto('/patient/ble');
  for (let round = 0; round < 2; round++) {
    await page.getByRole('button', { name: /Blodsockermätare/ }).click();
    await expect(
      page.getByText('Ett test med kontrollösning – det sparas inte som ditt värde.'),
    ).toBeVisible();
    await expect(page.getByText('6,2 mmol/L')).toBeVisible();
    await expect(page.getByText('8,3 mmol/L')).toBeVisible();
    await page.getByRole('button', { name: 'Skicka 2 värden' }).click();
    await page.getByRole('button', { name: 'Registrera ett värde till' }).click();
  }
  const glucose = await stored(page, '15074-8');
  expect(glucose.map((o) => o.values[0]).sort()).toEqual([6.2, 8.3]);
});

test('without Web Bluetooth the app says so plainly and offers manual entry', async ({ browser }) => {
  const page = await loginPatient(browser, 'patient7');
  await withDevice(page, null);
  await page.goto('/patient/ble');
  await expect(
    page.getByText('Den här webbläsaren kan inte läsa Bluetooth-mätare.', { exact: false }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Skriv in värdet själv' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vad vill du mäta?' })).toBeVisible();
});

const APPLE_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation)*)>
]>
<HealthData locale="sv_SE">
 <ExportDate value="2026-11-21 10:00:00 +0100"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Withings" unit="kg" startDate="2026-11-10 07:30:00 +0100" endDate="2026-11-10 07:30:00 +0100" value="83.7"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" startDate="2026-11-10 07:30:00 +0100" endDate="2026-11-10 08:30:00 +0100" value="1200"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" startDate="2026-11-11 08:00:00 +0100" endDate="2026-11-11 08:00:00 +0100">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="2026-11-11 08:00:00 +0100" endDate="2026-11-11 08:00:00 +0100" value="133"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" startDate="2026-11-11 08:00:00 +0100" endDate="2026-11-11 08:00:00 +0100" value="87"/>
 </Correlation>
 <Record type="HKQuantityTypeIdentifierOxygenSaturation" sourceName="Watch" unit="%" startDate="2026-11-12 09:05:00 +0100" endDate="2026-11-12 09:05:00 +0100" value="0.96"/>
</HealthData>
`;

test('import: an Apple Health export is previewed, imported, and a second import is a no-op', async ({
  browser,
}) => {
  const page = await loginPatient(browser, 'patient8');
  await page.getByRole('link', { name: 'Importera värden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Importera värden' })).toBeVisible();
  await expectAccessible(page);
  for (const expected of ['3 värden importerades.', '3 värden fanns redan och hoppades över.']) {
    await page.getByLabel('Välj fil').setInputFiles({
      name: 'export.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from(APPLE_EXPORT),
    });
    await expect(page.getByRole('heading', { name: 'Hittat i filen (Apple Health)' })).toBeVisible();
    await expect(
      page.getByText('1 post av en sort som vården inte tar emot här (till exempel steg).'),
    ).toBeVisible();
    await expect(page.getByRole('cell', { name: '133/87 mmHg' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Importera 3 värden' }).click();
    await expect(page.getByTestId('import-summary')).toContainText(expected);
    await expectAccessible(page);
    if (expected.startsWith('3 värden importerades')) await page.goto('/patient/import');
  }
  const weights = await stored(page, '29463-7');
  expect(weights.filter((o) => o.values[0] === 83.7)).toEqual([
    expect.objectContaining({ source: 'import' }),
  ]);
});

test('accessibility: every patient page is axe-clean, the large-text setting is kept, English is complete', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await loginPatient(browser, 'patient9');
  for (const path of [
    '/patient',
    '/patient/record/bp',
    '/patient/history',
    '/patient/settings',
    '/patient/import',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }

  // Keyboard only: the text size is a radio group reached with Tab and changed with the arrow keys.
  await page.goto('/patient/settings');
  await page.getByRole('radio', { name: 'Normal' }).focus();
  await page.keyboard.press('ArrowRight');
  // The accessible name includes the checked mark drawn by CSS ("✓ Stor").
  await expect(page.getByRole('radio', { name: 'Stor' })).toBeChecked();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  await expectAccessible(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.goto('/patient/ble');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Measure with a Bluetooth device' }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('today: the start page shows what the plan asks for today, each with its action, and the care contacts', async ({
  browser,
}) => {
  // patient4 has COPD: the plan asks for SpO2, pulse and peak flow every morning, so today is never empty.
  const page = await loginPatient(browser, 'patient4');
  // The page mirrors the care-plan API (whether an occasion is done depends on the time of day the test runs).
  const today = (await (await page.request.get('/api/patient/today')).json()) as {
    items: { title: { sv: string }; status: string; kind: string }[];
  };
  const plan = (await (await page.request.get('/api/patient/plan')).json()) as {
    plan: { contract: { contacts: { name: string }[] } };
  };
  expect(today.items.length).toBeGreaterThan(0);
  const region = page.getByRole('region', { name: 'I dag' });
  await expect(region.getByRole('listitem')).toHaveCount(today.items.length);
  const open = today.items.filter((i) => i.status !== 'done');
  await expect(region.getByRole('link', { name: /^(Mät|Svara)/ })).toHaveCount(open.length);
  if (open.length > 0) {
    await region
      .getByRole('link', { name: /^(Mät|Svara)/ })
      .first()
      .click();
    await expect(page).not.toHaveURL(/\/patient\/?$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goBack();
  }
  const care = page.getByRole('region', { name: 'Min vård' });
  for (const c of plan.plan.contract.contacts) await expect(care.getByText(c.name)).toBeVisible();
  await expectAccessible(page);
});
