import {
  findMeasurement,
  KNOWN_QUESTIONNAIRES,
  type Lang,
  type Localized,
  MEASUREMENTS,
  type Protocol,
  type ProtocolActivity,
  questionnaireUrl,
  type RuleConfig,
  type Thresholds,
  type ValidationIssue,
  valueCodes,
  valueName,
} from '@hemma/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { isAdminRole } from '../apiTypes';
import { type ProtocolVersionView, plansApi } from '../plans/plansApi';
import { useAnnounce } from '../shared/Announcer';
import { useAuth } from '../shared/AuthContext';
import { Field } from '../shared/Field';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import './protocols.css';

const LIMITS = ['redLow', 'yellowLow', 'yellowHigh', 'redHigh'] as const;

const emptyProtocol = (): Protocol => ({
  id: '',
  title: { sv: '', en: '' },
  description: { sv: '', en: '' },
  activities: [],
  rules: [],
});

/**
 * A structured editor for a protocol (PlanDefinition): texts in both languages, activities with their code,
 * timings (RRULE) and limits, and the rules. Saving creates a new version; the server checks everything and
 * answers with one message per problem, listed here with the field it concerns.
 */
export function ProtocolEditorPage() {
  const { id = 'new' } = useParams();
  const creating = id === 'new';
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const canEdit = isAdminRole(me);
  const loaded = useAsync<ProtocolVersionView | null>(
    (signal) => (creating ? Promise.resolve(null) : plansApi.protocol(id, signal)),
    [id],
  );
  const [draft, setDraft] = useState<Protocol | null>(null);
  const [base, setBase] = useState<ProtocolVersionView | null>(null);

  useEffect(() => {
    if (loaded.data !== undefined) {
      setDraft(loaded.data ? structuredClone(loaded.data.protocol) : emptyProtocol());
      setBase(loaded.data);
    }
  }, [loaded.data]);

  const title = creating
    ? t('protocols.new')
    : t('protocols.editTitle', { title: draft?.title[i18n.language as Lang] ?? id });
  return (
    <div className="wide">
      <p className="back-link">
        <Link to=".." relative="path">
          {t('protocols.back')}
        </Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <LoadState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      {draft && (
        <Editor
          key={base?.version ?? 'new'}
          draft={draft}
          setDraft={setDraft}
          base={base}
          creating={creating}
          canEdit={canEdit}
          onSaved={(v) => {
            setBase(v);
            setDraft(structuredClone(v.protocol));
          }}
        />
      )}
    </div>
  );
}

interface EditorProps {
  draft: Protocol;
  setDraft: (p: Protocol) => void;
  base: ProtocolVersionView | null;
  creating: boolean;
  canEdit: boolean;
  onSaved: (v: ProtocolVersionView) => void;
}

