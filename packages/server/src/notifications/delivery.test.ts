import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error http_ece ships no types; decrypt(buffer, params) is its documented API.
import ece from 'http_ece';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createTestContext, DATABASE_KINDS, type TestContext } from '../testing/test-context';
import { emailChannel } from './channels/email';
import { inAppChannel } from './channels/in-app';
import { pushChannel } from './channels/push';
import { httpSmsChannel } from './channels/sms';
import { backoffMs, deliverDueNotifications, enqueueNotification, MAX_ATTEMPTS } from './outbox';
import { DEFAULT_PREFERENCES, setPreferences } from './preferences';

const URL_ = 'https://hemma.example';
const PHONE = '+46701740605';
// Health values and personal data that must never appear in a notification.
const FORBIDDEN = [/\d{2,3}\/\d{2,3}/, /mm\[?Hg/i, /Testsson/, /191212/, /blodtryck|blood pressure/i];
// A daytime instant in Stockholm (10:00 local), outside the default quiet hours.
const DAY = new Date('2026-03-10T09:00:00Z');

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server on a free port that keeps what it receives. */
async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A local SMS provider: answers with the next status in `statuses` (then 200) and records requests. */
async function startSmsProvider() {
  const requests: { auth: string | undefined; body: Record<string, string>; at: number }[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ auth: req.headers.authorization, body: JSON.parse(body), at: Date.now() });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    requests,
    statuses,
    url: `http://127.0.0.1:${port}/sms`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A push service over HTTPS with a certificate made for this test run. */
async function startPushService() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-push-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'));
  const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url === '/gone' ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    base: `https://127.0.0.1:${port}`,
    agent: new https.Agent({ ca: cert }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('backoffMs', () => {
  it('doubles from 30 s and stops at 6 h', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(6 * 3600_000);
  });
});

describe.each(DATABASE_KINDS)('notification delivery against real servers (%s database)', (kind) => {
  let t: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let sms: Awaited<ReturnType<typeof startSmsProvider>>;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let n = 0;
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@hemma.invalid' };
  // The browser side of a subscription: its own key pair and auth secret.
  const browserKeys = createECDH('prime256v1');
  browserKeys.generateKeys();
  const authSecret = randomBytes(16);

  const channels = () => ({
    'in-app': inAppChannel,
    email: emailChannel(smtp.url, 'Hemma <no-reply@hemma.test>'),
    sms: httpSmsChannel(sms.url, { auth: 'Bearer sms-test-token', from: 'Hemma' }),
    push: pushChannel(t.db, vapid, URL_, push.agent),
  });
  const enqueue = (kind: 'message' | 'reminder', now = DAY, count?: number) =>
    t.db.tx((tx) =>
      enqueueNotification(tx, {
        patientId: t.fixture.patientA,
        kind,
        dedupeKey: `test:${++n}`,
        detail: count ? { count } : {},
        now,
      }),
    );
  const deliver = (now: Date) => deliverDueNotifications(t.db, now, channels(), { publicUrl: URL_ });

  beforeAll(async () => {
    [smtp, sms, push] = await Promise.all([startSmtp(), startSmsProvider(), startPushService()]);
    t = await createTestContext(kind);
    await t.db.query(
      `INSERT INTO patient_phone (patient_id, phone_e164, verified_at) VALUES ($1, $2, now())`,
      [t.fixture.patientA, PHONE],
    );
    await t.db.query(`UPDATE patient SET given_name = 'Astrid Maria' WHERE id = $1`, [t.fixture.patientA]);
    await t.db.query(
      `INSERT INTO push_subscription (patient_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)`,
      [
        t.fixture.patientA,
        `${push.base}/push/abc`,
        browserKeys.getPublicKey('base64url'),
        authSecret.toString('base64url'),
      ],
    );
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([smtp.close(), sms.close(), push.close()]);
  });
  beforeEach(async () => {
    await setPreferences(t.db, t.fixture.patientA, {
      ...DEFAULT_PREFERENCES,
      email: true,
      sms: true,
      emailAddress: 'astrid@example.test',
    });
    smtp.mails.length = 0;
    sms.requests.length = 0;
    push.received.length = 0;
  });

  it('delivers a new-message notification on every channel the patient chose, without health data', async () => {
    expect(await enqueue('message')).toBe(4);
    expect(await deliver(DAY)).toEqual({ sent: 4, retrying: 0, failed: 0 });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['astrid@example.test']);
    expect(mail.data).toContain('Subject: Nytt meddelande i Hemma');
    expect(mail.data).toContain('Hej Astrid! Du har ett nytt meddelande i Hemma.');
    for (const re of FORBIDDEN) expect(mail.data).not.toMatch(re);
    expect(mail.data).not.toContain('Maria');

    expect(sms.requests).toHaveLength(1);
    expect(sms.requests[0]).toMatchObject({
      auth: 'Bearer sms-test-token',
      body: {
        to: PHONE,
        from: 'Hemma',
        text: `Hej Astrid! Du har ett nytt meddelande i Hemma. Logga in för att läsa det: ${URL_}`,
      },
    });

    expect(push.received).toHaveLength(1);
    const { headers, body } = push.received[0]!;
    expect(headers['content-encoding']).toBe('aes128gcm');
    expect(String(headers.authorization)).toMatch(/^vapid t=.+, k=/);
    // Decrypted with the subscription's private key and auth secret, as the browser would.
    const clear = ece.decrypt(body, {
      version: 'aes128gcm',
      privateKey: browserKeys,
      authSecret: authSecret.toString('base64url'),
    });
    const payload = JSON.parse(clear.toString('utf8'));
    expect(payload).toEqual({
      title: 'Nytt meddelande i Hemma',
      body: `Hej Astrid! Du har ett nytt meddelande i Hemma. Logga in för att läsa det: ${URL_}`,
      url: URL_,
    });
    // The encrypted body does not contain the text in the clear.
    expect(body.toString('latin1')).not.toContain('Astrid');

    const log = await t.db.query(
      `SELECT o.channel, o.status, a.attempt, a.ok FROM notification_outbox o
       JOIN notification_attempt a ON a.patient_id = o.patient_id AND a.outbox_id = o.id
       WHERE o.dedupe_key LIKE $1 ORDER BY o.channel`,
      [`test:${n}:%`],
    );
    expect(log.rows).toEqual(
      ['email', 'in-app', 'push', 'sms'].map((channel) => ({
        channel,
        status: 'sent',
        attempt: 1,
        ok: true,
      })),
    );
    // Nothing left to do: a second run sends nothing again.
    expect(await deliver(new Date(DAY.getTime() + 3600_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('writes in English for an English-speaking patient', async () => {
    await t.db.query(
      `UPDATE account SET locale = 'en' WHERE id = (SELECT account_id FROM patient WHERE id = $1)`,
      [t.fixture.patientA],
    );
    await enqueue('reminder', DAY, 3);
    await deliver(DAY);
    await t.db.query(
      `UPDATE account SET locale = 'sv' WHERE id = (SELECT account_id FROM patient WHERE id = $1)`,
      [t.fixture.patientA],
    );
    expect(smtp.mails[0]!.data).toContain('Subject: Reminder from Hemma');
    expect(sms.requests[0]!.body.text).toBe(`Hi Astrid! You have 3 things to do in Hemma today: ${URL_}`);
  });

  it('retries a failing SMS provider with exponential back-off and logs every attempt', async () => {
    await setPreferences(t.db, t.fixture.patientA, {
      ...DEFAULT_PREFERENCES,
      push: false,
      inApp: false,
      sms: true,
    });
    sms.statuses.push(500, 503);
    await enqueue('message');
    expect(await deliver(DAY)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // Not yet due: the first back-off is 30 s.
    expect(await deliver(new Date(DAY.getTime() + 29_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await deliver(new Date(DAY.getTime() + 30_000))).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // The second back-off is 60 s after the second attempt.
    expect(await deliver(new Date(DAY.getTime() + 30_000 + 59_000))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(await deliver(new Date(DAY.getTime() + 90_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.requests).toHaveLength(3);
    // The same reference each time, so the provider can drop a duplicate.
    expect(new Set(sms.requests.map((r) => r.body.reference)).size).toBe(1);
    const attempts = await t.db.query(
      `SELECT attempt, ok, detail FROM notification_attempt WHERE outbox_id = $1 ORDER BY attempt`,
      [sms.requests[0]!.body.reference],
    );
    expect(attempts.rows).toEqual([
      { attempt: 1, ok: false, detail: 'provider answered 500' },
      { attempt: 2, ok: false, detail: 'provider answered 503' },
      { attempt: 3, ok: true, detail: 'provider 200' },
    ]);
  });

  it('gives up after the last attempt, and at once on a permanent failure', async () => {
    await setPreferences(t.db, t.fixture.patientA, {
      ...DEFAULT_PREFERENCES,
      push: false,
      inApp: false,
      sms: true,
    });
    sms.statuses.push(...Array(MAX_ATTEMPTS).fill(500));
    await enqueue('message');
    let at = DAY.getTime();
    let last = { sent: 0, retrying: 0, failed: 0 };
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      last = await deliver(new Date(at));
      at += backoffMs(i);
    }
    expect(last).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(sms.requests).toHaveLength(MAX_ATTEMPTS);
    sms.statuses.length = 0;

    sms.statuses.push(400);
    await enqueue('message');
    expect(await deliver(DAY)).toEqual({ sent: 0, retrying: 0, failed: 1 });
  });

  it('holds notifications back during quiet hours, except in-app', async () => {
    // 23:30 in Stockholm (UTC+1 in March before DST).
    const night = new Date('2026-03-10T22:30:00Z');
    await enqueue('message', night);
    expect(await deliver(night)).toEqual({ sent: 1, retrying: 0, failed: 0 }); // in-app only
    expect(smtp.mails).toHaveLength(0);
    expect(await deliver(new Date('2026-03-11T06:59:00Z'))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await deliver(new Date('2026-03-11T07:00:00Z'))).toEqual({ sent: 3, retrying: 0, failed: 0 }); // 08:00
    expect(smtp.mails).toHaveLength(1);
  });

  it('removes a push subscription the push service says is gone', async () => {
    await t.db.query(
      `INSERT INTO push_subscription (patient_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)`,
      [
        t.fixture.patientA,
        `${push.base}/gone`,
        browserKeys.getPublicKey('base64url'),
        authSecret.toString('base64url'),
      ],
    );
    await setPreferences(t.db, t.fixture.patientA, { ...DEFAULT_PREFERENCES, inApp: false });
    await enqueue('message');
    expect(await deliver(DAY)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const subs = await t.db.query('SELECT endpoint FROM push_subscription WHERE patient_id = $1', [
      t.fixture.patientA,
    ]);
    expect(subs.rows.map((r) => r.endpoint)).toEqual([`${push.base}/push/abc`]);
  });
});
