import './questionnaires.css';
import { type QuestionnaireResponse, questionnaireTitle } from '@hemma/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { QuestionnaireForm } from './QuestionnaireForm';
import { questionnaireApi, type SubmitResult } from './questionnaireApi';
import { ScoreFeedback } from './ScoreFeedback';

/** /patient/questionnaires/:id — answer one questionnaire, then see the feedback. */
export function QuestionnairePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const q = useAsync((signal) => questionnaireApi.get(id, signal), [id]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [sendError, setSendError] = useState(false);
  // One key per filled-in form: a retry after a lost answer is recognised by the server, never stored twice.
  const idempotencyKey = useRef(crypto.randomUUID());

  async function submit(response: QuestionnaireResponse) {
    setBusy(true);
    setSendError(false);
    try {
      setResult(await questionnaireApi.submit(response, idempotencyKey.current));
    } catch (e) {
      const byLinkId: Record<string, string> = {};
      if (e instanceof ApiError && e.status === 400)
        for (const issue of e.errors as { linkId?: string; message: string }[])
          if (issue.linkId) byLinkId[issue.linkId] = issue.message;
      setServerErrors(byLinkId);
      if (Object.keys(byLinkId).length === 0) setSendError(true);
    } finally {
      setBusy(false);
    }
  }

  const title = q.data ? questionnaireTitle(q.data, lang) : t('questionnaires.listTitle');
  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient/questionnaires">{t('questionnaires.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <LoadState loading={q.loading} error={q.error} onRetry={q.reload} />
      {sendError && (
        <div className="notice notice--error" role="alert">
          <p>{t('questionnaires.sendError')}</p>
        </div>
      )}
      {q.data &&
        (result ? (
          <ScoreFeedback
            questionnaireId={id}
            result={result}
            onDone={() => navigate('/patient/questionnaires')}
          />
        ) : (
          <QuestionnaireForm
            questionnaire={q.data}
            serverErrors={serverErrors}
            busy={busy}
            onSubmit={submit}
          />
        ))}
    </div>
  );
}
