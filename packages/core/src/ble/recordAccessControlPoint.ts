// Record Access Control Point, characteristic 0x2A52 (GATT Specification Supplement, "Record Access Control
// Point"; Glucose Service specification, "Record Access Control Point procedures"). Requests are written with
// indications enabled; the device answers stored records on 0x2A18 and ends with a response on this point.
// Format: op code (uint8), operator (uint8), operand (variable).
import { ByteReader, hex } from './reader';

export const RACP_OPCODES = {
  'report-stored-records': 0x01,
  'delete-stored-records': 0x02,
  'abort-operation': 0x03,
  'report-number-of-stored-records': 0x04,
  'number-of-stored-records-response': 0x05,
  'response-code': 0x06,
} as const;
export type RacpOpcode = keyof typeof RACP_OPCODES;

const OPERATORS = { null: 0x00, all: 0x01, 'greater-or-equal': 0x03, first: 0x05, last: 0x06 } as const;
/** Filter type for the Glucose service: sequence number. */
const FILTER_SEQUENCE_NUMBER = 0x01;

export const RACP_RESPONSE_CODES = {
  success: 0x01,
  'op-code-not-supported': 0x02,
  'invalid-operator': 0x03,
  'operator-not-supported': 0x04,
  'invalid-operand': 0x05,
  'no-records-found': 0x06,
  'abort-unsuccessful': 0x07,
  'procedure-not-completed': 0x08,
  'operand-not-supported': 0x09,
} as const;
export type RacpStatus = keyof typeof RACP_RESPONSE_CODES | 'reserved';

/** Which records a report request selects. */
export type RacpFilter =
  | { operator: 'all' | 'first' | 'last' }
  | { operator: 'greater-or-equal'; sequenceNumber: number };

export type RacpRequest =
  | { opcode: 'report-stored-records' | 'report-number-of-stored-records'; filter: RacpFilter }
  | { opcode: 'abort-operation' };

export type RacpResponse =
  | { opcode: 'number-of-stored-records-response'; count: number }
  | {
      opcode: 'response-code';
      /** Op code of the request answered, and its name when known. */
      requestOpcode: number;
      request: RacpOpcode | null;
      status: RacpStatus;
      statusCode: number;
    };

type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const NAME = 'Record Access Control Point';

function nameOf<T extends Record<string, number>>(table: T, code: number): keyof T | null {
  return (Object.keys(table) as (keyof T)[]).find((k) => table[k] === code) ?? null;
}

const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];

/** Bytes to write to the RACP for a request. */
export function encodeRacpRequest(request: RacpRequest): Uint8Array {
  if (request.opcode === 'abort-operation')
    return Uint8Array.of(RACP_OPCODES[request.opcode], OPERATORS.null);
  const { filter } = request;
  const operand =
    filter.operator === 'greater-or-equal' ? [FILTER_SEQUENCE_NUMBER, ...u16(filter.sequenceNumber)] : [];
  return Uint8Array.of(RACP_OPCODES[request.opcode], OPERATORS[filter.operator], ...operand);
}

/** Parses request bytes (the inverse of encodeRacpRequest; for simulated devices and tests). */
export function decodeRacpRequest(bytes: Uint8Array): Decoded<RacpRequest> {
  const [op, operator] = [bytes[0], bytes[1]];
  const opcode = op === undefined ? null : nameOf(RACP_OPCODES, op);
  const name = operator === undefined ? null : nameOf(OPERATORS, operator);
  if (bytes.length < 2)
    return { ok: false, error: `${NAME}: ${bytes.length} bytes, but a request needs at least 2` };
  if (opcode === 'abort-operation' && name === 'null' && bytes.length === 2) {
    return { ok: true, value: { opcode } };
  }
  if (opcode !== 'report-stored-records' && opcode !== 'report-number-of-stored-records') {
    return { ok: false, error: `${NAME}: unsupported request op code ${hex(op ?? 0)}` };
  }
  if (name === 'greater-or-equal' && bytes.length === 5 && bytes[2] === FILTER_SEQUENCE_NUMBER) {
    const sequenceNumber = (bytes[3] ?? 0) | ((bytes[4] ?? 0) << 8);
    return { ok: true, value: { opcode, filter: { operator: name, sequenceNumber } } };
  }
  if ((name === 'all' || name === 'first' || name === 'last') && bytes.length === 2) {
    return { ok: true, value: { opcode, filter: { operator: name } } };
  }
  return {
    ok: false,
    error: `${NAME}: unsupported operator ${hex(operator ?? 0)} or operand (${bytes.length} bytes)`,
  };
}

/** Bytes of a response (for simulated devices and tests). */
export function encodeRacpResponse(response: RacpResponse): Uint8Array {
  if (response.opcode === 'number-of-stored-records-response') {
    return Uint8Array.of(RACP_OPCODES[response.opcode], OPERATORS.null, ...u16(response.count));
  }
  return Uint8Array.of(
    RACP_OPCODES[response.opcode],
    OPERATORS.null,
    response.requestOpcode,
    response.statusCode,
  );
}

/** Parses an RACP indication: number of stored records (0x05) or response code (0x06). Never throws. */
export function decodeRacpResponse(bytes: Uint8Array): Decoded<RacpResponse> {
  const op = bytes[0];
  const expected = op === 0x05 || op === 0x06 ? 4 : null;
  if (op === undefined) return { ok: false, error: `${NAME}: 0 bytes, but a response needs 4` };
  if (expected === null) return { ok: false, error: `${NAME}: op code ${hex(op)} is not a response` };
  const what = op === 0x05 ? 'number of stored records' : 'response code';
  if (bytes.length !== expected) {
    return { ok: false, error: `${NAME}: ${bytes.length} bytes, but a ${what} response needs ${expected}` };
  }
  const r = new ByteReader(bytes);
  r.u8();
  const operator = r.u8();
  if (operator !== OPERATORS.null) {
    return {
      ok: false,
      error: `${NAME}: ${what} response with operator ${hex(operator)}, expected 0x00 (null)`,
    };
  }
  if (op === 0x05)
    return { ok: true, value: { opcode: 'number-of-stored-records-response', count: r.u16() } };
  const requestOpcode = r.u8();
  const statusCode = r.u8();
  return {
    ok: true,
    value: {
      opcode: 'response-code',
      requestOpcode,
      request: nameOf(RACP_OPCODES, requestOpcode),
      status: nameOf(RACP_RESPONSE_CODES, statusCode) ?? 'reserved',
      statusCode,
    },
  };
}
