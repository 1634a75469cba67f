import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from './ChoiceGroup';

/** "Last 7/30/90 days" as a radio row. */
export function PeriodPicker({
  options,
  value,
  onChange,
}: {
  options: number[];
  value: number;
  onChange: (days: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <ChoiceGroup<number>
      legend={t('period.legend')}
      options={options.map((days) => ({ value: days, label: t('period.days', { count: days }) }))}
      value={value}
      onChange={onChange}
    />
  );
}
