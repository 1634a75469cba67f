import type { Dataset } from './dataset';
import type { ThroughputResult } from './load';
import type { AlertResult, BatchResult, ReadResults } from './phases';
import type { CeilingResult } from './raw-sql';

export interface DbResult {
  database: 'embedded' | 'postgres';
  mode: 'quick' | 'full';
  startedAt: string;
  // Headline figures (the names first).
  /** Bundles of 100 observations of 100 different patients (the worst case). */
  ingestBatchPerSecond: number | null;
  /** Bundles of 100 observations of one patient (a device's backlog). */
  ingestBatchOnePatientPerSecond: number;
  /** Best single-POST rate of the measured concurrencies. */
  ingestPerSecond: number;
  rawInsertCeilingPerSecond: number;
  copyPerSecond: number;
  /** Batch ingest ÷ raw multi-row INSERT ceiling (the issue's ≥ 50 % target). */
  ingestFractionOfCeiling: number;
  /** Best single-POST rate ÷ the same ceiling. */
  singlePostFractionOfCeiling: number;
  worklistP95Ms: number | null;
  overviewP95Ms: number | null;
  searchP95Ms: number | null;
  searchPerSecond: number;
  alertLatencyP50Ms: number | null;
  alertLatencyP99Ms: number | null;
  serverRssMaxMb: number;
  details: {
    dataset: Omit<Dataset, 'patients' | 'unitId'> & { patients: number };
    ingest: Record<string, ThroughputResult>;
    batch: BatchResult;
    batchOnePatient: BatchResult;
    reads: ReadResults;
    alert: AlertResult;
    ceiling: CeilingResult;
  };
}

export function buildResult(parts: {
  database: DbResult['database'];
  mode: DbResult['mode'];
  startedAt: Date;
  dataset: Dataset;
  ingest: Record<string, ThroughputResult>;
  batch: BatchResult;
  batchOnePatient: BatchResult;
  reads: ReadResults;
  alert: AlertResult;
  ceiling: CeilingResult;
  serverRssMaxMb: number;
}): DbResult {
  const { reads, alert, ceiling } = parts;
  const { patients, unitId: _unit, ...dataset } = parts.dataset;
  const ingestPerSecond = Math.max(...Object.values(parts.ingest).map((r) => r.perSecond));
  return {
    database: parts.database,
    mode: parts.mode,
    startedAt: parts.startedAt.toISOString(),
    ingestBatchPerSecond: parts.batch.observationsPerSecond,
    ingestBatchOnePatientPerSecond: parts.batchOnePatient.observationsPerSecond,
    ingestPerSecond,
    rawInsertCeilingPerSecond: ceiling.multiRowInsertPerSecond,
    copyPerSecond: ceiling.copyPerSecond,
    ingestFractionOfCeiling: fraction(parts.batch.observationsPerSecond, ceiling.multiRowInsertPerSecond),
    singlePostFractionOfCeiling: fraction(ingestPerSecond, ceiling.multiRowInsertPerSecond),
    worklistP95Ms: reads.worklist.p95Ms,
    overviewP95Ms: reads.overview.p95Ms,
    searchP95Ms: reads.search.p95Ms,
    searchPerSecond: reads.searchThroughput.perSecond,
    alertLatencyP50Ms: alert.p50Ms,
    alertLatencyP99Ms: alert.p99Ms,
    serverRssMaxMb: Math.round(parts.serverRssMaxMb),
    details: {
      dataset: { ...dataset, patients: patients.length },
      ingest: parts.ingest,
      batch: parts.batch,
      batchOnePatient: parts.batchOnePatient,
      reads,
      alert,
      ceiling,
    },
  };
}

const fraction = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

const n = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number | null) => n(x, x !== null && x < 10 ? 1 : 0);
const pair = (a: number | null, b: number | null) => `${ms(a)} / ${ms(b)}`;

interface Row {
  label: string;
  value: (r: DbResult) => string;
  /** undefined: no target for this row. */
  pass?: (r: DbResult) => boolean | null;
  target: string;
  reference: string;
}

