import type { JsonSchema } from '../../pipeline/stage.js';

const ZONE_KIND = { enum: ['header', 'title', 'dateline', 'body', 'source', 'furniture'] };

/** JSON Schema of a zones rules file (pipelines/<name>/zones.json) */
export const ZONES_RULES_SCHEMA: JsonSchema = {
  $id: 'thai-extract/zones-rules',
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    teaser: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxLength: { type: 'integer', minimum: 1 },
        minChunks: { type: 'integer', minimum: 1 },
        maxOverlap: { type: 'number', minimum: 0, maximum: 1 },
        isolated: { type: 'boolean' },
      },
    },
    headline: {
      type: 'object',
      additionalProperties: false,
      properties: {
        paragraphMin: { type: 'integer', minimum: 1 },
        maxLines: { type: 'integer', minimum: 1 },
        minLength: { type: 'integer', minimum: 1 },
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'section', 'kind', 'pattern', 'examples'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          description: { type: 'string' },
          section: { enum: ['head', 'body', 'any'] },
          once: { type: 'boolean' },
          alsoInTail: { type: 'boolean' },
          kind: ZONE_KIND,
          extent: { enum: ['line', 'toEnd'] },
          test: { enum: ['repeatsTitle', 'noTitleYet', 'unrelatedTeaser', 'headline', 'beforeHeadline'] },
          pattern: { type: 'string', minLength: 1 },
          flags: { type: 'string', pattern: '^[imsx]*$' },
          groups: { type: 'object', additionalProperties: ZONE_KIND },
          meta: {
            type: 'object',
            additionalProperties: false,
            properties: { title: { type: 'string' }, sourceUrl: { type: 'string' }, agency: { type: 'string' } },
          },
          examples: {
            type: 'object',
            required: ['match', 'noMatch'],
            additionalProperties: false,
            properties: {
              match: { type: 'array', items: { type: 'string' }, minItems: 1 },
              noMatch: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};
