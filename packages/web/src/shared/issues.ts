import type { ValidationIssue } from '@hemma/core';
import type { TFunction } from 'i18next';

/** Server issues carry English technical text (UCUM units such as "mm[Hg]"); users get a plain sentence
 *  in their language by kind. `allowed` is the permitted range in words, when the caller can state it. */
export function issueMessage(issue: ValidationIssue, t: TFunction, allowed?: string): string {
  switch (issue.kind) {
    case 'required':
      return t('errors.required');
    case 'out-of-range':
      return allowed ? t('errors.outOfRangeAllowed', { allowed }) : t('errors.outOfRange');
    case 'not-a-number':
      return t('errors.notANumber');
    case 'unknown-unit':
      return t('errors.unknownUnit');
    case 'duplicate':
      return t('errors.duplicate');
    default:
      return t('errors.invalid');
  }
}

/** Assigns each issue to the form field whose request path is the longest prefix of `issue.field`.
 *  Issues no field claims are returned in `rest`, to be shown at the top of the form. */
export function assignIssues(
  issues: ValidationIssue[],
  paths: { path: string; field: string }[],
): { byField: Record<string, ValidationIssue>; rest: ValidationIssue[] } {
  const byField: Record<string, ValidationIssue> = {};
  const rest: ValidationIssue[] = [];
  const sorted = [...paths].sort((a, b) => b.path.length - a.path.length);
  for (const issue of issues) {
    const match = sorted.find(
      (p) =>
        issue.field === p.path ||
        issue.field.startsWith(`${p.path}.`) ||
        issue.field.startsWith(`${p.path}[`),
    );
    if (match && !byField[match.field]) byField[match.field] = issue;
    else if (!match) rest.push(issue);
  }
  return { byField, rest };
}
