import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { notFound } from '../http/problem';
import { idParams } from '../http/schemas';

const templateBody = {
  type: 'object',
  required: ['unitId', 'locale', 'title', 'body'],
  additionalProperties: false,
  properties: {
    unitId: { type: 'string', format: 'uuid' },
    locale: { type: 'string', enum: ['sv', 'en'] },
    title: { type: 'string', minLength: 1, maxLength: 80 },
    body: { type: 'string', minLength: 1, maxLength: 4000 },
  },
} as const;
const care = { access: RULES.care } as const;

interface TemplateRow {
  id: string;
  unitId: string;
  locale: 'sv' | 'en';
  title: string;
  body: string;
}

const SELECT = `SELECT id, care_unit_id AS "unitId", locale, title, body FROM chat_template`;

/** Quick-reply templates, kept per unit and language by the unit's staff. Not patient data. */
export async function templateRoutes(app: FastifyInstance, opts: { db: Database }) {
  const { db } = opts;
  const ownUnit = (unitIds: string[], unitId: string) => {
    if (!unitIds.includes(unitId)) throw notFound('Care unit');
  };
  const load = async (id: string, unitIds: string[]) => {
    const { rows } = await db.query<TemplateRow>(`${SELECT} WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row || !unitIds.includes(row.unitId)) throw notFound('Template');
    return row;
  };

  app.get(
    '/api/chat/templates',
    {
      config: care,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unit: { type: 'string', format: 'uuid' },
            locale: { type: 'string', enum: ['sv', 'en'] },
          },
        },
      },
    },
    async (req) => {
      const user = userOf(req);
      const q = req.query as { unit?: string; locale?: 'sv' | 'en' };
      const units = q.unit ? user.unitIds.filter((u) => u === q.unit) : user.unitIds;
      const { rows } = await db.query<TemplateRow>(
        `${SELECT} WHERE care_unit_id = ANY($1::uuid[]) AND ($2::text IS NULL OR locale = $2) ORDER BY title`,
        [units, q.locale ?? null],
      );
      return { templates: rows };
    },
  );

  app.post('/api/chat/templates', { config: care, schema: { body: templateBody } }, async (req, reply) => {
    const user = userOf(req);
    const b = req.body as Omit<TemplateRow, 'id'>;
    ownUnit(user.unitIds, b.unitId);
    const id = uuidv7();
    await db.query(
      `INSERT INTO chat_template (id, care_unit_id, locale, title, body, updated_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, b.unitId, b.locale, b.title, b.body, user.accountId],
    );
    return reply.code(201).send({ id, ...b });
  });

  app.put(
    '/api/chat/templates/:id',
    { config: care, schema: { params: idParams, body: templateBody } },
    async (req) => {
      const user = userOf(req);
      const { id } = req.params as { id: string };
      await load(id, user.unitIds);
      const b = req.body as Omit<TemplateRow, 'id'>;
      ownUnit(user.unitIds, b.unitId);
      await db.query(
        `UPDATE chat_template SET care_unit_id = $2, locale = $3, title = $4, body = $5, updated_by = $6, updated_at = now()
       WHERE id = $1`,
        [id, b.unitId, b.locale, b.title, b.body, user.accountId],
      );
      return { id, ...b };
    },
  );

  app.delete(
    '/api/chat/templates/:id',
    { config: care, schema: { params: idParams } },
    async (req, reply) => {
      const user = userOf(req);
      const { id } = req.params as { id: string };
      await load(id, user.unitIds);
      await db.query('DELETE FROM chat_template WHERE id = $1', [id]);
      return reply.code(204).send();
    },
  );
}
