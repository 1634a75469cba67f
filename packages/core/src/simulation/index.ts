// The alert-burden simulation (issue 3, part 9): a seeded synthetic cohort run through the production rule
// engine. What other code may use: the cohort and its data (for benchmarks and demo data) and the run itself.

export { CASE_MIX, createPatient, EPISODE_RATES, hospitalDays } from './cohort';
export {
  planFor,
  RULE_SETS,
  type RuleSet,
  type SimPlan,
  TWO_KG_IN_THREE_DAYS,
} from './config';
export { generatePatientData } from './data';
export type {
  Episode,
  EpisodeKind,
  ProtocolId as SimProtocolId,
  SimOptions,
  SimPatient,
  Submission,
} from './model';
export { formatReport } from './report';
export { type SimulationResult, simulate } from './simulate';
