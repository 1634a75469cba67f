import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, json, type TestContext } from '../testing/test-context';
import { createSystemAdmin } from './bootstrap';

describe.each(DATABASE_KINDS)('first system administrator (%s database)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind, { demo: false });
  });
  afterAll(() => t.close());

  it('gets a random one-time password and must set up a second factor at first login', async () => {
    const { password } = await createSystemAdmin(t.db, { username: 'Root', displayName: 'Rut Rot' });
    expect(password).toMatch(/^[\w-]{24}$/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-requested-with': 'hemma' },
      payload: { username: 'root', password },
    });
    expect(json(res)).toEqual({ stage: 'enrol' });
  });

  it('refuses a malformed username or HSA-id', async () => {
    await expect(createSystemAdmin(t.db, { username: 'a b', displayName: 'X' })).rejects.toThrow(/username/);
    await expect(createSystemAdmin(t.db, { username: 'ab', displayName: 'X', hsaId: 'SE1' })).rejects.toThrow(
      /HSA-id/,
    );
  });
});
