import {
  FHIR_OBSERVATION_STATUSES,
  findMeasurement,
  LOINC,
  MEASUREMENTS,
  measurementForValueCode,
  toFhirObservation,
} from '@hemma/core';
import type { Queryable } from '../../db/database';
import { toIso } from '../../db/database';
import { OBSERVATION_COLUMNS, type ObservationRow, rowToObservation } from '../../intake/observation-row';
import { parseToken } from '../bundle';
import {
  alternatives,
  dateParam,
  invalidParam,
  isUuid,
  mappedTokenParam,
  quantityCondition,
} from '../search-params';
import type { Bind, FhirResource, ResourceDef, SourceRow } from './types';

// An Observation's history is its chain of corrections (validation/, migration 009): a correction is
// a new row pointing at the row it replaces. FHIR sees one logical Observation — the id of the first
// row — whose versions are the rows of the chain in order (versionId 1, 2, …); reads and searches
// show the latest version. Ids of later rows are internal and not found on their own.

export type ObservationSourceRow = ObservationRow & SourceRow & { replaces_id: string | null };

const SOURCE = `SELECT ${OBSERVATION_COLUMNS}, o.effective_at AS sort_at, o.replaces_id
  FROM observation o WHERE o.superseded_by IS NULL`;

/** The FHIR Observation of a stored row, as version `version` of the logical Observation `logicalId`. */
export function observationResource(row: ObservationRow, logicalId: string, version: number): FhirResource {
  const resource = toFhirObservation(rowToObservation(row)) as FhirResource & {
    meta: Record<string, unknown>;
  };
  return {
    ...resource,
    id: logicalId,
    meta: { ...resource.meta, versionId: String(version), lastUpdated: toIso(row.received_at) },
  };
}

/** For rows that are corrections: the first row of their chain and their version number. */
export async function logicalIds(
  db: Queryable,
  rows: { id: string; patient_id: string | null; replaces_id: string | null }[],
) {
  const corrected = rows.filter((r) => r.replaces_id);
  const out = new Map<string, { root: string; version: number }>();
  if (corrected.length === 0) return out;
  const { rows: found } = await db.query<{ start: string; root: string; depth: number }>(
    `WITH RECURSIVE chain AS (
       SELECT o.id AS start, o.id, o.replaces_id, 1 AS depth FROM observation o
       WHERE o.patient_id = ANY($1::uuid[]) AND o.id = ANY($2::uuid[])
       UNION ALL
       SELECT c.start, p.id, p.replaces_id, c.depth + 1 FROM chain c JOIN observation p ON p.id = c.replaces_id
       WHERE c.depth < 100)
     SELECT start, id AS root, depth FROM chain WHERE replaces_id IS NULL`,
    [[...new Set(corrected.map((r) => r.patient_id))], corrected.map((r) => r.id)],
  );
  for (const f of found) out.set(f.start, { root: f.root, version: f.depth });
  return out;
}

export type ObservationHistory =
  | {
      kind: 'found';
      patientId: string;
      logicalId: string;
      versions: (ObservationRow & { client_id: string | null })[];
    }
  | { kind: 'gone'; patientId: string }
  | { kind: 'missing' };

/** The versions of a logical Observation, oldest first; 'gone' when it was moved to the archive. */
export async function observationHistory(db: Queryable, id: string): Promise<ObservationHistory> {
  if (!isUuid(id)) return { kind: 'missing' };
  const { rows } = await db.query<ObservationRow & { client_id: string | null; depth: number }>(
    `WITH RECURSIVE chain AS (
       SELECT o.*, 1 AS depth FROM observation o WHERE o.id = $1 AND o.replaces_id IS NULL
       UNION ALL
       SELECT n.*, c.depth + 1 FROM chain c JOIN observation n
         ON n.patient_id = c.patient_id AND n.id = c.superseded_by AND n.replaces_id = c.id
       WHERE c.depth < 100)
     SELECT ${OBSERVATION_COLUMNS.replace(/o\./g, 'chain.')}, chain.client_id, chain.depth FROM chain ORDER BY depth`,
    [id],
  );
  if (rows.length > 0)
    return { kind: 'found', patientId: rows[0]!.patient_id, logicalId: id, versions: rows };
  // Archived rows left the hot table on purpose (npm run archive): that is 410 Gone, not 404.
  const archived = await db.query<{ patient_id: string }>(
    'SELECT patient_id FROM observation_archive WHERE id = $1 LIMIT 1',
    [id],
  );
  if (archived.rows[0]) return { kind: 'gone', patientId: archived.rows[0].patient_id };
  return { kind: 'missing' };
}

/** Observation codes a `code` token stands for: a component code finds its panel (8480-6 → 85354-9). */
function codesOf(value: string): string[] {
  return alternatives(value).flatMap((v) => {
    const { system, code } = parseToken(v);
    if (!code) throw invalidParam('code', 'the code is empty');
    const def = findMeasurement(code) ?? measurementForValueCode(code);
    if (system && def && (def.system ?? LOINC) !== system) return [];
    return [def?.loinc ?? code];
  });
}

