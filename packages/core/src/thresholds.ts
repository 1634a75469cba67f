import { measurementForValueCode, possibleRange } from './catalogue';
import { SCORE_THRESHOLDS } from './questionnaires/scoreMeasurements';
import type { AdviceSet, Thresholds, ValidationIssue } from './types';

// Limits are strict (see Thresholds): a value equal to a limit stays on the milder side.
//
// Blood pressure: ESH 2023 guidelines (J Hypertens 2023;41:1874), home BP hypertension threshold 135/85;
// red at grade 3 (≥180/110), where the guidelines call for prompt action. Low limits are the usual
// symptomatic-hypotension levels (90/50 red, 100/60 yellow).
//
// Heart rate, respiratory rate, SpO2, temperature: red where NEWS2 (Royal College of Physicians 2017) gives a
// single parameter 3 points (a "red score"); temperature has no 3 when high, so its highest band (≥ 39.1 °C)
// is red. Yellow is where NEWS2 scores ≥ 1, except where that band is normal for people at rest at home and
// would flood the worklist: heart rate is yellow outside the resting range 50–100 /min (AHA), SpO2 below the
// BTS 2017 target range of 94–98 %. Integer bands map to strict limits: "≤ 40 scores 3" is redLow 41.
// COPD patients with a target of 88–92 % (BTS; NEWS2 scale 2) need personal SpO2 limits.
//
// Glucose: International consensus on time in range (Battelino et al., Diabetes Care 2019;42:1593) and ADA
// Standards of Care: level 1 hypoglycaemia < 3.9 mmol/L, level 2 < 3.0; level 1 hyperglycaemia > 10.0,
// level 2 > 13.9.
//
// Weight, PEF, FEV1 and steps have no population limits: they are judged against the patient's own baseline.
export const DEFAULT_THRESHOLDS: Record<string, Thresholds> = {
  '8480-6': { redLow: 90, yellowLow: 100, yellowHigh: 135, redHigh: 180 },
  '8462-4': { redLow: 50, yellowLow: 60, yellowHigh: 85, redHigh: 110 },
  '8867-4': { redLow: 41, yellowLow: 50, yellowHigh: 100, redHigh: 130 },
  '9279-1': { redLow: 9, yellowLow: 12, yellowHigh: 20, redHigh: 24 },
  '59408-5': { redLow: 92, yellowLow: 94 },
  '8310-5': { redLow: 35.1, yellowLow: 36.1, yellowHigh: 38, redHigh: 39 },
  '15074-8': { redLow: 3, yellowLow: 3.9, yellowHigh: 10, redHigh: 13.9 },
  // Questionnaire scores: see questionnaires/scoreMeasurements.ts for the sources.
  ...SCORE_THRESHOLDS,
};

const BP_ADVICE: AdviceSet = {
  redHigh: {
    sv: 'Ditt blodtryck är mycket högt. Vila 5 minuter och mät igen. Ring 112 om du har bröstsmärta, andnöd, svår huvudvärk, synstörningar eller svaghet i arm eller ben. Är värdet fortfarande högt utan sådana besvär, ring 1177 eller din vårdcentral i dag.',
    en: 'Your blood pressure is very high. Rest for 5 minutes and measure again. Call 112 if you have chest pain, shortness of breath, a severe headache, blurred vision or weakness in an arm or leg. If it is still high without such symptoms, call 1177 or your health centre today.',
  },
  yellowHigh: {
    sv: 'Ditt blodtryck är lite högt. Sitt still och vila 5 minuter, mät sedan igen. Fortsätt mäta som vanligt; din vårdenhet ser värdet.',
    en: 'Your blood pressure is a little high. Sit still and rest for 5 minutes, then measure again. Keep measuring as usual; your care team can see the value.',
  },
  yellowLow: {
    sv: 'Ditt blodtryck är lite lågt. Res dig långsamt och drick något. Mät igen om en stund. Kontakta din vårdenhet om du känner dig yr.',
    en: 'Your blood pressure is a little low. Stand up slowly and have something to drink. Measure again in a while. Contact your care team if you feel dizzy.',
  },
  redLow: {
    sv: 'Ditt blodtryck är mycket lågt. Sätt eller lägg dig ner. Ring 112 om du svimmar, är förvirrad eller har bröstsmärta. Annars, ring 1177 eller din vårdenhet i dag.',
    en: 'Your blood pressure is very low. Sit or lie down. Call 112 if you faint, feel confused or have chest pain. Otherwise, call 1177 or your care team today.',
  },
  normal: { sv: 'Ditt blodtryck ser bra ut.', en: 'Your blood pressure looks fine.' },
};

