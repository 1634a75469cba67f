import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  DATABASE_KINDS,
  json,
  type TestContext,
  testConfig,
} from '../testing/test-context';
import { client } from './test-client';

const codeAt = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

describe.each(DATABASE_KINDS)('second factor outside demo mode (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind, { demo: false });
  });
  afterAll(() => t.close());

  it('makes staff set up TOTP at first login, then asks for it; a used code is refused', async () => {
    const c = client(t.app);
    const first = await c.send('POST', '/api/auth/login', {
      username: 'nurse.a',
      password: 'secret-password',
    });
    expect(first.statusCode).toBe(200);
    expect(json(first)).toEqual({ stage: 'enrol' });
    // Half-way logged in is not logged in.
    expect((await c.send('GET', '/api/me')).statusCode).toBe(401);
    expect((await c.send('GET', '/api/staff/worklist')).statusCode).toBe(401);

    // The account routes need a complete session; the enrolment routes the login waiting for them.
    expect((await c.send('POST', '/api/account/totp/setup')).statusCode).toBe(401);
    const setup = json<{ secret: string; uri: string }>(await c.send('POST', '/api/auth/enrol/totp/setup'));
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Hemma:nurse\.a\?/);
    const wrong = await c.send('POST', '/api/auth/enrol/totp/confirm', {
      code: '000000' === (await codeAt(setup.secret)) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    const code = await codeAt(setup.secret);
    const done = await c.send('POST', '/api/auth/enrol/totp/confirm', { code });
    expect(done.statusCode).toBe(200);
    expect(json(done)).toMatchObject({ stage: 'complete', role: 'nurse' });
    expect((await c.send('GET', '/api/me')).statusCode).toBe(200);
    const audited = await t.db.query(
      `SELECT e.patient_id, e.actor_role FROM audit_event e JOIN account a ON a.id = e.actor_account_id
       WHERE a.username = 'nurse.a' AND e.action LIKE 'account.totp.enable %'`,
    );
    expect(audited.rows).toEqual([{ patient_id: null, actor_role: 'nurse' }]);
    expect(json(await c.send('GET', '/api/account/security'))).toMatchObject({
      totp: true,
      secondFactorRequired: true,
    });
    // The last factor of a staff member cannot be removed.
    expect((await c.send('DELETE', '/api/account/totp')).statusCode).toBe(409);

    const again = client(t.app);
    const second = await again.send('POST', '/api/auth/login', {
      username: 'nurse.a',
      password: 'secret-password',
    });
    expect(json(second)).toEqual({ stage: 'second-factor', methods: ['totp'] });
    expect((await again.send('GET', '/api/me')).statusCode).toBe(401);
    // The code already used at enrolment does not work twice.
    expect((await again.send('POST', '/api/auth/totp', { code })).statusCode).toBe(401);
    const next = await again.send('POST', '/api/auth/totp', { code: await codeAt(setup.secret, 30) });
    expect(next.statusCode).toBe(200);
    expect(json(next)).toMatchObject({ stage: 'complete', displayName: 'Sköterska A' });
    expect((await again.send('GET', '/api/me')).statusCode).toBe(200);
  });

  it('refuses the TOTP step without a password first', async () => {
    const c = client(t.app);
    expect((await c.send('POST', '/api/auth/totp', { code: '123456' })).statusCode).toBe(409);
    expect((await c.send('POST', '/api/auth/enrol/totp/setup')).statusCode).toBe(409);
  });

  it('locks the account after five wrong codes, even with the right one after', async () => {
    const c = client(t.app);
    await c.send('POST', '/api/auth/login', { username: 'nurse.b', password: 'secret-password' });
    const { secret } = json<{ secret: string }>(await c.send('POST', '/api/auth/enrol/totp/setup'));
    await c.send('POST', '/api/auth/enrol/totp/confirm', { code: await codeAt(secret) });
    await c.send('POST', '/api/auth/logout');

    const d = client(t.app);
    expect(
      json(await d.send('POST', '/api/auth/login', { username: 'nurse.b', password: 'secret-password' })),
    ).toMatchObject({
      stage: 'second-factor',
    });
    const good = await codeAt(secret, 30);
    const bad = good === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++)
      expect((await d.send('POST', '/api/auth/totp', { code: bad })).statusCode).toBe(401);
    const locked = await d.send('POST', '/api/auth/totp', { code: good });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets patients in with a password alone', async () => {
    const c = client(t.app);
    const res = await c.send('POST', '/api/auth/login', {
      username: 'patient.a',
      password: 'secret-password',
    });
    expect(json(res)).toMatchObject({ stage: 'complete', role: 'patient' });
  });
});

