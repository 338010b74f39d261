import type { Doc } from '../../doc/types.js';
import { defineStage } from '../../pipeline/stage.js';
import { extractFacts } from './extract.js';
import { compileFactRules, factRulesSchema, type FactRulesSpec } from './rules.js';

export { extractFacts, lineSentences, positionRefersTo, type FactInput } from './extract.js';
export { compileFactRules, factRulesSchema, FACT_TYPES, type FactRules, type FactRulesSpec } from './rules.js';

export interface FactsOptions {
  /** facts rule file, relative to the pipeline's folder (default gov-press/facts.json) */
  rules?: string;
}

export const factsStage = defineStage<FactsOptions>({
  name: 'facts',
  description:
    'Event facts: who took part in what (participation, chair, moderator, speaker, presentation, organizer, bilateral meeting, signing, adoption, award, nomination), with the position stated for them, the event, resolved date, location and online/on-site mode, and the supporting sentence as evidence.',
  reads: ['text', 'sentences', 'zones', 'entities', 'meta'],
  adds: ['facts'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { rules: { type: 'string', minLength: 1 } },
  },
  create(options, ctx) {
    const file = options.rules ?? 'gov-press/facts.json';
    const spec = ctx.loadFile(file, factRulesSchema) as FactRulesSpec;
    const rules = compileFactRules(spec, file);
    return (doc: Doc): Doc => {
      const facts = extractFacts(
        { text: doc.text ?? '', norm: doc.norm, sentences: doc.sentences, zones: doc.zones, entities: doc.entities },
        rules,
      );
      return { ...doc, facts };
    };
  },
});
