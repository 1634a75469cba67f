import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  DATABASE_KINDS,
  json,
  type TestContext,
  testConfig,
} from '../../testing/test-context';
import type { OidcProviderConfig } from '../identity-config';
import { client } from '../test-client';
import { startTestProvider, type TestProvider } from './test-provider';

const HEMMA = 'http://hemma.test';
const HSA = 'SE2321000016-1003';

/** A browser at the identity provider: follows redirects, keeps cookies, submits its forms. */
async function signInAtProvider(authorizeUrl: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = authorizeUrl;
  let body: URLSearchParams | undefined;
  for (let hops = 0; hops < 20; hops++) {
    if (url.startsWith(HEMMA)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      ...(body ? { body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${res.status})`);
    url = new URL(action, url).toString();
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('too many redirects at the provider');
}

describe.each(DATABASE_KINDS)('OpenID Connect login (%s database)', (kind) => {
  let idp: TestProvider;
  let t: TestContext;

  beforeAll(async () => {
    idp = await startTestProvider({
      hemmaUrl: HEMMA,
      accounts: {
        anna: { personnummer: '19121212-1212', name: 'Anna' },
        nils: { personnummer: '198112189876' },
        stranger: { personnummer: '196408233234' },
        nurse: { hsa_id: HSA },
        impostor: { hsa_id: 'SE2321000016-9999' },
        garbage: { personnummer: '19121212-1213', hsa_id: 'not-an-hsa-id' },
      },
    });
    const base = {
      issuer: idp.issuer,
      clientId: 'hemma',
      clientSecret: 'hemma-test-secret',
      scope: 'openid',
    };
    const providers: OidcProviderConfig[] = [
      { ...base, id: 'bankid', name: 'BankID', audience: 'patient', claim: 'personnummer' },
      { ...base, id: 'siths', name: 'SITHS', audience: 'staff', claim: 'hsa_id' },
    ];
    t = await createTestContext(kind, {
      identity: { ...testConfig().identity, publicUrl: HEMMA, oidcProviders: providers },
    });
    await t.db.query('UPDATE account SET hsa_id = $1 WHERE username = $2', [HSA, 'nurse.a']);
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
  });

  /** Start at Hemma, sign in at the provider, come back: where Hemma sends the browser. */
  async function loginThrough(provider: string, login: string) {
    const browser = client(t.app);
    const start = await browser.send('GET', `/api/auth/oidc/${provider}/start`);
    expect(start.statusCode).toBe(303);
    const authorize = new URL(String(start.headers.location));
    const callback = new URL(await signInAtProvider(authorize.toString(), login));
    const back = await browser.send('GET', `${callback.pathname}${callback.search}`);
    return { browser, authorize, callback, back };
  }

  it('lists the configured providers for the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/providers' });
    expect(json(res)).toEqual({
      providers: [
        { id: 'bankid', name: 'BankID', audience: 'patient', startUrl: '/api/auth/oidc/bankid/start' },
        { id: 'siths', name: 'SITHS', audience: 'staff', startUrl: '/api/auth/oidc/siths/start' },
      ],
    });
  });

  it('logs a patient in with authorization code + PKCE, matched on personnummer, and logs out at the provider', async () => {
    const { browser, authorize, back } = await loginThrough('bankid', 'anna');
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${HEMMA}/api/auth/oidc/callback`);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/');
    const me = await browser.send('GET', '/api/me');
    expect(json(me)).toMatchObject({ role: 'patient', patientId: t.fixture.patientA });

    const out = await browser.send('POST', '/api/auth/logout');
    expect(out.statusCode).toBe(200);
    const logoutUrl = new URL(json<{ logoutUrl: string }>(out).logoutUrl);
    expect(logoutUrl.origin).toBe(idp.issuer);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${HEMMA}/login`);
    expect((await browser.send('GET', '/api/me')).statusCode).toBe(401);
    // The provider accepts the logout request (it shows its confirmation page).
    const atProvider = await fetch(logoutUrl);
    expect(atProvider.status).toBe(200);
    expect(await atProvider.text()).toMatch(/logout/i);
  });

  it('logs staff in on HSA-id', async () => {
    const { browser, back } = await loginThrough('siths', 'nurse');
    expect(back.headers.location).toBe('/');
    expect(json(await browser.send('GET', '/api/me'))).toMatchObject({
      role: 'nurse',
      displayName: 'Sköterska A',
    });
  });

  it('gives a registered patient without an account one at first login', async () => {
    const patientId = uuidv7();
    await t.db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender)
       VALUES ($1, '198112189876', 'Nils', 'Nilsson', '1981-12-18', 'male')`,
      [patientId],
    );
    const { browser, back } = await loginThrough('bankid', 'nils');
    expect(back.headers.location).toBe('/');
    expect(json(await browser.send('GET', '/api/me'))).toMatchObject({
      role: 'patient',
      patientId,
      displayName: 'Nils Nilsson',
    });
  });

  it.each([
    ['siths', 'impostor', 'unknown-account'],
    ['bankid', 'stranger', 'unknown-account'],
    ['bankid', 'garbage', 'invalid-identity'],
    ['siths', 'garbage', 'invalid-identity'],
    // A patient's identity at the staff provider is no staff identity.
    ['siths', 'anna', 'invalid-identity'],
  ])('refuses %s login of %s (%s) without creating an account', async (provider, login, reason) => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM account');
    const { browser, back } = await loginThrough(provider, login);
    expect(back.headers.location).toBe(`/login/refused?reason=${reason}`);
    expect((await browser.send('GET', '/api/me')).statusCode).toBe(401);
    expect((await t.db.query('SELECT count(*)::int AS n FROM account')).rows).toEqual(before.rows);
  });

  it.each(['issuer', 'audience', 'nonce'] as const)('refuses an ID token with the wrong %s', async (kind) => {
    idp.tamper(kind);
    try {
      const { browser, back } = await loginThrough('bankid', 'anna');
      expect(back.headers.location).toBe('/login/refused?reason=failed');
      expect((await browser.send('GET', '/api/me')).statusCode).toBe(401);
    } finally {
      idp.tamper(null);
    }
  });

  it('refuses a callback replayed, or without the login it belongs to', async () => {
    const { browser, callback } = await loginThrough('bankid', 'anna');
    const again = await browser.send('GET', `${callback.pathname}${callback.search}`);
    expect(again.headers.location).toBe('/login/refused?reason=expired');
    const stranger = client(t.app);
    const forged = await stranger.send('GET', `${callback.pathname}${callback.search}`);
    expect(forged.headers.location).toBe('/login/refused?reason=expired');
    expect((await stranger.send('GET', '/api/me')).statusCode).toBe(401);
  });

  it('answers 404 for an unknown provider', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/oidc/nope/start' })).statusCode).toBe(404);
  });
});
