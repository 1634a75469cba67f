import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { WorklistItem } from '../events/bus';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';
import { normalizePhone } from './phone';

const SECRET = 'demo-sms-secret';
// From the range PTS reserves for fiction and tests (070-1740605 … 070-1740699).
const PHONE = '+46701740605';
const OTHER_PHONE = '+46701740606';

describe('normalizePhone', () => {
  it.each([
    ['070-174 06 05', PHONE],
    ['0701740605', PHONE],
    ['+46 70 174 06 05', PHONE],
    ['+46 (0)70 174 06 05', PHONE],
    ['0046701740605', PHONE],
    ['46701740605', PHONE],
    ['+4712345678', '+4712345678'],
    ['12', undefined],
    ['hemma', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe.each(DATABASE_KINDS)('SMS reporting (%s database)', (kind) => {
  let t: TestContext;
  let n = 0;
  const send = (text: string, opts: { from?: string; messageId?: string; secret?: string | null } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: opts.secret === null ? {} : { 'x-hemma-sms-secret': opts.secret ?? SECRET },
      payload: {
        from: opts.from ?? '070-174 06 05',
        to: '+46701740699',
        text,
        messageId: opts.messageId ?? `msg-${++n}`,
      },
    });
  const observations = async () =>
    (
      await t.db.query<{ code: string; value: number; value2: number | null; source: string }>(
        'SELECT code, value, value2, source FROM observation WHERE patient_id = $1 ORDER BY received_at, id',
        [t.fixture.patientA],
      )
    ).rows;
  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM observation')).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestContext(kind);
    await t.db.query(
      `INSERT INTO patient_phone (patient_id, phone_e164, verified_at) VALUES ($1, $2, now()), ($3, $4, NULL)`,
      [t.fixture.patientA, PHONE, t.fixture.patientB, OTHER_PHONE],
    );
  });
  afterAll(() => t.close());

  it('stores the values with source sms, blood pressure as one panel, and confirms them', async () => {
    const res = await send('BT 128/82 P 71, vikt 82,4');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ reply: 'Tack! Sparat: blodtryck 128/82, puls 71, vikt 82,4 kg.' });
    expect(await observations()).toEqual([
      { code: '85354-9', value: 128, value2: 82, source: 'sms' },
      { code: '8867-4', value: 71, value2: null, source: 'sms' },
      { code: '29463-7', value: 82.4, value2: null, source: 'sms' },
    ]);
    const messages = await t.db.query('SELECT outcome, patient_id, from_hash FROM sms_message');
    expect(messages.rows).toEqual([
      { outcome: 'stored', patient_id: t.fixture.patientA, from_hash: expect.any(String) },
    ]);
    // Neither the number nor the text is kept.
    expect(JSON.stringify(messages.rows)).not.toContain('701740605');
    const patient = await login(t.app, 'patient.a');
    const mine = json<{ observations: { source: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/patient/observations', headers: patient }),
    );
    expect(mine.observations.filter((o) => o.source === 'sms')).toHaveLength(3);
  });

  it('evaluates the values and raises alerts on the worklist like any other channel', async () => {
    const events: WorklistItem[] = [];
    const unsubscribe = t.bus.subscribe('alert-created', (e) => events.push(e));
    const res = await send('blodtryck 186/114', { from: '+46701740605' });
    unsubscribe();
    expect(json(res)).toEqual({ reply: 'Tack! Sparat: blodtryck 186/114.' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ patientId: t.fixture.patientA, severity: 'red' });
    const nurse = await login(t.app, 'nurse.a');
    const { items } = json<{ items: { alertId: string; severity: string }[] }>(
      await t.app.inject({ method: 'GET', url: '/api/staff/worklist', headers: nurse }),
    );
    expect(items.map((i) => i.alertId)).toContain(events[0]!.alertId);
  });

  it('stores nothing twice when the provider retries the same message', async () => {
    const first = await send('SAT 95 TEMP 37,2', { messageId: 'retry-1' });
    const before = await count();
    const retry = await send('SAT 95 TEMP 37,2', { messageId: 'retry-1', from: '0046701740605' });
    expect(retry.statusCode).toBe(200);
    expect(json(retry)).toEqual(json(first));
    expect(await count()).toBe(before);
    const rows = await t.db.query(
      `SELECT count(*) AS n FROM sms_message WHERE provider_message_id = 'retry-1'`,
    );
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('gives unknown and unverified numbers a neutral reply and stores nothing', async () => {
    const before = await count();
    for (const from of ['+46701740699', OTHER_PHONE, 'not a number']) {
      const res = await send('BT 140/90', { from });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({
        reply: 'Det här numret kan inte ta emot mätvärden. Kontakta din vårdenhet.',
      });
    }
    expect(await count()).toBe(before);
    const outcomes = await t.db.query(
      `SELECT outcome, patient_id FROM sms_message WHERE outcome = 'unknown-sender'`,
    );
    expect(outcomes.rows).toHaveLength(3);
    expect(outcomes.rows.every((r) => r.patient_id === null)).toBe(true);
  });

  it('stores nothing of a message it does not fully understand, and replies with help', async () => {
    const before = await count();
    const res = await send('BT 140/90 VKT 82');
    expect(res.statusCode).toBe(200);
    expect(json<{ reply: string }>(res).reply).toBe(
      'Inget sparades.\nJag förstod inte "VKT 82". Skriv till exempel: VIKT 82,4\nRätta och skicka hela meddelandet igen.',
    );
    expect(await count()).toBe(before);
    const free = json<{ reply: string }>(await send('Jag mår inte bra'));
    expect(free.reply).toContain('112');
    expect(await count()).toBe(before);
  });

  it('answers in the patient’s language', async () => {
    await t.db.query(
      `UPDATE account SET locale = 'en' WHERE id = (SELECT account_id FROM patient WHERE id = $1)`,
      [t.fixture.patientA],
    );
    const res = await send('P 66');
    await t.db.query(
      `UPDATE account SET locale = 'sv' WHERE id = (SELECT account_id FROM patient WHERE id = $1)`,
      [t.fixture.patientA],
    );
    expect(json(res)).toEqual({ reply: 'Thank you! Saved: pulse 66.' });
  });

  it('accepts the form-encoded body providers often send', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: { 'x-hemma-sms-secret': SECRET, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        from: '+46701740605',
        to: '+46701740699',
        text: 'SOCKER 6,1',
        messageId: 'form-1',
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ reply: 'Tack! Sparat: blodsocker 6,1 mmol/L.' });
  });

  it('answers 401 to a wrong or missing secret, storing nothing', async () => {
    const before = await count();
    for (const secret of ['wrong', null, `${SECRET}x`]) {
      const res = await send('BT 140/90', { secret });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await count()).toBe(before);
  });

  it('answers 400 to a body without the fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: { 'x-hemma-sms-secret': SECRET },
      payload: { from: PHONE },
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers 503 outside demo mode when no secret is configured', async () => {
    const config = { ...loadConfig({ HEMMA_DEMO: '0' }), webDist: '/nonexistent' };
    expect(config.smsSecret).toBeUndefined();
    const { app } = await buildApp(t.db, config, { logger: false });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/sms/inbound',
        headers: { 'x-hemma-sms-secret': SECRET },
        payload: { from: PHONE, to: '+46701740699', text: 'P 70', messageId: 'no-secret' },
      });
      expect(res.statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });
});
