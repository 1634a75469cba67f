// JSON schemas shared by routes of several modules.

/** Route parameters of a resource addressed by its opaque UUID (`/…/:id`). */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
