// Apple Health "Export All Health Data" → export.xml (HealthKit). Streamed: the file can be hundreds of MB,
// so text is fed in chunks and records come out as they are read. Element and attribute names as Apple
// writes them: <Record type="HKQuantityTypeIdentifier…" sourceName unit value startDate …/>, blood
// pressure as <Correlation type="HKCorrelationTypeIdentifierBloodPressure"> around a systolic and a
// diastolic <Record> (the same two samples also appear as top-level Records in many exports).
import { SaxesParser } from 'saxes';
import { findMeasurement } from '../catalogue';
import type { ImportSkip, ParseOutput } from './records';
import { parseNumber } from './records';
import { sourceKey } from './sourceKey';

interface QuantityMapping {
  kind: string;
  /** HealthKit unit string → catalogue input unit (UCUM) and a factor to apply first. */
  units: Record<string, { ucum: string; factor?: number }>;
}

/** The HealthKit quantity types Hemma takes in, with the units Apple writes for them. Data, not code. */
export const APPLE_HEALTH_TYPES: Record<string, QuantityMapping> = {
  HKQuantityTypeIdentifierBodyMass: {
    kind: 'weight',
    units: { kg: { ucum: 'kg' }, lb: { ucum: '[lb_av]' }, g: { ucum: 'kg', factor: 0.001 } },
  },
  HKQuantityTypeIdentifierHeartRate: { kind: 'heart-rate', units: { 'count/min': { ucum: '/min' } } },
  // Apple stores saturation as a fraction (0.97) with unit "%".
  HKQuantityTypeIdentifierOxygenSaturation: { kind: 'spo2', units: { '%': { ucum: '%', factor: 100 } } },
  // mmol/L is written with the molar mass of glucose: "mmol<180.1558800000541>/L".
  HKQuantityTypeIdentifierBloodGlucose: {
    kind: 'glucose',
    units: { 'mg/dL': { ucum: 'mg/dL' }, 'mmol/L': { ucum: 'mmol/L' } },
  },
  HKQuantityTypeIdentifierBodyTemperature: {
    kind: 'temperature',
    units: { degC: { ucum: 'Cel' }, degF: { ucum: '[degF]' } },
  },
};

const SYSTOLIC = 'HKQuantityTypeIdentifierBloodPressureSystolic';
const DIASTOLIC = 'HKQuantityTypeIdentifierBloodPressureDiastolic';
const BP_UNITS: Record<string, string> = { mmHg: 'mm[Hg]' };

const normalizeUnit = (unit: string): string => unit.replace(/<[^>]*>/g, '');

