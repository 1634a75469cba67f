/**
 * SMART on FHIR system scopes for integration clients. A granted scope satisfies a required one when
 * the resource matches (or is `*`) and the permission covers it: v1 `read`/`write`/`*`, or v2 letters
 * (`c` create, `r` read, `u` update, `d` delete, `s` search — `read` needs r or s, `write` c or u).
 */
export type ScopeAccess = 'read' | 'write';

const SCOPE = /^system\/([A-Za-z]+|\*)\.(read|write|\*|[cruds]+)$/;

export function scopeSatisfies(granted: string, resource: string, access: ScopeAccess): boolean {
  const m = SCOPE.exec(granted);
  if (!m) return false;
  const [, grantedResource, permission] = m as unknown as [string, string, string];
  if (grantedResource !== '*' && grantedResource !== resource) return false;
  if (permission === '*' || permission === access) return true;
  if (permission === 'read' || permission === 'write') return false;
  return access === 'read' ? /[rs]/.test(permission) : /[cu]/.test(permission);
}

/** True when any granted scope satisfies `required` (written `system/Resource.read|write`). */
export function hasScope(granted: readonly string[], required: string): boolean {
  const m = /^system\/([A-Za-z]+)\.(read|write)$/.exec(required);
  if (!m) throw new Error(`Not a required scope: ${required}`);
  return granted.some((g) => scopeSatisfies(g, m[1]!, m[2] as ScopeAccess));
}
