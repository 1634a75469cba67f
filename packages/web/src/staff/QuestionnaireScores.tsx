import '../questionnaires/questionnaires.css';
import {
  flattenItems,
  itemText,
  optionText,
  type Questionnaire,
  questionnaireTitle,
  type ResponseItem,
} from '@hemma/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { questionnaireApi, type StoredResponse } from '../questionnaires/questionnaireApi';
import { formatDateTime } from '../shared/format';
import { LoadState } from '../shared/LoadState';
import { SeverityBadge } from '../shared/SeverityBadge';
import { useAsync } from '../shared/useAsync';

function answersOf(items: ResponseItem[]): ResponseItem[] {
  return items.flatMap((i) => [...(i.answer ? [i] : []), ...answersOf(i.item ?? [])]);
}

/** Questionnaire scores over time per instrument (newest first) and each response's answers, for staff. */
export function QuestionnaireScores({
  patientId,
  refreshKey = 0,
}: {
  patientId: string;
  refreshKey?: number;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const data = useAsync(
    async (signal) => {
      const { responses } = await questionnaireApi.staffResponses(patientId, signal);
      const ids = [...new Set(responses.map((r) => r.questionnaire))];
      const defs = await Promise.all(ids.map((id) => questionnaireApi.get(id, signal)));
      return { responses, defs: new Map(defs.map((d) => [d.id, d])) };
    },
    [patientId, refreshKey],
  );
  const groups = new Map<string, StoredResponse[]>();
  for (const r of data.data?.responses ?? [])
    groups.set(r.questionnaire, [...(groups.get(r.questionnaire) ?? []), r]);

  const answerText = (q: Questionnaire | undefined, item: ResponseItem): string => {
    const def = q && flattenItems(q.item).find((i) => i.linkId === item.linkId);
    return (item.answer ?? [])
      .map((a) => {
        if (a.valueCoding) {
          const option = def?.answerOption?.find((o) => o.valueCoding.code === a.valueCoding!.code);
          return option ? optionText(option.valueCoding, lang) : a.valueCoding.code;
        }
        if (a.valueBoolean !== undefined)
          return a.valueBoolean ? t('questionnaires.yes') : t('questionnaires.no');
        return String(a.valueInteger ?? a.valueDecimal ?? a.valueString ?? '');
      })
      .join(', ');
  };

  return (
    <section className="card q-scores" aria-labelledby="q-scores-heading">
      <h2 id="q-scores-heading">{t('questionnaires.staff.title')}</h2>
      <LoadState loading={data.loading} error={data.error} onRetry={data.reload} />
      {data.data && groups.size === 0 && <p className="empty">{t('questionnaires.staff.none')}</p>}
      {[...groups].map(([id, responses]) => {
        const q = data.data?.defs.get(id);
        const title = q ? questionnaireTitle(q, lang) : id;
        return (
          <div key={id}>
            <h3>{title}</h3>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('questionnaires.staff.date')}</th>
                  <th scope="col">{t('questionnaires.staff.score')}</th>
                  <th scope="col">{t('questionnaires.staff.showAnswers')}</th>
                </tr>
              </thead>
              <tbody>
                {responses.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.authoredAt, lang)}</td>
                    <td>
                      {r.severity !== 'green' && <SeverityBadge severity={r.severity} audience="staff" />}{' '}
                      {r.total ?? '–'}
                      {r.band
                        ? ` (${t(`questionnaires.staff.bandName.${r.band}`, { defaultValue: r.band })})`
                        : ''}{' '}
                      {r.flags.includes('suicidality') && (
                        <span className="q-flag">{t('questionnaires.staff.flagSuicidality')}</span>
                      )}
                    </td>
                    <td>
                      <details>
                        <summary>
                          {t('questionnaires.staff.answers', { date: formatDateTime(r.authoredAt, lang) })}
                        </summary>
                        <dl className="q-answers">
                          {answersOf(r.items).map((item) => {
                            const def = q && flattenItems(q.item).find((i) => i.linkId === item.linkId);
                            return (
                              <div key={item.linkId}>
                                <dt>
                                  {def?.prefix ? `${def.prefix} ` : ''}
                                  {def ? itemText(def, lang) : item.linkId}
                                </dt>
                                <dd>{answerText(q, item) || t('questionnaires.staff.noAnswer')}</dd>
                              </div>
                            );
                          })}
                        </dl>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
