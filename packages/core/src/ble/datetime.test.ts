// GATT Specification Supplement, "Date Time": year 0, month 0 or day 0 mean not known.
import { describe, expect, it } from 'vitest';
import { addLocalMinutes, decodeDateTime } from './datetime';
import { bytes, dateTime } from './testing';

describe('decodeDateTime', () => {
  it.each([
    [dateTime(2024, 3, 9, 7, 5, 0), '2024-03-09T07:05:00', undefined],
    [dateTime(2024, 2, 29, 23, 59, 59), '2024-02-29T23:59:59', undefined],
    [dateTime(0, 3, 9, 7, 5, 0), null, 'unknown'],
    [dateTime(2024, 0, 9, 7, 5, 0), null, 'unknown'],
    [dateTime(2024, 3, 0, 7, 5, 0), null, 'unknown'],
    [dateTime(2023, 2, 29, 7, 5, 0), null, 'invalid'],
    [dateTime(2024, 13, 1, 7, 5, 0), null, 'invalid'],
    [dateTime(2024, 1, 1, 24, 0, 0), null, 'invalid'],
    [dateTime(1000, 1, 1, 0, 0, 0), null, 'invalid'],
  ])('%j → %s', (b, local, problem) => {
    const expected = problem ? { local, timeZoneKnown: false, problem } : { local, timeZoneKnown: false };
    expect(decodeDateTime(Uint8Array.from(b))).toEqual(expected);
  });

  it('reads at an offset and reports too few bytes as invalid', () => {
    expect(decodeDateTime(bytes(0xaa, dateTime(2025, 12, 31, 1, 2, 3)), 1).local).toBe('2025-12-31T01:02:03');
    expect(decodeDateTime(bytes(dateTime(2025, 12, 31, 1, 2, 3)), 1).problem).toBe('invalid');
  });

  it('adds minutes across days and years', () => {
    expect(addLocalMinutes('2024-12-31T23:50:00', 15)).toBe('2025-01-01T00:05:00');
    expect(addLocalMinutes('2024-03-01T00:10:00', -20)).toBe('2024-02-29T23:50:00');
    expect(addLocalMinutes('9999-12-31T23:59:00', 5)).toBeNull();
  });
});
