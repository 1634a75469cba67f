import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('parseArgs', () => {
  it('reads the options, with defaults', () => {
    expect(parseArgs([])).toEqual({ patients: 1000, weeks: 26, seed: 42, ruleSet: 'run-in', json: false });
    expect(
      parseArgs(['--patients', '10', '--weeks=4', '--seed', '0', '--rules', 'library', '--json']),
    ).toEqual({
      patients: 10,
      weeks: 4,
      seed: 0,
      ruleSet: 'library',
      json: true,
    });
  });

  it('rejects what it does not understand, precisely', () => {
    expect(() => parseArgs(['--patients', '0'])).toThrow('--patients: 0 must be a whole number from 1');
    expect(() => parseArgs(['--weeks', '2.5'])).toThrow('--weeks: 2.5 must be a whole number');
    expect(() => parseArgs(['--seed'])).toThrow('--seed: needs a value');
    expect(() => parseArgs(['--rules', 'best'])).toThrow('--rules: best is not one of run-in, library');
    expect(parseArgs(['--run-in-acceptance', '0.5']).runInAcceptance).toBe(0.5);
    expect(() => parseArgs(['--run-in-acceptance', '1.5'])).toThrow(
      '--run-in-acceptance: 1.5 must be a share from 0 to 1',
    );
    expect(() => parseArgs(['--rules', 'library', '--run-in-acceptance', '1'])).toThrow(
      '--run-in-acceptance: applies to --rules run-in only',
    );
    expect(() => parseArgs(['--days', '3'])).toThrow('--days: unknown option');
    expect(() => parseArgs(['--typing-errors', '2'])).toThrow(
      '--typing-errors: 2 must be a share from 0 to 1',
    );
    expect(parseArgs(['--typing-errors', '0']).typingErrorRate).toBe(0);
  });
});

describe('the CLI', () => {
  const run = (args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('prints one JSON object with the agreed fields, the same for the same seed', () => {
    const out = run(['--patients', '25', '--weeks', '6', '--seed', '3', '--json']);
    const r = JSON.parse(out);
    expect(typeof r.staffMinutesPer100PatientsPerWeek).toBe('number');
    expect(typeof r.falseAlertsPer100PatientWeeks).toBe('number');
    for (const kind of [
      'heartFailureDecompensation',
      'hypertensiveCrisis',
      'hypoglycaemia',
      'copdExacerbation',
    ])
      expect(Object.keys(r.episodes[kind]).sort()).toEqual([
        'detected',
        'injected',
        'medianDaysWarning',
        'sensitivity',
      ]);
    for (const key of ['staffMinutesStartUp', 'staffMinutesAfterStartUp'])
      expect(typeof r[key]).toBe('number');
    expect(Object.keys(r.baseline.heartFailureWeight)).toEqual(
      expect.arrayContaining(['sensitivity', 'falseAlertsPer100PatientWeeks']),
    );
    expect(run(['--patients', '25', '--weeks', '6', '--seed', '3', '--json'])).toBe(out);
  }, 60_000);

  it('prints the table by default and fails with a message on bad input', () => {
    expect(run(['--patients', '5', '--weeks', '2'])).toContain('Staff minutes per 100 patients per week');
    expect(() => run(['--patients', 'x'])).toThrow(/--patients: x must be a whole number/);
  }, 60_000);
});
