import { describe, expect, it } from 'vitest';
import { checkLadder, dueSteps, type EscalationStep, isOfficeHours } from './ladder';

const TZ = 'Europe/Stockholm';
const ladder: EscalationStep[] = [
  { afterMinutes: 30, target: 'assigned-nurse', when: 'always' },
  { afterMinutes: 120, target: 'physician-on-duty', when: 'office-hours' },
  { afterMinutes: 240, target: 'unit', when: 'always' },
];
// Tuesday 2026-11-17 09:00 Stockholm (UTC+1) = 08:00Z.
const raised = new Date('2026-11-17T08:00:00Z');
const at = (minutes: number) => new Date(raised.getTime() + minutes * 60_000);

describe('escalation ladder', () => {
  it.each([
    [0, 0, []],
    [29, 0, []],
    [30, 0, [0]],
    [119, 1, []],
    [120, 1, [1]],
    [250, 0, [0, 1, 2]],
    [250, 2, [2]],
    [250, 3, []],
  ])('at +%i min with %i steps taken, takes %j', (minutes, taken, expected) => {
    expect(dueSteps(ladder, raised, taken, at(minutes), TZ)).toEqual(expected);
  });

  it('holds an office-hours step (and the steps after it) until office hours', () => {
    // Raised Friday 16:30 Stockholm; two hours later it is 18:30, outside office hours.
    const friday = new Date('2026-11-20T15:30:00Z');
    const later = (m: number) => new Date(friday.getTime() + m * 60_000);
    expect(dueSteps(ladder, friday, 1, later(150), TZ)).toEqual([]);
    expect(dueSteps(ladder, friday, 1, later(300), TZ)).toEqual([]);
    // Monday 08:00 Stockholm = 07:00Z: both remaining steps go.
    expect(dueSteps(ladder, friday, 1, new Date('2026-11-23T07:00:00Z'), TZ)).toEqual([1, 2]);
  });

  it.each([
    ['2026-11-17T07:00:00Z', true], // Tue 08:00 winter time
    ['2026-11-17T06:59:00Z', false],
    ['2026-11-17T15:59:00Z', true], // 16:59
    ['2026-11-17T16:00:00Z', false], // 17:00
    ['2026-06-16T06:00:00Z', true], // Tue 08:00 summer time (UTC+2)
    ['2026-11-21T10:00:00Z', false], // Saturday
  ])('office hours at %s: %s', (iso, expected) => {
    expect(isOfficeHours(new Date(iso), TZ)).toBe(expected);
  });

  it('checks the ladder', () => {
    expect(checkLadder(ladder)).toEqual([]);
    expect(checkLadder([ladder[1]!, ladder[0]!])).toEqual(['Step 2: must come later than step 1.']);
    expect(checkLadder([{ afterMinutes: 0, target: 'unit', when: 'always' }])).toHaveLength(1);
  });
});
