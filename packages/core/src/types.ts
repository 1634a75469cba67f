// Shared domain types. Server and web both depend on these shapes; change them together.

export type Lang = 'sv' | 'en';
export type Localized = Record<Lang, string>;

/** Where a measurement came from. */
export type Source = 'patient-app' | 'staff' | 'device' | 'fhir-client' | 'sms' | 'import';

export type Severity = 'green' | 'yellow' | 'red';
export type Direction = 'high' | 'low';

/** An input unit and how to convert it to the canonical unit of its measurement. */
export interface InputUnit {
  /** UCUM code, e.g. "kg", "[lb_av]", "mm[Hg]". */
  ucum: string;
  /** What people type or see, e.g. "lb", "mmHg". Also accepted on input. */
  display: string;
  /** Converts a value in this unit to the canonical unit. */
  toCanonical: (value: number) => number;
}

export interface ComponentDef {
  loinc: string;
  key: string;
  name: Localized;
}

export interface MeasurementDef {
  /** Short stable key used in URLs and translation files, e.g. "bp", "weight". */
  key: string;
  /** LOINC code of the Observation as stored and exchanged. */
  loinc: string;
  /** Other LOINC codes accepted on input as the same measurement (e.g. 2708-6 for SpO2). */
  aliases?: string[];
  name: Localized;
  /** Canonical UCUM unit; every stored value is in this unit. */
  unit: string;
  /** Human display of the canonical unit ("mmHg", "kg", "%"). */
  unitDisplay: string;
  /** Accepted input units (the canonical unit is always among them). */
  inputUnits: InputUnit[];
  /** Physiologically possible range in the canonical unit; outside = typing error, rejected. */
  possible: { min: number; max: number };
  /** Decimals shown and kept after conversion. */
  decimals: number;
  /** FHIR Observation category code ('survey': questionnaire scores). */
  category: 'vital-signs' | 'activity' | 'laboratory' | 'survey';
  /** Code system of `loinc` when it is not LOINC (questionnaire scores without a LOINC code). */
  system?: string;
  /** Components, for panels (blood pressure: systolic then diastolic). Values are stored in this order. */
  components?: ComponentDef[];
}

/** Reference interval for one value (a single measurement, or one component of a panel), canonical unit.
 *  A value strictly above yellowHigh (or below yellowLow) is yellow; strictly above redHigh (below redLow) is red. */
export interface Thresholds {
  redLow?: number | null;
  yellowLow?: number | null;
  yellowHigh?: number | null;
  redHigh?: number | null;
}

/** Advice shown to the patient when a threshold is crossed, per level and direction. */
export type AdviceSet = Partial<
  Record<'redHigh' | 'yellowHigh' | 'yellowLow' | 'redLow' | 'normal', Localized>
>;

/** What a client sends: one measurement, single-valued or a panel with components. */
export interface MeasurementInput {
  code: string;
  value?: number;
  unit?: string;
  components?: { code: string; value: number; unit?: string }[];
}

/** A measurement after validation and unit conversion. */
export interface NormalizedMeasurement {
  /** Canonical LOINC code (aliases resolved). */
  code: string;
  /** Canonical values: one for single measurements, one per component (catalogue order) for panels. */
  values: number[];
  /** Canonical UCUM unit. */
  unit: string;
  /** What was given, value by value, before conversion. */
  originalValues: number[];
  originalUnits: string[];
}

/** A precise validation problem: which field, what was given, what is allowed. No personal data. */
export interface ValidationIssue {
  /** Path of the offending field in the input, e.g. "components[0].value" or "unit". */
  field: string;
  /** Machine-readable kind. */
  kind:
    | 'required'
    | 'unknown-code'
    | 'unknown-unit'
    | 'out-of-range'
    | 'not-a-number'
    | 'invalid'
    | 'duplicate';
  /** What was given (stringified, short). */
  given?: string;
  /** What is allowed, human-readable (English, technical: codes, units, ranges). */
  allowed?: string;
  /** Full message in English, for API errors. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** One value outside its interval. */
export interface AlertReason {
  /** LOINC of the value (component code for panels). */
  code: string;
  value: number;
  unit: string;
  severity: 'yellow' | 'red';
  direction: Direction;
  /** The limit that was crossed. */
  limit: number;
}

export interface Evaluation {
  severity: Severity;
  /** Every value outside its interval, worst first. Empty when green. */
  reasons: AlertReason[];
  /** Advice for the worst reason (or "normal" advice when green), if any is set. */
  advice?: Localized;
}

export type ObservationStatus = 'preliminary' | 'final' | 'amended' | 'corrected' | 'entered-in-error';

/** A measurement as stored (one row of the observation table), for mapping to FHIR and to the app API. */
export interface StoredObservation {
  id: string;
  patientId: string;
  code: string;
  values: number[];
  unit: string;
  effectiveAt: string; // ISO 8601 UTC
  receivedAt: string; // ISO 8601 UTC
  status: ObservationStatus;
  source: Source;
  identifier?: { system: string | null; value: string } | null;
  deviceId?: string | null;
}

export type AlertStatus = 'open' | 'acknowledged';

/** An alert as stored, for mapping to a FHIR Flag. */
export interface StoredAlert {
  id: string;
  patientId: string;
  observationId: string;
  severity: 'yellow' | 'red';
  reasons: AlertReason[];
  status: AlertStatus;
  createdAt: string;
  acknowledgedAt?: string | null;
}
