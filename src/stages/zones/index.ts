import type { Doc } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage } from '../../pipeline/stage.js';
import { ZONES_RULES_SCHEMA } from './schema.js';
import { compileZoneRules, findZones, type ZoneRulesData } from './zones.js';

export { ZONES_RULES_SCHEMA } from './schema.js';
export {
  collapsedEquals,
  compileZoneRules,
  findZones,
  lineForMatching,
  type CompiledZoneRules,
  type FindZonesOptions,
  type ZoneRuleData,
  type ZoneRulesData,
  type ZonesResult,
} from './zones.js';

export interface ZonesStageOptions {
  /** rules file, relative to the pipeline directory */
  rules: string;
}

/** zones: mark header, title, dateline, body, source and furniture spans; fill the document meta */
export const zonesStage = defineStage<ZonesStageOptions>({
  name: 'zones',
  description:
    'Mark page zones (header, title, dateline, body, source, furniture) as input spans by data rules, and fill title/source URL/agency',
  reads: ['text', 'norm'],
  adds: ['zones', 'meta'],
  optionsSchema: {
    type: 'object',
    properties: { rules: { type: 'string', minLength: 1, default: 'gov-press/zones.json' } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const rel = options.rules ?? 'gov-press/zones.json';
    const data = ctx.loadFile(rel, ZONES_RULES_SCHEMA) as ZoneRulesData;
    const compiled = compileZoneRules(data, rel);
    return (doc: Doc): Doc => {
      if (typeof doc.text !== 'string' || !doc.norm) {
        throw new ThaiExtractError('TE305', 'zones needs doc.text and doc.norm (run decode and normalise first)', {
          file: doc.source,
          stage: 'zones',
        });
      }
      // the text extracted from an HTML page starts with the page's headline when it has one
      const firstLineIsHeadline = doc.extractedFrom === 'html' && !/^\s*\n/.test(doc.text);
      const { zones, meta } = findZones(doc.text, doc.norm, compiled, { firstLineIsHeadline });
      return { ...doc, zones, meta: { ...meta, ...(doc.meta ? pickSet(doc.meta) : {}) } };
    };
  },
});

/** fields of an existing meta that are already set win over ours */
function pickSet(m: NonNullable<Doc['meta']>): Partial<NonNullable<Doc['meta']>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
