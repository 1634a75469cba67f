// CSV exports of home devices (formats in csvFormats.ts). Parsing with papaparse; dates without a zone are
// the patient's local time (Europe/Stockholm unless told).
import Papa from 'papaparse';
import { findMeasurement } from '../catalogue';
import { DAY_MS, zonedTimeToMs } from '../rules/time';
import type { MeasurementInput } from '../types';
import { type CsvFormat, detectCsvFormat, normalizeHeader } from './csvFormats';
import { type ImportRecord, type ImportSkip, type ParseOutput, parseNumber } from './records';
import { sourceKey } from './sourceKey';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type LocalParts = [number, number, number, number, number, number];

/** The local date-time parts [y, m, d, h, min, s] of the forms the listed exports use, or null. */
export function parseLocalDateTime(date: string, time = ''): LocalParts | null {
  const text = `${date} ${time}`.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  let ymd: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  let hm: (string | undefined)[] = m ? [m[4], m[5], m[6]] : [];
  if (!m) {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(text);
    if (m) {
      ymd = [Number(m[3]), Number(m[2]), Number(m[1])];
      hm = [m[4], m[5]];
    }
  }
  if (!m) {
    m = /^([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(text);
    const month = m ? MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1 : 0;
    if (m && month > 0) {
      ymd = [Number(m[3]), month, Number(m[2])];
      hm = [m[4], m[5]];
    }
  }
  if (!ymd) return null;
  const [y, mo, d] = ymd;
  const h = Number(hm[0] ?? 0);
  const mi = Number(hm[1] ?? 0);
  const sec = Number(hm[2] ?? 0);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  return [y, mo, d, h, mi, sec];
}

function toIso(parts: LocalParts, timeZone: string): string {
  const [y, mo, d, h, mi, sec] = parts;
  const day = Math.floor(Date.UTC(y, mo - 1, d) / DAY_MS);
  return new Date(zonedTimeToMs(day, h, mi, timeZone) + sec * 1000).toISOString();
}

export interface CsvParseOutput extends ParseOutput {
  format: CsvFormat | null;
}

/** Never throws. Rows count from 1 = the header row, as a spreadsheet shows them. */
export function parseCsvExport(text: string, timeZone = 'Europe/Stockholm'): CsvParseOutput {
  let rows: string[][];
  try {
    rows = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data.filter(Array.isArray);
  } catch {
    return { format: null, records: [], skipped: [{ reason: 'malformed-file' }] };
  }
  const header = (rows[0] ?? []).map((h) => normalizeHeader(String(h)));
  const format = detectCsvFormat(header);
  if (!format) return { format: null, records: [], skipped: [{ reason: 'unknown-format' }] };
  const col = (name: string) => header.indexOf(name);
  const records: ImportRecord[] = [];
  const skipped: ImportSkip[] = [];
  const seen = new Set<string>();

  rows.slice(1).forEach((row, i) => {
    const at = i + 2;
    const cell = (name: string | undefined) => (name === undefined ? undefined : row[col(name)]?.toString());
    const parts = parseLocalDateTime(cell(format.date) ?? '', cell(format.time) ?? '');
    if (!parts) {
      skipped.push({ reason: 'invalid-date', at });
      return;
    }
    const effectiveAt = toIso(parts, timeZone);
    for (const v of format.values) {
      const def = findMeasurement(v.kind);
      const cells = v.columns.map((c) => cell(c));
      // An optional column (pulse) left empty is no value, not an error.
      if (!def || cells.every((c) => c === undefined || c.trim() === '')) continue;
      const values = cells.map((c) => parseNumber(c));
      if (values.some((n) => !Number.isFinite(n))) {
        skipped.push({ reason: def.components ? 'incomplete-blood-pressure' : 'invalid-value', at });
        continue;
      }
      const measurement: MeasurementInput = def.components
        ? {
            code: def.loinc,
            components: def.components.map((c, j) => ({
              code: c.loinc,
              value: values[j] as number,
              unit: v.unit,
            })),
          }
        : { code: def.loinc, value: values[0] as number, unit: v.unit };
      const key = sourceKey(format.id, [v.kind, cell(format.date), cell(format.time), ...cells]);
      if (seen.has(key)) {
        skipped.push({ reason: 'duplicate-in-file', at });
        continue;
      }
      seen.add(key);
      records.push({ key, kind: v.kind, measurement, effectiveAt, sourceName: format.name });
    }
  });
  return { format, records, skipped };
}
