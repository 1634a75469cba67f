// Identity settings from the environment (README, docs/identity.md).
import { parseSecretKey } from './totp/secret-box';

export interface OidcProviderConfig {
  /** Opaque id used in URLs (/api/auth/oidc/<id>/start); letters, digits, - and _. */
  id: string;
  /** Button text on the login page, e.g. "BankID" or "SITHS". */
  name: string;
  /** Issuer URL; its /.well-known/openid-configuration is read at first use. */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Who logs in here: patients are matched on personnummer, staff on HSA-id. */
  audience: 'patient' | 'staff';
  /** Claim carrying the identity (default: personnummer for patients, hsa_id for staff). */
  claim: string;
  /** Scopes requested (default "openid profile"). */
  scope: string;
}

export interface SessionLifetime {
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface IdentityConfig {
  /** The URL people reach Hemma at (origin for passkeys, base of OIDC redirect URIs). */
  publicUrl: string | undefined;
  staffSession: SessionLifetime;
  patientSession: SessionLifetime;
  oidcProviders: OidcProviderConfig[];
  /** HEMMA_SECRET_KEY: encrypts TOTP secrets at rest (AES-256-GCM); unset → stored as they are. */
  secretKey: Buffer | undefined;
}

const positive = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Throws with a precise message when HEMMA_OIDC_PROVIDERS is malformed: a login that silently
 *  disappears is worse than a server that refuses to start. */
export function parseOidcProviders(text: string | undefined): OidcProviderConfig[] {
  if (!text?.trim()) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('HEMMA_OIDC_PROVIDERS is not valid JSON');
  }
  if (!Array.isArray(raw)) throw new Error('HEMMA_OIDC_PROVIDERS must be a JSON array');
  const seen = new Set<string>();
  return raw.map((entry: unknown, i) => {
    const p = (entry ?? {}) as Record<string, unknown>;
    const str = (key: string, required = true) => {
      const v = p[key];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || !v) throw new Error(`HEMMA_OIDC_PROVIDERS[${i}].${key} must be a string`);
      return v;
    };
    const id = str('id') as string;
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id) || seen.has(id)) {
      throw new Error(`HEMMA_OIDC_PROVIDERS[${i}].id must be unique and match [A-Za-z0-9_-]{1,40}`);
    }
    seen.add(id);
    const audience = p.audience;
    if (audience !== 'patient' && audience !== 'staff') {
      throw new Error(`HEMMA_OIDC_PROVIDERS[${i}].audience must be "patient" or "staff"`);
    }
    const issuer = str('issuer') as string;
    if (!URL.canParse(issuer)) throw new Error(`HEMMA_OIDC_PROVIDERS[${i}].issuer must be a URL`);
    const clientSecret = str('clientSecret', false);
    return {
      id,
      name: (str('name', false) ?? id) as string,
      issuer,
      clientId: str('clientId') as string,
      ...(clientSecret ? { clientSecret } : {}),
      audience,
      claim: str('claim', false) ?? (audience === 'patient' ? 'personnummer' : 'hsa_id'),
      scope: str('scope', false) ?? 'openid profile',
    };
  });
}

export function loadIdentityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  const publicUrl = env.HEMMA_PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !URL.canParse(publicUrl)) throw new Error('HEMMA_PUBLIC_URL must be a URL');
  return {
    publicUrl,
    staffSession: {
      idleSeconds: positive(env.HEMMA_STAFF_IDLE_MINUTES, 30) * 60,
      absoluteSeconds: positive(env.HEMMA_STAFF_SESSION_HOURS, 12) * 3600,
    },
    // Patients use their own phone; being logged out every half hour would drive them away.
    patientSession: {
      idleSeconds: positive(env.HEMMA_PATIENT_IDLE_DAYS, 7) * 86_400,
      absoluteSeconds: positive(env.HEMMA_PATIENT_SESSION_DAYS, 30) * 86_400,
    },
    oidcProviders: parseOidcProviders(env.HEMMA_OIDC_PROVIDERS),
    secretKey: parseSecretKey(env.HEMMA_SECRET_KEY),
  };
}
