import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Shown instead of the feedback when the values were kept on the device to be sent later. The advice
 *  for the value comes from the server, so it cannot be given now: the patient is told so plainly. */
export function QueuedNotice({ onAnother }: { onAnother: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} tabIndex={-1} className="notice" aria-labelledby="queued-title">
      <h2 id="queued-title">{t('offline.queuedTitle')}</h2>
      <p>{t('offline.queuedText')}</p>
      <p>{t('offline.queuedUrgent')}</p>
      <div className="button-row">
        <button type="button" className="button button--primary button--large" onClick={onAnother}>
          {t('feedback.another')}
        </button>
        <Link className="button button--large" to="/patient">
          {t('offline.toStart')}
        </Link>
      </div>
    </section>
  );
}
