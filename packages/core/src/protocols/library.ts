// The protocol library shipped with Hemma. Each protocol is data (activities, schedules, default limits,
// rules, advice in sv and en); planDefinitionOf (fhir.ts) gives its FHIR PlanDefinition + ActivityDefinition
// form. Regions copy and adapt them in the protocol editor; a patient's plan records the version used.
//
// Sources: ESH home BP (Parati 2008; Stergiou 2021): duplicate readings morning and evening for 7 days, day 1
// discarded, then 1–2 duplicate readings a week for long-term follow-up. ESC heart-failure guidelines 2021
// (daily weight, act on a gain of > 2 kg in 3 days). Battelino 2019 time-in-range consensus (glucose levels).
// BTS 2017 oxygen guideline / NEWS2 scale 2 (COPD SpO2 target 88–92 %). GINA 2024 (peak flow personal best,
// action below 80 % / 60 %). NICE NG133 hypertension in pregnancy (≥ 140/90 hypertension, ≥ 160/110 severe;
// proteinuria ≥ 1+ needs assessment). NICE NG3 gestational diabetes (fasting < 5.3, 1 h after meals < 7.8).
//
// Every change to a shipped protocol bumps its entry in LIBRARY_VERSIONS, with a comment saying what changed
// and why; the server installs a newer shipped version as a new version of the protocol (plans keep theirs).

import { findMeasurement } from '../catalogue';
import { QUESTIONNAIRE_BASE } from '../questionnaires/build';
import type { BoundConfirm, RuleConfig } from '../rules/types';
import { DEFAULT_ADVICE, DEFAULT_THRESHOLDS } from '../thresholds';
import type { AdviceSet, Localized, Thresholds } from '../types';
import type { MissedCheck, Protocol, ProtocolActivity, ScheduleEntry } from './types';

export const questionnaireUrl = (id: string): string => `${QUESTIONNAIRE_BASE}${id}`;
/** Instrument id ("phq-9") of a Hemma questionnaire URL, else undefined. */
export function questionnaireIdOf(url: string): string | undefined {
  return url.startsWith(QUESTIONNAIRE_BASE) ? url.slice(QUESTIONNAIRE_BASE.length) || undefined : undefined;
}

/** The questionnaires protocols may reference (built by the questionnaire module). */
export const KNOWN_QUESTIONNAIRES = [
  'phq-9',
  'gad-7',
  'mmrc',
  'cat',
  'act',
  'pain-nrs',
  'hf-symptoms',
  'symptom-diary',
];

const SYS = '8480-6';
const DIA = '8462-4';
const PULSE = '8867-4';
const WEIGHT = '29463-7';
const GLUCOSE = '15074-8';
const SPO2 = '59408-5';
const PEF = '19935-6';
const URINE_PROTEIN = '20454-5';

const t = (sv: string, en: string): Localized => ({ sv, en });

/**
 * "No reading for two days" (docs/simulation.md): checked at noon on Mon, Wed, Fri and Sun, met by any reading
 * in the 48 hours before. One missed morning is the patient's reminder's business; two days without data are
 * staff's. Used for the daily measurements the simulation checked this way (heart-failure weight, COPD SpO2,
 * BP in pregnancy): it cut missed-measurement items without missing a deterioration the rules would catch.
 */
export const noReadingForTwoDays = (): MissedCheck => ({
  schedule: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR,SU;BYHOUR=12' }],
  earlyMinutes: 48 * 60,
  graceMinutes: 0,
});

function measure(
  id: string,
  code: string,
  schedule: ScheduleEntry[],
  instructions: Localized,
  extra: Partial<ProtocolActivity> = {},
): ProtocolActivity {
  const def = findMeasurement(code);
  return {
    id,
    kind: 'measurement',
    code,
    title: def ? { ...def.name } : t(code, code),
    instructions,
    schedule,
    ...extra,
  };
}

function questionnaire(
  id: string,
  instrument: string,
  title: Localized,
  schedule: ScheduleEntry[],
  instructions: Localized,
  extra: Partial<ProtocolActivity> = {},
): ProtocolActivity {
  return {
    id,
    kind: 'questionnaire',
    code: questionnaireUrl(instrument),
    title,
    instructions,
    schedule,
    ...extra,
  };
}

