// The alert-burden simulation: generate the cohort, run the production rule engine over every patient, and
// summarise alerts, detection, false alerts and staff time, with the plain "2 kg in 3 days" rule as baseline.

import type { RuleSeverity } from '../rules/types';
import type { Thresholds } from '../types';
import {
  EPISODE_CODES,
  type EpisodeOutcome,
  episodeOutcomes,
  type ItemType,
  isClinical,
  isFalseAlert,
  itemsIfAcknowledgedAfter,
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
import { acceptanceDraw, runInDecisionDay, simulateRunIn } from './runIn';

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

export interface RunInSummary {
  /** Share of patients whose proposal the nurse accepts. */
  acceptance: number;
  /** Patients with a proposal to review (priced once each). */
  reviewed: number;
  /** Patients with accepted personal limits. */
  accepted: number;
  /** Patients with too few run-in readings for at least one code: they keep the library's limits there. */
  insufficient: number;
  /** Patients with a usual value beyond a red limit for at least one code (never widened). */
  usualBeyondRed: number;
}

export interface SimulationResult {
  options: SimOptions;
  ruleSet: RuleSet;
  patientWeeks: number;
  /**
   * Start-up: the enrolment's first `startUpDays` days, the run-in up to the nurse's decision (the same split
   * for rule set 'library', so the two compare).
   */
  startUpDays: number;
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
  /** The whole period, start-up included (the headline figure: conservative). */
  staffMinutesPer100PatientsPerWeek: number;
  /** Per 100 patients per week of the start-up days (run-in reviews included). */
  staffMinutesStartUp: number;
  /** Per 100 patients per week after start-up: what a region reports in steady state. */
  staffMinutesAfterStartUp: number;
  /**
   * The whole period on a stricter accounting: staff acknowledge an open clinical alert every
   * ACKNOWLEDGE_AFTER_DAYS days from its opening, and each later such period with findings costs a new item
   * (itemsIfAcknowledgedAfter).
   */
  staffMinutesIfAcknowledgedWeekly: number;
  staffMinutesByItem: Record<ItemType, number>;
  /** Per 100 patients of that protocol per week, whole period. */
  staffMinutesByProtocol: Record<ProtocolId, number>;
  /** Per 100 patients of that protocol per week, after start-up. */
  staffMinutesByProtocolAfterStartUp: Record<ProtocolId, number>;
  /**
   * Per protocol, per item "ruleId:code" (a panel rule's BP items: "ruleId:85354-9"): minutes per 100 patients
   * of that protocol per week, whole period.
   */
  staffMinutesByRule: Record<ProtocolId, Record<string, number>>;
  minutesPerItem: MinutesModel;
  /** The run-in (rule set 'run-in'), null for 'library'. */
  runIn: RunInSummary | null;
  episodes: Record<EpisodeKind, EpisodeSummary>;
  heartFailureWeight: WeightRuleSummary;
  baseline: { heartFailureWeight: WeightRuleSummary };
  targets: {
    staffMinutesUnder60: boolean;
    staffMinutesAfterStartUpUnder60: boolean;
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
  ruleSet: RuleSet = 'run-in',
  minutes: MinutesModel = MINUTES_PER_ITEM,
): SimulationResult {
  const days = options.weeks * 7;
  const acceptance = options.runInAcceptance ?? 1;
  const startUpDays = Math.min(days, runInDecisionDay());
  const zeroByProtocol = () => Object.fromEntries(PROTOCOLS.map((p) => [p, 0])) as Record<ProtocolId, number>;
  const byProtocol = zeroByProtocol();
  const protocolMinutes = zeroByProtocol();
  const protocolMinutesAfter = zeroByProtocol();
  const ruleMinutes = Object.fromEntries(PROTOCOLS.map((p) => [p, new Map<string, number>()])) as Record<
    ProtocolId,
    Map<string, number>
  >;
  const habits = emptyCounts();
  const byKind: Record<string, Record<RuleSeverity, number>> = {};
  const bySeverity: Record<RuleSeverity, number> = { yellow: 0, red: 0 };
  const itemMinutes: Record<ItemType, number> = {
    red: 0,
    yellow: 0,
    informational: 0,
    missed: 0,
    runInReview: 0,
  };
  const phaseMinutes = { startUp: 0, after: 0 };
  let acknowledgedExtra = 0;
  const runIn: RunInSummary = { acceptance, reviewed: 0, accepted: 0, insufficient: 0, usualBeyondRed: 0 };
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
    const plan = planFor(patient.protocol);
    const libraryLimits = thresholdsLookup(plan);
    let thresholdsFor: (code: string, now: number) => Thresholds = libraryLimits;
    if (ruleSet === 'run-in' && days > startUpDays) {
      const r = simulateRunIn(plan, submissions, acceptance, acceptanceDraw(options.seed, i));
      if (r.reviewed) {
        runIn.reviewed++;
        itemMinutes.runInReview += minutes.runInReview;
        phaseMinutes.startUp += minutes.runInReview;
        protocolMinutes[patient.protocol] += minutes.runInReview;
        addTo(ruleMinutes[patient.protocol], 'run-in review', minutes.runInReview);
      }
      if (r.accepted) runIn.accepted++;
      if (r.proposals.some((p) => p.status === 'insufficient')) runIn.insufficient++;
      if (r.proposals.some((p) => 'usualBeyondRed' in p && p.usualBeyondRed)) runIn.usualBeyondRed++;
      const personal = r.limits;
      thresholdsFor = (code, now) =>
        (now >= r.decisionMs ? personal[code] : undefined) ?? libraryLimits(code);
    }
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
      const m = minutes[type];
      itemMinutes[type] += m;
      protocolMinutes[patient.protocol] += m;
      addTo(ruleMinutes[patient.protocol], itemLabel(a), m);
      if (a.openedDay < startUpDays) phaseMinutes.startUp += m;
      else {
        phaseMinutes.after += m;
        protocolMinutesAfter[patient.protocol] += m;
      }
      if (!isClinical(a)) {
        missed++;
        continue;
      }
      clinical++;
      acknowledgedExtra += (itemsIfAcknowledgedAfter(a, ACKNOWLEDGE_AFTER_DAYS) - 1) * m;
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
  const startUpWeeks = (options.patients * startUpDays) / 7;
  const afterWeeks = patientWeeks - startUpWeeks;
  const hfWeeks = byProtocol.heartFailure * options.weeks;
  const staff = per100(
    Object.values(itemMinutes).reduce((a, b) => a + b, 0),
    patientWeeks,
  );
  const staffAfter = per100(phaseMinutes.after, afterWeeks);
  const engineHf = engineWeight.summary(hfWeeks);
  const baselineHf = baselineWeight.summary(hfWeeks);
  const episodes = Object.fromEntries(EPISODE_KINDS.map((k) => [k, summarise(outcomes[k])])) as Record<
    EpisodeKind,
    EpisodeSummary
  >;
  const hfSensitivity = episodes.heartFailureDecompensation.sensitivity;
  const perProtocol = (m: Record<ProtocolId, number>, weeksPerPatient: number) =>
    Object.fromEntries(PROTOCOLS.map((p) => [p, per100(m[p], byProtocol[p] * weeksPerPatient)])) as Record<
      ProtocolId,
      number
    >;
  return {
    options,
    ruleSet,
    patientWeeks,
    startUpDays,
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
    staffMinutesStartUp: per100(phaseMinutes.startUp, startUpWeeks),
    staffMinutesAfterStartUp: staffAfter,
    staffMinutesIfAcknowledgedWeekly: per100(
      Object.values(itemMinutes).reduce((a, b) => a + b, 0) + acknowledgedExtra,
      patientWeeks,
    ),
    staffMinutesByItem: Object.fromEntries(
      Object.entries(itemMinutes).map(([k, v]) => [k, per100(v, patientWeeks)]),
    ) as Record<ItemType, number>,
    staffMinutesByProtocol: perProtocol(protocolMinutes, options.weeks),
    staffMinutesByProtocolAfterStartUp: perProtocol(protocolMinutesAfter, (days - startUpDays) / 7),
    staffMinutesByRule: Object.fromEntries(
      PROTOCOLS.map((p) => [
        p,
        Object.fromEntries(
          [...ruleMinutes[p]]
            .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
            .map(([k, v]) => [k, per100(v, byProtocol[p] * options.weeks)]),
        ),
      ]),
    ) as Record<ProtocolId, Record<string, number>>,
    minutesPerItem: { ...minutes },
    runIn: ruleSet === 'run-in' ? runIn : null,
    episodes,
    heartFailureWeight: engineHf,
    baseline: { heartFailureWeight: baselineHf },
    targets: {
      staffMinutesUnder60: staff < 60,
      staffMinutesAfterStartUpUnder60: staffAfter < 60,
      heartFailureSensitivityAboveBaseline:
        hfSensitivity !== null && baselineHf.sensitivity !== null && hfSensitivity > baselineHf.sensitivity,
      heartFailureFalseAlertsNotAboveBaseline:
        engineHf.falseAlertsPer100PatientWeeks <= baselineHf.falseAlertsPer100PatientWeeks,
    },
  };
}

/** Days after which staff acknowledge an open alert in the stricter accounting (staffMinutesIfAcknowledgedWeekly). */
export const ACKNOWLEDGE_AFTER_DAYS = 7;

/** What an item is about, for the "largest items" list: the rule and the code of its key (a BP item: the panel). */
function itemLabel(a: SimAlert): string {
  return a.kind === 'absoluteBounds'
    ? a.dedupeKey.slice(0, a.dedupeKey.lastIndexOf(':'))
    : `${a.ruleId}:${a.code}`;
}

function addTo(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
