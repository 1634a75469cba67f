import { randomBytes } from 'node:crypto';
import { isValidHsaId } from '@hemma/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { audit } from '../access/patient-access';
import type { AccessRule } from '../access/rules';
import { type Role, STAFF_ROLES, type UserActor, userOf } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { deleteAllSessions } from '../auth/sessions';
import type { Config } from '../config';
import type { Database, Queryable } from '../db/database';
import { badRequest, HttpProblem, notFound } from '../http/problem';

// Units, organisations and integration clients are the whole system's: system administrators.
// Staff accounts: unit administrators too, within their own units.
const SYSTEM_ADMIN: AccessRule = { roles: ['system-admin'] };
const STAFF_ADMINS: AccessRule = { roles: ['system-admin', 'unit-admin'] };
const access = (rule: AccessRule) => ({ config: { access: rule } });

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID } },
} as const;
const uuidList = {
  type: 'array',
  maxItems: 200,
  uniqueItems: true,
  items: { type: 'string', pattern: UUID },
} as const;
/** SMART system scopes as access/scopes.ts reads them (v1 read/write/*, or v2 letters cruds). */
const SCOPE_PATTERN = '^system/([A-Za-z]+|\\*)\\.(read|write|\\*|[cruds]+)$';
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const hsaId = { type: ['string', 'null'], maxLength: 31 } as const;

const organisationSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
} as const;
const unitSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    hsaId: { type: ['string', 'null'] },
    organisation: organisationSchema,
  },
} as const;
const staffSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    hsaId: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    secondFactor: { type: 'boolean' },
    units: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    },
  },
} as const;
const clientSchema = {
  type: 'object',
  properties: {
    clientId: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    unitIds: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;

interface StaffBody {
  username: string;
  displayName: string;
  role: Role;
  hsaId?: string | null;
  unitIds: string[];
  password?: string;
  disabled?: boolean;
}

/** Administration: organisations and care units, staff and their units, integration clients and
 *  their scopes. Every change is written to the audit log (without a patient). */
export async function adminRoutes(app: FastifyInstance, opts: { db: Database; config: Config }) {
  const { db } = opts;

  // ---- Organisations (regions and municipalities) and care units ----

  app.get(
    '/api/admin/organisations',
    {
      ...access(STAFF_ADMINS),
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { organisations: { type: 'array', items: organisationSchema } },
          },
        },
      },
    },
    async () => ({
      organisations: (await db.query('SELECT id, name, kind FROM region ORDER BY name')).rows,
    }),
  );

  app.post(
    '/api/admin/organisations',
    {
      ...access(SYSTEM_ADMIN),
      schema: {
        body: {
          type: 'object',
          required: ['name', 'kind'],
          additionalProperties: false,
          properties: { name, kind: { type: 'string', enum: ['region', 'municipality'] } },
        },
        response: { 201: organisationSchema },
      },
    },
    async (req, reply) => {
      const body = req.body as { name: string; kind: string };
      const id = uuidv7();
      await db.tx(async (tx) => {
        await tx.query('INSERT INTO region (id, name, kind) VALUES ($1, $2, $3)', [
          id,
          body.name.trim(),
          body.kind,
        ]);
        await audit(tx, req, null, 'admin.organisation.create');
      });
      return reply.code(201).send({ id, name: body.name.trim(), kind: body.kind });
    },
  );

  const unitBody = {
    type: 'object',
    required: ['name', 'organisationId'],
    additionalProperties: false,
    properties: { name, hsaId, organisationId: { type: 'string', pattern: UUID } },
  } as const;

  app.get(
    '/api/admin/units',
    {
      ...access(STAFF_ADMINS),
      schema: {
        response: { 200: { type: 'object', properties: { units: { type: 'array', items: unitSchema } } } },
      },
    },
    async () => ({ units: await listUnits(db) }),
  );

  app.post(
    '/api/admin/units',
    { ...access(SYSTEM_ADMIN), schema: { body: unitBody, response: { 201: unitSchema } } },
    async (req, reply) => {
      const body = req.body as { name: string; hsaId?: string | null; organisationId: string };
      const id = uuidv7();
      await saveUnit(db, req, id, body, 'create');
      return reply.code(201).send((await listUnits(db, id))[0]);
    },
  );

  app.put(
    '/api/admin/units/:id',
    { ...access(SYSTEM_ADMIN), schema: { params: idParams, body: unitBody, response: { 200: unitSchema } } },
    async (req) => {
      const { id } = req.params as { id: string };
      await saveUnit(
        db,
        req,
        id,
        req.body as { name: string; hsaId?: string | null; organisationId: string },
        'update',
      );
      return (await listUnits(db, id))[0];
    },
  );

  // ---- Staff and their units ----

  const username = { type: 'string', minLength: 2, maxLength: 100, pattern: '^[a-zA-Z0-9._@-]+$' } as const;
  const staffProperties = {
    displayName: name,
    role: { type: 'string', enum: STAFF_ROLES },
    hsaId,
    unitIds: uuidList,
    password: { type: 'string', minLength: 12, maxLength: 1000 },
    disabled: { type: 'boolean' },
  } as const;

  app.get(
    '/api/admin/staff',
    {
      ...access(STAFF_ADMINS),
      schema: {
        response: { 200: { type: 'object', properties: { staff: { type: 'array', items: staffSchema } } } },
      },
    },
    async (req) => ({ staff: await listStaff(db, userOf(req)) }),
  );

  app.post(
    '/api/admin/staff',
    {
      ...access(STAFF_ADMINS),
      schema: {
        body: {
          type: 'object',
          required: ['username', 'displayName', 'role', 'unitIds'],
          additionalProperties: false,
          properties: { username, ...staffProperties },
        },
        response: { 201: staffSchema },
      },
    },
    async (req, reply) => {
      const admin = userOf(req);
      const body = req.body as StaffBody;
      assertMayAssign(admin, body.role, body.unitIds, []);
      const hsa = checkHsaId(body.hsaId);
      const id = uuidv7();
      const hash = body.password ? await hashPassword(body.password) : null;
      await db.tx(async (tx) => {
        await tx
          .query(
            `INSERT INTO account (id, username, password_hash, role, display_name, hsa_id) VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, body.username.trim().toLowerCase(), hash, body.role, body.displayName.trim(), hsa],
          )
          .catch(conflict('The username or HSA-id is already in use.'));
        await setUnits(tx, id, body.unitIds);
        await audit(tx, req, null, 'admin.staff.create');
      });
      return reply.code(201).send((await listStaff(db, admin, id))[0]);
    },
  );

  app.put(
    '/api/admin/staff/:id',
    {
      ...access(STAFF_ADMINS),
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['displayName', 'role', 'unitIds'],
          additionalProperties: false,
          properties: staffProperties,
        },
        response: { 200: staffSchema },
      },
    },
    async (req) => {
      const admin = userOf(req);
      const { id } = req.params as { id: string };
      const body = req.body as StaffBody;
      const current = (await listStaff(db, admin, id))[0];
      if (!current) throw notFound('Staff member');
      assertMayAssign(
        admin,
        body.role,
        body.unitIds,
        current.units.map((u) => u.id),
        current.role,
      );
      if (id === admin.accountId && (body.disabled || body.role !== admin.role)) {
        throw new HttpProblem(409, 'Not on yourself', 'You cannot disable yourself or change your own role.');
      }
      const hsa = checkHsaId(body.hsaId);
      const hash = body.password ? await hashPassword(body.password) : null;
      await db.tx(async (tx) => {
        await tx
          .query(
            `UPDATE account SET display_name = $2, role = $3, hsa_id = $4, disabled = $5,
               password_hash = coalesce($6, password_hash) WHERE id = $1`,
            [id, body.displayName.trim(), body.role, hsa, body.disabled ?? false, hash],
          )
          .catch(conflict('The HSA-id is already in use.'));
        await setUnits(tx, id, body.unitIds, admin.role === 'system-admin' ? undefined : admin.unitIds);
        await audit(tx, req, null, 'admin.staff.update');
      });
      // A disabled account, or one whose role changed, is logged out now rather than at idle timeout.
      if (body.disabled || body.role !== current.role) await deleteAllSessions(db, id);
      return (await listStaff(db, admin, id))[0];
    },
  );

  // ---- Integration clients (OAuth 2.0 client credentials) ----

  const clientBody = {
    type: 'object',
    required: ['name', 'scopes', 'unitIds'],
    additionalProperties: false,
    properties: {
      name,
      scopes: {
        type: 'array',
        maxItems: 50,
        uniqueItems: true,
        items: { type: 'string', pattern: SCOPE_PATTERN, maxLength: 100 },
      },
      unitIds: uuidList,
      disabled: { type: 'boolean' },
    },
  } as const;

  app.get(
    '/api/admin/clients',
    {
      ...access(SYSTEM_ADMIN),
      schema: {
        response: {
          200: { type: 'object', properties: { clients: { type: 'array', items: clientSchema } } },
        },
      },
    },
    async () => ({ clients: await listClients(db) }),
  );

  app.post(
    '/api/admin/clients',
    {
      ...access(SYSTEM_ADMIN),
      schema: {
        body: clientBody,
        response: {
          201: {
            type: 'object',
            properties: { client: clientSchema, clientSecret: { type: 'string' } },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { name: string; scopes: string[]; unitIds: string[] };
      const clientId = `client-${uuidv7()}`;
      const secret = newSecret();
      const hash = await hashPassword(secret);
      await db.tx(async (tx) => {
        await tx.query(
          `INSERT INTO api_client (client_id, secret_hash, name, scopes, created_by) VALUES ($1, $2, $3, $4, $5)`,
          [clientId, hash, body.name.trim(), body.scopes, userOf(req).accountId],
        );
        await setClientUnits(tx, clientId, body.unitIds);
        await audit(tx, req, null, 'admin.client.create');
      });
      reply.header('cache-control', 'no-store');
      // The secret is shown this once; only its argon2id hash is kept.
      return reply.code(201).send({ client: (await listClients(db, clientId))[0], clientSecret: secret });
    },
  );

  const clientParams = {
    type: 'object',
    required: ['clientId'],
    properties: { clientId: { type: 'string', maxLength: 200 } },
  } as const;

  app.put(
    '/api/admin/clients/:clientId',
    {
      ...access(SYSTEM_ADMIN),
      schema: { params: clientParams, body: clientBody, response: { 200: clientSchema } },
    },
    async (req) => {
      const { clientId } = req.params as { clientId: string };
      const body = req.body as { name: string; scopes: string[]; unitIds: string[]; disabled?: boolean };
      await db.tx(async (tx) => {
        const { rowCount } = await tx.query(
          'UPDATE api_client SET name = $2, scopes = $3, disabled = $4 WHERE client_id = $1',
          [clientId, body.name.trim(), body.scopes, body.disabled ?? false],
        );
        if (!rowCount) throw notFound('Integration client');
        await setClientUnits(tx, clientId, body.unitIds);
        // Tokens carry the scopes they were issued with: changed scopes take effect at once.
        await tx.query('DELETE FROM access_token WHERE client_id = $1', [clientId]);
        await audit(tx, req, null, 'admin.client.update');
      });
      return (await listClients(db, clientId))[0];
    },
  );

  app.post(
    '/api/admin/clients/:clientId/secret',
    {
      ...access(SYSTEM_ADMIN),
      schema: {
        params: clientParams,
        response: { 200: { type: 'object', properties: { clientSecret: { type: 'string' } } } },
      },
    },
    async (req, reply) => {
      const { clientId } = req.params as { clientId: string };
      const secret = newSecret();
      const hash = await hashPassword(secret);
      await db.tx(async (tx) => {
        const { rowCount } = await tx.query(
          'UPDATE api_client SET secret_hash = $2 WHERE client_id = $1 AND NOT demo',
          [clientId, hash],
        );
        if (!rowCount) throw notFound('Integration client');
        await tx.query('DELETE FROM access_token WHERE client_id = $1', [clientId]);
        await audit(tx, req, null, 'admin.client.secret');
      });
      reply.header('cache-control', 'no-store');
      return { clientSecret: secret };
    },
  );
}

const newSecret = () => randomBytes(32).toString('base64url');

const conflict = (detail: string) => (err: unknown) => {
  if ((err as { code?: string }).code === '23505') throw new HttpProblem(409, 'Already in use', detail);
  throw err;
};

function checkHsaId(value: string | null | undefined): string | null {
  const v = value?.trim().toUpperCase();
  if (!v) return null;
  if (!isValidHsaId(v)) {
    throw badRequest('The HSA-id is not valid (e.g. SE2321000016-1003).');
  }
  return v;
}

/** Unit administrators manage only their own units' staff, and cannot make system administrators. */
function assertMayAssign(
  admin: UserActor,
  role: Role,
  unitIds: string[],
  currentUnits: string[],
  currentRole?: Role,
) {
  if (admin.role === 'system-admin') return;
  const own = new Set(admin.unitIds);
  if (role === 'system-admin' || currentRole === 'system-admin') {
    throw new HttpProblem(403, 'Forbidden', 'Only a system administrator manages system administrators.');
  }
  if (unitIds.some((u) => !own.has(u) && !currentUnits.includes(u))) {
    throw new HttpProblem(403, 'Forbidden', 'You can only assign your own units.');
  }
}

async function saveUnit(
  db: Database,
  req: FastifyRequest,
  id: string,
  body: { name: string; hsaId?: string | null; organisationId: string },
  action: 'create' | 'update',
) {
  const hsa = checkHsaId(body.hsaId);
  await db.tx(async (tx) => {
    const org = await tx.query('SELECT 1 FROM region WHERE id = $1', [body.organisationId]);
    if (!org.rowCount) throw badRequest('No such region or municipality.');
    const sql =
      action === 'create'
        ? 'INSERT INTO care_unit (id, name, hsa_id, region_id) VALUES ($1, $2, $3, $4)'
        : 'UPDATE care_unit SET name = $2, hsa_id = $3, region_id = $4 WHERE id = $1';
    const { rowCount } = await tx
      .query(sql, [id, body.name.trim(), hsa, body.organisationId])
      .catch(conflict('Another care unit has this HSA-id.'));
    if (!rowCount) throw notFound('Care unit');
    await audit(tx, req, null, `admin.unit.${action}`);
  });
}

async function listUnits(db: Queryable, id?: string) {
  const { rows } = await db.query<{
    id: string;
    name: string;
    hsa_id: string | null;
    org_id: string;
    org_name: string;
    org_kind: string;
  }>(
    `SELECT u.id, u.name, u.hsa_id, r.id AS org_id, r.name AS org_name, r.kind AS org_kind
     FROM care_unit u JOIN region r ON r.id = u.region_id
     WHERE $1::uuid IS NULL OR u.id = $1 ORDER BY u.name`,
    [id ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    hsaId: r.hsa_id,
    organisation: { id: r.org_id, name: r.org_name, kind: r.org_kind },
  }));
}

/** Staff accounts; a unit administrator sees those with a unit in common (and unassigned ones). */
async function listStaff(db: Queryable, admin: UserActor, id?: string) {
  const { rows } = await db.query<{
    id: string;
    username: string;
    display_name: string;
    role: Role;
    hsa_id: string | null;
    disabled: boolean;
    second_factor: boolean;
    units: { id: string; name: string }[] | null;
  }>(
    `SELECT a.id, a.username, a.display_name, a.role, a.hsa_id, a.disabled,
       (a.totp_secret IS NOT NULL OR EXISTS (SELECT 1 FROM webauthn_credential w WHERE w.account_id = a.id)) AS second_factor,
       (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name), '[]'::json)
        FROM staff_membership m JOIN care_unit u ON u.id = m.care_unit_id WHERE m.account_id = a.id) AS units
     FROM account a
     WHERE a.role = ANY($1::text[]) AND ($2::uuid IS NULL OR a.id = $2)
       AND ($3::uuid[] IS NULL
            OR EXISTS (SELECT 1 FROM staff_membership m WHERE m.account_id = a.id AND m.care_unit_id = ANY($3::uuid[]))
            OR NOT EXISTS (SELECT 1 FROM staff_membership m WHERE m.account_id = a.id))
     ORDER BY a.display_name`,
    [STAFF_ROLES, id ?? null, admin.role === 'system-admin' ? null : admin.unitIds],
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    hsaId: r.hsa_id,
    disabled: r.disabled,
    secondFactor: r.second_factor,
    units: r.units ?? [],
  }));
}

/** Replaces the account's units; a unit administrator's change leaves units outside `within` alone. */
async function setUnits(tx: Queryable, accountId: string, unitIds: string[], within?: string[]) {
  await tx.query(
    'DELETE FROM staff_membership WHERE account_id = $1 AND ($2::uuid[] IS NULL OR care_unit_id = ANY($2::uuid[]))',
    [accountId, within ?? null],
  );
  const units = within ? unitIds.filter((u) => within.includes(u)) : unitIds;
  if (units.length === 0) return;
  const found = await tx.query('SELECT id FROM care_unit WHERE id = ANY($1::uuid[])', [units]);
  if (found.rowCount !== units.length) throw badRequest('One of the care units does not exist.');
  await tx.query(
    `INSERT INTO staff_membership (account_id, care_unit_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [accountId, units],
  );
}

async function setClientUnits(tx: Queryable, clientId: string, unitIds: string[]) {
  await tx.query('DELETE FROM api_client_unit WHERE client_id = $1', [clientId]);
  if (unitIds.length === 0) return;
  const found = await tx.query('SELECT id FROM care_unit WHERE id = ANY($1::uuid[])', [unitIds]);
  if (found.rowCount !== unitIds.length) throw badRequest('One of the care units does not exist.');
  await tx.query(`INSERT INTO api_client_unit (client_id, care_unit_id) SELECT $1, unnest($2::uuid[])`, [
    clientId,
    unitIds,
  ]);
}

async function listClients(db: Queryable, clientId?: string) {
  const { rows } = await db.query<{
    client_id: string;
    name: string;
    scopes: string[];
    unit_ids: string[];
    disabled: boolean;
    created_at: Date | string;
  }>(
    `SELECT c.client_id, c.name, c.scopes, c.disabled, c.created_at,
       ARRAY(SELECT u.care_unit_id::text FROM api_client_unit u WHERE u.client_id = c.client_id) AS unit_ids
     FROM api_client c WHERE $1::text IS NULL OR c.client_id = $1 ORDER BY c.name`,
    [clientId ?? null],
  );
  return rows.map((r) => ({
    clientId: r.client_id,
    name: r.name,
    scopes: r.scopes,
    unitIds: r.unit_ids,
    disabled: r.disabled,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
