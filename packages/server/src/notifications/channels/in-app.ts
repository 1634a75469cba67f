import type { Channel } from './channel';

/** In-app: the outbox row itself is the notification the app lists; delivering it makes it visible. */
export const inAppChannel: Channel = {
  name: 'in-app',
  async send() {
    return 'shown in the app';
  },
};
