// What an import parser produces: measurements in the units the catalogue accepts (the server converts them
// to canonical units as for any other channel), each with a key derived from its identity at the source.
import type { MeasurementInput } from '../types';

export interface ImportRecord {
  /** Idempotency key from the record's identity at its source: importing the file again stores nothing new. */
  key: string;
  /** Catalogue key ("bp", "weight", …), for the preview and the patient's choice of what to import. */
  kind: string;
  measurement: MeasurementInput;
  /** ISO 8601 with offset. */
  effectiveAt: string;
  /** Device or app that measured it, as the export names it (may be absent). */
  sourceName?: string;
}

export type ImportSkipReason =
  /** A record type Hemma does not receive (steps, sleep, …): counted, not listed. */
  | 'not-a-measurement'
  | 'invalid-value'
  | 'invalid-date'
  | 'unsupported-unit'
  /** Systolic without diastolic or the other way round. */
  | 'incomplete-blood-pressure'
  /** The same record twice in one file. */
  | 'duplicate-in-file'
  /** The file stopped being well-formed here; nothing after it was read. */
  | 'malformed-file'
  | 'unknown-format';

export interface ImportSkip {
  reason: ImportSkipReason;
  /** Row (CSV, 1-based with the header as row 1) or line (XML) where known. */
  at?: number;
  /** The source's own name of the record type, for "not-a-measurement". */
  type?: string;
}

export interface ParseOutput {
  records: ImportRecord[];
  skipped: ImportSkip[];
}

/** "12.5" or "12,5" (Swedish exports) → number; anything else → NaN. */
export function parseNumber(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const t = text.trim().replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** A record as POST /api/patient/imports takes it (the kind is for the preview only). */
export function importPayload(record: ImportRecord): Omit<ImportRecord, 'kind'> {
  const { kind: _kind, ...payload } = record;
  return payload;
}
