import {
  type AnswerValue,
  buildResponse,
  flattenItems,
  intBound,
  itemText,
  optionText,
  type Questionnaire,
  type QuestionnaireItem,
  type QuestionnaireResponse,
} from '@hemma/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';

export type Answers = Record<string, AnswerValue | undefined>;

// A 0–10 scale is shown as a row of radio buttons (one tap, keyboard arrows, read out as "7, 8 of 11");
// larger ranges get a number field.
const MAX_RADIO_SCALE = 11;

const domId = (linkId: string) => `q-${linkId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function isAnswerable(item: QuestionnaireItem) {
  return item.type !== 'group' && item.type !== 'display';
}

interface Props {
  questionnaire: Questionnaire;
  /** Messages by linkId from the server (item-by-item validation). */
  serverErrors?: Record<string, string>;
  busy: boolean;
  onSubmit: (response: QuestionnaireResponse) => void;
}

const NO_ERRORS: Record<string, string> = {};

/** Renders any Hemma Questionnaire: choice (radio group), integer (scale or number), boolean, string/text,
 *  display and groups. Required answers are checked here first; the server checks everything again. */
export function QuestionnaireForm({ questionnaire, serverErrors = NO_ERRORS, busy, onSubmit }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const [answers, setAnswers] = useState<Answers>({});
  const [missing, setMissing] = useState<string[]>([]);
  // Questions changed since the server's answer: its message about them no longer applies.
  const [changed, setChanged] = useState<string[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setChanged([]);
    if (Object.keys(serverErrors).length > 0) summaryRef.current?.focus();
  }, [serverErrors]);

  const set = (linkId: string, value: AnswerValue | undefined) => {
    setAnswers((prev) => ({ ...prev, [linkId]: value }));
    setMissing((prev) => prev.filter((id) => id !== linkId));
    setChanged((prev) => (prev.includes(linkId) ? prev : [...prev, linkId]));
  };

  const errorOf = (item: QuestionnaireItem): string | undefined =>
    missing.includes(item.linkId)
      ? t('questionnaires.required')
      : changed.includes(item.linkId)
        ? undefined
        : serverErrors[item.linkId];

  const all = flattenItems(questionnaire.item).filter(isAnswerable);
  const errors = all.filter((i) => errorOf(i));

  function submit(e: FormEvent) {
    e.preventDefault();
    const unanswered = all.filter((i) => i.required && answers[i.linkId] === undefined).map((i) => i.linkId);
    setMissing(unanswered);
    if (unanswered.length > 0) {
      window.setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    onSubmit({ ...buildResponse(questionnaire, answers), authored: new Date().toISOString() });
  }

  function render(item: QuestionnaireItem): React.ReactNode {
    const text = itemText(item, lang) ?? '';
    const label = (
      <>
        {item.prefix && <span className="q-prefix">{item.prefix} </span>}
        {text}
        {isAnswerable(item) && !item.required && (
          <span className="q-optional"> {t('questionnaires.optional')}</span>
        )}
      </>
    );
    if (item.type === 'display') return <p className="q-display">{text}</p>;
    if (item.type === 'group')
      return (
        <fieldset className="q-group">
          <legend className="q-group__legend">{text}</legend>
          {(item.item ?? []).map((child) => (
            <div key={child.linkId}>{render(child)}</div>
          ))}
        </fieldset>
      );
    const id = domId(item.linkId);
    const error = errorOf(item);
    const errorId = `${id}-error`;
    const errorText = error && (
      <p id={errorId} className="field__error">
        {error}
      </p>
    );
    const value = answers[item.linkId];
    const min = intBound(item, 'min');
    const max = intBound(item, 'max');

    let options: { value: AnswerValue; label: string }[] | undefined;
    if (item.type === 'choice')
      options = (item.answerOption ?? []).map((o) => ({
        value: o.valueCoding.code,
        label: optionText(o.valueCoding, lang),
      }));
    else if (item.type === 'boolean')
      options = [
        { value: true, label: t('questionnaires.yes') },
        { value: false, label: t('questionnaires.no') },
      ];
    else if (item.type === 'integer' && min !== undefined && max !== undefined && max - min < MAX_RADIO_SCALE)
      options = Array.from({ length: max - min + 1 }, (_, k) => ({ value: min + k, label: String(min + k) }));

    if (options) {
      const scale = item.type === 'integer';
      const hintId = `${id}-hint`;
      return (
        <fieldset
          id={id}
          tabIndex={-1}
          className={`q-question${error ? ' q-question--error' : ''}`}
          aria-describedby={
            [scale ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined
          }
        >
          <legend className="q-question__legend">{label}</legend>
          {scale && (
            <p id={hintId} className="field__hint">
              {t('questionnaires.scaleHint', { min, max })}
            </p>
          )}
          <div className={scale ? 'q-scale' : 'q-options'}>
            {options.map((o) => (
              <label key={String(o.value)} className="q-option">
                <input
                  type="radio"
                  name={id}
                  value={String(o.value)}
                  checked={value === o.value}
                  aria-invalid={error ? true : undefined}
                  onChange={() => set(item.linkId, o.value)}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          {errorText}
        </fieldset>
      );
    }

    const described = error ? errorId : undefined;
    const common = {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': described,
      'aria-required': item.required || undefined,
    } as const;
    return (
      <div className={`field q-question${error ? ' field--error' : ''}`}>
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {item.type === 'text' ? (
          <textarea
            {...common}
            className="input q-textarea"
            rows={4}
            maxLength={item.maxLength}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(item.linkId, e.target.value.trim() === '' ? undefined : e.target.value)}
          />
        ) : item.type === 'string' ? (
          <input
            {...common}
            className="input"
            type="text"
            maxLength={item.maxLength}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(item.linkId, e.target.value.trim() === '' ? undefined : e.target.value)}
          />
        ) : (
          <input
            {...common}
            className="input q-number"
            type="text"
            inputMode={item.type === 'integer' ? 'numeric' : 'decimal'}
            value={value === undefined ? '' : String(value)}
            onChange={(e) => {
              const raw = e.target.value.trim().replace(',', '.');
              set(item.linkId, raw === '' || Number.isNaN(Number(raw)) ? undefined : Number(raw));
            }}
          />
        )}
        {errorText}
      </div>
    );
  }

  return (
    <form className="q-form" noValidate onSubmit={submit}>
      {errors.length > 0 && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>{t('questionnaires.errorSummary')}</p>
          <ul>
            {errors.map((i) => (
              <li key={i.linkId}>
                <a href={`#${domId(i.linkId)}`}>
                  {i.prefix ? `${i.prefix} ` : ''}
                  {itemText(i, lang)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {questionnaire.item.map((item) => (
        <div key={item.linkId}>{render(item)}</div>
      ))}
      <div className="button-row">
        <button type="submit" className="button button--primary button--large" disabled={busy}>
          {busy ? t('questionnaires.sending') : t('questionnaires.submit')}
        </button>
      </div>
    </form>
  );
}
