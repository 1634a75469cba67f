import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  assertPatientAccess,
  audit,
  auditEntry,
  auditInsertSql,
  checkPatientAccess,
  reachablePatients,
} from '../access/patient-access';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problem';
import { searchset } from './bundle';
import type { FhirResource, ResourceDef, SourceRow } from './resources/types';
import { idParam, invalidParam, isUuid, referenceIds } from './search-params';

const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;
/** Parameters every registered resource understands, handled here rather than by the resource. */
export const COMMON_PARAMS = ['_id', '_count', '_sort', '_include', '_cursor'] as const;
const SORTS = ['date', '-date', '_id', '-_id'] as const;

export function fhirBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}/fhir/R4`;
}

const str = { type: 'string', maxLength: 2000 } as const;
// Every parameter arrives as a list (coerceTypes: 'array'), so a repeated `date` is two values.
const listOf = { type: 'array', items: str, maxItems: 8 } as const;

/** The parameter names a resource's search accepts (its own, the patient ones, the common ones). */
export function searchParamNames(def: ResourceDef): string[] {
  const patient =
    def.patientScoped && !def.openSearch ? ['patient', ...(def.subjectParam ? ['subject'] : [])] : [];
  return [...new Set([...COMMON_PARAMS, ...patient, ...Object.keys(def.params)])];
}

type Query = Record<string, string[] | undefined>;

interface Cursor {
  at: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [string, string];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // fall through
  }
  throw invalidParam('_cursor', 'is not a cursor from a next link of this server');
}

function single(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v && v.length > 1) throw invalidParam(name, 'may be given only once');
  return v?.[0];
}

function countOf(q: Query): number {
  const raw = single(q, '_count');
  if (raw === undefined) return DEFAULT_COUNT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw invalidParam('_count', `must be a whole number from 0 to ${MAX_COUNT}`);
  return Math.min(n, MAX_COUNT);
}

/** The patient ids named by `patient` (or `subject`), or null when the search names none. */
function patientIds(def: ResourceDef, q: Query): string[] | null {
  const names = ['patient', ...(def.subjectParam ? ['subject'] : [])].filter((n) => q[n]);
  if (names.length === 0) return null;
  if (names.length > 1 || (q[names[0]!]?.length ?? 0) > 1) {
    throw invalidParam(names[0]!, 'give the patient once (several patients: patient=a,b)');
  }
  return referenceIds(q[names[0]!]![0]!, 'Patient', names[0]!);
}

/** Finds resources of a registered type by id (for reads and `_include`). */
async function byIds(db: Database, def: ResourceDef, ids: string[]): Promise<SourceRow[]> {
  const usable = def.idKind === 'uuid' ? ids.filter(isUuid) : ids;
  if (usable.length === 0) return [];
  const { rows } = await db.query<SourceRow>(
    `SELECT * FROM (${def.source}) r WHERE r.id = ANY($1::${def.idKind}[])`,
    [usable],
  );
  return rows;
}

/** One resource by id with the patient it belongs to (no access check: callers do that). */
export async function readResource(
  db: Database,
  def: ResourceDef,
  id: string,
): Promise<{ patientId: string | null; resource: FhirResource | 'gone' } | null> {
  if (def.read) return def.read(db, id);
  const row = (await byIds(db, def, [id]))[0];
  return row ? { patientId: row.patient_id, resource: (await toResources(db, def, [row]))[0]! } : null;
}

async function toResources(db: Database, def: ResourceDef, rows: SourceRow[]): Promise<FhirResource[]> {
  return def.toFhirPage ? def.toFhirPage(db, rows) : rows.map((r) => def.toFhir(r));
}

/**
 * Registers read (`GET /fhir/R4/<type>/:id`) and search (`GET /fhir/R4/<type>`) for each resource of
 * the registry. Patient-scoped resources: a search names its patient (checked like any access to
 * that patient, 404 when not reachable) or lists `_id`s (results limited to reachable patients);
 * every patient whose data is returned gets an audit row. Paging is keyset on (sort date, id), so a
 * `next` link stays correct while new data arrives.
 */
export async function resourceRoutes(app: FastifyInstance, opts: { db: Database; defs: ResourceDef[] }) {
  const { db, defs } = opts;
  const byType = new Map(defs.map((d) => [d.type, d]));

  for (const def of defs) {
    const access = { access: { scope: `system/${def.type}.read` } };
    const names = searchParamNames(def);

    app.get(
      `/fhir/R4/${def.type}`,
      {
        config: access,
        schema: {
          querystring: {
            type: 'object',
            properties: Object.fromEntries(names.map((n) => [n, listOf])),
          },
        },
      },
      async (req) => {
        const q = req.query as Query;
        if (/handling=strict/.test(String(req.headers.prefer ?? ''))) {
          const unknown = Object.keys(q).filter((k) => !names.includes(k));
          if (unknown.length > 0) throw invalidParam(unknown[0]!, 'is not a supported search parameter');
        }
        const values: unknown[] = [];
        const bind = (v: unknown) => {
          values.push(v);
          return `$${values.length}`;
        };
        const where: string[] = [];

        const patients = def.patientScoped && !def.openSearch ? patientIds(def, q) : null;
        if (def.patientScoped && !def.openSearch) {
          if (patients) {
            for (const p of patients) await checkPatientAccess(db, req, p);
            // One patient as `=`: the (patient_id, …, date) indexes then return rows in order and
            // LIMIT stops early, instead of sorting all of the patient's rows.
            where.push(
              patients.length === 1
                ? `r.patient_id = ${bind(patients[0])}::uuid`
                : `r.patient_id = ANY(${bind(patients.filter(isUuid))}::uuid[])`,
            );
          } else if (!q._id) {
            const issue = {
              field: 'patient',
              kind: 'required' as const,
              message: `patient: searching ${def.type} needs the patient${def.subjectParam ? ' (or subject)' : ''} or _id`,
            };
            throw new HttpProblem(400, 'Missing patient', issue.message, [issue]);
          }
        }

        for (const [name, list] of Object.entries(q)) {
          const param = name === '_id' ? (def.params._id ?? idParam('r.id', def.idKind)) : def.params[name];
          if (!param || !list) continue;
          if (list.length > 1 && !param.repeatable) throw invalidParam(name, 'may be given only once');
          for (const v of list) where.push(await param.where(v, bind, db));
        }

        const sort = single(q, '_sort') ?? def.defaultSort;
        if (!(SORTS as readonly string[]).includes(sort))
          throw invalidParam('_sort', `must be one of ${SORTS.join(', ')}`);
        const byDate = sort === 'date' || sort === '-date';
        const desc = sort.startsWith('-');
        const op = desc ? '<' : '>';
        const dir = desc ? 'DESC' : 'ASC';
        const cursorText = single(q, '_cursor');
        if (cursorText !== undefined) {
          const c = decodeCursor(cursorText);
          where.push(
            byDate
              ? `(r.sort_at, r.id) ${op} (${bind(c.at)}::timestamptz, ${bind(c.id)}::${def.idKind})`
              : `r.id ${op} ${bind(c.id)}::${def.idKind}`,
          );
        }
        const count = countOf(q);
        const includes = (q._include ?? []).map((name) => {
          const inc = def.includes?.find((i) => i.name === name);
          if (!inc) {
            const offered = def.includes?.map((i) => i.name).join(', ') || 'none';
            throw invalidParam('_include', `${name.slice(0, 60)} is not offered here (offered: ${offered})`);
          }
          return inc;
        });

        // The named patients' audit rows go in with the search itself (a data-modifying WITH): one
        // statement and one commit instead of two, and no rows read without their audit entries.
        const audited = patients ? patients.map((p) => auditEntry(req, p, 'search')) : [];
        const sqlText = `${audited.length ? `WITH audit AS (${auditInsertSql(audited, bind)}) ` : ''}
           SELECT * FROM (${def.source}) r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY ${byDate ? `r.sort_at ${dir}, ` : ''}r.id ${dir} LIMIT ${bind(count + 1)}`;
        const { rows } = await db.query<SourceRow>(sqlText, values);
        const more = rows.length > count;
        let page = rows.slice(0, count);
        if (def.patientScoped) {
          if (!patients) {
            const ids = [...new Set(page.map((r) => r.patient_id).filter((p): p is string => !!p))];
            const reachable = new Set(await reachablePatients(db, req, ids));
            page = page.filter((r) => r.patient_id && reachable.has(r.patient_id));
            for (const p of reachable) await audit(db, req, p, 'search');
          }
        }

        const included: FhirResource[] = [];
        for (const inc of includes) {
          const target = byType.get(inc.target);
          if (!target) continue;
          const found = await byIds(db, target, [...new Set(page.flatMap(inc.ids))]);
          const allowed = target.patientScoped
            ? new Set(await reachablePatients(db, req, [...new Set(found.map((r) => r.patient_id!))]))
            : null;
          included.push(
            ...(await toResources(
              db,
              target,
              found.filter((r) => !allowed || allowed.has(r.patient_id!)),
            )),
          );
        }

        const base = fhirBase(req);
        const link = (cursor?: string) => {
          const params = new URLSearchParams();
          for (const [k, list] of Object.entries(q)) {
            if (k === '_cursor' || !list) continue;
            for (const v of list) params.append(k, v);
          }
          if (cursor) params.set('_cursor', cursor);
          const text = params.toString();
          return `${base}/${def.type}${text ? `?${text}` : ''}`;
        };
        const last = page[page.length - 1];
        const next =
          more && last
            ? link(encodeCursor({ at: new Date(last.sort_at).toISOString(), id: String(last.id) }))
            : undefined;
        return searchset(base, link(cursorText), await toResources(db, def, page), undefined, {
          ...(next ? { next } : {}),
          included,
        });
      },
    );

    app.get(
      `/fhir/R4/${def.type}/:id`,
      {
        config: access,
        schema: {
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        },
      },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const missing = new HttpProblem(
          404,
          'Not found',
          `${def.type}/${id.replace(/[^A-Za-z0-9\-.]/g, '')} was not found.`,
        );
        const found = await readResource(db, def, id);
        if (!found) throw missing;
        if (def.patientScoped && found.patientId) {
          try {
            await assertPatientAccess(db, req, found.patientId, 'read');
          } catch {
            throw missing;
          }
        }
        if (found.resource === 'gone') {
          throw new HttpProblem(
            410,
            'Gone',
            `${def.type}/${id} was archived and is no longer served.`,
            undefined,
            'deleted',
          );
        }
        const version = (found.resource.meta as { versionId?: string } | undefined)?.versionId;
        if (version) reply.header('etag', `W/"${version}"`);
        return found.resource;
      },
    );
  }
}
