import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export interface NotificationConfig {
  /** Link put in notifications ("open Hemma"); no path or id that could identify anything. */
  publicUrl: string;
  /** SMTP connection URL (smtp://user:pass@host:587, smtps://…); none → e-mail is not sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** `http` posts to smsUrl; `file` appends to a file in the data dir (demo); `none` disables SMS. */
  smsProvider: 'http' | 'file' | 'none';
  smsUrl: string | undefined;
  /** Value of the Authorization header sent to the SMS provider. */
  smsAuth: string | undefined;
  smsFrom: string;
  smsFile: string;
  /** Keys from the environment; see resolveVapid for the demo's generated ones. */
  vapid: VapidKeys | undefined;
  /** Demo mode without keys in the environment: where to keep generated keys. */
  vapidFile: string | undefined;
  /** The video-meeting link staff can send; {room} is replaced by a fresh unguessable room name.
   *  Unset outside demo mode: the region chooses its (approved) meeting service. */
  videoUrlTemplate: string | undefined;
}

/**
 * Notification settings from the environment. In demo mode VAPID keys are generated once into the data
 * directory (so browser subscriptions survive restarts) and SMS go to a file instead of a provider.
 */
export function loadNotificationConfig(
  env: NodeJS.ProcessEnv,
  opts: { dataDir: string; demo: boolean },
): NotificationConfig {
  const provider = env.HEMMA_SMS_PROVIDER ?? (env.HEMMA_SMS_URL ? 'http' : opts.demo ? 'file' : 'none');
  if (!['http', 'file', 'none'].includes(provider)) {
    throw new Error('HEMMA_SMS_PROVIDER must be http, file or none');
  }
  return {
    publicUrl: env.HEMMA_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8080}`,
    smtpUrl: env.HEMMA_SMTP_URL || undefined,
    mailFrom: env.HEMMA_MAIL_FROM ?? 'Hemma <no-reply@hemma.invalid>',
    smsProvider: provider as NotificationConfig['smsProvider'],
    smsUrl: env.HEMMA_SMS_URL || undefined,
    smsAuth: env.HEMMA_SMS_AUTH || undefined,
    smsFrom: env.HEMMA_SMS_FROM ?? 'Hemma',
    smsFile: path.join(opts.dataDir, 'sms-outbox.log'),
    vapid: envVapid(env),
    vapidFile: opts.demo ? path.join(opts.dataDir, 'vapid.json') : undefined,
    videoUrlTemplate: videoTemplate(env.HEMMA_VIDEO_URL_TEMPLATE, opts.demo),
  };
}

function videoTemplate(value: string | undefined, demo: boolean): string | undefined {
  if (!value) return demo ? 'https://meet.jit.si/hemma-{room}' : undefined;
  if (!value.startsWith('https://') || !value.includes('{room}')) {
    throw new Error('HEMMA_VIDEO_URL_TEMPLATE must be an https:// URL containing {room}');
  }
  return value;
}

const VAPID_SUBJECT = 'mailto:no-reply@hemma.invalid';

function envVapid(env: NodeJS.ProcessEnv): VapidKeys | undefined {
  if (!env.HEMMA_VAPID_PUBLIC_KEY || !env.HEMMA_VAPID_PRIVATE_KEY) return undefined;
  return {
    publicKey: env.HEMMA_VAPID_PUBLIC_KEY,
    privateKey: env.HEMMA_VAPID_PRIVATE_KEY,
    subject: env.HEMMA_VAPID_SUBJECT ?? VAPID_SUBJECT,
  };
}

/**
 * The VAPID keys to sign pushes with: from the environment, or in demo mode generated once into the
 * data directory (so browser subscriptions survive restarts). Generated on first use, not at config
 * load, so loading a configuration never writes files.
 */
export function resolveVapid(config: NotificationConfig): VapidKeys | undefined {
  if (config.vapid || !config.vapidFile) return config.vapid;
  try {
    const stored = JSON.parse(fs.readFileSync(config.vapidFile, 'utf8')) as Omit<VapidKeys, 'subject'>;
    config.vapid = { ...stored, subject: VAPID_SUBJECT };
  } catch {
    const keys = webpush.generateVAPIDKeys();
    fs.mkdirSync(path.dirname(config.vapidFile), { recursive: true });
    fs.writeFileSync(config.vapidFile, JSON.stringify(keys), { mode: 0o600 });
    config.vapid = { ...keys, subject: VAPID_SUBJECT };
  }
  return config.vapid;
}
