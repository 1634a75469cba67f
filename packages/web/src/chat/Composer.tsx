import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../api';
import { useLang } from '../i18n';
import { useAnnounce } from '../shared/Announcer';
import { useAsync } from '../shared/useAsync';
import { ATTACHMENT_ACCEPT, chatApi, MAX_ATTACHMENT_BYTES, type MessageKind } from './chatApi';

/** Writing a message: text and an optional image or PDF; staff can also write an internal note, use
 *  a quick reply, send a video-meeting link or a visit request. */
export function Composer({
  side,
  threadId,
  onSent,
}: {
  side: 'patient' | 'staff';
  threadId: string;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'text' | 'note'>('text');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const templates = useAsync(
    (signal) => (side === 'staff' ? chatApi.templates(lang, signal) : Promise.resolve({ templates: [] })),
    [side, lang],
  );

  async function send(kind: MessageKind) {
    setError(null);
    if (kind !== 'video' && !text.trim() && !file) {
      setError(t('chat.composer.empty'));
      return;
    }
    if (file && file.size > MAX_ATTACHMENT_BYTES) {
      setError(t('chat.attachment.tooLarge'));
      return;
    }
    setBusy(true);
    try {
      const attachmentIds = file ? [(await chatApi.upload(threadId, file)).id] : undefined;
      await chatApi.send(threadId, { kind, body: text.trim(), attachmentIds }, newIdempotencyKey());
      setText('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      announce(t(kind === 'note' ? 'chat.note.saved' : 'chat.sent'));
      onSent();
    } catch (e) {
      if (e instanceof ApiError && e.status === 415) setError(t('chat.attachment.wrongType'));
      else if (e instanceof ApiError && e.status === 413) setError(t('chat.attachment.tooLarge'));
      else if (e instanceof ApiError && e.status === 0) setError(t('chat.offline'));
      else setError(t('chat.sendError'));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send(side === 'staff' ? mode : 'text');
  }

  return (
    <form className="card chat-composer" onSubmit={onSubmit} noValidate>
      <h2>{t('chat.composer.title')}</h2>
      {side === 'staff' && (
        <fieldset className="choice-group chat-mode">
          <legend>{t('chat.composer.mode')}</legend>
          <div className="choice-group__options">
            {(['text', 'note'] as const).map((m) => (
              <label key={m} className="choice">
                <input
                  type="radio"
                  name="chat-mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                <span>{t(m === 'text' ? 'chat.composer.toPatient' : 'chat.note.option')}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {side === 'staff' && templates.data && templates.data.templates.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor="chat-template">
            {t('chat.templates.use')}
          </label>
          <select
            id="chat-template"
            className="input"
            value=""
            onChange={(e) => {
              const tpl = templates.data?.templates.find((x) => x.id === e.target.value);
              if (tpl) setText(tpl.body);
            }}
          >
            <option value="">{t('chat.templates.choose')}</option>
            {templates.data.templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label className="field__label" htmlFor="chat-text">
          {mode === 'note' && side === 'staff' ? t('chat.note.textLabel') : t('chat.composer.label')}
        </label>
        <textarea
          id="chat-text"
          className="textarea"
          rows={4}
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="chat-file">
          {t('chat.attachment.label')}
        </label>
        <p id="chat-file-hint" className="field__hint">
          {t('chat.attachment.hint')}
        </p>
        <input
          id="chat-file"
          ref={fileInput}
          type="file"
          accept={ATTACHMENT_ACCEPT}
          aria-describedby="chat-file-hint"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      {side === 'patient' && <p className="field__hint">{t('chat.notUrgent')}</p>}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {mode === 'note' && side === 'staff' ? t('chat.note.save') : t('chat.composer.send')}
        </button>
        {side === 'staff' && (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => void send('video')}>
              {t('chat.video.send')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void send('visit-request')}
            >
              {t('chat.visit.send')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
