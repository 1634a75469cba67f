import { findMeasurement, type ImportRecord, type ImportSkipReason } from '@hemma/core';
import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { formatDateTime } from '../shared/format';
import { formatObservationValue } from '../shared/measurementText';
import { PageTitle } from '../shared/PageTitle';
import { IMPORT_BATCH, sendImportBatch } from './client';
import { type FileReadResult, readExportFile } from './readFile';

type Step =
  | { kind: 'choose'; error?: string }
  | { kind: 'reading'; progress: number }
  | { kind: 'preview'; file: FileReadResult; chosen: Set<string> }
  | { kind: 'sending'; progress: number }
  | {
      kind: 'summary';
      file: FileReadResult;
      created: number;
      duplicates: number;
      invalid: number;
      stopped: boolean;
    };

const valuesOf = (r: ImportRecord): number[] =>
  r.measurement.components
    ? r.measurement.components.map((c) => c.value)
    : r.measurement.value === undefined
      ? []
      : [r.measurement.value];

/** Import from Apple Health or a home device's CSV export: read on the device, preview, choose, send. */
export function ImportPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const inputId = useId();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step.kind === 'preview' || step.kind === 'summary') headingRef.current?.focus();
  }, [step.kind]);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setStep({ kind: 'reading', progress: 0 });
    try {
      const result = await readExportFile(file, (progress) =>
        setStep((s) => (s.kind === 'reading' ? { kind: 'reading', progress } : s)),
      );
      if (!result.format) {
        setStep({ kind: 'choose', error: t('imports.unknownFile') });
        return;
      }
      setStep({ kind: 'preview', file: result, chosen: new Set(result.records.map((r) => r.kind)) });
    } catch {
      setStep({ kind: 'choose', error: t('imports.readFailed') });
    }
  }

  async function send(file: FileReadResult, chosen: Set<string>) {
    const records = file.records.filter((r) => chosen.has(r.kind));
    let created = 0;
    let duplicates = 0;
    let invalid = 0;
    let stopped = false;
    setStep({ kind: 'sending', progress: 0 });
    for (let i = 0; i < records.length; i += IMPORT_BATCH) {
      try {
        const answer = await sendImportBatch(file.format ?? '', records.slice(i, i + IMPORT_BATCH));
        created += answer.created;
        duplicates += answer.duplicates;
        invalid += answer.invalid;
      } catch (e) {
        // Every record has its own key: sending the file again later continues where this stopped.
        if (!(e instanceof ApiError)) throw e;
        stopped = true;
        break;
      }
      setStep({ kind: 'sending', progress: Math.min(1, (i + IMPORT_BATCH) / records.length) });
    }
    setStep({ kind: 'summary', file, created, duplicates, invalid, stopped });
  }

  const kinds = (file: FileReadResult) => {
    const byKind = new Map<string, ImportRecord[]>();
    for (const r of file.records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
    return [...byKind.entries()];
  };

  const skippedList = (skipped: FileReadResult['skipped']) =>
    (Object.entries(skipped) as [ImportSkipReason, number][]).filter(([, n]) => n > 0);

  const title = t('imports.title');
  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient">{t('record.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>

      {step.kind === 'choose' && (
        <>
          <p>{t('imports.intro')}</p>
          <ul>
            <li>{t('imports.sources.apple')}</li>
            <li>{t('imports.sources.withings')}</li>
            <li>{t('imports.sources.omron')}</li>
          </ul>
          <p>{t('imports.privacy')}</p>
          {step.error && (
            <div className="notice notice--error" role="alert">
              <p>{step.error}</p>
            </div>
          )}
          <div className="field">
            <label htmlFor={inputId} className="field__label">
              {t('imports.chooseFile')}
            </label>
            <input
              id={inputId}
              type="file"
              accept=".xml,.csv,text/xml,text/csv"
              onChange={(e) => void onFile(e)}
            />
          </div>
        </>
      )}

      {(step.kind === 'reading' || step.kind === 'sending') && (
        <div>
          <label htmlFor={`${inputId}-progress`}>
            {step.kind === 'reading' ? t('imports.reading') : t('imports.sending')}
          </label>
          <progress
            id={`${inputId}-progress`}
            className="progress"
            max={100}
            value={Math.round(step.progress * 100)}
          >
            {Math.round(step.progress * 100)} %
          </progress>
          <p role="status">{t('imports.percent', { percent: Math.round(step.progress * 100) })}</p>
        </div>
      )}

      {step.kind === 'preview' && (
        <section aria-labelledby="import-preview">
          <h2 id="import-preview" ref={headingRef} tabIndex={-1}>
            {t('imports.previewTitle', { name: step.file.formatName })}
          </h2>
          {step.file.records.length === 0 ? (
            <p>{t('imports.nothingFound')}</p>
          ) : (
            <fieldset className="fieldset">
              <legend>{t('imports.chooseKinds')}</legend>
              {kinds(step.file).map(([kind, list]) => {
                const def = findMeasurement(kind);
                const first = list.reduce(
                  (a, r) => (r.effectiveAt < a ? r.effectiveAt : a),
                  list[0]!.effectiveAt,
                );
                const last = list.reduce(
                  (a, r) => (r.effectiveAt > a ? r.effectiveAt : a),
                  list[0]!.effectiveAt,
                );
                const checked = step.chosen.has(kind);
                return (
                  <div key={kind} className="checkbox">
                    <input
                      type="checkbox"
                      id={`${inputId}-${kind}`}
                      checked={checked}
                      onChange={() => {
                        const chosen = new Set(step.chosen);
                        if (checked) chosen.delete(kind);
                        else chosen.add(kind);
                        setStep({ ...step, chosen });
                      }}
                    />
                    <label htmlFor={`${inputId}-${kind}`}>
                      {t('imports.kindLine', {
                        name: def?.name[lang] ?? kind,
                        count: list.length,
                        from: formatDateTime(first, lang),
                        to: formatDateTime(last, lang),
                      })}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          )}
          {step.file.records.length > 0 && (
            <div className="table-scroll">
              <table className="import-table">
                <caption>{t('imports.sample')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('values.when')}</th>
                    <th scope="col">{t('imports.what')}</th>
                    <th scope="col">{t('imports.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {step.file.records.slice(0, 5).map((r) => {
                    const def = findMeasurement(r.kind);
                    return (
                      <tr key={r.key}>
                        <td>{formatDateTime(r.effectiveAt, lang)}</td>
                        <td>{def?.name[lang] ?? r.kind}</td>
                        <td>{def ? formatObservationValue(def, valuesOf(r), lang) : '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <SkippedList items={skippedList(step.file.skipped)} />
          <div className="button-row">
            {step.chosen.size > 0 && (
              <button
                type="button"
                className="button button--primary button--large"
                onClick={() => void send(step.file, step.chosen)}
              >
                {t('imports.send', {
                  count: step.file.records.filter((r) => step.chosen.has(r.kind)).length,
                })}
              </button>
            )}
            <button
              type="button"
              className="button button--large"
              onClick={() => setStep({ kind: 'choose' })}
            >
              {t('imports.cancel')}
            </button>
          </div>
        </section>
      )}

      {step.kind === 'summary' && (
        <section aria-labelledby="import-summary">
          <h2 id="import-summary" ref={headingRef} tabIndex={-1}>
            {step.stopped ? t('imports.stoppedTitle') : t('imports.doneTitle')}
          </h2>
          <ul data-testid="import-summary">
            <li>{t('imports.created', { count: step.created })}</li>
            <li>{t('imports.duplicates', { count: step.duplicates })}</li>
            {step.invalid > 0 && <li>{t('imports.invalid', { count: step.invalid })}</li>}
          </ul>
          <SkippedList items={skippedList(step.file.skipped)} />
          {step.stopped && <p>{t('imports.stoppedText')}</p>}
          <p>
            <Link to="/patient/history">{t('record.seeHistory')}</Link>
          </p>
        </section>
      )}
    </div>
  );
}

function SkippedList({ items }: { items: [ImportSkipReason, number][] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{t('imports.skippedTitle')}</h3>
      <ul>
        {items.map(([reason, count]) => (
          <li key={reason}>{t(`imports.skipped.${reason}`, { count })}</li>
        ))}
      </ul>
    </>
  );
}
