/**
 * A phone number as E.164 ("+46701740605"), or undefined when it is not one. Swedish numbers are
 * accepted as people and providers write them: 070-174 06 05, +46 70 174 06 05, 0046701740605,
 * 46701740605; other countries only with + or 00.
 */
export function normalizePhone(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  let s = input.replace(/[\s\-().\u00a0]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (/^0[1-9]/.test(s)) s = `+46${s.slice(1)}`;
  else if (/^46[1-9]\d{6,}$/.test(s)) s = `+${s}`;
  // "+46 (0)70 …": the trunk zero does not belong in E.164.
  s = s.replace(/^\+460/, '+46');
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : undefined;
}
