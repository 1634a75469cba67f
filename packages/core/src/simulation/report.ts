// The simulation's result as a readable table (the CLI's default output).

import type { SimulationResult, WeightRuleSummary } from './simulate';

const EPISODE_NAMES: Record<string, string> = {
  heartFailureDecompensation: 'Heart-failure decompensation',
  hypertensiveCrisis: 'Hypertensive crisis',
  hypoglycaemia: 'Severe hypoglycaemia',
  copdExacerbation: 'COPD exacerbation',
};

const fmt = (v: number | null, digits = 2): string => (v === null ? '–' : v.toFixed(digits));
const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)} %`);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function weightRow(name: string, s: WeightRuleSummary): string[] {
  return [
    name,
    pct(s.sensitivity),
    fmt(s.medianDaysWarning, 1),
    fmt(s.alertsPer100PatientWeeks),
    fmt(s.falseAlertsPer100PatientWeeks),
    fmt(s.staffMinutesPer100PatientsPerWeek, 1),
  ];
}

/** Markdown tables of a result: readable in a terminal and pasteable into docs/simulation.md. */
export function formatReport(r: SimulationResult): string {
  const out: string[] = [];
  const { patients, weeks, seed } = r.options;
  out.push(
    `Alert-burden simulation: ${patients} patients × ${weeks} weeks, seed ${seed}, rule set "${r.ruleSet}" (${r.patientWeeks} patient-weeks)`,
    '',
    table(
      ['Summary', 'Value'],
      [
        ['Staff minutes per 100 patients per week', fmt(r.staffMinutesPer100PatientsPerWeek, 1)],
        [`… start-up (days 1–${r.startUpDays})`, fmt(r.staffMinutesStartUp, 1)],
        ['… after start-up', fmt(r.staffMinutesAfterStartUp, 1)],
        ['… whole period, open alerts acknowledged weekly', fmt(r.staffMinutesIfAcknowledgedWeekly, 1)],
        ['Clinical alerts per 100 patient-weeks', fmt(r.alertsPer100PatientWeeks.total)],
        ['False alerts per 100 patient-weeks', fmt(r.falseAlertsPer100PatientWeeks)],
        ['Missed-measurement items per 100 patient-weeks', fmt(r.alertsPer100PatientWeeks.missedMeasurement)],
      ],
    ),
    '',
    table(
      ['Alerts per 100 patient-weeks', 'yellow', 'red'],
      [
        ...Object.entries(r.alertsPer100PatientWeeks.byKind).map(([k, v]) => [k, fmt(v.yellow), fmt(v.red)]),
        [
          'all clinical',
          fmt(r.alertsPer100PatientWeeks.bySeverity.yellow),
          fmt(r.alertsPer100PatientWeeks.bySeverity.red),
        ],
      ],
    ),
    '',
    table(
      ['Episode', 'injected', 'detected', 'sensitivity', 'median days of warning'],
      Object.entries(r.episodes).map(([k, e]) => [
        EPISODE_NAMES[k] ?? k,
        String(e.injected),
        String(e.detected),
        pct(e.sensitivity),
        fmt(e.medianDaysWarning, 1),
      ]),
    ),
    '',
    table(
      [
        'Heart-failure weight rules (per 100 HF patient-weeks)',
        'sensitivity',
        'median warning (d)',
        'alerts',
        'false alerts',
        'staff min',
      ],
      [
        weightRow(`engine: ${r.heartFailureWeight.rules.join(' + ')}`, r.heartFailureWeight),
        weightRow('baseline: 2 kg in 3 days alone', r.baseline.heartFailureWeight),
      ],
    ),
    '',
    table(
      [
        'Staff minutes per week (per 100 patients of that protocol)',
        'whole period',
        'after start-up',
        'largest items (whole period)',
      ],
      Object.entries(r.staffMinutesByProtocol).map(([p, m]) => [
        p,
        fmt(m, 1),
        fmt(r.staffMinutesByProtocolAfterStartUp[p as keyof typeof r.staffMinutesByProtocol], 1),
        Object.entries(r.staffMinutesByRule[p as keyof typeof r.staffMinutesByRule] ?? {})
          .slice(0, 3)
          .map(([k, v]) => `${k} ${fmt(v, 1)}`)
          .join(', '),
      ]),
    ),
    '',
    `Time per item (minutes): red ${r.minutesPerItem.red}, yellow ${r.minutesPerItem.yellow}, informational ${r.minutesPerItem.informational}, missed measurement ${r.minutesPerItem.missed}, run-in review ${r.minutesPerItem.runInReview} (once per patient with a proposal). ` +
      `Minutes per 100 patient-weeks by item: red ${fmt(r.staffMinutesByItem.red, 1)}, yellow ${fmt(r.staffMinutesByItem.yellow, 1)}, informational ${fmt(r.staffMinutesByItem.informational, 1)}, missed ${fmt(r.staffMinutesByItem.missed, 1)}, run-in review ${fmt(r.staffMinutesByItem.runInReview, 1)}.`,
    '',
    ...(r.runIn
      ? [
          `Run-in: proposals from days 1–14, decided on day ${r.startUpDays + 1} (the next weekday); acceptance ${Math.round(r.runIn.acceptance * 100)} %. ` +
            `Patients with a proposal reviewed ${r.runIn.reviewed}, accepted ${r.runIn.accepted}, too few run-in readings for a code ${r.runIn.insufficient}, usual value beyond red ${r.runIn.usualBeyondRed}.`,
          '',
        ]
      : []),
    `Targets: staff time under 60 min ${r.targets.staffMinutesUnder60 ? 'met' : 'NOT met'} (after start-up ${r.targets.staffMinutesAfterStartUpUnder60 ? 'met' : 'NOT met'}); ` +
      `HF sensitivity above the 2 kg/3 days rule ${r.targets.heartFailureSensitivityAboveBaseline ? 'met' : 'NOT met'}; ` +
      `HF false alerts not above it ${r.targets.heartFailureFalseAlertsNotAboveBaseline ? 'met' : 'NOT met'}.`,
  );
  return out.join('\n');
}