/** "2023-01-01 08:00:00 +0100" → "2023-01-01T08:00:00+01:00", or null if it is not that. */
export function appleDate(text: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const iso = `${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

interface HalfPressure {
  value: number;
  at: number;
}

/** Feed text chunks with write(); call close() at the end. Never throws: a broken file ends the parse with
 *  a "malformed-file" skip, keeping what was read before it. */
export class AppleHealthParser {
  private readonly parser = new SaxesParser({ position: true });
  private out: ParseOutput = { records: [], skipped: [] };
  private failed = false;
  /** Halves of a blood pressure waiting for the other half, by source and start time. */
  private readonly halves = new Map<string, { systolic?: HalfPressure; diastolic?: HalfPressure }>();
  /** Pressures already emitted: the copy of a correlation's samples at top level is the same reading. */
  private readonly pressures = new Set<string>();

  constructor() {
    this.parser.on('opentag', (node) => {
      if (this.failed || node.name !== 'Record') return;
      this.record(node.attributes as Record<string, string>);
    });
    this.parser.on('error', () => {
      if (!this.failed) this.out.skipped.push({ reason: 'malformed-file', at: this.parser.line });
      this.failed = true;
    });
  }

  private take(): ParseOutput {
    const out = this.out;
    this.out = { records: [], skipped: [] };
    return out;
  }

  write(chunk: string): ParseOutput {
    if (!this.failed) {
      try {
        this.parser.write(chunk);
      } catch {
        this.fail();
      }
    }
    return this.take();
  }

  close(): ParseOutput {
    if (!this.failed) {
      try {
        this.parser.close();
      } catch {
        this.fail();
      }
    }
    for (const halves of this.halves.values()) {
      const at = (halves.systolic ?? halves.diastolic)?.at;
      this.out.skipped.push({ reason: 'incomplete-blood-pressure', ...(at ? { at } : {}) });
    }
    this.halves.clear();
    return this.take();
  }

  private fail() {
    if (!this.failed) this.out.skipped.push({ reason: 'malformed-file', at: this.parser.line });
    this.failed = true;
  }

  private skip(reason: ImportSkip['reason'], type?: string) {
    this.out.skipped.push({ reason, at: this.parser.line, ...(type ? { type } : {}) });
  }

  private record(a: Record<string, string>) {
    const type = a.type ?? '';
    if (type === SYSTOLIC || type === DIASTOLIC) return this.pressure(a, type === SYSTOLIC);
    const mapping = APPLE_HEALTH_TYPES[type];
    if (!mapping) return this.skip('not-a-measurement', type.slice(0, 80));
    const unit = mapping.units[normalizeUnit(a.unit ?? '')];
    if (!unit) return this.skip('unsupported-unit', type);
    const raw = parseNumber(a.value);
    if (!Number.isFinite(raw)) return this.skip('invalid-value', type);
    const effectiveAt = appleDate(a.startDate);
    if (!effectiveAt) return this.skip('invalid-date', type);
    const def = findMeasurement(mapping.kind);
    if (!def) return this.skip('not-a-measurement', type);
    const value = unit.factor ? raw * unit.factor : raw;
    const sourceName = a.sourceName?.slice(0, 100);
    this.out.records.push({
      key: sourceKey('apple-health', [type, a.sourceName, a.startDate, a.value, a.unit]),
      kind: mapping.kind,
      measurement: { code: def.loinc, value, unit: unit.ucum },
      effectiveAt,
      ...(sourceName ? { sourceName } : {}),
    });
  }

  private pressure(a: Record<string, string>, systolic: boolean) {
    const unit = BP_UNITS[normalizeUnit(a.unit ?? '')];
    if (!unit) return this.skip('unsupported-unit', a.type);
    const value = parseNumber(a.value);
    if (!Number.isFinite(value)) return this.skip('invalid-value', a.type);
    const effectiveAt = appleDate(a.startDate);
    if (!effectiveAt) return this.skip('invalid-date', a.type);
    const id = `${a.sourceName ?? ''}\u001f${a.startDate}`;
    const halves = this.halves.get(id) ?? {};
    const half = { value, at: this.parser.line };
    if (systolic) halves.systolic = half;
    else halves.diastolic = half;
    if (!halves.systolic || !halves.diastolic) {
      this.halves.set(id, halves);
      return;
    }
    this.halves.delete(id);
    const key = sourceKey('apple-health', [
      'bp',
      a.sourceName,
      a.startDate,
      halves.systolic.value,
      halves.diastolic.value,
    ]);
    if (this.pressures.has(key)) return;
    this.pressures.add(key);
    const sourceName = a.sourceName?.slice(0, 100);
    this.out.records.push({
      key,
      kind: 'bp',
      measurement: {
        code: '85354-9',
        components: [
          { code: '8480-6', value: halves.systolic.value, unit },
          { code: '8462-4', value: halves.diastolic.value, unit },
        ],
      },
      effectiveAt,
      ...(sourceName ? { sourceName } : {}),
    });
  }
}

/** Whole-text convenience (tests, small files). */
export function parseAppleHealth(xml: string): ParseOutput {
  const parser = new AppleHealthParser();
  const first = parser.write(xml);
  const last = parser.close();
  return { records: [...first.records, ...last.records], skipped: [...first.skipped, ...last.skipped] };
}
