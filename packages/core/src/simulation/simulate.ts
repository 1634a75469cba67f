// The alert-burden simulation: generate the cohort, run the production rule engine over every patient, and
// summarise alerts, detection, false alerts and staff time, with the plain "2 kg in 3 days" rule as baseline.

import type { RuleSeverity } from '../rules/types';
import {
  EPISODE_CODES,
  type EpisodeOutcome,
  episodeOutcomes,
  type ItemType,
  isClinical,
  isFalseAlert,
  itemType,
  type MinutesModel,
  median,
} from './accounting';
import { runAlertLifecycle, type SimAlert } from './alerts';
import { createPatient, hospitalDays } from './cohort';
import { MINUTES_PER_ITEM, planFor, type RuleSet, TWO_KG_IN_THREE_DAYS, thresholdsLookup } from './config';
import { CODES, emptyCounts, generatePatientData } from './data';
import {
  EPISODE_KINDS,
  type EpisodeKind,
  type HabitCounts,
  PROTOCOLS,
  type ProtocolId,
  type SimOptions,
} from './model';

export interface EpisodeSummary {
  injected: number;
  detected: number;
  sensitivity: number | null;
  medianDaysWarning: number | null;
}

export interface WeightRuleSummary {
  rules: string[];
  sensitivity: number | null;
  medianDaysWarning: number | null;
  /** Per 100 heart-failure patient-weeks. */
  alertsPer100PatientWeeks: number;
  falseAlertsPer100PatientWeeks: number;
  staffMinutesPer100PatientsPerWeek: number;
}

export interface SimulationResult {
  options: SimOptions;
  ruleSet: RuleSet;
  patientWeeks: number;
  cohort: {
    byProtocol: Record<ProtocolId, number>;
    manualEntry: number;
    habits: HabitCounts;
  };
  alertsPer100PatientWeeks: {
    total: number;
    bySeverity: Record<RuleSeverity, number>;
    byKind: Record<string, Record<RuleSeverity, number>>;
    missedMeasurement: number;
  };
  falseAlertsPer100PatientWeeks: number;
  staffMinutesPer100PatientsPerWeek: number;
  staffMinutesByItem: Record<ItemType, number>;
  /** Per 100 patients of that protocol per week. */
  staffMinutesByProtocol: Record<ProtocolId, number>;
  minutesPerItem: MinutesModel;
  episodes: Record<EpisodeKind, EpisodeSummary>;
  heartFailureWeight: WeightRuleSummary;
  baseline: { heartFailureWeight: WeightRuleSummary };
  targets: {
    staffMinutesUnder60: boolean;
    heartFailureSensitivityAboveBaseline: boolean;
    heartFailureFalseAlertsNotAboveBaseline: boolean;
  };
}

const r2 = (v: number): number => Math.round(v * 100) / 100;
const per100 = (count: number, weeks: number): number => (weeks > 0 ? r2((count * 100) / weeks) : 0);

function summarise(outcomes: EpisodeOutcome[]): EpisodeSummary {
  const detected = outcomes.filter((o) => o.detected);
  return {
    injected: outcomes.length,
    detected: detected.length,
    sensitivity: outcomes.length > 0 ? r2(detected.length / outcomes.length) : null,
    medianDaysWarning: median(detected.map((o) => o.daysWarning!)),
  };
}

class WeightTally {
  alerts = 0;
  falseAlerts = 0;
  minutes = 0;
  outcomes: EpisodeOutcome[] = [];
  constructor(readonly rules: string[]) {}
  add(
    alerts: SimAlert[],
    episodes: ReturnType<typeof createPatient>['patient']['episodes'],
    minutes: MinutesModel,
  ): void {
    const weight = alerts.filter((a) => isClinical(a) && a.code === CODES.weight);
    this.alerts += weight.length;
    this.falseAlerts += weight.filter((a) => isFalseAlert(a, episodes)).length;
    for (const a of weight) this.minutes += minutes[itemType(a, false)];
    this.outcomes.push(
      ...episodeOutcomes(
        episodes.filter((e) => e.kind === 'heartFailureDecompensation'),
        weight,
      ),
    );
  }
  summary(weeks: number): WeightRuleSummary {
    const s = summarise(this.outcomes);
    return {
      rules: this.rules,
      sensitivity: s.sensitivity,
      medianDaysWarning: s.medianDaysWarning,
      alertsPer100PatientWeeks: per100(this.alerts, weeks),
      falseAlertsPer100PatientWeeks: per100(this.falseAlerts, weeks),
      staffMinutesPer100PatientsPerWeek: per100(this.minutes, weeks),
    };
  }
}

