import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database';

const TEMPLATES: Record<'sv' | 'en', [string, string][]> = {
  sv: [
    ['Tack, vi återkommer', 'Tack för ditt meddelande. Vi återkommer till dig under dagen.'],
    [
      'Fortsätt som vanligt',
      'Vi har tittat på dina värden. Fortsätt mäta som vanligt, vi hör av oss om något behöver ändras.',
    ],
    ['Mät igen', 'Kan du mäta igen i lugn och ro efter fem minuters vila och skicka värdet?'],
  ],
  en: [
    ['Thanks, we will reply', 'Thank you for your message. We will get back to you during the day.'],
    [
      'Carry on as usual',
      'We have looked at your values. Keep measuring as usual; we will contact you if anything needs to change.',
    ],
    ['Measure again', 'Could you measure again calmly after five minutes of rest and send the value?'],
  ],
};

/** Demo quick replies for every care unit, in Swedish and English. */
export async function seedChatDemo(client: Queryable): Promise<void> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM care_unit');
  for (const unit of rows) {
    for (const locale of ['sv', 'en'] as const) {
      for (const [title, body] of TEMPLATES[locale]) {
        await client.query(
          'INSERT INTO chat_template (id, care_unit_id, locale, title, body) VALUES ($1, $2, $3, $4, $5)',
          [uuidv7(), unit.id, locale, title, body],
        );
      }
    }
  }
}
