import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPersonnummer,
  IDENTIFIER_SYSTEMS,
  identifierKind,
  luhnCheckDigit,
  parsePersonnummer,
} from './identity';

const now = new Date('2025-06-01T12:00:00Z');

// Check digits verified by hand with the Luhn algorithm (Skatteverket SKV 704): 19121212-1212 (Skatteverket's
// classic test number), 19900101-2385, samordningsnummer 701063-2391 (born 1970-10-03, day + 60).
describe('parsePersonnummer', () => {
  it.each([
    ['19121212-1212', '191212121212', 'personnummer', '1912-12-12'],
    ['191212121212', '191212121212', 'personnummer', '1912-12-12'],
    ['121212+1212', '191212121212', 'personnummer', '1912-12-12'],
    ['121212-1212', '201212121212', 'personnummer', '2012-12-12'],
    ['199001012385', '199001012385', 'personnummer', '1990-01-01'],
    ['900101-2385', '199001012385', 'personnummer', '1990-01-01'],
    [' 19900101 2385 ', '199001012385', 'personnummer', '1990-01-01'],
    ['701063-2391', '197010632391', 'samordningsnummer', '1970-10-03'],
    ['19701063-2391', '197010632391', 'samordningsnummer', '1970-10-03'],
  ])('%s', (input, value, kind, birthDate) => {
    expect(parsePersonnummer(input, now)).toEqual({ ok: true, value, kind, birthDate });
  });

  it.each([
    ['19121212-1213', /check digit/],
    ['19900101-2384', /check digit/],
    ['19900230-2385', /not a valid date/],
    ['19901301-2385', /not a valid date/],
    ['19701093-2391', /not a valid date/],
    ['20301212-1212', /future/],
    ['19121212+1212', /\+/],
    ['1912121-21212', /YYYYMMDD-NNNN/],
    ['abc', /YYYYMMDD-NNNN/],
    ['', /YYYYMMDD-NNNN/],
  ])('%s is rejected', (input, message) => {
    const r = parsePersonnummer(input, now);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message).not.toContain(input.trim() || '\u0000');
    }
  });

  it('needs now for the 10-digit form only', () => {
    expect(parsePersonnummer('900101-2385').ok).toBe(false);
    expect(parsePersonnummer('19900101-2385').ok).toBe(true);
  });

  it('never throws, and accepts every number with a correct check digit', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parsePersonnummer(s, now).ok === 'boolean'));
    fc.assert(fc.property(fc.anything(), (s) => typeof parsePersonnummer(s as string, now).ok === 'boolean'));
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (d, serial) => {
          const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
          const nine = ymd.slice(2) + String(serial).padStart(3, '0');
          const pnr = `${ymd}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
          const r = parsePersonnummer(pnr, now);
          expect(r.ok && formatPersonnummer(r.value)).toBe(pnr);
        },
      ),
    );
  });
});

describe('identifier systems', () => {
  it.each([
    ['urn:oid:1.2.752.129.2.1.3.1', 'personnummer'],
    ['http://electronichealth.se/identifier/personnummer', 'personnummer'],
    ['urn:oid:1.2.752.129.2.1.3.3', 'samordningsnummer'],
    ['http://electronichealth.se/identifier/samordningsnummer', 'samordningsnummer'],
    ['urn:oid:1.2.752.29.4.19', 'hsaid'],
    ['http://electronichealth.se/identifier/hsaid', 'hsaid'],
    ['urn:oid:1.2.3', undefined],
    [null, undefined],
  ])('%s → %s', (system, kind) => {
    expect(identifierKind(system)).toBe(kind);
  });

  it('emits the OID form', () => {
    expect(IDENTIFIER_SYSTEMS.personnummer.oid).toBe('urn:oid:1.2.752.129.2.1.3.1');
  });

  it('formats', () => {
    expect(formatPersonnummer('191212121212')).toBe('19121212-1212');
    expect(formatPersonnummer('12')).toBe('12');
  });
});
