import type { Doc } from '../../doc/types.js';
import { defineStage } from '../../pipeline/stage.js';
import { compileFactRules, factRulesSchema, type FactRulesSpec } from '../facts/rules.js';
import { extractEvents } from './extract.js';
import { compileEventRules, eventRulesSchema, type EventRulesSpec } from './rules.js';

export { extractEvents, canonicalName, type EventInput } from './extract.js';
export { compileEventRules, eventRulesSchema, type EventRules, type EventRulesSpec } from './rules.js';

export interface EventsOptions {
  /** event rule file, relative to the pipeline's folder (default gov-press/events.json) */
  rules?: string;
  /** the facts rule file whose mode rules (online, hybrid, on site) events use (default gov-press/facts.json) */
  factRules?: string;
}

export const eventsStage = defineStage<EventsOptions>({
  name: 'events',
  description:
    'Events: one record per distinct event the release reports (meeting, conference, signing, ceremony, visit, award, training, other) with its name as written, status (happened, scheduled, planned), date and end date, location, mode and who took part with their role and position; each fact gains the id of its event.',
  reads: ['text', 'zones', 'entities', 'facts', 'meta'],
  adds: ['events', 'facts'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { rules: { type: 'string', minLength: 1 }, factRules: { type: 'string', minLength: 1 } },
  },
  create(options, ctx) {
    const file = options.rules ?? 'gov-press/events.json';
    const rules = compileEventRules(ctx.loadFile(file, eventRulesSchema) as EventRulesSpec, file);
    const factFile = options.factRules ?? 'gov-press/facts.json';
    const factRules = compileFactRules(ctx.loadFile(factFile, factRulesSchema) as FactRulesSpec, factFile);
    return (doc: Doc): Doc => {
      const { events, facts } = extractEvents(
        { text: doc.text ?? '', norm: doc.norm, zones: doc.zones, entities: doc.entities, facts: doc.facts, published: doc.meta?.published ?? null },
        rules,
        factRules,
      );
      return { ...doc, events, facts };
    };
  },
});
