import { type AlertReason, describeReasons } from '@hemma/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MeasurementResult } from '../apiTypes';
import { useLang } from '../i18n';
import { worstSeverity } from '../shared/results';
import { SavedValues } from '../shared/SavedValues';
import { SeverityIcon } from '../shared/SeverityBadge';

interface FeedbackProps {
  results: MeasurementResult[];
  onAnother: () => void;
  historyCode: string;
}

/** What the patient sees right after saving. Focus moves here so the result is read out at once. */
export function Feedback({ results, onAnother, historyCode }: FeedbackProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  const worst = worstSeverity(results);
  const reasons: AlertReason[] = results.flatMap((r) => r.evaluation.reasons);
  const advice = results.find((r) => r.evaluation.severity === worst && r.evaluation.advice)?.evaluation
    .advice;
  const count = results.length;

  return (
    <section
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      className={`feedback feedback--${worst}`}
      aria-labelledby="feedback-title"
    >
      <div className="feedback__head">
        <SeverityIcon severity={worst} size={44} />
        <h2 id="feedback-title" className="feedback__title">
          {t(`feedback.${worst}`, { count })}
        </h2>
      </div>
      {reasons.length > 0 && <p className="feedback__reasons">{describeReasons(reasons, lang)}</p>}
      {advice && <p className="feedback__advice">{advice[lang]}</p>}
      <h3 className="feedback__saved-title">{t('feedback.saved')}</h3>
      <SavedValues results={results} />
      <p>{t('feedback.sent')}</p>
      <div className="button-row">
        <button type="button" className="button button--primary button--large" onClick={onAnother}>
          {t('feedback.another')}
        </button>
        <Link
          className="button button--large"
          to={`/patient/history?code=${encodeURIComponent(historyCode)}`}
        >
          {t('feedback.seeHistory')}
        </Link>
      </div>
    </section>
  );
}
