// GATT Specification Supplement, "Record Access Control Point" (0x2A52), and the Glucose Service RACP
// procedures: op code, operator, operand; responses 0x05 (number of records) and 0x06 (response code).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRacpRequest,
  decodeRacpResponse,
  encodeRacpRequest,
  encodeRacpResponse,
  type RacpRequest,
} from './recordAccessControlPoint';

describe('Record Access Control Point', () => {
  it.each([
    [{ opcode: 'report-stored-records', filter: { operator: 'all' } }, [0x01, 0x01]],
    [
      { opcode: 'report-stored-records', filter: { operator: 'greater-or-equal', sequenceNumber: 0x1234 } },
      [0x01, 0x03, 0x01, 0x34, 0x12],
    ],
    [{ opcode: 'report-number-of-stored-records', filter: { operator: 'all' } }, [0x04, 0x01]],
    [{ opcode: 'report-stored-records', filter: { operator: 'last' } }, [0x01, 0x06]],
    [{ opcode: 'abort-operation' }, [0x03, 0x00]],
  ] satisfies [RacpRequest, number[]][])('request %j → %j and back', (request, expected) => {
    const encoded = encodeRacpRequest(request);
    expect([...encoded]).toEqual(expected);
    expect(decodeRacpRequest(encoded)).toEqual({ ok: true, value: request });
  });

  it.each([
    [[0x06, 0x00, 0x01, 0x01], 'report-stored-records', 'success'],
    [[0x06, 0x00, 0x01, 0x06], 'report-stored-records', 'no-records-found'],
    [[0x06, 0x00, 0x04, 0x02], 'report-number-of-stored-records', 'op-code-not-supported'],
    [[0x06, 0x00, 0x01, 0x04], 'report-stored-records', 'operator-not-supported'],
    [[0x06, 0x00, 0x03, 0x07], 'abort-operation', 'abort-unsuccessful'],
    [[0x06, 0x00, 0x01, 0x08], 'report-stored-records', 'procedure-not-completed'],
    [[0x06, 0x00, 0x09, 0x0b], null, 'reserved'],
  ])('response code %j → %s %s', (b, request, status) => {
    const r = decodeRacpResponse(Uint8Array.from(b));
    expect(r).toMatchObject({ ok: true, value: { opcode: 'response-code', request, status } });
    if (r.ok) expect([...encodeRacpResponse(r.value)]).toEqual(b);
  });

  it('number of stored records', () => {
    const r = decodeRacpResponse(Uint8Array.of(0x05, 0x00, 0x2c, 0x01));
    expect(r).toEqual({ ok: true, value: { opcode: 'number-of-stored-records-response', count: 300 } });
  });

  it.each([
    [[], 'Record Access Control Point: 0 bytes, but a response needs 4'],
    [[0x06, 0x00, 0x01], 'Record Access Control Point: 3 bytes, but a response code response needs 4'],
    [
      [0x05, 0x00, 0x01, 0x00, 0x00],
      'Record Access Control Point: 5 bytes, but a number of stored records response needs 4',
    ],
    [[0x01, 0x01], 'Record Access Control Point: op code 0x01 is not a response'],
    [
      [0x06, 0x01, 0x01, 0x01],
      'Record Access Control Point: response code response with operator 0x01, expected 0x00 (null)',
    ],
  ])('rejects %j', (b, error) => {
    expect(decodeRacpResponse(Uint8Array.from(b))).toEqual({ ok: false, error });
  });

  it('round-trips any sequence-number filter and never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (sequenceNumber) => {
        const request: RacpRequest = {
          opcode: 'report-stored-records',
          filter: { operator: 'greater-or-equal', sequenceNumber },
        };
        expect(decodeRacpRequest(encodeRacpRequest(request))).toEqual({ ok: true, value: request });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (b) => {
        expect(typeof decodeRacpResponse(b).ok).toBe('boolean');
        expect(typeof decodeRacpRequest(b).ok).toBe('boolean');
      }),
    );
  });
});
