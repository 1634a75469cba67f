import path from 'node:path';
import { type IdentityConfig, loadIdentityConfig } from './auth/identity-config';
import { loadNotificationConfig, type NotificationConfig } from './notifications/config';

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent the embedded database in dataDir is used. */
  databaseUrl: string | undefined;
  /** Connections to PostgreSQL (the embedded database has one). */
  dbPoolSize: number;
  dataDir: string;
  /** Seed demo data into a fresh embedded database and enable the demo integration client. */
  demo: boolean;
  /** Directory with the built web app; served at / when it exists. */
  webDist: string;
  /** Set cookies with the Secure flag (on by default outside demo mode; behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** Trust X-Forwarded-* headers (set when running behind a reverse proxy). */
  trustProxy: boolean;
  /** Shared secret of the SMS provider's inbound webhook (header X-Hemma-Sms-Secret); none → 503. */
  smsSecret: string | undefined;
  /** Bearer token for GET /metrics; without it /metrics answers only requests from this host. */
  metricsToken: string | undefined;
  /** false (HEMMA_JOBS=0): this process runs no background-job workers. */
  runJobs: boolean;
  /** Requests per minute; `enabled: false` (HEMMA_RATE_LIMIT=0) switches every limit off (benchmarks). */
  rateLimit: RateLimits;
  /** Hours an emergency access (nödåtkomst) lasts (HEMMA_EMERGENCY_ACCESS_HOURS, 1–24, default 4). */
  emergencyAccessHours: number;
  /** Years audit rows are kept (HEMMA_AUDIT_RETENTION_YEARS); never below the legal minimum of 5. */
  auditRetentionYears: number;
  /** Session lifetimes, public URL, OpenID Connect providers (auth/identity-config.ts). */
  identity: IdentityConfig;
  /** E-mail, SMS, Web Push and video-meeting settings (notifications/config.ts). */
  notifications: NotificationConfig;
}

export interface RateLimits {
  enabled: boolean;
  /** POST /api/auth/login per client address + username (and 10× this per address). */
  login: number;
  /** POST /oauth2/token per client address. */
  token: number;
  /** POST /api/sms/inbound per client address. */
  sms: number;
  /** Every other route outside /fhir (app API, web app, /health) per client address. */
  api: number;
  /** /fhir per authenticated integration client (from the environment never below 5,000: gateways are
   *  heavy users); unauthenticated /fhir requests count against `api` per address. */
  fhir: number;
}

const perMinute = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = env.HEMMA_DEMO !== '0';
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dbPoolSize: Number(env.HEMMA_DB_POOL_SIZE ?? 20),
    // npm runs workspace scripts in the package folder; INIT_CWD is where the user typed the command.
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), env.HEMMA_DATA_DIR ?? './data'),
    demo,
    webDist: path.resolve(env.HEMMA_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    secureCookies: env.HEMMA_SECURE_COOKIES ? env.HEMMA_SECURE_COOKIES === '1' : !demo,
    logLevel: env.LOG_LEVEL ?? 'info',
    smsSecret: env.HEMMA_SMS_SECRET || (demo ? 'demo-sms-secret' : undefined),
    emergencyAccessHours: Math.min(24, Math.max(1, Number(env.HEMMA_EMERGENCY_ACCESS_HOURS) || 4)),
    auditRetentionYears: Math.max(5, Math.floor(Number(env.HEMMA_AUDIT_RETENTION_YEARS) || 10)),
    trustProxy: env.HEMMA_TRUST_PROXY === '1',
    metricsToken: env.HEMMA_METRICS_TOKEN || undefined,
    runJobs: env.HEMMA_JOBS !== '0',
    rateLimit: {
      enabled: env.HEMMA_RATE_LIMIT !== '0',
      login: perMinute(env.HEMMA_RATE_LIMIT_LOGIN, 10),
      token: perMinute(env.HEMMA_RATE_LIMIT_TOKEN, 20),
      sms: perMinute(env.HEMMA_RATE_LIMIT_SMS, 120),
      api: perMinute(env.HEMMA_RATE_LIMIT_API, 600),
      fhir: Math.max(5_000, perMinute(env.HEMMA_RATE_LIMIT_FHIR, 10_000)),
    },
    identity: loadIdentityConfig(env),
    notifications: loadNotificationConfig(env, {
      dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), env.HEMMA_DATA_DIR ?? './data'),
      demo,
    }),
  };
}
