import '../chat/chat.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, request } from '../api';
import { useAnnounce } from '../shared/Announcer';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';

interface Settings {
  inApp: boolean;
  push: boolean;
  email: boolean;
  sms: boolean;
  emailAddress: string | null;
  quietStart: number;
  quietEnd: number;
  timeZone: string;
  reminders: boolean;
  reminderTime: string;
  available?: { push: boolean; email: boolean; sms: boolean };
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The patient chooses how Hemma may reach them, when it must be quiet, and daily reminders. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const loaded = useAsync(
    (signal) => request<Settings>('GET', '/api/patient/notification-settings', { signal }),
    [],
  );
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pushState, setPushState] = useState<'idle' | 'on' | 'denied' | 'unsupported'>('idle');
  useEffect(() => {
    if (loaded.data) setS(loaded.data);
  }, [loaded.data]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!s) return;
    setError(null);
    try {
      const { available: _a, ...body } = s;
      await request('PUT', '/api/patient/notification-settings', {
        body: { ...body, emailAddress: body.emailAddress?.trim() || null },
      });
      announce(t('notifications.saved'));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 400
          ? (err.detail ?? t('notifications.saveError'))
          : t('notifications.saveError'),
      );
    }
  }

  async function enablePush() {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
      setPushState('unsupported');
      return;
    }
    if ((await Notification.requestPermission()) !== 'granted') {
      setPushState('denied');
      return;
    }
    const { publicKey } = await request<{ publicKey: string | null }>('GET', '/api/patient/push/key');
    if (!publicKey) {
      setPushState('unsupported');
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const sub = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: publicKey,
    });
    await request('POST', '/api/patient/push/subscriptions', { body: sub.toJSON() });
    setPushState('on');
  }

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setS((prev) => (prev ? { ...prev, [key]: value } : prev));
  const channels = ['inApp', 'push', 'email', 'sms'] as const;

  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to="/patient/messages">
          {t('chat.back')}
        </Link>
      </p>
      <PageTitle title={t('notifications.title')}>{t('notifications.title')}</PageTitle>
      <p className="muted">{t('notifications.intro')}</p>
      <LoadState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      {s && (
        <form className="form card notif-settings" onSubmit={onSubmit} noValidate>
          <fieldset className="choice-group">
            <legend>{t('notifications.channels')}</legend>
            {channels.map((c) => {
              const channel = c === 'inApp' ? 'in-app' : c;
              const available = c === 'inApp' || s.available?.[c] !== false;
              return (
                <div key={c} className="notif-option">
                  <input
                    id={`notif-${c}`}
                    type="checkbox"
                    checked={s[c]}
                    disabled={!available && !s[c]}
                    aria-describedby={available ? undefined : `notif-${c}-hint`}
                    onChange={(e) => set(c, e.target.checked)}
                  />
                  <label htmlFor={`notif-${c}`}>{t(`notifications.channel.${channel}`)}</label>
                  {!available && (
                    <span id={`notif-${c}-hint`} className="field__hint">
                      {t(`notifications.unavailable.${c}`)}
                    </span>
                  )}
                </div>
              );
            })}
          </fieldset>
          {s.push && (
            <p>
              <button
                type="button"
                className="button"
                onClick={() => void enablePush().catch(() => setPushState('unsupported'))}
              >
                {t('notifications.enablePush')}
              </button>{' '}
              {pushState !== 'idle' && <span role="status">{t(`notifications.push.${pushState}`)}</span>}
            </p>
          )}
          {s.email && (
            <div className="field">
              <label className="field__label" htmlFor="notif-email">
                {t('notifications.emailAddress')}
              </label>
              <input
                id="notif-email"
                className="input"
                type="email"
                autoComplete="email"
                value={s.emailAddress ?? ''}
                onChange={(e) => set('emailAddress', e.target.value)}
              />
            </div>
          )}
          <fieldset className="choice-group">
            <legend>{t('notifications.quiet')}</legend>
            <p className="field__hint">{t('notifications.quietHint')}</p>
            <div className="notif-row">
              <div className="field">
                <label className="field__label" htmlFor="notif-quiet-start">
                  {t('notifications.quietFrom')}
                </label>
                <select
                  id="notif-quiet-start"
                  className="input"
                  value={s.quietStart}
                  onChange={(e) => set('quietStart', Number(e.target.value))}
                >
                  {HOURS.map((h) => (
                    <option key={h} value={h}>
                      {hh(h)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field__label" htmlFor="notif-quiet-end">
                  {t('notifications.quietTo')}
                </label>
                <select
                  id="notif-quiet-end"
                  className="input"
                  value={s.quietEnd}
                  onChange={(e) => set('quietEnd', Number(e.target.value))}
                >
                  {HOURS.map((h) => (
                    <option key={h} value={h}>
                      {hh(h)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>
          <fieldset className="choice-group">
            <legend>{t('notifications.reminders')}</legend>
            <div className="notif-option">
              <input
                id="notif-reminders"
                type="checkbox"
                checked={s.reminders}
                onChange={(e) => set('reminders', e.target.checked)}
              />
              <label htmlFor="notif-reminders">{t('notifications.remindersOn')}</label>
            </div>
            {s.reminders && (
              <div className="field">
                <label className="field__label" htmlFor="notif-reminder-time">
                  {t('notifications.reminderTime')}
                </label>
                <input
                  id="notif-reminder-time"
                  className="input"
                  type="time"
                  value={s.reminderTime}
                  onChange={(e) => set('reminderTime', e.target.value)}
                />
              </div>
            )}
          </fieldset>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary">
            {t('notifications.save')}
          </button>
        </form>
      )}
    </div>
  );
}