export const DEFAULT_ADVICE: Record<string, AdviceSet> = {
  '8480-6': BP_ADVICE,
  '8462-4': BP_ADVICE,
  '8867-4': {
    redHigh: {
      sv: 'Din puls är mycket hög. Vila och mät igen. Ring 112 om du har bröstsmärta, andnöd eller känner dig svimfärdig. Annars, ring 1177 i dag.',
      en: 'Your pulse is very fast. Rest and measure again. Call 112 if you have chest pain, shortness of breath or feel faint. Otherwise, call 1177 today.',
    },
    yellowHigh: {
      sv: 'Din puls är lite hög. Vila 5 minuter och mät igen.',
      en: 'Your pulse is a little fast. Rest for 5 minutes and measure again.',
    },
    yellowLow: {
      sv: 'Din puls är lite låg. Mät igen om en stund. Kontakta din vårdenhet om du känner dig yr eller trött.',
      en: 'Your pulse is a little slow. Measure again in a while. Contact your care team if you feel dizzy or tired.',
    },
    redLow: {
      sv: 'Din puls är mycket låg. Ring 112 om du svimmar, är yr eller har bröstsmärta. Annars, ring 1177 i dag.',
      en: 'Your pulse is very slow. Call 112 if you faint, feel dizzy or have chest pain. Otherwise, call 1177 today.',
    },
    normal: { sv: 'Din puls ser bra ut.', en: 'Your pulse looks fine.' },
  },
  '9279-1': {
    redHigh: {
      sv: 'Du andas mycket snabbt. Ring 112 om du har svårt att andas eller prata. Annars, ring 1177 nu.',
      en: 'You are breathing very fast. Call 112 if you struggle to breathe or speak. Otherwise, call 1177 now.',
    },
    yellowHigh: {
      sv: 'Du andas lite snabbt. Vila en stund och räkna igen.',
      en: 'You are breathing a little fast. Rest for a while and count again.',
    },
    yellowLow: {
      sv: 'Du andas lite långsamt. Räkna igen om en stund.',
      en: 'You are breathing a little slowly. Count again in a while.',
    },
    redLow: {
      sv: 'Du andas mycket långsamt. Ring 112 om du är mycket trött eller svår att väcka. Annars, ring 1177 nu.',
      en: 'You are breathing very slowly. Call 112 if you are very drowsy or hard to wake. Otherwise, call 1177 now.',
    },
    normal: { sv: 'Din andning ser bra ut.', en: 'Your breathing rate looks fine.' },
  },
  '59408-5': {
    yellowLow: {
      sv: 'Din syremättnad är lite låg. Sitt upp, vila och mät igen med varma händer. Följ din behandlingsplan om du har en.',
      en: 'Your oxygen level is a little low. Sit up, rest and measure again with warm hands. Follow your care plan if you have one.',
    },
    redLow: {
      sv: 'Din syremättnad är mycket låg. Mät igen. Ring 112 om du har svårt att andas, blir blå om läpparna eller är förvirrad. Annars, ring 1177 nu.',
      en: 'Your oxygen level is very low. Measure again. Call 112 if you struggle to breathe, your lips turn blue or you are confused. Otherwise, call 1177 now.',
    },
    normal: { sv: 'Din syremättnad ser bra ut.', en: 'Your oxygen level looks fine.' },
  },
  '8310-5': {
    redHigh: {
      sv: 'Du har hög feber. Drick mycket. Ring 1177 i dag, eller 112 om du är förvirrad, har svårt att andas eller känner dig mycket sjuk.',
      en: 'You have a high fever. Drink plenty. Call 1177 today, or 112 if you are confused, struggle to breathe or feel very ill.',
    },
    yellowHigh: {
      sv: 'Du har lite feber. Vila, drick mycket och mät igen om några timmar.',
      en: 'You have a slight fever. Rest, drink plenty and measure again in a few hours.',
    },
    yellowLow: {
      sv: 'Din temperatur är lite låg. Håll dig varm och mät igen om en stund.',
      en: 'Your temperature is a little low. Keep warm and measure again in a while.',
    },
    redLow: {
      sv: 'Din temperatur är mycket låg. Mät igen. Håll dig varm. Ring 112 om du är förvirrad eller mycket trött, annars 1177 nu.',
      en: 'Your temperature is very low. Measure again and keep warm. Call 112 if you are confused or very drowsy, otherwise 1177 now.',
    },
    normal: { sv: 'Din temperatur ser bra ut.', en: 'Your temperature looks fine.' },
  },
  '15074-8': {
    redHigh: {
      sv: 'Ditt blodsocker är mycket högt. Följ din plan för högt blodsocker och mät ketoner om du kan. Ring 1177 i dag, eller 112 om du kräks, andas tungt eller blir förvirrad.',
      en: 'Your blood sugar is very high. Follow your plan for high blood sugar and check ketones if you can. Call 1177 today, or 112 if you are vomiting, breathing heavily or confused.',
    },
    yellowHigh: {
      sv: 'Ditt blodsocker är lite högt. Drick vatten och mät igen om några timmar.',
      en: 'Your blood sugar is a little high. Drink water and measure again in a few hours.',
    },
    yellowLow: {
      sv: 'Ditt blodsocker är lågt. Ät eller drick något sött, till exempel druvsocker eller juice, och mät igen efter 15 minuter.',
      en: 'Your blood sugar is low. Eat or drink something sugary, such as glucose tablets or juice, and measure again after 15 minutes.',
    },
    redLow: {
      sv: 'Ditt blodsocker är mycket lågt. Ät eller drick något sött nu. Ring 112 om du blir förvirrad eller inte blir bättre inom 15 minuter.',
      en: 'Your blood sugar is very low. Eat or drink something sugary now. Call 112 if you become confused or do not feel better within 15 minutes.',
    },
    normal: { sv: 'Ditt blodsocker ser bra ut.', en: 'Your blood sugar looks fine.' },
  },
};

