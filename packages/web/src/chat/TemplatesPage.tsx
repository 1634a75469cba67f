import './chat.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../shared/AuthContext';
import { LoadState } from '../shared/LoadState';
import { PageTitle } from '../shared/PageTitle';
import { useAsync } from '../shared/useAsync';
import { chatApi, type Template } from './chatApi';

type Draft = Omit<Template, 'id'> & { id?: string };

/** The unit's quick replies, in Swedish and English, for staff to add, edit and remove. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const units = me?.units ?? [];
  const list = useAsync((signal) => chatApi.templates(undefined, signal), []);
  const empty = (): Draft => ({ unitId: units[0]?.id ?? '', locale: 'sv', title: '', body: '' });
  const [draft, setDraft] = useState<Draft>(empty);
  const [error, setError] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(false);
    try {
      await chatApi.saveTemplate(draft);
      setDraft(empty());
      list.reload();
    } catch {
      setError(true);
    }
  }

  return (
    <div className="chat">
      <p>
        <Link className="back-link" to="/staff/messages">
          {t('chat.back')}
        </Link>
      </p>
      <PageTitle title={t('chat.templates.title')}>{t('chat.templates.title')}</PageTitle>
      <LoadState loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data && list.data.templates.length === 0 && <p className="empty">{t('chat.templates.none')}</p>}
      <ul className="chat-templates">
        {list.data?.templates.map((tpl) => (
          <li key={tpl.id} className="card">
            <p>
              <strong>{tpl.title}</strong> <span className="muted">({tpl.locale})</span>
            </p>
            <p>{tpl.body}</p>
            <div className="button-row">
              <button type="button" className="button" onClick={() => setDraft(tpl)}>
                {t('chat.templates.edit', { title: tpl.title })}
              </button>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => void chatApi.deleteTemplate(tpl.id).then(list.reload)}
              >
                {t('chat.templates.delete', { title: tpl.title })}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <form className="card form" onSubmit={onSubmit}>
        <h2>{draft.id ? t('chat.templates.editTitle') : t('chat.templates.add')}</h2>
        {units.length > 1 && (
          <div className="field">
            <label className="field__label" htmlFor="tpl-unit">
              {t('chat.templates.unit')}
            </label>
            <select
              id="tpl-unit"
              className="input"
              value={draft.unitId}
              onChange={(e) => setDraft({ ...draft, unitId: e.target.value })}
            >
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field__label" htmlFor="tpl-locale">
            {t('chat.templates.language')}
          </label>
          <select
            id="tpl-locale"
            className="input"
            value={draft.locale}
            onChange={(e) => setDraft({ ...draft, locale: e.target.value as 'sv' | 'en' })}
          >
            <option value="sv">Svenska</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="tpl-title">
            {t('chat.templates.name')}
          </label>
          <input
            id="tpl-title"
            className="input"
            required
            maxLength={80}
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="tpl-body">
            {t('chat.templates.text')}
          </label>
          <textarea
            id="tpl-body"
            className="textarea"
            required
            rows={4}
            maxLength={4000}
            value={draft.body}
            onChange={(e) => setDraft({ ...draft, body: e.target.value })}
          />
        </div>
        {error && (
          <p className="notice notice--error" role="alert">
            {t('chat.sendError')}
          </p>
        )}
        <button type="submit" className="button button--primary">
          {t('chat.templates.save')}
        </button>
      </form>
    </div>
  );
}