const bounds = (id: string, code: string, confirm?: BoundConfirm): RuleConfig => ({
  kind: 'absoluteBounds',
  id,
  code,
  autoResolve: true,
  ...(confirm ? { confirm } : {}),
});

/**
 * Home BP yellow on one session's readings, not one reading (version 3 of hypertension, diabetes type 2 and
 * heart failure): home BP is measured in duplicate, 1 minute apart, and judged on the readings together, not on
 * a single one (ESH: Parati 2008; Stergiou 2021; ESH 2023, Mancia 2023, bases decisions on the mean of several
 * readings). A yellow item needs a second reading beyond the same limit within 36 hours: the duplicate, or
 * the next session for a patient who measures once (daily heart-failure BP, the next morning). The patient
 * gets the yellow advice on the single reading at intake as before; red never waits.
 */
const BP_CONFIRMED: BoundConfirm = { readings: 2, withinHours: 36 };

/**
 * BP yellow in pregnancy (version 3): hypertension in pregnancy is BP ≥ 140/90 on two occasions at least
 * 4 hours apart (ACOG Practice Bulletin 222, 2020; ISSHP 2018: Brown 2018). With morning and evening sessions
 * that is two sessions (evening after morning, or morning after the evening before) within 24 hours; the
 * duplicate of one session is the same occasion. Severe hypertension (≥ 160/110, red) is acted on at once,
 * as ACOG and NICE NG133 say.
 */
const BP_PREGNANCY_CONFIRMED: BoundConfirm = { readings: 2, withinHours: 24, apartHours: 4 };

const BP_HOW = t(
  'Sitt still i 5 minuter med ryggstöd och armen på ett bord. Mät två gånger med 1 minuts mellanrum, på morgonen före frukost och läkemedel och på kvällen.',
  'Sit still for 5 minutes with your back supported and your arm on a table. Measure twice, 1 minute apart, in the morning before breakfast and medication and in the evening.',
);

const BP_ADVICE: Record<string, AdviceSet> = { [SYS]: DEFAULT_ADVICE[SYS]!, [DIA]: DEFAULT_ADVICE[DIA]! };

