import { ThaiExtractError } from '../../errors.js';
import { EVENT_TYPES, type EventType } from '../../doc/types.js';
import type { JsonSchema } from '../../pipeline/stage.js';
import { checkExamples, patternRule, type CompiledPattern, type PatternRuleSpec } from '../facts/rules.js';

/** events.json as written (see pipelines/gov-press/events.json) */
export interface HeadSpec extends PatternRuleSpec {
  kind: 'noun' | 'verb';
  type: EventType;
  /** the role of a verb's subject */
  role?: string;
  /** where a verb's event name starts when no noun head follows: at the verb (default) or at its object */
  nameFrom?: 'head' | 'object';
  /** the verb reports the other side of an event named with it (ให้การต้อนรับ): it joins that event */
  joins?: boolean;
}
export interface TypeSpec extends PatternRuleSpec {
  type: EventType;
}
export interface EventRulesSpec {
  version: 1;
  heads: HeadSpec[];
  typeByName: TypeSpec[];
  nameEnd: PatternRuleSpec;
  notEvent: PatternRuleSpec;
  assigner: PatternRuleSpec;
  refersBack: PatternRuleSpec;
  bareHead: PatternRuleSpec;
  anaphora: PatternRuleSpec;
  listMarker: PatternRuleSpec;
  notParticipant: PatternRuleSpec;
  spokesperson: PatternRuleSpec;
  speech: PatternRuleSpec;
  planned: PatternRuleSpec;
  scheduled: PatternRuleSpec;
}

const SINGLES = ['nameEnd', 'notEvent', 'assigner', 'refersBack', 'bareHead', 'anaphora', 'listMarker', 'notParticipant', 'spokesperson', 'speech', 'planned', 'scheduled'] as const;

const patternProps = patternRule.properties;

export const eventRulesSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'heads', 'typeByName', ...SINGLES],
  properties: {
    $comment: { type: 'string' },
    version: { const: 1 },
    heads: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'type', 'pattern', 'examples'],
        properties: { ...patternProps, kind: { enum: ['noun', 'verb'] }, type: { enum: [...EVENT_TYPES] }, role: { type: 'string', minLength: 1 }, nameFrom: { enum: ['head', 'object'] }, joins: { type: 'boolean' } },
      },
    },
    typeByName: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type', 'pattern', 'examples'],
        properties: { ...patternProps, type: { enum: [...EVENT_TYPES] } },
      },
    },
    ...Object.fromEntries(SINGLES.map((k) => [k, patternRule])),
  },
};

export interface CompiledHead extends CompiledPattern {
  kind: 'noun' | 'verb';
  type: EventType;
  role: string;
  nameFrom: 'head' | 'object';
  joins: boolean;
}
export interface CompiledType extends CompiledPattern {
  type: EventType;
}
export type EventRules = { heads: CompiledHead[]; typeByName: CompiledType[] } & Record<(typeof SINGLES)[number], CompiledPattern>;

/**
 * Compile validated events.json content. Every example is run: a failing one throws TE109
 * naming the rule and the example; a bad regular expression TE110.
 */
export function compileEventRules(spec: EventRulesSpec, file?: string): EventRules {
  const ids = new Set<string>();
  const compile = (r: PatternRuleSpec, pointer: string): CompiledPattern => {
    if (ids.has(r.id)) throw new ThaiExtractError('TE108', 'duplicate rule id', { file, pointer: `${pointer}/id`, value: r.id });
    ids.add(r.id);
    let re: RegExp;
    try {
      re = new RegExp(r.pattern, 'gu' + (r.flags ?? ''));
    } catch (e) {
      throw new ThaiExtractError('TE110', `rule ${r.id}: ${(e as Error).message}`, { file, pointer: `${pointer}/pattern`, value: r.pattern });
    }
    const p = { id: r.id, re };
    checkExamples(p, r, pointer, file);
    return p;
  };
  const heads = spec.heads.map((h, i) => ({ ...compile(h, `/heads/${i}`), kind: h.kind, type: h.type, role: h.role ?? 'participant', nameFrom: h.nameFrom ?? 'head', joins: h.joins ?? false }));
  const typeByName = spec.typeByName.map((t, i) => ({ ...compile(t, `/typeByName/${i}`), type: t.type }));
  const singles = Object.fromEntries(SINGLES.map((k) => [k, compile(spec[k], `/${k}`)])) as Record<(typeof SINGLES)[number], CompiledPattern>;
  return { heads, typeByName, ...singles };
}
