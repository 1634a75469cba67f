import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem';

/**
 * Ajv's type coercion turns a query or path value like `1e309` into Infinity and then skips the
 * schema's integer/minimum/maximum checks, so the handler (and SQL) would get a number no schema
 * allows. After validation, any non-finite number among the coerced query and path values is refused
 * here, for every route. (JSON bodies are not coerced: there Ajv itself refuses non-finite numbers.)
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (req) => {
    for (const [where, values] of [
      ['querystring', req.query],
      ['params', req.params],
    ] as const) {
      if (!values || typeof values !== 'object') continue;
      for (const [key, value] of Object.entries(values)) {
        const list = Array.isArray(value) ? value : [value];
        if (list.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
          const message = `${where}.${key}: must be a finite number`;
          throw new HttpProblem(400, 'Invalid request', message, [
            { field: `${where}.${key}`, kind: 'invalid', message },
          ]);
        }
      }
    }
  });
}