export const HYPERTENSION: Protocol = {
  id: 'hypertension',
  title: t('Högt blodtryck (hemblodtryck enligt ESH)', 'Hypertension (home BP per ESH)'),
  description: t(
    'Dubbla mätningar morgon och kväll i 7 dagar inför uppföljning, därefter dubbla mätningar en gång i veckan.',
    'Duplicate morning and evening readings for 7 days before a follow-up, then duplicate readings once a week.',
  ),
  activities: [
    measure(
      'bp',
      '85354-9',
      [
        { rrule: 'FREQ=DAILY;BYHOUR=7,20', days: 7, readings: 2 },
        { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7', startDay: 7, readings: 2 },
      ],
      BP_HOW,
      {
        // Version 2: yellow from grade 2 (160/100, ESH 2023: Mancia 2023) instead of the home threshold 135/85.
        // Treatment decisions rest on the mean of several days' readings (ESH: Stergiou 2021; the home BP
        // summary of the follow-up), not on one reading above 135/85, which a treated patient has most weeks.
        // Red unchanged; the run-in widens yellow further for a patient whose usual value is near it.
        thresholds: {
          [SYS]: { ...DEFAULT_THRESHOLDS[SYS], yellowHigh: 159 },
          [DIA]: { ...DEFAULT_THRESHOLDS[DIA], yellowHigh: 99 },
        },
        advice: BP_ADVICE,
        // Kept in version 2 although a missed weekly reading is no safety matter: the same missed-measurement
        // rule sends the patient's reminder (plans/missed.ts), and the staff item costs 1 minute.
        missedGraceMinutes: 180,
      },
    ),
  ],
  // Version 3: confirmed yellow (BP_CONFIRMED).
  rules: [bounds('bp-bounds', '85354-9', BP_CONFIRMED)],
};

const WEIGHT_ADVICE: AdviceSet = {
  yellowHigh: t(
    'Din vikt har ökat. Ta den extra dosen vätskedrivande som din läkare har ordinerat. Kontakta mottagningen i dag om du är mer andfådd eller svullen, eller om vikten fortsätter att öka i morgon.',
    'Your weight has gone up. Take the extra dose of diuretic your doctor has prescribed. Contact the clinic today if you are more short of breath or swollen, or if your weight is still rising tomorrow.',
  ),
  redHigh: t(
    'Din vikt har ökat mycket på kort tid. Ta den extra dosen vätskedrivande enligt ordination och ring mottagningen i dag. Ring 112 om du har svår andnöd eller inte kan ligga ner.',
    'Your weight has risen a lot in a short time. Take the extra diuretic dose as prescribed and call the clinic today. Call 112 if you are severely short of breath or cannot lie down.',
  ),
  normal: t('Din vikt är stabil.', 'Your weight is stable.'),
};

export const HEART_FAILURE: Protocol = {
  id: 'heart-failure',
  title: t('Hjärtsvikt', 'Heart failure'),
  description: t(
    'Daglig morgonvikt, blodtryck och puls samt en kort symtomkontroll (svullnad, trötthet, andfåddhet).',
    'Daily morning weight, blood pressure and pulse, and a short symptom check (swelling, fatigue, breathlessness).',
  ),
  activities: [
    measure(
      'weight',
      WEIGHT,
      [{ rrule: 'FREQ=DAILY;BYHOUR=7' }],
      t(
        'Väg dig varje morgon efter toalettbesök, före frukost, i samma klädsel.',
        'Weigh yourself every morning after using the toilet, before breakfast, in the same clothes.',
      ),
      { advice: { [WEIGHT]: WEIGHT_ADVICE }, missedGraceMinutes: 240, missedCheck: noReadingForTwoDays() },
    ),
    measure('bp', '85354-9', [{ rrule: 'FREQ=DAILY;BYHOUR=7' }], BP_HOW, {
      // Version 2: low limits for heart failure, where the recommended drugs keep BP low. ESC 2021 (McDonagh
      // 2021, practical guidance on ACE-I/ARNI, beta-blockers and MRA) names systolic < 90 mmHg hypotension and
      // says asymptomatic hypotension does not usually need a change in therapy: yellow below 90 (ask about
      // dizziness), red below 80 (a judgement: no guideline gives a number for "call now"). Hypotension is
      // judged on the systolic value, so diastolic has no low limits. Version 1 (red 85, yellow 95, diastolic
      // 50/60) flagged stable patients on target doses (docs/simulation.md). High BP: yellow from grade 2
      // (160/100, ESH 2023: Mancia 2023), as in the hypertension protocol; single home readings above 140/85
      // are judged on their mean at follow-up (ESH: Stergiou 2021), and weight and symptoms, not BP, signal
      // decompensation. Red unchanged.
      thresholds: {
        [SYS]: { redLow: 80, yellowLow: 90, yellowHigh: 159, redHigh: 180 },
        [DIA]: { yellowHigh: 99, redHigh: DEFAULT_THRESHOLDS[DIA]!.redHigh! },
      },
      advice: BP_ADVICE,
    }),
    measure(
      'pulse',
      PULSE,
      [{ rrule: 'FREQ=DAILY;BYHOUR=7' }],
      t(
        'Mät pulsen i vila, samtidigt som blodtrycket.',
        'Measure your pulse at rest, together with your blood pressure.',
      ),
      {
        thresholds: { [PULSE]: { redLow: 41, yellowLow: 50, yellowHigh: 100, redHigh: 130 } },
      },
    ),
    questionnaire(
      'symptoms',
      'hf-symptoms',
      t('Symtomkontroll vid hjärtsvikt', 'Heart-failure symptom check'),
      [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
      t(
        'Svara på frågorna om svullnad, trötthet och andfåddhet.',
        'Answer the questions about swelling, fatigue and breathlessness.',
      ),
    ),
  ],
  rules: [
    // Tuned by the alert-burden simulation (docs/simulation.md): the personal-baseline band alone finds
    // about twice the decompensations "2 kg in 3 days" finds, at a tenth of its false alerts. The rule of
    // thumb still gives the patient the self-care advice, but no staff alert.
    {
      kind: 'changeOverWindow',
      id: 'weight-3d',
      code: WEIGHT,
      delta: 2,
      windowDays: 3,
      severity: 'yellow',
      audience: 'patient',
    },
    {
      kind: 'baselineDeviation',
      id: 'weight-baseline',
      code: WEIGHT,
      direction: 'rise',
      baselineDays: 14,
      excludeDays: 2,
      minBaselineDays: 7,
      k: 2.5,
      minSd: 0.6,
      confirmDays: 2,
      severity: 'yellow',
    },
    // Version 3: confirmed yellow (BP_CONFIRMED): with one reading a day, the next morning's. Hypotension
    // without symptoms needs no change of therapy (ESC 2021), so a yellow low can wait a day; red (< 80) cannot.
    bounds('bp-bounds', '85354-9', BP_CONFIRMED),
    bounds('pulse-bounds', PULSE),
    {
      kind: 'questionnaire',
      id: 'symptoms',
      questionnaire: 'hf-symptoms',
      change: { delta: 2, severity: 'yellow' },
    },
  ],
};

const GLUCOSE_ADVICE: AdviceSet = {
  redLow: t(
    'Mycket lågt blodsocker. Ät eller drick 15–20 g snabba kolhydrater nu (druvsocker, juice) och mät igen efter 15 minuter. Ring 112 om du blir förvirrad eller inte kan äta.',
    'Very low blood glucose. Eat or drink 15–20 g of fast carbohydrate now (glucose tablets, juice) and measure again after 15 minutes. Call 112 if you become confused or cannot eat.',
  ),
  yellowLow: t(
    'Lågt blodsocker. Ät 15 g snabba kolhydrater och mät igen efter 15 minuter.',
    'Low blood glucose. Eat 15 g of fast carbohydrate and measure again after 15 minutes.',
  ),
  yellowHigh: t(
    'Högt blodsocker. Drick vatten och följ din plan för korrigering. Mät igen om 2 timmar.',
    'High blood glucose. Drink water and follow your correction plan. Measure again in 2 hours.',
  ),
  redHigh: t(
    'Mycket högt blodsocker. Mät ketoner om du har typ 1-diabetes. Kontakta mottagningen eller 1177 om ketonerna är förhöjda, om du kräks eller mår dåligt.',
    'Very high blood glucose. Check ketones if you have type 1 diabetes. Contact the clinic or 1177 if ketones are raised, if you vomit or feel unwell.',
  ),
  normal: t('Ditt blodsocker ligger inom målet.', 'Your blood glucose is within target.'),
};

export const DIABETES_TYPE_1: Protocol = {
  id: 'diabetes-type-1',
  title: t('Diabetes typ 1', 'Diabetes type 1'),
  description: t(
    'Glukos från kontinuerlig glukosmätare (CGM) eller stickprov före måltider och vid sänggående; tid i målområde följs upp.',
    'Glucose from a continuous glucose monitor (CGM) or finger-prick checks before meals and at bedtime; time in range is followed up.',
  ),
  activities: [
    measure(
      'glucose',
      GLUCOSE,
      [{ rrule: 'FREQ=DAILY;BYHOUR=7,12,17,22' }],
      t(
        'Med CGM skickas värdena automatiskt. Utan CGM: mät före frukost, lunch, middag och vid sänggående.',
        'With a CGM the values are sent automatically. Without one: measure before breakfast, lunch, dinner and at bedtime.',
      ),
      {
        thresholds: { [GLUCOSE]: { redLow: 3, yellowLow: 3.9, yellowHigh: 13.9, redHigh: 20 } },
        advice: { [GLUCOSE]: GLUCOSE_ADVICE },
      },
    ),
  ],
  // Version 2: staff hear of level 2 hypoglycaemia only (< 3.0 mmol/L, "clinically significant", Battelino
  // 2019); level 1 lows and highs give the patient the plan's advice (patient-only rule) and show in the time-
  // in-range metrics for follow-up. Level 1 lows are self-treated (ADA Standards of Care 2024, section 6) and
  // a CGM alarms the patient itself; per-reading staff items on CGM data came to about 12 per patient-week
  // (docs/simulation.md). Version 1 also had a duplicate bounds rule ("glucose-high") that judged the same
  // limits as the glucose rule, so every excursion was two items.
  rules: [
    {
      kind: 'absoluteBounds',
      id: 'glucose-level-2',
      code: GLUCOSE,
      thresholds: { yellowLow: null, yellowHigh: null, redHigh: null },
      autoResolve: true,
    },
    { kind: 'glucose', id: 'glucose', code: GLUCOSE, autoResolve: true, audience: 'patient' },
  ],
};

export const DIABETES_TYPE_2: Protocol = {
  id: 'diabetes-type-2',
  title: t('Diabetes typ 2', 'Diabetes type 2'),
  description: t(
    'Fasteglukos tre dagar i veckan, vikt och blodtryck en gång i veckan.',
    'Fasting glucose three days a week, weight and blood pressure once a week.',
  ),
  activities: [
    measure(
      'glucose',
      GLUCOSE,
      [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7' }],
      t(
        'Mät fasteglukos på morgonen före frukost.',
        'Measure fasting glucose in the morning before breakfast.',
      ),
      {
        // Version 2: yellow above 13.9 mmol/L (level 2 hyperglycaemia, Battelino 2019) instead of 10. A fasting
        // value above 10 is above target, which the follow-up judges from the metrics, not an item for today;
        // at 10 it flagged a sixth of type 2 patients every week (docs/simulation.md). Lows and red unchanged.
        thresholds: { [GLUCOSE]: { redLow: 3, yellowLow: 3.9, yellowHigh: 13.9, redHigh: 15 } },
        advice: { [GLUCOSE]: GLUCOSE_ADVICE },
      },
    ),
    measure(
      'weight',
      WEIGHT,
      [{ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7' }],
      t('Väg dig på måndagsmorgonen före frukost.', 'Weigh yourself on Monday morning before breakfast.'),
    ),
    measure('bp', '85354-9', [{ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=7', readings: 2 }], BP_HOW, {
      // Version 2: yellow from grade 2 (160/100, ESH 2023: Mancia 2023) instead of the home threshold 135/85.
      // Home BP is judged on the mean of several days' readings (ESH: Stergiou 2021), which the follow-up
      // reads from the home BP summary; one weekly reading above 135/85 is not a finding to act on, and the
      // run-in cannot personalise a weekly schedule (too few readings in 14 days). Red unchanged.
      thresholds: {
        [SYS]: { ...DEFAULT_THRESHOLDS[SYS], yellowHigh: 159 },
        [DIA]: { ...DEFAULT_THRESHOLDS[DIA], yellowHigh: 99 },
      },
      advice: BP_ADVICE,
    }),
  ],
  // Version 2: without the duplicate "glucose-high" bounds rule (it judged the glucose rule's limits again).
  // Version 3: confirmed BP yellow (BP_CONFIRMED): both readings of the weekly duplicate.
  rules: [
    { kind: 'glucose', id: 'glucose', code: GLUCOSE, autoResolve: true },
    bounds('bp-bounds', '85354-9', BP_CONFIRMED),
  ],
};

export const COPD: Protocol = {
  id: 'copd',
  title: t('KOL', 'COPD'),
  description: t(
    'Syremättnad, puls och toppflöde varje morgon, CAT varje vecka och mMRC varje månad.',
    'Oxygen saturation, pulse and peak flow every morning, CAT every week and mMRC every month.',
  ),
  activities: [
    measure(
      'spo2',
      SPO2,
      [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
      t(
        'Mät i vila med varma händer, utan nagellack.',
        'Measure at rest with warm hands and no nail polish.',
      ),
      {
        // BTS target 88–92 % for patients at risk of hypercapnia; staff set personal limits where it differs.
        thresholds: { [SPO2]: { redLow: 86, yellowLow: 88 } },
        advice: {
          [SPO2]: {
            yellowLow: t(
              'Din syremättnad är lägre än vanligt. Vila och mät igen om 15 minuter. Följ din åtgärdsplan.',
              'Your oxygen saturation is lower than usual. Rest and measure again in 15 minutes. Follow your action plan.',
            ),
            redLow: t(
              'Din syremättnad är mycket låg. Ring mottagningen nu. Ring 112 om du har svår andnöd.',
              'Your oxygen saturation is very low. Call the clinic now. Call 112 if you are severely short of breath.',
            ),
          },
        },
        missedGraceMinutes: 240,
        missedCheck: noReadingForTwoDays(),
      },
    ),
    measure(
      'pulse',
      PULSE,
      [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
      t('Pulsen visas på pulsoximetern.', 'The pulse is shown on the pulse oximeter.'),
      {
        thresholds: { [PULSE]: { redLow: 41, yellowLow: 50, yellowHigh: 110, redHigh: 130 } },
      },
    ),
    measure(
      'pef',
      PEF,
      [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
      t('Blås tre gånger och ange det bästa värdet.', 'Blow three times and enter the best value.'),
    ),
    questionnaire(
      'cat',
      'cat',
      t('CAT (KOL-test)', 'CAT (COPD Assessment Test)'),
      [{ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9' }],
      t(
        'Besvara de åtta frågorna om hur KOL påverkar dig.',
        'Answer the eight questions about how COPD affects you.',
      ),
    ),
    questionnaire(
      'mmrc',
      'mmrc',
      t('Andfåddhet (mMRC)', 'Breathlessness (mMRC)'),
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9' }],
      t(
        'Välj det påstående som bäst beskriver din andfåddhet.',
        'Choose the statement that best describes your breathlessness.',
      ),
    ),
  ],
  rules: [
    bounds('spo2-bounds', SPO2),
    bounds('pulse-bounds', PULSE),
    { kind: 'baselineDeviation', id: 'pef-baseline', code: PEF, direction: 'fall', severity: 'yellow' },
    { kind: 'baselineDeviation', id: 'spo2-baseline', code: SPO2, direction: 'fall', severity: 'yellow' },
    // Version 2: CAT by change only. The score bands (> 20 high, > 30 very high impact; Jones 2009) grade a
    // patient's usual burden: a stable patient with a high score was flagged every week. A rise is what comes
    // with an exacerbation (Mackay 2012: about 4–5 points), so a rise of 4 since the previous response stays.
    {
      kind: 'questionnaire',
      id: 'cat',
      questionnaire: 'cat',
      itemCount: 8,
      change: { delta: 4, severity: 'yellow' },
    },
    {
      kind: 'questionnaire',
      id: 'mmrc',
      questionnaire: 'mmrc',
      itemCount: 1,
      change: { delta: 1, severity: 'yellow' },
    },
  ],
};

export const ASTHMA: Protocol = {
  id: 'asthma',
  title: t('Astma', 'Asthma'),
  description: t(
    'Toppflöde morgon och kväll samt astmakontrolltest (ACT) var fjärde vecka.',
    'Peak flow morning and evening and the Asthma Control Test (ACT) every four weeks.',
  ),
  activities: [
    measure(
      'pef',
      PEF,
      [{ rrule: 'FREQ=DAILY;BYHOUR=7,19' }],
      t(
        'Blås tre gånger före medicinering och ange det bästa värdet.',
        'Blow three times before your medication and enter the best value.',
      ),
      {
        advice: {
          [PEF]: {
            yellowLow: t(
              'Ditt toppflöde är lägre än vanligt. Följ din astmaplan (gul zon) och mät igen i kväll.',
              'Your peak flow is lower than usual. Follow your asthma action plan (yellow zone) and measure again tonight.',
            ),
            redLow: t(
              'Ditt toppflöde är mycket lågt. Ta din akutmedicin enligt astmaplanen och ring mottagningen eller 112 vid svår andnöd.',
              'Your peak flow is very low. Take your reliever as in your action plan and call the clinic, or 112 if you are severely breathless.',
            ),
          },
        },
      },
    ),
    questionnaire(
      'act',
      'act',
      t('Astmakontrolltest (ACT)', 'Asthma Control Test (ACT)'),
      [{ rrule: 'FREQ=WEEKLY;INTERVAL=4;BYDAY=MO;BYHOUR=9' }],
      t(
        'Besvara de fem frågorna om de senaste fyra veckorna.',
        'Answer the five questions about the last four weeks.',
      ),
    ),
  ],
  rules: [
    { kind: 'baselineDeviation', id: 'pef-baseline', code: PEF, direction: 'fall', severity: 'yellow' },
    {
      kind: 'changeOverWindow',
      id: 'pef-drop',
      code: PEF,
      delta: -100,
      windowDays: 2,
      severity: 'yellow',
      daily: 'min',
    },
  ],
};

export const HYPERTENSION_PREGNANCY: Protocol = {
  id: 'hypertension-pregnancy',
  title: t('Högt blodtryck under graviditet', 'Hypertension in pregnancy'),
  description: t(
    'Blodtryck morgon och kväll, proteinsticka två gånger i veckan och glukos tre dagar i veckan.',
    'Blood pressure morning and evening, urine dipstick protein twice a week and glucose three days a week.',
  ),
  activities: [
    measure('bp', '85354-9', [{ rrule: 'FREQ=DAILY;BYHOUR=8,20', readings: 2 }], BP_HOW, {
      // Version 3: never personalised by the run-in. A rising BP is the pre-eclampsia signal these limits are
      // there to catch (NICE NG133; ISSHP 2018), and widening yellow toward red can leave no yellow zone.
      runIn: false,
      thresholds: {
        [SYS]: { redLow: 90, yellowLow: 100, yellowHigh: 139, redHigh: 159 },
        [DIA]: { redLow: 50, yellowLow: 55, yellowHigh: 89, redHigh: 109 },
      },
      advice: {
        [SYS]: {
          redHigh: t(
            'Ditt blodtryck är mycket högt. Ring förlossningen eller barnmorskemottagningen nu. Ring 112 vid svår huvudvärk, synstörningar eller smärta under revbenen.',
            'Your blood pressure is very high. Call the maternity unit or your midwife now. Call 112 if you have a severe headache, visual disturbances or pain below the ribs.',
          ),
          yellowHigh: t(
            'Ditt blodtryck är förhöjt. Vila 15 minuter och mät igen. Kontakta barnmorskan i dag om det fortfarande är högt.',
            'Your blood pressure is raised. Rest for 15 minutes and measure again. Contact your midwife today if it is still high.',
          ),
        },
      },
      missedGraceMinutes: 180,
      missedCheck: noReadingForTwoDays(),
    }),
    measure(
      'urine-protein',
      URINE_PROTEIN,
      [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=8' }],
      t(
        'Testa morgonurin med stickan och ange resultatet (negativ = 0, spår = 0,5, 1+ = 1 …).',
        'Test morning urine with the dipstick and enter the result (negative = 0, trace = 0.5, 1+ = 1 …).',
      ),
      {
        thresholds: { [URINE_PROTEIN]: { yellowHigh: 0.5, redHigh: 1.5 } },
        advice: {
          [URINE_PROTEIN]: {
            yellowHigh: t(
              'Stickan visar protein. Kontakta barnmorskemottagningen i dag.',
              'The dipstick shows protein. Contact your midwife today.',
            ),
            redHigh: t(
              'Stickan visar mycket protein. Ring förlossningen nu.',
              'The dipstick shows a lot of protein. Call the maternity unit now.',
            ),
          },
        },
      },
    ),
    measure(
      'glucose',
      GLUCOSE,
      [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7' }],
      t('Mät fasteglukos före frukost.', 'Measure fasting glucose before breakfast.'),
      {
        // Version 2: the limits of a fasting value. Yellow from 5.6 mmol/L, the fasting level that diagnoses
        // gestational diabetes (NICE NG3, 1.2.7); version 1 used 7.8, the target one hour after a meal. No
        // level 1 low: fasting glucose in normal pregnancy averages 3.9 ± 0.4 mmol/L (Hernandez 2011), so
        // half of all healthy fasting values lay below 3.9; level 2 (< 3.0) stays red.
        thresholds: { [GLUCOSE]: { redLow: 3, yellowHigh: 5.5, redHigh: 11 } },
        advice: { [GLUCOSE]: GLUCOSE_ADVICE },
      },
    ),
  ],
  // Version 2: level 2 lows only (see the glucose activity), without the duplicate "glucose-high" rule.
  // Version 3: BP yellow on two occasions at least 4 hours apart (BP_PREGNANCY_CONFIRMED).
  rules: [
    bounds('bp-bounds', '85354-9', BP_PREGNANCY_CONFIRMED),
    bounds('urine-protein-bounds', URINE_PROTEIN),
    { kind: 'glucose', id: 'glucose', code: GLUCOSE, yellowLow: 3.0, autoResolve: true },
  ],
};

/**
 * A generic protocol built from the catalogue: one daily activity per chosen measurement with the catalogue's
 * default limits and advice, absolute-bound rules, and the symptom diary.
 */
export function genericProtocol(keys: string[] = ['bp', 'heart-rate', 'weight'], id = 'generic'): Protocol {
  const activities: ProtocolActivity[] = [];
  const rules: RuleConfig[] = [];
  for (const key of keys) {
    const def = findMeasurement(key);
    if (!def) continue;
    const codes = def.components ? def.components.map((c) => c.loinc) : [def.loinc];
    const thresholds: Record<string, Thresholds> = {};
    const advice: Record<string, AdviceSet> = {};
    for (const c of codes) {
      if (DEFAULT_THRESHOLDS[c]) thresholds[c] = { ...DEFAULT_THRESHOLDS[c] };
      if (DEFAULT_ADVICE[c]) advice[c] = DEFAULT_ADVICE[c]!;
    }
    activities.push(
      measure(
        def.key,
        def.loinc,
        [{ rrule: 'FREQ=DAILY;BYHOUR=8' }],
        t('Mät enligt instruktionen från din vårdenhet.', 'Measure as your care team has shown you.'),
        {
          ...(Object.keys(thresholds).length ? { thresholds } : {}),
          ...(Object.keys(advice).length ? { advice } : {}),
        },
      ),
    );
    if (Object.keys(thresholds).length) rules.push(bounds(`${def.key}-bounds`, def.loinc));
  }
  activities.push(
    questionnaire(
      'diary',
      'symptom-diary',
      t('Symtomdagbok', 'Symptom diary'),
      [{ rrule: 'FREQ=DAILY;BYHOUR=19' }],
      t('Skriv hur du mår i dag.', 'Write how you feel today.'),
    ),
  );
  return {
    id,
    title: t('Allmän egenmonitorering', 'General self-monitoring'),
    description: t(
      'En plan byggd från mätkatalogen: välj mätningar, tider och gränser.',
      'A plan built from the catalogue: choose measurements, times and limits.',
    ),
    activities,
    rules,
  };
}

export const PROTOCOL_LIBRARY: readonly Protocol[] = [
  HYPERTENSION,
  HEART_FAILURE,
  DIABETES_TYPE_1,
  DIABETES_TYPE_2,
  COPD,
  ASTHMA,
  HYPERTENSION_PREGNANCY,
  genericProtocol(),
];

/**
 * The shipped version of each library protocol. Bump it with every change to the protocol's data: the server
 * installs a shipped version newer than the one it has as a new version (packages/server/src/protocols).
 * Version 2 (docs/simulation.md, "Library changes"): hypertension, heart-failure, diabetes-type-1,
 * diabetes-type-2, copd and hypertension-pregnancy. Version 3: confirmed BP yellow in hypertension,
 * heart-failure, diabetes-type-2 and hypertension-pregnancy; no run-in for BP in pregnancy.
 */
export const LIBRARY_VERSIONS: Readonly<Record<string, number>> = {
  hypertension: 3,
  'heart-failure': 3,
  'diabetes-type-1': 2,
  'diabetes-type-2': 3,
  copd: 2,
  asthma: 1,
  'hypertension-pregnancy': 3,
  generic: 1,
};

/** The shipped version of a library protocol (1 for one not listed). */
export function libraryVersion(id: string): number {
  return LIBRARY_VERSIONS[id] ?? 1;
}

/** The library protocol with this id, if any. */
export function libraryProtocol(id: string): Protocol | undefined {
  return PROTOCOL_LIBRARY.find((p) => p.id === id);
}

/**
 * The default rule set of a library protocol (for the alert-burden simulation): its rules as shipped. Missed-
 * measurement rules come from the schedules at run time (missedMeasurementRules in plan.ts).
 */
export function defaultRules(protocolId: string): RuleConfig[] {
  const p = libraryProtocol(protocolId);
  return p ? structuredClone(p.rules) : [];
}
