import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, newIdempotencyKey } from '../api';
import { chatApi } from './chatApi';

/** Starts a conversation: the patient with their unit, or staff with a patient (optionally about an
 *  alert or a measurement, which the first message then refers to). */
export function NewThreadForm({
  patientId,
  alertId,
  observationId,
}: {
  patientId?: string;
  alertId?: string;
  observationId?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!subject.trim() || !body.trim()) {
      setError(t('chat.newThread.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await chatApi.createThread(
        { subject: subject.trim(), body: body.trim(), patientId, alertId, observationId },
        key,
      );
      navigate(`${patientId ? '/staff' : '/patient'}/messages/${res.threadId}`);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 0 ? t('chat.offline') : t('chat.sendError'));
      setBusy(false);
    }
  }

  return (
    <form className="form chat-new" onSubmit={onSubmit} noValidate>
      {(alertId || observationId) && (
        <p className="muted">{t(alertId ? 'chat.refersToAlert' : 'chat.refersToValue')}</p>
      )}
      <div className="field">
        <label className="field__label" htmlFor="chat-subject">
          {t('chat.newThread.subject')}
        </label>
        <input
          id="chat-subject"
          className="input"
          value={subject}
          maxLength={200}
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="chat-first-message">
          {t('chat.composer.label')}
        </label>
        <textarea
          id="chat-first-message"
          className="textarea"
          rows={4}
          maxLength={4000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      {!patientId && <p className="field__hint">{t('chat.notUrgent')}</p>}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {t('chat.newThread.submit')}
      </button>
    </form>
  );
}
