import type { JsonSchema } from '../../pipeline/stage.js';

/** JSON Schema of pipelines/<name>/entities/rules.json */
export const RULES_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['lexicons', 'wordLists', 'eventSuffix', 'rules'],
  properties: {
    $comment: { type: 'string' },
    lexicons: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'files'],
        properties: {
          kind: { enum: ['entries', 'list', 'csv-first-column', 'places'] },
          level: { type: 'string', minLength: 1 },
          canonicalPrefix: { type: 'string', minLength: 1 },
          files: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          prefixes: { type: 'array', items: { type: 'string', minLength: 1 } },
          bareNotCommon: { type: 'boolean' },
          value: { type: 'object' },
        },
      },
    },
    wordLists: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    eventSuffix: { type: 'string', minLength: 1 },
    kinds: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'pattern', 'kind'],
        properties: {
          type: { enum: ['ORG', 'LOCATION'] },
          pattern: { type: 'string', minLength: 1 },
          kind: { type: 'string', minLength: 1 },
          examples: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
      },
    },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type', 'kind', 'pattern', 'priority', 'examples'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
          type: { enum: ['PERSON', 'POSITION', 'ORG', 'LOCATION', 'EVENT', 'PROJECT', 'BLOCK', 'LINK'] },
          kind: {
            enum: [
              'lexicon', 'regex', 'head-run', 'head-latin', 'latin-phrase', 'latin-person',
              'honorific-name', 'framed-name', 'quoted-name', 'gazetteer-name', 'doc-alias', 'position', 'anaphor', 'acronym-paren',
              'org-in-position', 'venue', 'place-at-org', 'admin-place', 'latin-lexicon',
            ],
          },
          pattern: { type: 'string', minLength: 1 },
          priority: { type: 'integer', minimum: 0, maximum: 100 },
          description: { type: 'string' },
          options: {
            type: 'object',
            additionalProperties: false,
            properties: {
              stops: { type: 'string' },
              minRun: { type: 'integer', minimum: 0 },
              glossAcrossSpace: { type: 'boolean' },
              rejectIfRunIn: { type: 'array', items: { type: 'string' } },
              suffix: { type: 'boolean' },
              requireSuffixOrQualifier: { type: 'string' },
              dashJoin: { type: 'boolean' },
              rejectStarts: { type: 'string' },
              notAfter: { type: 'array', items: { type: 'string', minLength: 1 } },
              gate: { type: 'string', minLength: 1 },
              cue: { type: 'string', minLength: 1 },
              commonRunMaxLen: { type: 'integer', minimum: 1 },
              needAcronym: { type: 'string', minLength: 1 },
            },
          },
          examples: {
            type: 'object',
            additionalProperties: false,
            required: ['match', 'noMatch'],
            properties: {
              match: { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\[\\[.+?\\]\\]' } },
              noMatch: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

/** JSON Schema of an `entries` lexicon file */
export const ENTRIES_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['entries'],
  properties: {
    $comment: { type: 'string' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['canonical', 'aliases'],
        properties: {
          canonical: { type: 'string', minLength: 1 },
          aliases: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          value: { type: 'object' },
        },
      },
    },
  },
};

/** options of the `entities` stage */
export const ENTITIES_OPTIONS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** rule file, relative to the pipelines folder; default `<pipeline name>/entities/rules.json` */
    rules: { type: 'string', minLength: 1 },
    zones: {
      type: 'array',
      items: { enum: ['header', 'title', 'dateline', 'body', 'source', 'furniture'] },
      default: ['title', 'body'],
    },
    aliasSimilarity: { type: 'number', minimum: 0, maximum: 1, default: 0.94 },
    priorities: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0, maximum: 100 },
      default: {},
    },
  },
};
