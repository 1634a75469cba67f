import { findMeasurement, findQuestionnaire } from '@hemma/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmitResult } from './questionnaireApi';

/** What the patient sees after sending: thanks, the score in plain words where the instrument has published
 *  bands, and — for PHQ-9 item 9 — calm, supportive text with where to turn (112, 1177, Självmordslinjen). */
export function ScoreFeedback({
  questionnaireId,
  result,
  onDone,
}: {
  questionnaireId: string;
  result: SubmitResult;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { total, band, flags } = result.score;
  const def = findQuestionnaire(questionnaireId);
  const totalCode = def?.scoring.kind === 'none' ? undefined : def?.scoring.total.code;
  const max = totalCode ? findMeasurement(totalCode)?.possible.max : undefined;
  const bandKey = `questionnaires.band.${questionnaireId}.${band}`;
  const hasBand = band !== null && i18n.exists(bandKey);
  const ref = useRef<HTMLDivElement>(null);
  // The form is replaced by this text: move focus here so screen readers read it from the start.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="q-feedback" tabIndex={-1} ref={ref}>
      {flags.includes('suicidality') && (
        <section className="q-support" aria-labelledby="q-support-title">
          <h2 id="q-support-title">{t('questionnaires.support.title')}</h2>
          <p>{t('questionnaires.support.text')}</p>
          <p>
            <strong>{t('questionnaires.support.now')}</strong>
          </p>
          <p>{t('questionnaires.support.talk')}</p>
          <p>{t('questionnaires.support.close')}</p>
        </section>
      )}
      <p className="q-feedback__thanks">{t('questionnaires.thanks')}</p>
      {hasBand && total !== null && max !== undefined && (
        <p>
          {t('questionnaires.yourScore', { total, max })} {t(bandKey)}
        </p>
      )}
      <p>{t('questionnaires.seenByCare')}</p>
      <div className="button-row">
        <button type="button" className="button button--large" onClick={onDone}>
          {t('questionnaires.another')}
        </button>
      </div>
    </div>
  );
}
