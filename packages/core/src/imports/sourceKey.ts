// Idempotency keys derived from a record's identity at its source (file format, device, record fields), so
// importing the same export again, or fetching the same stored device records again, stores nothing new.

/** 64-bit FNV-1a over the UTF-16 code units, as 16 hex digits. Not cryptographic: it only has to make
 *  accidental collisions between one patient's records vanishingly unlikely. */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/** "<prefix>:<hash of the identity parts>". Parts are joined with a separator no field can contain. */
export function sourceKey(prefix: string, parts: readonly (string | number | null | undefined)[]): string {
  return `${prefix}:${fnv1a64(parts.map((p) => (p === null || p === undefined ? '' : String(p))).join('\u001f'))}`;
}
