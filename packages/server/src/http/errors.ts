import { operationOutcome, type ValidationIssue } from '@hemma/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

/** Turns any error into problem+json (app API) or OperationOutcome (FHIR). Messages never carry
 *  request data; unexpected errors are logged by id and answered with a generic text. */
export function errorHandler(
  error: FastifyError | HttpProblem | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  const problem = toProblem(error);
  if (problem.status >= 500) {
    // Driver messages can quote row values (a duplicate key, a failing check), so only the kind of
    // error and where it happened are logged, never its message.
    const frames = error.stack?.split('\n').slice(1, 8).join('\n');
    req.log.error(
      { errName: error.name, errCode: (error as { code?: string }).code, frames },
      'request failed',
    );
  }
  if (req.url.startsWith('/fhir/')) {
    const outcome = problem.issues?.length
      ? operationOutcome(problem.issues)
      : operationOutcome([{ code: problem.fhirCode, diagnostics: problem.detail ?? problem.title }]);
    return reply
      .code(problem.status)
      .header('content-type', 'application/fhir+json; charset=utf-8')
      .send(outcome);
  }
  return reply
    .code(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.issues ? { errors: problem.issues } : {}),
    });
}

function toProblem(error: FastifyError | HttpProblem | Error): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const issues: ValidationIssue[] = fe.validation.map((v) => {
      const field = `${fe.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`;
      const extra =
        v.keyword === 'required' ? `.${(v.params as { missingProperty: string }).missingProperty}` : '';
      const additional =
        v.keyword === 'additionalProperties'
          ? `.${(v.params as { additionalProperty: string }).additionalProperty}`
          : '';
      return {
        field: field + extra + additional,
        kind: v.keyword === 'required' ? 'required' : 'invalid',
        message: `${field + extra + additional}: ${v.keyword === 'additionalProperties' ? 'is not an allowed field' : v.message}`,
      };
    });
    return new HttpProblem(400, 'Invalid request', issues.map((i) => i.message).join('; '), issues);
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError) {
    return new HttpProblem(400, 'Malformed JSON', 'The request body is not valid JSON.');
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new HttpProblem(400, 'Empty body', 'The request body is empty; send JSON.');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpProblem(
      415,
      'Unsupported media type',
      'Send application/json (or application/fhir+json on /fhir).',
    );
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new HttpProblem(413, 'Body too large', 'The request body is too large.');
  if (typeof fe.statusCode === 'number' && fe.statusCode < 500) {
    return new HttpProblem(fe.statusCode, 'Bad request', 'The request could not be understood.');
  }
  return new HttpProblem(
    500,
    'Internal error',
    'Something went wrong on our side; the request was not completed.',
  );
}
