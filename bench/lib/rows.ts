import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../../packages/server/src/db/database';
import type { Sample } from './measurements';

/**
 * An observation row as the FHIR intake stores it (with identifier and idempotency key, so the same
 * unique and identifier indexes are maintained): the unit of the bulk load and of the raw ceiling.
 */
export interface ObservationRow {
  patientId: string;
  id: string;
  sample: Sample;
  effectiveAt: Date;
  source: 'device' | 'fhir-client';
  identifier: string;
}

const IDENTIFIER_SYSTEM = 'urn:hemma:bench';

export function observationRow(
  patientId: string,
  sample: Sample,
  effectiveAt: Date,
  identifier: string,
  source: ObservationRow['source'] = 'device',
): ObservationRow {
  return { patientId, id: uuidv7(), sample, effectiveAt, source, identifier };
}

/** Column list shared by the three ways of inserting (unnest, VALUES, COPY). */
export const COLUMNS =
  'patient_id, id, code, effective_at, received_at, value, value2, unit, original_values, original_units, ' +
  'source, identifier_system, identifier_value, idempotency_key, severity';

/** The row's column values, in COLUMNS order. */
function fields(r: ObservationRow): unknown[] {
  const received = new Date(r.effectiveAt.getTime() + 40_000);
  return [
    r.patientId,
    r.id,
    r.sample.code,
    r.effectiveAt,
    received,
    r.sample.values[0],
    r.sample.values[1] ?? null,
    r.sample.unit,
    r.sample.values,
    r.sample.values.map(() => r.sample.unit),
    r.source,
    IDENTIFIER_SYSTEM,
    r.identifier,
    // the key the FHIR route derives from Observation.identifier
    `id:${IDENTIFIER_SYSTEM}|${r.identifier}`,
    r.sample.severity,
  ];
}

/**
 * Bulk form: one statement per chunk with one array parameter per column (unnest), far fewer
 * parameters than VALUES. Arrays of arrays would flatten in unnest, so the original value/unit
 * arrays are rebuilt from value/value2 in SQL, as the demo seed does.
 */
export async function insertUnnest(db: Queryable, rows: ObservationRow[]): Promise<void> {
  const cols = rows.map(fields);
  const col = (i: number) => cols.map((c) => c[i]);
  await db.query(
    `INSERT INTO observation (${COLUMNS})
     SELECT p, i, c, e, rcv, v, v2, u,
       CASE WHEN v2 IS NULL THEN ARRAY[v] ELSE ARRAY[v, v2] END,
       CASE WHEN v2 IS NULL THEN ARRAY[u] ELSE ARRAY[u, u] END, s, isys, ival, ikey, sev
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::float8[],
                 $7::float8[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
       AS t(p, i, c, e, rcv, v, v2, u, s, isys, ival, ikey, sev)`,
    [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14].map(col),
  );
}

/** The plain multi-row form the issue's reference measured: INSERT … VALUES (…), (…), … */
export async function insertValues(db: Queryable, rows: ObservationRow[]): Promise<void> {
  const width = COLUMNS.split(',').length;
  const tuples = rows.map(
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
  );
  await db.query(`INSERT INTO observation (${COLUMNS}) VALUES ${tuples.join(', ')}`, rows.flatMap(fields));
}

/** PostgreSQL COPY text format: tab-separated, \N for null, arrays as {"a","b"} (units hold brackets). */
export function copyText(rows: ObservationRow[]): string {
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? '\\N'
      : v instanceof Date
        ? v.toISOString()
        : Array.isArray(v)
          ? `{${v.map((x) => `"${x}"`).join(',')}}`
          : String(v);
  return `${rows.map((r) => fields(r).map(cell).join('\t')).join('\n')}\n`;
}