// Targets and reference from issue 9; the reference figures are the (Medplum 5.0.10, same
// kind of machine), not measured by this bench.
const ROWS: Row[] = [
  ...['10', '50'].flatMap((c): Row[] => [
    {
      label: `FHIR POST ingest, c=${c} (obs/s)`,
      value: (r) => n(r.details.ingest[`c${c}`]?.perSecond),
      pass: (r) => (r.details.ingest[`c${c}`]?.perSecond ?? 0) >= 1400,
      target: '≥ 1,400',
      reference: '128–154',
    },
    {
      label: `  p50 / p99 (ms), c=${c}`,
      value: (r) => pair(r.details.ingest[`c${c}`]?.p50Ms ?? null, r.details.ingest[`c${c}`]?.p99Ms ?? null),
      target: '',
      reference: c === '10' ? 'p50 66–74' : '',
    },
  ]),
  {
    label: 'FHIR batch Bundles of 100 patients, c=4 (obs/s)',
    value: (r) => n(r.ingestBatchPerSecond),
    target: '',
    reference: '140–179',
  },
  {
    label: '  p50 / p99 per Bundle (ms)',
    value: (r) => pair(r.details.batch.p50Ms, r.details.batch.p99Ms),
    target: '',
    reference: '',
  },
  {
    label: 'FHIR batch Bundles of 1 patient (backlog) (obs/s)',
    value: (r) => n(r.details.batchOnePatient.observationsPerSecond),
    target: '',
    reference: '',
  },
  {
    label: '  p50 / p99 per Bundle (ms)',
    value: (r) => pair(r.details.batchOnePatient.p50Ms, r.details.batchOnePatient.p99Ms),
    target: '',
    reference: '',
  },
  {
    label: 'Raw multi-row INSERT, 100 rows/stmt (rows/s)',
    value: (r) =>
      Object.entries(r.details.ceiling.multiRowByConnections)
        .map(([c, v]) => `${n(v)} (${c} conn)`)
        .join(', '),
    target: '',
    reference: '83,000–100,000 (4 conn)',
  },
  {
    label: 'Raw COPY, 10,000 rows/stmt (rows/s)',
    value: (r) => `${n(r.copyPerSecond)} (${r.details.ceiling.connections} conn)`,
    target: '',
    reference: '',
  },
  {
    label: 'Batch ingest ÷ INSERT ceiling',
    value: (r) => `${n(r.ingestFractionOfCeiling * 100, 1)} %`,
    pass: (r) => r.ingestFractionOfCeiling >= 0.5,
    target: '≥ 50 %',
    reference: '0.14–0.22 % (derived)',
  },
  {
    label: 'Single-POST ingest ÷ INSERT ceiling',
    value: (r) => `${n(r.singlePostFractionOfCeiling * 100, 1)} %`,
    target: '',
    reference: '0.13–0.19 % (derived)',
  },
  {
    label: 'Worklist p50 / p95 (ms)',
    value: (r) => pair(r.details.reads.worklist.p50Ms, r.worklistP95Ms),
    pass: (r) => r.worklistP95Ms !== null && r.worklistP95Ms < 50,
    target: 'p95 < 50',
    reference: '',
  },
  {
    label: '  open alerts listed',
    value: (r) => n(r.details.reads.worklist.items),
    target: '',
    reference: '',
  },
  {
    label: 'Patient overview p50 / p95 (ms)',
    value: (r) => pair(r.details.reads.overview.p50Ms, r.overviewP95Ms),
    target: '',
    reference: '',
  },
  {
    label: 'FHIR search pat+code+date p50 / p95 (ms)',
    value: (r) => pair(r.details.reads.search.p50Ms, r.searchP95Ms),
    pass: (r) => r.searchP95Ms !== null && r.searchP95Ms < 20,
    target: 'p95 < 20',
    reference: 'p50 20 / p99 63–67',
  },
  {
    label: 'FHIR search, c=10 (req/s)',
    value: (r) => n(r.searchPerSecond),
    pass: (r) => r.searchPerSecond >= 450,
    target: '≥ 450 (10× ref)',
    reference: '~45',
  },
  {
    label: '  same search in SQL p50 (ms)',
    value: (r) => ms(r.details.ceiling.sqlSearchP50Ms),
    target: '',
    reference: '0.7',
  },
  {
    label: 'Alert latency p50 / p99 (ms)',
    value: (r) => pair(r.alertLatencyP50Ms, r.alertLatencyP99Ms),
    pass: (r) => r.alertLatencyP99Ms !== null && r.alertLatencyP99Ms < 1000 && r.details.alert.missing === 0,
    target: 'p99 < 1,000',
    reference: '',
  },
  {
    label: '  obs/s achieved of target; alerts missed',
    value: (r) =>
      `${n(r.details.alert.achievedPerSecond)} of ${n(r.details.alert.targetPerSecond)}; ${r.details.alert.missing}`,
    target: '500',
    reference: '',
  },
  { label: 'Server RSS max (MiB)', value: (r) => n(r.serverRssMaxMb), target: '', reference: '' },
  {
    label: 'Data: patients × days (observations)',
    value: (r) =>
      `${n(r.details.dataset.patients)} × ${r.details.dataset.days} (${n(r.details.dataset.observations)})`,
    target: '',
    reference: '',
  },
];

/** One aligned, markdown-style table: a value and ✓/✗ column per database. */
export function formatTable(results: DbResult[]): string {
  const mark = (row: Row, r: DbResult) => {
    const p = row.pass?.(r);
    return p === undefined || p === null ? '' : p ? '✓' : '✗';
  };
  const header = [
    'measure',
    ...results.flatMap((r) => [r.database, '']),
    'target',
    'issue 9 reference: Medplum (not measured here)',
  ];
  const body = ROWS.map((row) => [
    row.label,
    ...results.flatMap((r) => [row.value(r), mark(row, r)]),
    row.target,
    row.reference,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => [...line[i]!].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
