import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, login, type TestContext } from '../testing/test-context';

describe.each(DATABASE_KINDS)('login and sessions (%s database)', (kind) => {
  let t: TestContext;
  const attempt = (username: string, password: string, csrf = true) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: csrf ? { 'x-requested-with': 'hemma' } : {},
      payload: { username, password },
    });

  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(() => t.close());

  it('sets an httpOnly SameSite session cookie and answers who is logged in', async () => {
    const res = await attempt('nurse.a', 'secret-password');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(
      /hemma_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect(json(res)).toMatchObject({
      role: 'nurse',
      displayName: 'Sköterska A',
      units: [{ id: t.fixture.unitA, name: 'Enhet A' }],
    });
    const stored = await t.db.query('SELECT token_hash FROM session');
    const token = String(res.headers['set-cookie']).split(';')[0]!.split('=')[1];
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('answers an unknown user and a wrong password alike, without saying which', async () => {
    const unknown = await attempt('nobody', 'secret-password');
    const wrong = await attempt('nurse.a', 'wrong');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
  });

  it('refuses a login without the CSRF header', async () => {
    expect((await attempt('nurse.a', 'secret-password', false)).statusCode).toBe(403);
  });

  it('locks an account for a while after five failed attempts', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('nurse.b', 'wrong')).statusCode).toBe(401);
    const locked = await attempt('nurse.b', 'secret-password');
    expect(locked.statusCode).toBe(429);
  });

  it('ends the session on logout and switches the language', async () => {
    const headers = await login(t.app, 'patient.a');
    const locale = await t.app.inject({
      method: 'PUT',
      url: '/api/me/locale',
      headers,
      payload: { locale: 'en' },
    });
    expect(locale.statusCode).toBe(204);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/me', headers }))).toMatchObject({
      locale: 'en',
      role: 'patient',
      patientId: t.fixture.patientA,
    });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });

  it('expires a staff session after 30 idle minutes', async () => {
    const headers = await login(t.app, 'nurse.a');
    await t.db.query("UPDATE session SET last_seen_at = now() - interval '31 minutes'");
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });
});
