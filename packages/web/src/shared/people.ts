import type { TFunction } from 'i18next';

/** Condition codes from the server ("heart-failure") in words; unknown codes are shown as they are. */
export const conditionName = (t: TFunction, code: string): string =>
  t(`conditions.${code}`, { defaultValue: code });

export const conditionList = (t: TFunction, codes: string[]): string =>
  codes.map((c) => conditionName(t, c)).join(', ');

/** "195612115369" → "19561211-5369", the way personnummer are read and written in Swedish care. */
export function formatPersonnummer(pnr: string): string {
  const digits = pnr.replace(/\D/g, '');
  if (digits.length === 12) return `${digits.slice(0, 8)}-${digits.slice(8)}`;
  if (digits.length === 10) return `${digits.slice(0, 6)}-${digits.slice(6)}`;
  return pnr;
}
