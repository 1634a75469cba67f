import { useTranslation } from 'react-i18next';

/** A form's submit button and, when the form can be left without saving, a cancel button beside it. */
export function FormButtons({
  submit,
  busy,
  onCancel,
}: {
  submit: string;
  busy: boolean;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <button type="submit" className="button button--primary" disabled={busy}>
        {submit}
      </button>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}
