// Findings in words for nurses, in Swedish and English: "Vikt +2,4 kg på 3 dagar" / "Body weight +2.4 kg in 3 days".

import { measurementForValueCode, unitLabel, valueName } from '../catalogue';
import { describeReason, formatNumber, formatValue } from '../format';
import type { Lang } from '../types';
import type { News2Reason, RuleReason } from './types';

const INSTRUMENT_NAMES: Record<string, string> = {
  'phq-9': 'PHQ-9',
  'gad-7': 'GAD-7',
  mmrc: 'mMRC',
  cat: 'CAT',
  act: 'ACT',
};

const RISK: Record<Lang, Record<News2Reason['risk'], string>> = {
  sv: { low: 'låg risk', 'low-medium': 'låg–medelhög risk', medium: 'medelhög risk', high: 'hög risk' },
  en: { low: 'low risk', 'low-medium': 'low–medium risk', medium: 'medium risk', high: 'high risk' },
};

const NEWS2_PARAMS: Record<Lang, Record<keyof News2Reason['subscores'], string>> = {
  sv: {
    respiratoryRate: 'andningsfrekvens',
    spo2: 'syremättnad',
    oxygen: 'syrgas',
    systolic: 'systoliskt blodtryck',
    pulse: 'puls',
    consciousness: 'medvetandegrad',
    temperature: 'temperatur',
  },
  en: {
    respiratoryRate: 'respiratory rate',
    spo2: 'oxygen saturation',
    oxygen: 'oxygen',
    systolic: 'systolic blood pressure',
    pulse: 'pulse',
    consciousness: 'consciousness',
    temperature: 'temperature',
  },
};

function unit(code: string, lang: Lang, fallback: string): string {
  const def = measurementForValueCode(code);
  return def ? unitLabel(def, lang) : fallback;
}

function signed(value: number, lang: Lang, decimals?: number): string {
  const n = formatNumber(Math.abs(value), lang, decimals);
  return `${value < 0 ? '−' : '+'}${n}`;
}

function days(n: number, lang: Lang): string {
  if (lang === 'sv') return `${n} ${n === 1 ? 'dag' : 'dagar'}`;
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/** The reason of a rule finding in words, in the reader's language. */
export function describeRuleReason(reason: RuleReason, lang: Lang): string {
  switch (reason.type) {
    case 'bound': {
      const text = describeReason(reason, lang);
      const n = reason.confirmedBy?.length ?? 0;
      if (n === 0) return text;
      if (lang === 'sv') return `${text}, bekräftat av ${n} ${n === 1 ? 'mätning' : 'mätningar'} till`;
      return `${text}, confirmed by ${n} more ${n === 1 ? 'reading' : 'readings'}`;
    }
    case 'change': {
      const decimals = measurementForValueCode(reason.code)?.decimals;
      const change = `${signed(reason.delta, lang, decimals)} ${unit(reason.code, lang, reason.unit)}`;
      return `${valueName(reason.code, lang)} ${change} ${lang === 'sv' ? 'på' : 'in'} ${days(reason.days, lang)}`;
    }
    case 'baseline': {
      const u = unit(reason.code, lang, reason.unit);
      const value = formatValue(reason.code, reason.value, lang, reason.unit);
      const deviation = `${formatNumber(Math.abs(reason.deviation), lang, 1)} ${u}`;
      const mean = `${formatNumber(reason.mean, lang, 1)} ${u}`;
      if (lang === 'sv')
        return `${valueName(reason.code, lang)} ${value}, ${deviation} ${reason.direction === 'high' ? 'över' : 'under'} personligt medelvärde ${mean} (${days(reason.baselineDays, lang)})`;
      return `${valueName(reason.code, lang)} ${value}, ${deviation} ${reason.direction === 'high' ? 'above' : 'below'} personal average ${mean} (${days(reason.baselineDays, lang)})`;
    }
    case 'missed':
      return lang === 'sv'
        ? `${valueName(reason.code, lang)} saknas: skulle mätas ${reason.dueLocal}`
        : `${valueName(reason.code, lang)} missing: due ${reason.dueLocal}`;
    case 'news2': {
      const params = (Object.keys(reason.subscores) as (keyof News2Reason['subscores'])[])
        .filter((k) => reason.subscores[k] === 3)
        .map((k) => NEWS2_PARAMS[lang][k]);
      const red = params.length
        ? lang === 'sv'
          ? `; 3 poäng för ${params.join(', ')}`
          : `; 3 points for ${params.join(', ')}`
        : '';
      return `NEWS2 ${reason.total} (${RISK[lang][reason.risk]})${red}`;
    }
    case 'questionnaire': {
      const name = INSTRUMENT_NAMES[reason.questionnaire] ?? reason.questionnaire;
      if (reason.check === 'band')
        return lang === 'sv'
          ? `${name} summa ${reason.total} (gräns ${reason.limit})`
          : `${name} total ${reason.total} (limit ${reason.limit})`;
      if (reason.check === 'change') {
        const delta = reason.total - (reason.previousTotal ?? reason.total);
        return lang === 'sv'
          ? `${name} ${signed(delta, lang)} poäng sedan förra svaret (${reason.previousTotal} → ${reason.total})`
          : `${name} ${signed(delta, lang)} points since the previous response (${reason.previousTotal} → ${reason.total})`;
      }
      const suicidality = reason.questionnaire === 'phq-9' && reason.item === 9;
      if (lang === 'sv')
        return `${name} fråga ${reason.item}: svar ${reason.answer}${suicidality ? ' (tankar på att skada sig själv eller att hellre vara död)' : ` (över ${reason.limit})`}`;
      return `${name} item ${reason.item}: answer ${reason.answer}${suicidality ? ' (thoughts of self-harm or of being better off dead)' : ` (above ${reason.limit})`}`;
    }
  }
}
