import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { inject } from 'vitest';
import { buildApp } from '../app';
import { type Config, loadConfig } from '../config';
import { type Database, openDatabase } from '../db/database';
import type { EventBus } from '../events/bus';
import { type Fixture, seedFixture } from './fixture';

export type DatabaseKind = 'embedded' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['embedded', 'postgres'];

export interface TestContext {
  db: Database;
  app: FastifyInstance;
  bus: EventBus;
  fixture: Fixture;
  close: () => Promise<void>;
}

/** The configuration test apps run with (defaults, as from an empty environment), plus `overrides`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), webDist: '/nonexistent', secureCookies: false, ...overrides };
}

/** A fresh, migrated database of the given kind with a small fixture, and the app on top of it. */
export async function createTestContext(
  kind: DatabaseKind,
  configOverrides: Partial<Config> = {},
): Promise<TestContext> {
  let db: Database;
  let dropDatabase = async () => {};
  if (kind === 'embedded') {
    const pglite = await PGlite.create({
      loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]),
    });
    const inner = await openDatabase({ pglite });
    db = {
      ...inner,
      close: async () => {
        await inner.close();
        await pglite.close();
      },
    };
  } else {
    const adminUrl = inject('postgresUrl');
    const name = `t_${uuidv7().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE hemma_template`);
    await admin.end();
    db = await openDatabase({ databaseUrl: adminUrl.replace(/\/postgres$/, `/${name}`) });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const fixture = await seedFixture(db);
  const { app, bus } = await buildApp(db, testConfig(configOverrides), { logger: false });
  await app.ready();
  return {
    db,
    app,
    bus,
    fixture,
    close: async () => {
      await app.close();
      await db.close();
      await dropDatabase();
    },
  };
}

/** Logs in through the real login route and returns headers carrying the session cookie. */
export async function login(app: FastifyInstance, username: string, password = 'secret-password') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'x-requested-with': 'hemma' },
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { cookie, 'x-requested-with': 'hemma' };
}

export async function gatewayToken(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials&client_id=test-gateway&client_secret=test-gateway-secret',
  });
  return (res.json() as { access_token: string }).access_token;
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
