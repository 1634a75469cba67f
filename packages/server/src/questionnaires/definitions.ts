import { findQuestionnaire, QUESTIONNAIRES, type Questionnaire, type QuestionnaireDef } from '@hemma/core';
import type { Queryable } from '../db/database';

/**
 * The questionnaire as this installation uses it: the shipped definition, with the region's imported wording
 * for a licensed instrument (CAT, ACT) when there is one. Structure and scoring are always the shipped ones.
 */
export async function loadDefinition(db: Queryable, ref: string): Promise<QuestionnaireDef | undefined> {
  const def = findQuestionnaire(ref);
  if (!def?.licensed) return def;
  const { rows } = await db.query<{ resource: Questionnaire }>(
    'SELECT resource FROM questionnaire_wording WHERE questionnaire = $1',
    [def.id],
  );
  return rows[0] ? { ...def, questionnaire: rows[0].resource } : def;
}

export interface QuestionnaireSummary {
  id: string;
  url: string;
  version: string;
  title: { sv: string; en: string };
  licensed: boolean;
  /** False for a licensed instrument whose wording the region has not imported: not offered to patients. */
  available: boolean;
}

export async function listDefinitions(
  db: Queryable,
): Promise<{ def: QuestionnaireDef; available: boolean }[]> {
  const { rows } = await db.query<{ questionnaire: string; resource: Questionnaire }>(
    'SELECT questionnaire, resource FROM questionnaire_wording',
  );
  const imported = new Map(rows.map((r) => [r.questionnaire, r.resource]));
  return QUESTIONNAIRES.map((def) => {
    const wording = def.licensed ? imported.get(def.id) : undefined;
    return {
      def: wording ? { ...def, questionnaire: wording } : def,
      available: !def.licensed || wording !== undefined,
    };
  });
}
