import { describeReasons } from '@hemma/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import type { Alert } from '../apiTypes';
import { useLang } from '../i18n';
import { Dialog } from '../shared/Dialog';

interface AcknowledgeDialogProps {
  alert: Alert | null;
  onClose: () => void;
  /** Called when the alert is no longer open, either by us or (409) by someone else. */
  onDone: (alert: Alert, byOther: boolean) => void;
}

export function AcknowledgeDialog({ alert, onClose, onDone }: AcknowledgeDialogProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setNote('');
    setError(null);
    setBusy(false);
    onClose();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!alert) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.staff.acknowledge(alert.id, note.trim() || undefined);
      setNote('');
      setBusy(false);
      onDone(updated, false);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) {
        setNote('');
        onDone(alert, true);
      } else {
        setError(t('acknowledge.failed'));
      }
    }
  }

  return (
    <Dialog open={alert !== null} title={t('acknowledge.title')} onClose={close}>
      {alert && (
        <form onSubmit={onSubmit} className="form">
          <p>{describeReasons(alert.reasons, lang)}</p>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-note`}>
              {t('acknowledge.note')}
            </label>
            <p className="field__hint" id={`${id}-hint`}>
              {t('acknowledge.noteHint')}
            </p>
            <textarea
              id={`${id}-note`}
              className="input textarea"
              rows={4}
              maxLength={2000}
              aria-describedby={`${id}-hint`}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('acknowledge.confirm')}
            </button>
            <button type="button" className="button" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
