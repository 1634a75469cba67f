// CLI entry of the alert-burden simulation (the only module here with I/O):
//   npm run simulate -- --patients 1000 --weeks 26 --seed 42 [--rules run-in|library] [--run-in-acceptance 1]
//     [--typing-errors 0.01] [--json]

import { pathToFileURL } from 'node:url';
import { RULE_SETS, type RuleSet } from './config';
import { formatReport } from './report';
import { simulate } from './simulate';

export interface CliOptions {
  patients: number;
  weeks: number;
  seed: number;
  ruleSet: RuleSet;
  json: boolean;
  /** Share of typed values with a typing error (0–1); the model's default when absent. */
  typingErrorRate?: number;
  /** Share of run-in proposals the nurse accepts (0–1); default 1. */
  runInAcceptance?: number;
}

const USAGE =
  'usage: npm run simulate -- [--patients N] [--weeks N] [--seed N] [--rules run-in|library] [--run-in-acceptance 1] [--typing-errors 0.01] [--json]';

/** Parses the arguments; throws with a precise message on anything it does not understand. */
export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { patients: 1000, weeks: 26, seed: 42, ruleSet: 'run-in', json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') {
      o.json = true;
      continue;
    }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag}: needs a value\n${USAGE}`);
    if (flag === '--typing-errors' || flag === '--run-in-acceptance') {
      const share = Number(value);
      if (value.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1)
        throw new Error(`${flag}: ${value} must be a share from 0 to 1`);
      if (flag === '--typing-errors') o.typingErrorRate = share;
      else o.runInAcceptance = share;
      continue;
    }
    if (flag === '--rules') {
      if (!(RULE_SETS as readonly string[]).includes(value))
        throw new Error(`--rules: ${value} is not one of ${RULE_SETS.join(', ')}`);
      o.ruleSet = value as RuleSet;
      continue;
    }
    const key = ({ '--patients': 'patients', '--weeks': 'weeks', '--seed': 'seed' } as const)[
      flag as '--seed'
    ];
    if (!key) throw new Error(`${flag}: unknown option\n${USAGE}`);
    const n = Number(value);
    const min = key === 'seed' ? 0 : 1;
    if (!Number.isInteger(n) || n < min || n > (key === 'seed' ? 2 ** 31 - 1 : 1_000_000))
      throw new Error(`${flag}: ${value} must be a whole number${key === 'seed' ? ' from 0' : ' from 1'}`);
    o[key] = n;
  }
  if (o.runInAcceptance !== undefined && o.ruleSet !== 'run-in')
    throw new Error('--run-in-acceptance: applies to --rules run-in only');
  return o;
}

export function run(argv: string[]): string {
  const o = parseArgs(argv);
  const result = simulate(
    {
      patients: o.patients,
      weeks: o.weeks,
      seed: o.seed,
      ...(o.typingErrorRate !== undefined ? { typingErrorRate: o.typingErrorRate } : {}),
      ...(o.runInAcceptance !== undefined ? { runInAcceptance: o.runInAcceptance } : {}),
    },
    o.ruleSet,
  );
  return o.json ? JSON.stringify(result) : formatReport(result);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const started = performance.now();
    process.stdout.write(`${run(process.argv.slice(2))}\n`);
    // Timing goes to stderr so that the JSON stays deterministic.
    process.stderr.write(`simulated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
