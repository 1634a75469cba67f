import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { Dialog } from '../shared/Dialog';
import { FormButtons } from '../shared/FormButtons';
import { toLocalInputValue } from '../shared/format';
import { useAsync } from '../shared/useAsync';
import { type WorkItem, workspaceApi } from './workspaceApi';

interface Props {
  item: WorkItem | null;
  onClose: () => void;
  onDone: () => void;
}

const problemText = (err: unknown, fallback: string) =>
  err instanceof ApiError && err.detail ? err.detail : fallback;

/** Assign an alert to a colleague at one of my units (or take it back to the unit). */
export function AssignDialog({ item, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const colleagues = useAsync((signal) => workspaceApi.colleagues(signal), []);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!item?.alertId) return;
    setBusy(true);
    setError(null);
    try {
      await workspaceApi.assign(item.alertId, choice || null);
      onDone();
    } catch (err) {
      setError(problemText(err, t('wsTriage.failed')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={item !== null} title={t('wsTriage.assignTitle')} onClose={onClose}>
      {item && (
        <form className="form" onSubmit={submit}>
          <p>{item.patientName}</p>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-who`}>
              {t('wsTriage.colleague')}
            </label>
            <select
              id={`${id}-who`}
              className="input"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">{t('wsTriage.unassigned')}</option>
              {(colleagues.data?.colleagues ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName} ({t(`wsRole.${c.role}`)})
                </option>
              ))}
            </select>
          </div>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <FormButtons busy={busy} onCancel={onClose} submit={t('wsTriage.assign')} />
        </form>
      )}
    </Dialog>
  );
}

/** Snooze an alert until a time, with a reason; it comes back on the worklist by itself. */
export function SnoozeDialog({ item, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [until, setUntil] = useState(() => toLocalInputValue(new Date(Date.now() + 4 * 3600_000)));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!item?.alertId) return;
    const when = new Date(until);
    if (Number.isNaN(when.getTime())) {
      setError(t('wsTriage.badTime'));
      return;
    }
    if (reason.trim().length < 3) {
      setError(t('wsTriage.reasonNeeded'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await workspaceApi.snooze(item.alertId, when.toISOString(), reason.trim());
      setReason('');
      onDone();
    } catch (err) {
      setError(problemText(err, t('wsTriage.failed')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={item !== null} title={t('wsTriage.snoozeTitle')} onClose={onClose}>
      {item && (
        <form className="form" onSubmit={submit} noValidate>
          <p>{item.patientName}</p>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-until`}>
              {t('wsTriage.until')}
            </label>
            <input
              id={`${id}-until`}
              className="input"
              type="datetime-local"
              value={until}
              onChange={(e) => setUntil(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-reason`}>
              {t('wsTriage.reason')}
            </label>
            <input
              id={`${id}-reason`}
              className="input"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          <FormButtons busy={busy} onCancel={onClose} submit={t('wsTriage.snooze')} />
        </form>
      )}
    </Dialog>
  );
}
