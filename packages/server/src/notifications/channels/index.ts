import type { Database } from '../../db/database';
import { type NotificationConfig, resolveVapid } from '../config';
import type { Channels } from './channel';
import { emailChannel } from './email';
import { inAppChannel } from './in-app';
import { pushChannel } from './push';
import { fileSmsChannel, httpSmsChannel } from './sms';

export type { Channel, Channels, Delivery, Recipient } from './channel';
export { PermanentFailure } from './channel';

/** The channels the configuration enables; a channel left out is logged as "not configured". */
export function createChannels(db: Database, config: NotificationConfig): Channels {
  const channels: Channels = { 'in-app': inAppChannel };
  if (config.smtpUrl) channels.email = emailChannel(config.smtpUrl, config.mailFrom);
  if (config.smsProvider === 'http' && config.smsUrl) {
    channels.sms = httpSmsChannel(config.smsUrl, { auth: config.smsAuth, from: config.smsFrom });
  } else if (config.smsProvider === 'file') channels.sms = fileSmsChannel(config.smsFile);
  const vapid = resolveVapid(config);
  if (vapid) channels.push = pushChannel(db, vapid, config.publicUrl);
  return channels;
}
