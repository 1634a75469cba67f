import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../shared/ChoiceGroup';
import { PageTitle } from '../shared/PageTitle';
import { setTextSize, storedTextSize, TEXT_SIZES, type TextSize } from './textSize';

/** Device settings for the patient: text size (kept on this device). Language is switched in the header. */
export function SettingsPage() {
  const { t } = useTranslation();
  const [size, setSize] = useState<TextSize>(storedTextSize);
  return (
    <div className="narrow">
      <PageTitle title={t('settings.title')}>{t('settings.title')}</PageTitle>
      <ChoiceGroup<TextSize>
        legend={t('settings.textSize')}
        options={TEXT_SIZES.map((s) => ({ value: s, label: t(`settings.size.${s}`) }))}
        value={size}
        onChange={(s) => {
          setSize(s);
          setTextSize(s);
        }}
      />
      <p className="text-size-sample">{t('settings.sample')}</p>
    </div>
  );
}
