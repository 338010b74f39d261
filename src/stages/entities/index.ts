/**
 * The `entities` stage: PERSON, POSITION, ORG, LOCATION, EVENT and PROJECT spans from
 * the title and body zones, resolved against the entities earlier stages found.
 */
import type { Doc, Span, ZoneKind } from '../../doc/types.js';
import { defineStage } from '../../pipeline/stage.js';
import { compileRules } from './compile.js';
import { extractEntities } from './extract.js';
import { ENTITIES_OPTIONS_SCHEMA } from './schema.js';

export interface EntitiesOptions {
  rules?: string;
  zones?: ZoneKind[];
  aliasSimilarity?: number;
  priorities?: Record<string, number>;
}

export { compileRules } from './compile.js';
export { extractEntities } from './extract.js';
export { resolveOverlaps } from './resolver.js';
export { Trie } from './trie.js';

export const entitiesStage = defineStage<EntitiesOptions>({
  name: 'entities',
  description: 'Persons, positions, organisations, locations, events and projects by rules and lexicons; in-document alias linking',
  reads: ['text', 'norm', 'tokens', 'sentences', 'zones', 'entities'],
  adds: ['entities'],
  optionsSchema: ENTITIES_OPTIONS_SCHEMA,
  create(options, ctx) {
    const R = compileRules(ctx, options.rules ?? `${ctx.pipelineName}/entities/rules.json`);
    const zoneKinds = new Set<ZoneKind>(options.zones ?? ['title', 'body']);
    return (doc: Doc): Doc => {
      const text = doc.text ?? '';
      let allowed: Span[] | undefined;
      if (doc.zones && doc.zones.length) allowed = doc.zones.filter((z) => zoneKinds.has(z.kind)).map((z) => ({ start: z.start, end: z.end }));
      const entities = extractEntities(
        { text, norm: doc.norm, tokens: doc.tokens, allowed, existing: doc.entities },
        R,
        { aliasSimilarity: options.aliasSimilarity, priorities: options.priorities },
      );
      return { ...doc, entities };
    };
  },
});