function Editor({ draft, setDraft, base, creating, canEdit, onSaved }: EditorProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rulesText, setRulesText] = useState(() => JSON.stringify(draft.rules, null, 2));
  const [rulesError, setRulesError] = useState<string | null>(null);
  const errorsRef = useRef<HTMLDivElement>(null);
  // After a failed save the problems get focus, so keyboard and screen-reader users land on them.
  useEffect(() => {
    if (issues.length > 0 || failure) errorsRef.current?.focus();
  }, [issues, failure]);

  const update = (change: (p: Protocol) => void) => {
    const next = structuredClone(draft);
    change(next);
    setDraft(next);
  };

  async function save(e: React.FormEvent) {
    e.preventDefault();
    let rules: RuleConfig[];
    try {
      rules = JSON.parse(rulesText) as RuleConfig[];
      setRulesError(null);
    } catch {
      setRulesError(t('protocols.rulesNotJson'));
      return;
    }
    const protocol = { ...draft, rules };
    setBusy(true);
    setIssues([]);
    setFailure(null);
    try {
      const saved = creating
        ? await plansApi.createProtocol(protocol, note)
        : await plansApi.saveProtocol(draft.id, protocol, base!.version, note);
      announce(t('protocols.saved', { version: saved.version }));
      setNote('');
      if (creating) navigate(`../${saved.id}`, { relative: 'path' });
      else onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) setIssues(err.errors);
      else
        setFailure(
          err instanceof ApiError && err.status === 409 ? t('protocols.conflict') : t('protocols.saveFailed'),
        );
    } finally {
      setBusy(false);
    }
  }

  const text = (
    label: string,
    idBase: string,
    value: Localized,
    set: (v: Localized) => void,
    multiline = false,
  ): ReactNode => (
    <div className="protocol-editor__pair">
      {(['sv', 'en'] as const).map((l) =>
        multiline ? (
          <div className="field" key={l}>
            <label className="field__label" htmlFor={`${idBase}-${l}`}>
              {label} ({t(`protocols.lang.${l}`)})
            </label>
            <textarea
              id={`${idBase}-${l}`}
              className="textarea"
              rows={3}
              value={value[l]}
              disabled={!canEdit}
              onChange={(e) => set({ ...value, [l]: e.target.value })}
            />
          </div>
        ) : (
          <Field
            key={l}
            id={`${idBase}-${l}`}
            label={`${label} (${t(`protocols.lang.${l}`)})`}
            value={value[l]}
            disabled={!canEdit}
            onChange={(e) => set({ ...value, [l]: e.target.value })}
          />
        ),
      )}
    </div>
  );

  return (
    <form className="protocol-editor" onSubmit={save} noValidate>
      {base && (
        <p className="muted">
          {t('protocols.currentVersion', { version: base.version })}
          {base.createdBy ? ` · ${base.createdBy}` : ''}
        </p>
      )}
      {!canEdit && <p className="notice">{t('protocols.readOnly')}</p>}
      {(issues.length > 0 || failure) && (
        <div className="protocol-errors" role="alert" tabIndex={-1} ref={errorsRef}>
          {failure ? (
            <p>{failure}</p>
          ) : (
            <>
              <p>{t('protocols.invalid', { count: issues.length })}</p>
              <ul>
                {issues.map((i) => (
                  <li key={`${i.field}:${i.message}`}>
                    <code>{i.message}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <fieldset>
        <legend>{t('protocols.general')}</legend>
        {creating && (
          <Field
            id="protocol-id"
            label={t('protocols.id')}
            hint={t('protocols.idHint')}
            value={draft.id}
            onChange={(e) =>
              update((p) => {
                p.id = e.target.value;
              })
            }
          />
        )}
        {text(t('protocols.name'), 'protocol-title', draft.title, (v) =>
          update((p) => {
            p.title = v;
          }),
        )}
        {text(
          t('protocols.description'),
          'protocol-description',
          draft.description,
          (v) =>
            update((p) => {
              p.description = v;
            }),
          true,
        )}
      </fieldset>

      {draft.activities.map((a, i) => (
        <ActivityEditor
          key={i}
          index={i}
          activity={a}
          lang={lang}
          canEdit={canEdit}
          text={text}
          onChange={(next) =>
            update((p) => {
              p.activities[i] = next;
            })
          }
          onRemove={() =>
            update((p) => {
              p.activities.splice(i, 1);
            })
          }
        />
      ))}
      {canEdit && (
        <p>
          <button
            type="button"
            className="button"
            onClick={() =>
              update((p) => {
                p.activities.push({
                  id: `activity-${p.activities.length + 1}`,
                  kind: 'measurement',
                  code: 'weight',
                  title: { ...findMeasurement('weight')!.name },
                  instructions: { sv: '', en: '' },
                  schedule: [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
                });
              })
            }
          >
            {t('protocols.addActivity')}
          </button>
        </p>
      )}

      <fieldset>
        <legend>{t('protocols.rules')}</legend>
        <p className="field__hint" id="protocol-rules-hint">
          {t('protocols.rulesHint')}
        </p>
        <label className="field__label" htmlFor="protocol-rules">
          {t('protocols.rulesJson')}
        </label>
        <textarea
          id="protocol-rules"
          className="textarea"
          rows={10}
          spellCheck={false}
          aria-describedby={`protocol-rules-hint${rulesError ? ' protocol-rules-error' : ''}`}
          aria-invalid={rulesError ? true : undefined}
          value={rulesText}
          disabled={!canEdit}
          onChange={(e) => setRulesText(e.target.value)}
        />
        {rulesError && (
          <p className="field__error" id="protocol-rules-error">
            {rulesError}
          </p>
        )}
      </fieldset>

      {canEdit && (
        <>
          <Field
            id="protocol-note"
            label={t('protocols.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <p className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {creating ? t('protocols.create') : t('protocols.saveVersion')}
            </button>
          </p>
        </>
      )}
    </form>
  );
}

interface ActivityEditorProps {
  index: number;
  activity: ProtocolActivity;
  lang: Lang;
  canEdit: boolean;
  text: (
    label: string,
    idBase: string,
    value: Localized,
    set: (v: Localized) => void,
    multiline?: boolean,
  ) => ReactNode;
  onChange: (a: ProtocolActivity) => void;
  onRemove: () => void;
}

function ActivityEditor({
  index,
  activity: a,
  lang,
  canEdit,
  text,
  onChange,
  onRemove,
}: ActivityEditorProps) {
  const { t } = useTranslation();
  const idp = `activity-${index}`;
  const change = (f: (x: ProtocolActivity) => void) => {
    const next = structuredClone(a);
    f(next);
    onChange(next);
  };
  const def = a.kind === 'measurement' ? findMeasurement(a.code) : undefined;
  const codes = def ? valueCodes(def) : [];

  return (
    <fieldset>
      <legend>{t('protocols.activityN', { n: index + 1, title: a.title[lang] })}</legend>
      <div className="protocol-editor__pair">
        <div className="field">
          <label className="field__label" htmlFor={`${idp}-kind`}>
            {t('protocols.kind')}
          </label>
          <select
            id={`${idp}-kind`}
            className="input"
            value={a.kind}
            disabled={!canEdit}
            onChange={(e) =>
              change((x) => {
                x.kind = e.target.value as ProtocolActivity['kind'];
                x.code = x.kind === 'measurement' ? 'weight' : questionnaireUrl('symptom-diary');
                delete x.thresholds;
                delete x.advice;
                // Only measurements are checked for missing readings; other fields the form does not show
                // (missedCheck on a measurement) are kept, as the activity is edited in place.
                if (x.kind !== 'measurement') delete x.missedCheck;
              })
            }
          >
            <option value="measurement">{t('protocols.kinds.measurement')}</option>
            <option value="questionnaire">{t('protocols.kinds.questionnaire')}</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${idp}-code`}>
            {t('protocols.code')}
          </label>
          <select
            id={`${idp}-code`}
            className="input"
            value={a.kind === 'measurement' ? (def?.key ?? a.code) : a.code}
            disabled={!canEdit}
            onChange={(e) =>
              change((x) => {
                x.code = e.target.value;
                delete x.thresholds;
                delete x.advice;
                const m = findMeasurement(e.target.value);
                if (m) x.title = { ...m.name };
              })
            }
          >
            {a.kind === 'measurement'
              ? MEASUREMENTS.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name[lang]} ({m.loinc})
                  </option>
                ))
              : KNOWN_QUESTIONNAIRES.map((q) => (
                  <option key={q} value={questionnaireUrl(q)}>
                    {q}
                  </option>
                ))}
          </select>
        </div>
      </div>
      <Field
        id={`${idp}-id`}
        label={t('protocols.activityId')}
        value={a.id}
        disabled={!canEdit}
        onChange={(e) =>
          change((x) => {
            x.id = e.target.value;
          })
        }
      />
      {text(t('protocols.activityTitle'), `${idp}-title`, a.title, (v) =>
        change((x) => {
          x.title = v;
        }),
      )}
      {text(
        t('protocols.instructions'),
        `${idp}-instructions`,
        a.instructions,
        (v) =>
          change((x) => {
            x.instructions = v;
          }),
        true,
      )}

      <h3>{t('protocols.schedule')}</h3>
      <p className="field__hint">{t('protocols.scheduleHint')}</p>
      {a.schedule.map((s, j) => (
        <div key={j} className="protocol-editor__limits">
          <Field
            id={`${idp}-s${j}-rrule`}
            className="field--grow"
            label={t('protocols.rrule')}
            value={s.rrule}
            disabled={!canEdit}
            onChange={(e) =>
              change((x) => {
                x.schedule[j]!.rrule = e.target.value;
              })
            }
          />
          {(['startDay', 'days', 'readings'] as const).map((k) => (
            <NumField
              key={k}
              id={`${idp}-s${j}-${k}`}
              label={t(`protocols.${k}`)}
              value={s[k]}
              disabled={!canEdit}
              onValue={(v) =>
                change((x) => {
                  if (v === undefined) delete x.schedule[j]![k];
                  else x.schedule[j]![k] = v;
                })
              }
            />
          ))}
          {canEdit && a.schedule.length > 1 && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() =>
                change((x) => {
                  x.schedule.splice(j, 1);
                })
              }
            >
              {t('protocols.removeTiming', { n: j + 1 })}
            </button>
          )}
        </div>
      ))}
      {canEdit && (
        <button
          type="button"
          className="button"
          onClick={() =>
            change((x) => {
              x.schedule.push({ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=8' });
            })
          }
        >
          {t('protocols.addTiming')}
        </button>
      )}
      <NumField
        id={`${idp}-grace`}
        label={t('protocols.missedGrace')}
        hint={t('protocols.missedGraceHint')}
        value={a.missedGraceMinutes}
        disabled={!canEdit}
        onValue={(v) =>
          change((x) => {
            if (v === undefined) delete x.missedGraceMinutes;
            else x.missedGraceMinutes = v;
          })
        }
      />

      {codes.map((code) => (
        <div key={code}>
          <h3>{t('protocols.limitsFor', { name: valueName(code, lang) })}</h3>
          <div className="protocol-editor__limits">
            {LIMITS.map((limit) => (
              <NumField
                key={limit}
                id={`${idp}-${code}-${limit}`}
                label={t(`protocols.limits.${limit}`)}
                value={a.thresholds?.[code]?.[limit] ?? undefined}
                disabled={!canEdit}
                onValue={(v) =>
                  change((x) => {
                    const th: Thresholds = { ...x.thresholds?.[code] };
                    if (v === undefined) delete th[limit];
                    else th[limit] = v;
                    x.thresholds = { ...x.thresholds, [code]: th };
                  })
                }
              />
            ))}
          </div>
        </div>
      ))}
      {canEdit && (
        <button type="button" className="button button--quiet" onClick={onRemove}>
          {t('protocols.removeActivity', { title: a.title[lang] })}
        </button>
      )}
    </fieldset>
  );
}

/** A number input that keeps what is typed ("3," on the way to "3,9") and reports a number, or undefined when empty. */
function NumField({
  id,
  label,
  hint,
  value,
  disabled,
  onValue,
}: {
  id: string;
  label: string;
  hint?: string;
  value: number | undefined;
  disabled: boolean;
  onValue: (v: number | undefined) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  return (
    <Field
      id={id}
      label={label}
      hint={hint}
      inputMode="decimal"
      value={text}
      disabled={disabled}
      onChange={(e) => {
        const raw = e.target.value;
        setText(raw);
        const n = Number(raw.replace(',', '.'));
        if (raw.trim() === '') onValue(undefined);
        else if (Number.isFinite(n)) onValue(n);
      }}
    />
  );
}