export function simulate(
  options: SimOptions,
  ruleSet: RuleSet = 'tuned',
  minutes: MinutesModel = MINUTES_PER_ITEM,
): SimulationResult {
  const days = options.weeks * 7;
  const byProtocol = Object.fromEntries(PROTOCOLS.map((p) => [p, 0])) as Record<ProtocolId, number>;
  const protocolMinutes = Object.fromEntries(PROTOCOLS.map((p) => [p, 0])) as Record<ProtocolId, number>;
  const habits = emptyCounts();
  const byKind: Record<string, Record<RuleSeverity, number>> = {};
  const bySeverity: Record<RuleSeverity, number> = { yellow: 0, red: 0 };
  const itemMinutes: Record<ItemType, number> = { red: 0, yellow: 0, informational: 0, missed: 0 };
  const outcomes = Object.fromEntries(EPISODE_KINDS.map((k) => [k, [] as EpisodeOutcome[]])) as Record<
    EpisodeKind,
    EpisodeOutcome[]
  >;
  let clinical = 0;
  let missed = 0;
  let falseAlerts = 0;
  let manual = 0;
  const engineWeight = new WeightTally([]);
  const baselineWeight = new WeightTally([TWO_KG_IN_THREE_DAYS.id]);

  for (let i = 0; i < options.patients; i++) {
    const { patient, rng } = createPatient(options.seed, i, days);
    byProtocol[patient.protocol]++;
    if (patient.manualEntry) manual++;
    const submissions = generatePatientData(patient, rng, days, habits, options.typingErrorRate);
    const plan = planFor(patient, ruleSet);
    const thresholdsFor = thresholdsLookup(plan);
    const pausedDays = hospitalDays(patient);
    const alerts = runAlertLifecycle({
      rules: plan.rules,
      missedRulesAt: plan.missedRulesAt,
      thresholdsFor,
      submissions,
      days,
      pausedDays,
    });
    const recommended = patient.monitoring === 'recommended';
    for (const a of alerts) {
      const type = itemType(a, recommended);
      itemMinutes[type] += minutes[type];
      protocolMinutes[patient.protocol] += minutes[type];
      if (!isClinical(a)) {
        missed++;
        continue;
      }
      clinical++;
      bySeverity[a.severity]++;
      byKind[a.kind] ??= { yellow: 0, red: 0 };
      byKind[a.kind]![a.severity]++;
      if (isFalseAlert(a, patient.episodes)) falseAlerts++;
    }
    for (const o of episodeOutcomes(patient.episodes, alerts, EPISODE_CODES))
      outcomes[o.episode.kind].push(o);
    if (patient.protocol === 'heartFailure') {
      if (engineWeight.rules.length === 0)
        engineWeight.rules.push(
          ...plan.rules
            .filter(
              (r) =>
                r.kind !== 'missedMeasurement' &&
                r.audience !== 'patient' &&
                'code' in r &&
                r.code === CODES.weight,
            )
            .map((r) => r.id),
        );
      engineWeight.add(alerts, patient.episodes, minutes);
      const baseline = runAlertLifecycle({
        rules: [TWO_KG_IN_THREE_DAYS],
        thresholdsFor,
        submissions,
        days,
        pausedDays,
      });
      baselineWeight.add(baseline, patient.episodes, minutes);
    }
  }

  const patientWeeks = options.patients * options.weeks;
  const hfWeeks = byProtocol.heartFailure * options.weeks;
  const staff = per100(
    Object.values(itemMinutes).reduce((a, b) => a + b, 0),
    patientWeeks,
  );
  const engineHf = engineWeight.summary(hfWeeks);
  const baselineHf = baselineWeight.summary(hfWeeks);
  const episodes = Object.fromEntries(EPISODE_KINDS.map((k) => [k, summarise(outcomes[k])])) as Record<
    EpisodeKind,
    EpisodeSummary
  >;
  const hfSensitivity = episodes.heartFailureDecompensation.sensitivity;
  return {
    options,
    ruleSet,
    patientWeeks,
    cohort: { byProtocol, manualEntry: manual, habits },
    alertsPer100PatientWeeks: {
      total: per100(clinical, patientWeeks),
      bySeverity: {
        yellow: per100(bySeverity.yellow, patientWeeks),
        red: per100(bySeverity.red, patientWeeks),
      },
      byKind: Object.fromEntries(
        Object.entries(byKind)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, { yellow: per100(v.yellow, patientWeeks), red: per100(v.red, patientWeeks) }]),
      ),
      missedMeasurement: per100(missed, patientWeeks),
    },
    falseAlertsPer100PatientWeeks: per100(falseAlerts, patientWeeks),
    staffMinutesPer100PatientsPerWeek: staff,
    staffMinutesByItem: {
      red: per100(itemMinutes.red, patientWeeks),
      yellow: per100(itemMinutes.yellow, patientWeeks),
      informational: per100(itemMinutes.informational, patientWeeks),
      missed: per100(itemMinutes.missed, patientWeeks),
    },
    staffMinutesByProtocol: Object.fromEntries(
      PROTOCOLS.map((p) => [p, per100(protocolMinutes[p], byProtocol[p] * options.weeks)]),
    ) as Record<ProtocolId, number>,
    minutesPerItem: { ...minutes },
    episodes,
    heartFailureWeight: engineHf,
    baseline: { heartFailureWeight: baselineHf },
    targets: {
      staffMinutesUnder60: staff < 60,
      heartFailureSensitivityAboveBaseline:
        hfSensitivity !== null && baselineHf.sensitivity !== null && hfSensitivity > baselineHf.sensitivity,
      heartFailureFalseAlertsNotAboveBaseline:
        engineHf.falseAlertsPer100PatientWeeks <= baselineHf.falseAlertsPer100PatientWeeks,
    },
  };
}
