import type { Lang } from '@hemma/core';
import type { ChannelName } from '../preferences';
import type { NotificationText } from '../texts';

/** Where one patient can be reached; looked up at delivery time, never copied into the outbox. */
export interface Recipient {
  patientId: string;
  firstName: string;
  locale: Lang;
  emailAddress: string | null;
  phone: string | null;
  pushSubscriptions: { endpoint: string; p256dh: string; auth: string }[];
}

export interface Delivery {
  /** Outbox row id: lets the receiving side de-duplicate a retried delivery. */
  reference: string;
  recipient: Recipient;
  text: NotificationText;
}

/** A delivery failure that retrying will not fix (no address, subscription gone): no more attempts. */
export class PermanentFailure extends Error {}

export interface Channel {
  name: ChannelName;
  /** Resolves with a short technical note for the delivery log (no personal data); throws on failure. */
  send(delivery: Delivery): Promise<string>;
}

export type Channels = Partial<Record<ChannelName, Channel>>;
