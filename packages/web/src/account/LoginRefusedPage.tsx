import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageTitle } from '../shared/PageTitle';

const REASONS = ['unknown-account', 'invalid-identity', 'cancelled', 'expired', 'failed'] as const;

/** Where a login through an identity provider ends when Hemma cannot let the person in. The reason
 *  is a code; nothing about the person is in the address. */
export function LoginRefusedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get('reason');
  const reason = REASONS.find((r) => r === raw) ?? 'failed';
  return (
    <div className="narrow">
      <PageTitle title={t('identity.refused.title')}>{t('identity.refused.title')}</PageTitle>
      <div className="notice notice--error">
        <p>{t(`identity.refused.${reason}`)}</p>
      </div>
      <p>{t('identity.refused.help')}</p>
      <p>
        <Link to="/login" className="button">
          {t('identity.refused.back')}
        </Link>
      </p>
    </div>
  );
}
