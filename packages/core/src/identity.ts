// Swedish personal identity numbers: Skatteverket, "Personnummer" (SKV 704) and "Samordningsnummer" (SKV 707).
// Systems: Inera/eHälsomyndigheten OIDs (1.2.752.129.2.1.3.1 personnummer, .3.3 samordningsnummer,
// 1.2.752.29.4.19 HSA-id) and their http://electronichealth.se/identifier/ URI forms.

export type IdentifierKind = 'personnummer' | 'samordningsnummer' | 'hsaid';

/** `oid` is what Hemma emits; both forms are accepted on input. */
export const IDENTIFIER_SYSTEMS: Record<IdentifierKind, { oid: string; uri: string }> = {
  personnummer: {
    oid: 'urn:oid:1.2.752.129.2.1.3.1',
    uri: 'http://electronichealth.se/identifier/personnummer',
  },
  samordningsnummer: {
    oid: 'urn:oid:1.2.752.129.2.1.3.3',
    uri: 'http://electronichealth.se/identifier/samordningsnummer',
  },
  hsaid: { oid: 'urn:oid:1.2.752.29.4.19', uri: 'http://electronichealth.se/identifier/hsaid' },
};

export function identifierKind(system: string | null | undefined): IdentifierKind | undefined {
  for (const [kind, s] of Object.entries(IDENTIFIER_SYSTEMS)) {
    if (system === s.oid || system === s.uri) return kind as IdentifierKind;
  }
  return undefined;
}

export type ParsedPersonnummer =
  | { ok: true; value: string; kind: 'personnummer' | 'samordningsnummer'; birthDate: string }
  | { ok: false; message: string };

/** Luhn (mod 10) check digit over the 9 digits YYMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    const p = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - (sum % 10)) % 10;
}

function isDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const dateKey = (y: number, m: number, d: number): number => y * 10000 + m * 100 + d;
const todayKey = (now: Date): number =>
  dateKey(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());

const fail = (message: string): ParsedPersonnummer => ({ ok: false, message });

/** Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN and YYMMDD+NNNN ("+" = 100 years or older).
 *  The 10-digit forms need `now` to choose the century. Messages never echo the number. */
export function parsePersonnummer(input: string, now?: Date): ParsedPersonnummer {
  if (typeof input !== 'string') return fail('Personnummer must be text.');
  const match = /^(\d{2})?(\d{6})([-+]?)(\d{4})$/.exec(input.trim().replace(/\s/g, ''));
  if (!match) return fail('Write the number as YYYYMMDD-NNNN (12 digits).');
  const [, centuryGiven, yymmdd, sep, last4] = match as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const dayField = Number(yymmdd.slice(4, 6));
  const kind = dayField > 60 ? 'samordningsnummer' : 'personnummer';
  const day = kind === 'samordningsnummer' ? dayField - 60 : dayField;

  let year: number;
  if (centuryGiven !== undefined) {
    if (sep === '+') return fail('Use "+" only with the 10-digit form; write 12 digits as YYYYMMDD-NNNN.');
    year = Number(centuryGiven) * 100 + yy;
    if (year < 1800) return fail('The year is not valid.');
  } else {
    if (!now) return fail('Write the number with 12 digits (YYYYMMDD-NNNN).');
    // The latest year ending in yy whose date is not in the future; "+" moves it back one century.
    const nowYear = now.getUTCFullYear();
    year = nowYear - ((nowYear - yy) % 100);
    if (dateKey(year, month, day) > todayKey(now)) year -= 100;
    if (sep === '+') year -= 100;
  }
  if (!isDate(year, month, day)) return fail('The date of birth in the number is not a valid date.');
  if (now && dateKey(year, month, day) > todayKey(now)) {
    return fail('The date of birth in the number is in the future.');
  }
  if (luhnCheckDigit(yymmdd + last4.slice(0, 3)) !== Number(last4[3])) {
    return fail('The check digit (last digit) is wrong; check for a typing error.');
  }
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: `${year}${yymmdd.slice(2)}${last4}`, kind, birthDate };
}

/** "YYYYMMDD-NNNN" from the 12 stored digits; anything else is returned unchanged. */
export function formatPersonnummer(twelveDigits: string): string {
  return /^\d{12}$/.test(twelveDigits)
    ? `${twelveDigits.slice(0, 8)}-${twelveDigits.slice(8)}`
    : twelveDigits;
}

export type SwedishPersonalIdentity =
  | {
      ok: true;
      kind: 'personnummer' | 'samordningsnummer';
      /** 12 digits, YYYYMMDDNNNC (samordningsnummer keep their day + 60). */
      normalized: string;
      /** YYYY-MM-DD (for a samordningsnummer the real day, without the + 60). */
      birthDate: string;
      sex: 'female' | 'male';
    }
  | { ok: false; error: string };

/**
 * Personnummer or samordningsnummer in any of the usual forms: YYYYMMDD-NNNC, YYYYMMDDNNNC,
 * YYMMDD-NNNC, YYMMDDNNNC and YYMMDD+NNNC ("+" = 100 years or older). Checks the Luhn check digit
 * and that the date (day − 60 for a samordningsnummer) is a real calendar date not in the future.
 * Sex is the second-to-last digit: odd = male, even = female. Error texts never echo the number.
 *
 * **Reads the clock.** The 10-digit forms leave the century out, and which century is meant depends
 * on today's date, so this function calls `new Date()` — the one place in `@hemma/core` that does.
 * It is a thin wrapper over the pure {@link parsePersonnummer}`(input, now)`; use that one (with an
 * explicit `now`) where results must be reproducible, e.g. in tests.
 */
export function parseSwedishPersonalIdentity(text: string): SwedishPersonalIdentity {
  const parsed = parsePersonnummer(text, new Date());
  if (!parsed.ok) return { ok: false, error: parsed.message };
  return {
    ok: true,
    kind: parsed.kind,
    normalized: parsed.value,
    birthDate: parsed.birthDate,
    sex: sexOf(parsed.value),
  };
}

/** Sex from the second-to-last digit of the 12 digits: odd = male, even = female. */
export function sexOf(twelveDigits: string): 'female' | 'male' {
  return Number(twelveDigits[10]) % 2 === 1 ? 'male' : 'female';
}

/**
 * HSA-id format (Inera, Katalogtjänst HSA): `SE` + the directory owner's organisation number (10
 * digits, no hyphen) + `-` + at least one of A–Z, a–z, 0–9; at most 31 characters in all (å, ä, ö, @
 * and other characters are not allowed). Checked here: exactly that shape, and the organisation
 * number's Luhn check digit (SKV 709). The organisation number may also carry the century-style
 * prefix `16` (12 digits, e.g. `SE162321000255-…`), which many issued HSA-ids use. Whether the id
 * exists is a question for the HSA directory, not for this function.
 */
export function isValidHsaId(text: string): boolean {
  if (typeof text !== 'string' || text.length > 31) return false;
  const match = /^SE(?:16)?(\d{10})-[A-Za-z0-9]+$/.exec(text);
  if (!match) return false;
  const org = match[1]!;
  return luhnCheckDigit(org.slice(0, 9)) === Number(org[9]);
}
