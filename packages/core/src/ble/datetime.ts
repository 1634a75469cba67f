// Date Time (GATT Specification Supplement, "Date Time" characteristic 0x2A08): 7 bytes,
// year uint16 LE (1582–9999, 0 = unknown), month uint8 (1–12, 0 = unknown), day uint8 (1–31, 0 = unknown),
// hours (0–23), minutes (0–59), seconds (0–59). It carries no time zone: the device clock is local time in an
// unknown zone, so the app applies the phone's zone.

export const DATE_TIME_SIZE = 7;

export interface DeviceTime {
  /** Local time without zone, "YYYY-MM-DDTHH:MM:SS"; null when the device does not know it or sent nonsense. */
  local: string | null;
  /** Always false: Date Time has no zone or offset. */
  timeZoneKnown: false;
  /** Why local is null. */
  problem?: 'unknown' | 'invalid';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Decodes the 7 Date Time bytes starting at offset. Fewer than 7 bytes available gives problem 'invalid'. */
export function decodeDateTime(bytes: Uint8Array, offset = 0): DeviceTime {
  if (offset < 0 || bytes.length - offset < DATE_TIME_SIZE) {
    return { local: null, timeZoneKnown: false, problem: 'invalid' };
  }
  const b = (i: number): number => bytes[offset + i] ?? 0;
  const year = b(0) | (b(1) << 8);
  const [month, day, hours, minutes, seconds] = [b(2), b(3), b(4), b(5), b(6)];
  if (year === 0 || month === 0 || day === 0)
    return { local: null, timeZoneKnown: false, problem: 'unknown' };
  const valid =
    year >= 1582 &&
    year <= 9999 &&
    month <= 12 &&
    day <= daysInMonth(year, month) &&
    hours <= 23 &&
    minutes <= 59 &&
    seconds <= 59;
  if (!valid) return { local: null, timeZoneKnown: false, problem: 'invalid' };
  const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return { local, timeZoneKnown: false };
}

/** Adds minutes to a local "YYYY-MM-DDTHH:MM:SS" time (calendar arithmetic, no zone); null outside years 1–9999. */
export function addLocalMinutes(local: string, minutes: number): string | null {
  const ms = Date.parse(`${local}Z`);
  if (Number.isNaN(ms)) return null;
  const shifted = new Date(ms + minutes * 60_000);
  const year = shifted.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return shifted.toISOString().slice(0, 19);
}
