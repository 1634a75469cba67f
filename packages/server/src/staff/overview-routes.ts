import type { FastifyInstance } from 'fastify';
import { assertPatientAccess, audit, checkPatientAccess } from '../access/patient-access';
import { RULES } from '../access/rules';
import { userOf } from '../auth/actor';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { idParams } from '../http/schemas';
import { currentValues } from '../validation/repository';
import { periodQuery } from '../validation/routes';
import { addNote, listNotes } from './notes';
import { periodSummary } from './summary';
import { timeline } from './timeline';

const care = { access: RULES.care } as const;

function period(q: { from: string; to: string }) {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (to <= from || to.getTime() - from.getTime() > 400 * 86_400_000) {
    throw new HttpProblem(422, 'Bad period', 'The period must be non-empty and at most 400 days.');
  }
  return { from, to };
}

/** The patient overview beyond the header: summary metrics, timeline and staff notes. */
export function overviewRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/api/staff/patients/:id/summary',
    { config: care, schema: { params: idParams, querystring: periodQuery } },
    async (req) => {
      const { id } = req.params as { id: string };
      const { from, to } = period(req.query as { from: string; to: string });
      await assertPatientAccess(db, req, id, 'read');
      return periodSummary(await currentValues(db, id, from, to), from, to);
    },
  );

  app.get(
    '/api/staff/patients/:id/timeline',
    { config: care, schema: { params: idParams, querystring: periodQuery } },
    async (req) => {
      const { id } = req.params as { id: string };
      const { from, to } = period(req.query as { from: string; to: string });
      await assertPatientAccess(db, req, id, 'read');
      return { entries: await timeline(db, id, from, to) };
    },
  );

  app.get('/api/staff/patients/:id/notes', { config: care, schema: { params: idParams } }, async (req) => {
    const { id } = req.params as { id: string };
    await assertPatientAccess(db, req, id, 'read');
    return { notes: await listNotes(db, id) };
  });

  app.post(
    '/api/staff/patients/:id/notes',
    {
      config: care,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: { body: { type: 'string', minLength: 1, maxLength: 4000, pattern: '\\S' } },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const user = userOf(req);
      await checkPatientAccess(db, req, id);
      const note = await db.tx(async (c) => {
        const n = await addNote(c, id, (req.body as { body: string }).body, {
          accountId: user.accountId,
          role: user.role,
        });
        await audit(c, req, id, 'create');
        return n;
      });
      return reply.code(201).send(note);
    },
  );
}
