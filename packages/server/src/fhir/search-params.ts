import { IDENTIFIER_SYSTEMS, identifierKind } from '@hemma/core';
import { HttpProblem } from '../http/problem';
import { parseToken } from './bundle';
import type { Bind, SearchParam } from './resources/types';

// Building blocks for search parameters (http://hl7.org/fhir/R4/search.html): each turns the text of
// one parameter into SQL over the source row `r`, and rejects malformed values with a 400 whose
// OperationOutcome names the parameter in `expression`.

export function invalidParam(name: string, message: string): HttpProblem {
  const issue = { field: name, kind: 'invalid' as const, message: `${name}: ${message}` };
  return new HttpProblem(400, 'Invalid search', issue.message, [issue]);
}

/** Comma-separated alternatives (OR); `\,` is a literal comma. */
export function alternatives(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((v) => v.replace(/\\,/g, ','))
    .filter((v) => v !== '');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);

/** `_id` (or any id column) as an OR list; malformed uuids match nothing rather than failing. */
export function idParam(column: string, kind: 'uuid' | 'text'): SearchParam {
  return {
    type: 'token',
    where: (value, bind) => {
      const ids = alternatives(value).filter((v) => kind === 'text' || isUuid(v));
      return ids.length === 0 ? 'false' : `${column} = ANY(${bind(ids)}::${kind}[])`;
    },
  };
}

/** The ids of a reference search value (`Type/id`, `id` or an absolute URL of this server), OR-ed. */
export function referenceIds(value: string, type: string, name: string): string[] {
  return alternatives(value).map((v) => {
    const m = /^(?:([A-Za-z]+)\/)?([A-Za-z0-9\-.]{1,64})$/.exec(v.replace(/^.*\/fhir\/R4\//, ''));
    if (!m || (m[1] && m[1] !== type)) throw invalidParam(name, `must be ${type}/<id> or <id>`);
    return m[2]!;
  });
}

/** A reference parameter to one resource type, matched against an id column. */
export function referenceParam(
  column: string,
  type: string,
  name: string,
  kind: 'uuid' | 'text' = 'uuid',
): SearchParam {
  return {
    type: 'reference',
    where: (value, bind) => {
      const usable = referenceIds(value, type, name).filter((v) => kind === 'text' || isUuid(v));
      return usable.length === 0 ? 'false' : `${column} = ANY(${bind(usable)}::${kind}[])`;
    },
  };
}

/** A token parameter over a code column with a fixed system (or any system when `system` is null). */
export function codeParam(column: string, system: string | null, name: string): SearchParam {
  return {
    type: 'token',
    where: (value, bind) => {
      const codes = alternatives(value).map((v) => {
        const t = parseToken(v);
        if (!t.code) throw invalidParam(name, 'the code is empty');
        return t.system !== null && system !== null && t.system !== system ? null : t.code;
      });
      const usable = codes.filter((c): c is string => c !== null);
      return usable.length === 0 ? 'false' : `${column} = ANY(${bind(usable)}::text[])`;
    },
  };
}

/** A token parameter whose FHIR codes map onto stored values (e.g. status active → 'open'). */
export function mappedTokenParam(column: string, name: string, map: Record<string, string[]>): SearchParam {
  return {
    type: 'token',
    where: (value, bind) => {
      const stored = alternatives(value).flatMap((v) => {
        const code = parseToken(v).code;
        const m = map[code];
        if (!m) throw invalidParam(name, `must be one of ${Object.keys(map).join(', ')}`);
        return m;
      });
      return `${column} = ANY(${bind(stored)}::text[])`;
    },
  };
}

/** A case- and accent-sensitive "starts with" string search (R4 default string matching, without folding accents). */
export function stringParam(expression: string): SearchParam {
  return {
    type: 'string',
    where: (value, bind) => {
      const ors = alternatives(value).map(
        (v) => `lower(${expression}) LIKE ${bind(`${escapeLike(v.toLowerCase())}%`)}`,
      );
      return `(${ors.join(' OR ')})`;
    },
  };
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const DATE =
  /^(eq|ne|ge|le|gt|lt|sa|eb)?(\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?)$/;

/** The instant range [start, end) a FHIR date value stands for: a day is the whole day (UTC). */
export function dateRange(text: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(.*))?)?)?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, time] = m;
  if (time !== undefined) {
    const withSeconds = /^\d{2}:\d{2}(Z|[+-]|$)/.test(time) ? time.replace(/^(\d{2}:\d{2})/, '$1:00') : time;
    const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(withSeconds) ? withSeconds : `${withSeconds}Z`;
    const start = new Date(`${y}-${mo}-${d}T${zoned}`);
    if (Number.isNaN(start.getTime())) return null;
    // Precision to the second (or finer): the range is that second.
    return { start, end: new Date(start.getTime() + (/\.\d/.test(time) ? 1 : 1000)) };
  }
  const year = Number(y);
  const month = mo === undefined ? 0 : Number(mo) - 1;
  const day = d === undefined ? 1 : Number(d);
  const start = new Date(Date.UTC(year, month, day));
  if (start.getUTCMonth() !== month || start.getUTCDate() !== day) return null;
  const end =
    d !== undefined
      ? new Date(Date.UTC(year, month, day + 1))
      : mo !== undefined
        ? new Date(Date.UTC(year, month + 1, 1))
        : new Date(Date.UTC(year + 1, 0, 1));
  return { start, end };
}

