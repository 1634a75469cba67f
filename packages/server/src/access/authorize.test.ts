import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../http/errors';
import { createTestContext, type TestContext } from '../testing/test-context';
import { registerAuthorization } from './authorize';

describe('the authorization hook', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('embedded');
  });
  afterAll(() => t.close());

  it('refuses a route that declares no rule, and lets a declared public one through', async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    registerAuthorization(app, t.db);
    app.get('/api/forgotten', async () => ({ secret: true }));
    app.get('/api/open', { config: { access: { public: 'test' } } }, async () => ({ ok: true }));
    await app.ready();
    const forgotten = await app.inject({ method: 'GET', url: '/api/forgotten' });
    expect(forgotten.statusCode).toBe(403);
    expect(forgotten.body).not.toContain('secret');
    expect(app.accessRoutes.find((r) => r.url === '/api/forgotten')?.rule).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/api/open' })).json()).toEqual({ ok: true });
    await app.close();
  });
});
