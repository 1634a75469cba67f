import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Database } from '../../db/database';
import type { VapidKeys } from '../config';
import { type Channel, PermanentFailure } from './channel';

/**
 * Web Push with VAPID: the payload (title, body, url — the same privacy-safe text as every channel) is
 * encrypted with aes128gcm for each of the patient's subscriptions. A subscription the push service
 * says is gone (404/410) is removed. Delivered when at least one subscription accepted it.
 */
export function pushChannel(
  db: Database,
  vapid: VapidKeys,
  url: string,
  /** An HTTPS agent, e.g. trusting a private CA (tests, a push service behind a proxy). */
  agent?: Agent,
): Channel {
  return {
    name: 'push',
    async send({ recipient, text }) {
      if (recipient.pushSubscriptions.length === 0) throw new PermanentFailure('no push subscription');
      const payload = JSON.stringify({ title: text.subject, body: text.body, url });
      let accepted = 0;
      let lastError = '';
      for (const sub of recipient.pushSubscriptions) {
        try {
          await webpush.sendNotification(
            { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
            payload,
            {
              vapidDetails: vapid,
              TTL: 24 * 3600,
              contentEncoding: 'aes128gcm',
              timeout: 10_000,
              ...(agent ? { agent } : {}),
            },
          );
          accepted++;
        } catch (e) {
          const status = (e as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) {
            await db.query('DELETE FROM push_subscription WHERE patient_id = $1 AND endpoint = $2', [
              recipient.patientId,
              sub.endpoint,
            ]);
          }
          lastError = status ? `push service answered ${status}` : 'push service unreachable';
        }
      }
      if (accepted > 0) return `accepted by ${accepted} of ${recipient.pushSubscriptions.length}`;
      throw new Error(lastError);
    },
  };
}
