import type { AdviceSet } from '@hemma/core';
import './plans.css';
import { useTranslation } from 'react-i18next';

export const ADVICE_LEVELS = ['redHigh', 'yellowHigh', 'yellowLow', 'redLow'] as const;
const LANGS = ['sv', 'en'] as const;

/** Form texts ("advice.yellowHigh.sv" → text) of an advice set. */
export function adviceTexts(advice: AdviceSet | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const level of ADVICE_LEVELS)
    for (const l of LANGS) out[`advice.${level}.${l}`] = advice?.[level]?.[l] ?? '';
  return out;
}

/**
 * The advice set from form texts: a level needs both languages (the patient reads theirs). Returns the set
 * (null when empty) and the fields left empty where the other language was written.
 */
export function adviceFromTexts(texts: Record<string, string>): {
  advice: AdviceSet | null;
  missing: string[];
} {
  const advice: AdviceSet = {};
  const missing: string[] = [];
  for (const level of ADVICE_LEVELS) {
    const sv = texts[`advice.${level}.sv`]?.trim() ?? '';
    const en = texts[`advice.${level}.en`]?.trim() ?? '';
    if (sv && en) advice[level] = { sv, en };
    else if (sv || en) missing.push(`advice.${level}.${sv ? 'en' : 'sv'}`);
  }
  return { advice: Object.keys(advice).length > 0 ? advice : null, missing };
}

/** Self-care advice per level in Swedish and English, shown to the patient when that level is crossed. */
export function AdviceFields({
  idBase,
  texts,
  errors,
  onChange,
}: {
  idBase: string;
  texts: Record<string, string>;
  errors: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <details className="advice-fields">
      <summary>{t('plans.advice.summary')}</summary>
      <p className="field__hint">{t('plans.advice.hint')}</p>
      {ADVICE_LEVELS.map((level) =>
        LANGS.map((l) => {
          const key = `advice.${level}.${l}`;
          const id = `${idBase}-${level}-${l}`;
          const error = errors[key];
          return (
            <div key={key} className={`field${error ? ' field--error' : ''}`}>
              <label className="field__label" htmlFor={id}>
                {t('plans.advice.label', {
                  level: t(`protocols.limits.${level}`),
                  lang: t(`protocols.lang.${l}`),
                })}
              </label>
              <textarea
                id={id}
                className="textarea"
                rows={2}
                value={texts[key] ?? ''}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => onChange(key, e.target.value)}
              />
              {error && (
                <p id={`${id}-error`} className="field__error">
                  {error}
                </p>
              )}
            </div>
          );
        }),
      )}
    </details>
  );
}
