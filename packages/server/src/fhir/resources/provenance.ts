import { alternatives, dateParam, isUuid, referenceIds } from '../search-params';
import { HEMMA_CODES, iso, ref } from './codes';
import { logicalIds } from './observation';
import type { ResourceDef, SourceRow } from './types';

interface Row extends SourceRow {
  validated_at: Date;
  validated_by: string | null;
  validated_role: string | null;
  replaces_id: string | null;
  correction_reason: string | null;
}

const PARTICIPANT = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/**
 * Who validated a value into the record, or corrected it (validation/): one Provenance per signed
 * Observation version, with the same id as the stored row. A correction points at the version it
 * revises and carries the reason.
 */
export const provenanceDef: ResourceDef<Row> = {
  type: 'Provenance',
  source: `SELECT o.id, o.patient_id, o.validated_at AS sort_at, o.validated_at, o.validated_by, o.validated_role,
    o.replaces_id, o.correction_reason FROM observation o WHERE o.validated_at IS NOT NULL`,
  idKind: 'uuid',
  patientScoped: true,
  defaultSort: '-date',
  params: {
    recorded: dateParam('r.validated_at', 'recorded'),
    // Any version of the logical Observation.
    target: {
      type: 'reference',
      where: async (value, bind, db) => {
        const ids = referenceIds(value, 'Observation', 'target').filter(isUuid);
        if (ids.length === 0) return 'false';
        const { rows } = await db.query<{ id: string }>(
          `WITH RECURSIVE fwd AS (
             SELECT id, superseded_by, 1 AS depth FROM observation WHERE id = ANY($1::uuid[]) AND replaces_id IS NULL
             UNION ALL
             SELECT o.id, o.superseded_by, f.depth + 1 FROM fwd f JOIN observation o ON o.id = f.superseded_by
             WHERE f.depth < 100)
           SELECT id FROM fwd`,
          [alternatives(ids.join(','))],
        );
        return rows.length ? `r.id = ANY(${bind(rows.map((r) => r.id))}::uuid[])` : 'false';
      },
    },
  },
  toFhir: () => {
    throw new Error('Provenance is mapped a page at a time (toFhirPage)');
  },
  toFhirPage: async (db, rows) => {
    const logical = await logicalIds(db, rows);
    return rows.map((r) => {
      const l = logical.get(r.id) ?? { root: r.id, version: 1 };
      const target = `Observation/${l.root}/_history/${l.version}`;
      return {
        resourceType: 'Provenance',
        id: r.id,
        target: [{ reference: target }],
        recorded: iso(r.validated_at)!,
        activity: r.replaces_id
          ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE' }] }
          : { coding: [{ system: `${HEMMA_CODES}provenance-activity`, code: 'validate' }] },
        agent: [
          {
            type: { coding: [{ system: PARTICIPANT, code: r.replaces_id ? 'author' : 'verifier' }] },
            ...(r.validated_role
              ? { role: [{ coding: [{ system: `${HEMMA_CODES}staff-role`, code: r.validated_role }] }] }
              : {}),
            who: r.validated_by ? ref('Practitioner', r.validated_by) : { display: 'unknown' },
          },
        ],
        ...(r.replaces_id
          ? {
              entity: [
                { role: 'revision', what: { reference: `Observation/${l.root}/_history/${l.version - 1}` } },
              ],
            }
          : {}),
        ...(r.correction_reason ? { reason: [{ text: r.correction_reason }] } : {}),
      };
    });
  },
};