/** The four limit names, from low to high: the order validateThresholds enforces. */
export const THRESHOLD_LIMITS = ['redLow', 'yellowLow', 'yellowHigh', 'redHigh'] as const;
export type ThresholdLimit = (typeof THRESHOLD_LIMITS)[number];

/** Checks limits a user sets; unset (null/undefined) limits are skipped. Field paths are the limit names. */
export function validateThresholds(code: string, t: Thresholds): ValidationIssue[] {
  const range = possibleRange(code);
  if (!range || !measurementForValueCode(code)) {
    return [
      {
        field: 'code',
        kind: 'unknown-code',
        given: code,
        message: `code: ${code} is not a known value code`,
      },
    ];
  }
  const issues: ValidationIssue[] = [];
  const given: [ThresholdLimit, number][] = [];
  for (const limit of THRESHOLD_LIMITS) {
    const v: unknown = t?.[limit];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({
        field: limit,
        kind: 'not-a-number',
        given: String(v),
        message: `${limit}: must be a number`,
      });
    } else if (v < range.min || v > range.max) {
      const allowed = `${range.min}–${range.max}`;
      issues.push({
        field: limit,
        kind: 'out-of-range',
        given: String(v),
        allowed,
        message: `${limit}: ${v} is outside the possible range ${allowed}`,
      });
    } else {
      given.push([limit, v]);
    }
  }
  // Every pair must keep the order redLow ≤ yellowLow < yellowHigh ≤ redHigh.
  for (let i = 0; i < given.length; i++) {
    for (let j = i + 1; j < given.length; j++) {
      const [a, va] = given[i]!;
      const [b, vb] = given[j]!;
      const strict = a.endsWith('Low') && b.endsWith('High');
      if (strict ? va >= vb : va > vb) {
        issues.push({
          field: b,
          kind: 'invalid',
          given: String(vb),
          allowed: `${strict ? 'greater than' : 'at least'} ${a} (${va})`,
          message: `${b}: ${vb} must be ${strict ? 'greater than' : 'at least'} ${a} (${va}); the order is redLow ≤ yellowLow < yellowHigh ≤ redHigh`,
        });
      }
    }
  }
  return issues;
}

/** The limits in force: an override replaces defaults limit by limit; null in it switches a limit off. */
export function effectiveThresholds(code: string, override?: Thresholds | null): Thresholds {
  const result: Thresholds = { ...DEFAULT_THRESHOLDS[code] };
  for (const limit of THRESHOLD_LIMITS) {
    const v = override?.[limit];
    if (v !== undefined) result[limit] = v;
  }
  return result;
}