/** A date parameter over a timestamptz column, with the prefixes eq, ne, ge, le, gt, lt, sa, eb. */
export function dateParam(column: string, name: string): SearchParam {
  return {
    type: 'date',
    repeatable: true,
    where: (value, bind) => {
      const ors = alternatives(value).map((v) => {
        const m = DATE.exec(v);
        const range = m ? dateRange(m[2]!) : null;
        if (!m || !range) {
          throw invalidParam(
            name,
            `"${v.slice(0, 40)}" is not a FHIR date search (e.g. ge2026-01-01 or lt2026-03-01T12:00:00Z)`,
          );
        }
        // Bound only when used: PostgreSQL cannot type a parameter no condition mentions.
        const s = () => bind(range.start.toISOString());
        const e = () => bind(range.end.toISOString());
        switch (m[1] ?? 'eq') {
          case 'eq':
            return `(${column} >= ${s()}::timestamptz AND ${column} < ${e()}::timestamptz)`;
          case 'ne':
            return `(${column} < ${s()}::timestamptz OR ${column} >= ${e()}::timestamptz)`;
          case 'ge':
            return `${column} >= ${s()}::timestamptz`;
          case 'gt':
          case 'sa':
            return `${column} >= ${e()}::timestamptz`;
          case 'le':
            return `${column} < ${e()}::timestamptz`;
          default:
            return `${column} < ${s()}::timestamptz`;
        }
      });
      return `(${ors.join(' OR ')})`;
    },
  };
}

const QUANTITY = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(-?\d+(?:\.\d+)?)(?:\|([^|]*)\|(.*))?$/;
const COMPARATORS: Record<string, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  lt: '<',
  ge: '>=',
  le: '<=',
  sa: '>',
  eb: '<',
};

/** `[prefix]number[|system|code]` → SQL comparing `column`; a unit code, when given, must equal `unitColumn`. */
export function quantityCondition(
  text: string,
  column: string,
  unitColumn: string,
  bind: Bind,
  name: string,
): string {
  const m = QUANTITY.exec(text);
  if (!m)
    throw invalidParam(
      name,
      `"${text.slice(0, 40)}" is not a quantity (e.g. gt140 or ge90|http://unitsofmeasure.org|mm[Hg])`,
    );
  const [, prefix = 'eq', number, , code] = m;
  const unit = code ? ` AND ${unitColumn} = ${bind(code)}` : '';
  const n = Number(number);
  if (prefix === 'ap') {
    // "approximately": within 10 % (R4 3.1.1.4.4).
    const d = Math.abs(n) * 0.1;
    return `(${column} BETWEEN ${bind(n - d)} AND ${bind(n + d)}${unit})`;
  }
  if (prefix === 'eq' || prefix === 'ne') {
    // Equality respects the precision written: 140 matches [139.5, 140.5).
    const decimals = number!.includes('.') ? number!.split('.')[1]!.length : 0;
    const half = 0.5 * 10 ** -decimals;
    const inside = `${column} >= ${bind(n - half)} AND ${column} < ${bind(n + half)}`;
    return prefix === 'eq' ? `(${inside}${unit})` : `(NOT (${inside})${unit})`;
  }
  return `(${column} ${COMPARATORS[prefix]} ${bind(n)}${unit})`;
}

/** True for identifier systems naming a Swedish personal identity (personnummer or samordningsnummer). */
export function isPersonalIdentitySystem(system: string | null): boolean {
  const kind = identifierKind(system);
  return kind === 'personnummer' || kind === 'samordningsnummer';
}

/** HSA-id identifier token → the HSA-id itself, or null when the system names something else. */
export function hsaIdOf(value: string): string | null {
  const t = parseToken(value);
  if (t.system !== null && identifierKind(t.system) !== 'hsaid') return null;
  return t.code;
}

/** An identifier parameter over an HSA-id column (both the OID and the HL7 Sweden URI systems). */
export function hsaIdentifierParam(column: string): SearchParam {
  return {
    type: 'token',
    where: (value, bind) => {
      const ids = alternatives(value)
        .map(hsaIdOf)
        .filter((v): v is string => !!v);
      return ids.length === 0 ? 'false' : `${column} = ANY(${bind(ids)}::text[])`;
    },
  };
}

/** The HSA-id as an Identifier, in the emitted (OID) form. */
export function hsaIdentifier(hsaId: string | null | undefined) {
  return hsaId ? [{ system: IDENTIFIER_SYSTEMS.hsaid.oid, value: hsaId }] : undefined;
}
