import type { ValidationIssue } from '@hemma/core';

/** An error with an HTTP status and a message safe to show (no personal data). Rendered as
 *  problem+json on the app API and as OperationOutcome on the FHIR API. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly issues?: ValidationIssue[],
    /** FHIR issue type for OperationOutcome (invalid, not-found, security, …). */
    readonly fhirCode: string = defaultFhirCode(status),
  ) {
    super(detail ?? title);
  }
}

function defaultFhirCode(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'exception';
  return 'invalid';
}

export const notFound = (what: string) => new HttpProblem(404, 'Not found', `${what} was not found.`);
export const badRequest = (detail: string, issues?: ValidationIssue[]) =>
  new HttpProblem(400, 'Invalid request', detail, issues);
