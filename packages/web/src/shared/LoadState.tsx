import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** Loading and error texts shared by every page that fetches. */
export function LoadState({
  loading,
  error,
  onRetry,
}: {
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <div className="notice notice--error" role="alert">
        <p>{notFound ? t('common.notFound') : t('common.loadError')}</p>
        {onRetry && !notFound && (
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return loading ? <Loading /> : null;
}

/** The one "loading" text: for fetches, auth checks and pages whose code is still arriving. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
