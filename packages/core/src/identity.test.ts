import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  formatPersonnummer,
  IDENTIFIER_SYSTEMS,
  identifierKind,
  isValidHsaId,
  luhnCheckDigit,
  parsePersonnummer,
  parseSwedishPersonalIdentity,
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

// parseSwedishPersonalIdentity reads the clock; it is frozen at `now` here. Check digits computed with
// the Luhn algorithm over YYMMDDNNN (SKV 704).
describe('parseSwedishPersonalIdentity', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each([
    // input, normalized, kind, birthDate, sex
    ['19121212-1212', '191212121212', 'personnummer', '1912-12-12', 'male'],
    ['191212121212', '191212121212', 'personnummer', '1912-12-12', 'male'],
    ['121212+1212', '191212121212', 'personnummer', '1912-12-12', 'male'],
    ['121212-1212', '201212121212', 'personnummer', '2012-12-12', 'male'],
    ['1212121212', '201212121212', 'personnummer', '2012-12-12', 'male'],
    ['730624-3812', '197306243812', 'personnummer', '1973-06-24', 'male'],
    ['730624-3820', '197306243820', 'personnummer', '1973-06-24', 'female'],
    ['900101-2385', '199001012385', 'personnummer', '1990-01-01', 'female'],
    // Leap days: 2000 is a leap year.
    ['000229-1235', '200002291235', 'personnummer', '2000-02-29', 'male'],
    ['20000229-1235', '200002291235', 'personnummer', '2000-02-29', 'male'],
    // "-": under 100, the latest such date not in the future; "+": the century that makes them ≥ 100.
    ['250601-2380', '202506012380', 'personnummer', '2025-06-01', 'female'],
    ['250602-2389', '192506022389', 'personnummer', '1925-06-02', 'female'],
    ['250601+2380', '192506012380', 'personnummer', '1925-06-01', 'female'],
    ['250602+2389', '182506022389', 'personnummer', '1825-06-02', 'female'],
    ['250701-1233', '192507011233', 'personnummer', '1925-07-01', 'male'],
    // Samordningsnummer: day + 60; normalized keeps the + 60, the birth date does not.
    ['701063-2391', '197010632391', 'samordningsnummer', '1970-10-03', 'male'],
    ['19701063-2391', '197010632391', 'samordningsnummer', '1970-10-03', 'male'],
    ['8312621231', '198312621231', 'samordningsnummer', '1983-12-02', 'male'],
  ])('%s', (input, normalized, kind, birthDate, sex) => {
    expect(parseSwedishPersonalIdentity(input)).toEqual({ ok: true, kind, normalized, birthDate, sex });
  });

  it.each([
    ['19121212-1213', /check digit/],
    ['1912121213', /check digit/],
    ['701063-2392', /check digit/],
    ['19121212+1212', /\+/],
    ['000229+1235', /not a valid date/], // 1900-02-29: 1900 is not a leap year
    ['19000229-1235', /not a valid date/],
    ['19900230-2385', /not a valid date/],
    ['19901301-2385', /not a valid date/],
    ['19900001-2385', /not a valid date/],
    ['19900100-2385', /not a valid date/],
    ['19700160-2391', /not a valid date/], // day 60: neither a day nor a samordningsnummer day
    ['19701092-2391', /not a valid date/], // samordningsnummer day 32
    ['20301212-1212', /future/],
    ['17991231-1234', /year/],
    ['1912121-21212', /YYYYMMDD-NNNN/],
    ['19121212-12123', /YYYYMMDD-NNNN/],
    ['19121212--1212', /YYYYMMDD-NNNN/],
    ['19121212/1212', /YYYYMMDD-NNNN/],
    ['abcdef-ghij', /YYYYMMDD-NNNN/],
    ['', /YYYYMMDD-NNNN/],
  ])('%s is rejected', (input, message) => {
    const r = parseSwedishPersonalIdentity(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      // Never echoes the number, whole or in parts.
      for (const part of input.split(/[-+/\s]/).filter((p) => p.length >= 4)) {
        expect(r.error).not.toContain(part);
      }
    }
  });

  it('is parsePersonnummer with today as `now`, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{6,8}[-+]?\d{4}$/)), (s) => {
        const r = parseSwedishPersonalIdentity(s);
        const p = parsePersonnummer(s, now);
        expect(r.ok).toBe(p.ok);
        if (r.ok && p.ok) expect(r.normalized).toBe(p.value);
      }),
    );
    expect(parseSwedishPersonalIdentity(42 as unknown as string).ok).toBe(false);
  });
});

// Format from Inera (Katalogtjänst HSA): SE + organisation number (10 digits) + "-" + A–Z, a–z, 0–9;
// at most 31 characters. Region Stockholm 232100-0016, Region Kalmar 232100-0255, Inera 556559-4230.
describe('isValidHsaId', () => {
  it.each([
    'SE2321000016-15CQ',
    'SE2321000016-a',
    'SE5565594230-B1x9',
    'SE162321000255-O11111',
    `SE2321000016-${'A'.repeat(18)}`, // 31 characters
  ])('%s is valid', (id) => {
    expect(isValidHsaId(id)).toBe(true);
  });

  it.each([
    ['SE2321000017-15CQ', 'wrong check digit in the organisation number'],
    ['se2321000016-15CQ', 'country code in lower case'],
    ['NO2321000016-15CQ', 'not SE'],
    ['SE232100-0016-15CQ', 'hyphen inside the organisation number'],
    ['SE232100001-15CQ', '9 digits'],
    ['SE23210000160-15CQ', '11 digits'],
    ['SE2321000016-', 'empty local part'],
    ['SE2321000016', 'no local part'],
    ['SE2321000016_15CQ', 'wrong separator'],
    ['SE2321000016-åäö', 'å, ä, ö'],
    ['SE2321000016-a@b', '@'],
    ['SE2321000016-ab cd', 'space'],
    ['SE2321000016-ab-cd', 'second hyphen'],
    [' SE2321000016-15CQ', 'leading space'],
    [`SE2321000016-${'A'.repeat(19)}`, '32 characters'],
    ['', 'empty'],
  ])('%s is invalid (%s)', (id) => {
    expect(isValidHsaId(id)).toBe(false);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.anything(), (s) => typeof isValidHsaId(s as string) === 'boolean'));
  });
});
