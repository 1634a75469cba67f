// JSON schemas shared by the plan, protocol and threshold routes.

const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
export const localizedSchema = {
  type: 'object',
  required: ['sv', 'en'],
  additionalProperties: false,
  properties: { sv: text, en: text },
} as const;

/** Self-care advice per level, in Swedish and English; null removes it. */
export const adviceSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    redHigh: localizedSchema,
    yellowHigh: localizedSchema,
    yellowLow: localizedSchema,
    redLow: localizedSchema,
    normal: localizedSchema,
  },
} as const;

export const contractSchema = {
  type: 'object',
  required: ['goals', 'agreements', 'contacts', 'nextFollowUp'],
  additionalProperties: false,
  properties: {
    goals: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        required: ['text', 'status'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', maxLength: 40 },
          text: { type: 'string', minLength: 1, maxLength: 500 },
          status: { type: 'string', enum: ['active', 'achieved', 'not-achieved', 'cancelled'] },
          targetDate: { type: ['string', 'null'], format: 'date' },
        },
      },
    },
    agreements: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        required: ['text', 'responsible'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', maxLength: 40 },
          text: { type: 'string', minLength: 1, maxLength: 500 },
          responsible: { type: 'string', enum: ['patient', 'care'] },
        },
      },
    },
    contacts: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['name', 'role'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          role: { type: 'string', minLength: 1, maxLength: 200 },
          phone: { type: ['string', 'null'], maxLength: 40 },
        },
      },
    },
    nextFollowUp: { type: ['string', 'null'], format: 'date' },
  },
} as const;