/** The panel and stored column of a component code (blood pressure: systolic value, diastolic value2). */
function componentColumn(code: string): { panel: string; column: string } | null {
  for (const def of MEASUREMENTS) {
    const i = def.components?.findIndex((c) => c.loinc === code) ?? -1;
    if (i === 0 || i === 1) return { panel: def.loinc, column: i === 0 ? 'r.value' : 'r.value2' };
  }
  return null;
}

const PANELS = MEASUREMENTS.filter((d) => d.components).map((d) => d.loinc);

/** `component-code-value-quantity=http://loinc.org|8480-6$gt140` on the value/value2 columns. */
function componentCodeValue(value: string, bind: Bind): string {
  const ors = alternatives(value).map((v) => {
    const [codeText, quantity] = v.split('$');
    if (!codeText || quantity === undefined) {
      throw invalidParam(
        'component-code-value-quantity',
        'must be code$quantity, e.g. http://loinc.org|8480-6$gt140',
      );
    }
    const { system, code } = parseToken(codeText);
    const target = system === null || system === LOINC ? componentColumn(code) : null;
    if (!target) return 'false';
    return `(r.code = ${bind(target.panel)} AND ${quantityCondition(quantity, target.column, 'r.unit', bind, 'component-code-value-quantity')})`;
  });
  return `(${ors.join(' OR ')})`;
}

export const observationDef: ResourceDef<ObservationSourceRow> = {
  type: 'Observation',
  source: SOURCE,
  idKind: 'uuid',
  patientScoped: true,
  subjectParam: true,
  defaultSort: '-date',
  params: {
    code: {
      type: 'token',
      where: (value, bind) => {
        const codes = codesOf(value);
        return codes.length ? `r.code = ANY(${bind(codes)}::text[])` : 'false';
      },
    },
    date: dateParam('r.effective_at', 'date'),
    category: {
      type: 'token',
      where: (value, bind) => {
        const codes = alternatives(value).flatMap((v) => {
          const category = parseToken(v).code;
          return MEASUREMENTS.filter((m) => m.category === category).map((m) => m.loinc);
        });
        return codes.length ? `r.code = ANY(${bind(codes)}::text[])` : 'false';
      },
    },
    status: mappedTokenParam(
      'r.status',
      'status',
      Object.fromEntries(FHIR_OBSERVATION_STATUSES.map((s) => [s, [s]])),
    ),
    identifier: {
      type: 'token',
      where: (value, bind) => {
        const ors = alternatives(value).map((v) => {
          const { system, code } = parseToken(v);
          return system
            ? `(r.identifier_value = ${bind(code)} AND r.identifier_system = ${bind(system)})`
            : `r.identifier_value = ${bind(code)}`;
        });
        return `(${ors.join(' OR ')})`;
      },
    },
    'value-quantity': {
      type: 'quantity',
      where: (value, bind) =>
        `(r.value2 IS NULL AND (${alternatives(value)
          .map((v) => quantityCondition(v, 'r.value', 'r.unit', bind, 'value-quantity'))
          .join(' OR ')}))`,
    },
    'component-code-value-quantity': { type: 'composite', where: componentCodeValue, repeatable: true },
    'component-value-quantity': {
      type: 'quantity',
      where: (value, bind) =>
        `(r.code = ANY(${bind(PANELS)}::text[]) AND (${alternatives(value)
          .flatMap((v) => [
            quantityCondition(v, 'r.value', 'r.unit', bind, 'component-value-quantity'),
            quantityCondition(v, 'r.value2', 'r.unit', bind, 'component-value-quantity'),
          ])
          .join(' OR ')}))`,
    },
    // A logical id finds its latest version.
    _id: {
      type: 'token',
      where: async (value, bind, db) => {
        const ids = alternatives(value).filter(isUuid);
        if (ids.length === 0) return 'false';
        const { rows } = await db.query<{ id: string }>(
          `WITH RECURSIVE fwd AS (
             SELECT id, superseded_by, 1 AS depth FROM observation WHERE id = ANY($1::uuid[]) AND replaces_id IS NULL
             UNION ALL
             SELECT o.id, o.superseded_by, f.depth + 1 FROM fwd f JOIN observation o ON o.id = f.superseded_by
             WHERE f.depth < 100)
           SELECT id FROM fwd WHERE superseded_by IS NULL`,
          [ids],
        );
        return rows.length ? `r.id = ANY(${bind(rows.map((r) => r.id))}::uuid[])` : 'false';
      },
    },
  },
  includes: [
    { name: 'Observation:patient', target: 'Patient', ids: (r) => [r.patient_id] },
    { name: 'Observation:subject', target: 'Patient', ids: (r) => [r.patient_id] },
    { name: 'Observation:device', target: 'Device', ids: (r) => (r.device_id ? [r.device_id] : []) },
  ],
  toFhir: (row) => observationResource(row, row.id, 1),
  toFhirPage: async (db, rows) => {
    const logical = await logicalIds(db, rows);
    return rows.map((r) => {
      const l = logical.get(r.id);
      return observationResource(r, l?.root ?? r.id, l?.version ?? 1);
    });
  },
  read: async (db, id) => {
    const h = await observationHistory(db, id);
    if (h.kind === 'gone') return { patientId: h.patientId, resource: 'gone' };
    if (h.kind !== 'found') return null;
    const latest = h.versions[h.versions.length - 1]!;
    return { patientId: h.patientId, resource: observationResource(latest, id, h.versions.length) };
  },
};
