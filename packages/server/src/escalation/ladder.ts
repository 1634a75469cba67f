// Escalation ladders (pure): which steps of a unit's ladder are due for an unacknowledged red alert at a
// given time. Steps are taken in order, one after the other: a step waits for the one before it, and a
// step limited to office hours waits for the next office hour (the ladder does not skip it), so the
// log reads as the steps a person would have taken by hand.

export type EscalationTarget = 'assigned-nurse' | 'physician-on-duty' | 'unit';

export interface EscalationStep {
  /** Minutes after the alert was raised. Strictly increasing along the ladder. */
  afterMinutes: number;
  target: EscalationTarget;
  when: 'always' | 'office-hours';
}

/** Office hours: Monday–Friday, 08:00–17:00 local time (public holidays are not modelled). */
export const OFFICE_HOURS = { startHour: 8, endHour: 17 } as const;

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function isOfficeHours(at: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const day = WEEKDAY[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 7;
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  return day <= 5 && hour >= OFFICE_HOURS.startHour && hour < OFFICE_HOURS.endHour;
}

/** The ladder's problems in words, or [] when it is usable. */
export function checkLadder(steps: EscalationStep[]): string[] {
  const problems: string[] = [];
  if (steps.length > 10) problems.push('A ladder has at most 10 steps.');
  steps.forEach((s, i) => {
    if (!Number.isInteger(s.afterMinutes) || s.afterMinutes < 1 || s.afterMinutes > 7 * 24 * 60) {
      problems.push(`Step ${i + 1}: minutes must be a whole number from 1 to 10080.`);
    }
    if (i > 0 && s.afterMinutes <= steps[i - 1]!.afterMinutes) {
      problems.push(`Step ${i + 1}: must come later than step ${i}.`);
    }
  });
  return problems;
}

/**
 * Indexes of the steps to take now, in order: after `taken` steps (0…taken−1 already logged), each next
 * step is due once `afterMinutes` have passed since `raisedAt` and, if limited, `now` is in office hours.
 */
export function dueSteps(
  steps: EscalationStep[],
  raisedAt: Date,
  taken: number,
  now: Date,
  timeZone: string,
): number[] {
  const due: number[] = [];
  const elapsedMinutes = (now.getTime() - raisedAt.getTime()) / 60_000;
  for (let i = taken; i < steps.length; i++) {
    const step = steps[i]!;
    if (elapsedMinutes < step.afterMinutes) break;
    if (step.when === 'office-hours' && !isOfficeHours(now, timeZone)) break;
    due.push(i);
  }
  return due;
}