describe.each(DATABASE_KINDS)('sessions (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(() => t.close());

  it('logs out everywhere: every session of the account ends, others stay', async () => {
    const phone = client(t.app);
    const laptop = client(t.app);
    const other = client(t.app);
    for (const c of [phone, laptop]) {
      await c.send('POST', '/api/auth/login', { username: 'patient.a', password: 'secret-password' });
    }
    await other.send('POST', '/api/auth/login', { username: 'patient.b', password: 'secret-password' });
    const res = await phone.send('POST', '/api/account/logout-everywhere');
    expect(json(res)).toEqual({ ended: 2 });
    const audited = await t.db.query(
      "SELECT 1 FROM audit_event WHERE action LIKE 'account.logout-everywhere %'",
    );
    expect(audited.rowCount).toBe(1);
    expect((await phone.send('GET', '/api/me')).statusCode).toBe(401);
    expect((await laptop.send('GET', '/api/me')).statusCode).toBe(401);
    expect((await other.send('GET', '/api/me')).statusCode).toBe(200);
  });

  it('ends a staff session at its absolute lifetime, however active', async () => {
    const c = client(t.app);
    await c.send('POST', '/api/auth/login', { username: 'nurse.a', password: 'secret-password' });
    const { rows } = await t.db.query<{ secs: number }>(
      `SELECT extract(epoch FROM s.expires_at - s.created_at)::int AS secs FROM session s
       JOIN account a ON a.id = s.account_id WHERE a.username = 'nurse.a'`,
    );
    expect(rows[0]?.secs).toBe(12 * 3600);
    await t.db.query(
      "UPDATE session SET expires_at = now() - interval '1 second' FROM account a WHERE a.id = session.account_id AND a.username = 'nurse.a'",
    );
    expect((await c.send('GET', '/api/me')).statusCode).toBe(401);
  });
});

describe.each(DATABASE_KINDS)('TOTP with HEMMA_SECRET_KEY (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind, {
      demo: false,
      identity: { ...testConfig().identity, secretKey: randomBytes(32) },
    });
  });
  afterAll(() => t.close());

  it('keeps the secret encrypted in the database and still checks codes', async () => {
    const c = client(t.app);
    await c.send('POST', '/api/auth/login', { username: 'nurse.a', password: 'secret-password' });
    const { secret } = json<{ secret: string }>(await c.send('POST', '/api/auth/enrol/totp/setup'));
    expect(
      (await c.send('POST', '/api/auth/enrol/totp/confirm', { code: await codeAt(secret) })).statusCode,
    ).toBe(200);
    const stored = await t.db.query<{ totp_secret: string }>(
      "SELECT totp_secret FROM account WHERE username = 'nurse.a'",
    );
    expect(stored.rows[0]!.totp_secret).toMatch(/^enc:v1:/);
    expect(stored.rows[0]!.totp_secret).not.toContain(secret);
    const d = client(t.app);
    await d.send('POST', '/api/auth/login', { username: 'nurse.a', password: 'secret-password' });
    expect(json(await d.send('POST', '/api/auth/totp', { code: await codeAt(secret, 30) }))).toMatchObject({
      stage: 'complete',
    });
  });
});
