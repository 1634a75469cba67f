import type { Lang } from '@hemma/core';

export type NotificationKind = 'message' | 'reminder';

export interface NotificationText {
  subject: string;
  body: string;
}

/**
 * What a notification says. Deliberately nothing but the first name and that there is something to
 * see in Hemma: a lock screen, a shared mailbox or a family member's glance must not learn any health
 * information, not even which measurement is due.
 */
export function notificationText(
  kind: NotificationKind,
  lang: Lang,
  firstName: string,
  count: number,
  url: string,
): NotificationText {
  if (lang === 'en') {
    return kind === 'message'
      ? {
          subject: 'New message in Hemma',
          body: `Hi ${firstName}! You have a new message in Hemma. Log in to read it: ${url}`,
        }
      : {
          subject: 'Reminder from Hemma',
          body: `Hi ${firstName}! You have ${count === 1 ? 'something' : `${count} things`} to do in Hemma today: ${url}`,
        };
  }
  return kind === 'message'
    ? {
        subject: 'Nytt meddelande i Hemma',
        body: `Hej ${firstName}! Du har ett nytt meddelande i Hemma. Logga in för att läsa det: ${url}`,
      }
    : {
        subject: 'Påminnelse från Hemma',
        body: `Hej ${firstName}! Du har ${count === 1 ? 'en sak' : `${count} saker`} att göra i Hemma i dag: ${url}`,
      };
}
