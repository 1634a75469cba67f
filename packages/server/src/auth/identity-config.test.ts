import { describe, expect, it } from 'vitest';
import { loadIdentityConfig, parseOidcProviders } from './identity-config';

describe('identity configuration', () => {
  it('defaults to a 30-minute staff idle timeout and a 12-hour lifetime, both configurable', () => {
    expect(loadIdentityConfig({}).staffSession).toEqual({ idleSeconds: 1800, absoluteSeconds: 43_200 });
    expect(
      loadIdentityConfig({ HEMMA_STAFF_IDLE_MINUTES: '15', HEMMA_STAFF_SESSION_HOURS: '8' }).staffSession,
    ).toEqual({ idleSeconds: 900, absoluteSeconds: 28_800 });
  });

  it('reads OpenID Connect providers with defaults for claim and scope', () => {
    const [p] = parseOidcProviders(
      JSON.stringify([{ id: 'siths', issuer: 'https://idp.example/', clientId: 'hemma', audience: 'staff' }]),
    );
    expect(p).toEqual({
      id: 'siths',
      name: 'siths',
      issuer: 'https://idp.example/',
      clientId: 'hemma',
      audience: 'staff',
      claim: 'hsa_id',
      scope: 'openid profile',
    });
  });

  it.each([
    ['{', 'not valid JSON'],
    ['{}', 'must be a JSON array'],
    ['[{"id":"a b","issuer":"https://x","clientId":"c","audience":"staff"}]', '.id must be unique'],
    ['[{"id":"a","issuer":"https://x","clientId":"c","audience":"everyone"}]', '.audience must be'],
    ['[{"id":"a","issuer":"nope","clientId":"c","audience":"patient"}]', '.issuer must be a URL'],
    ['[{"id":"a","issuer":"https://x","audience":"patient"}]', '[0].clientId must be a string'],
  ])('refuses %s with a precise message', (text, message) => {
    expect(() => parseOidcProviders(text)).toThrow(message);
  });
});
