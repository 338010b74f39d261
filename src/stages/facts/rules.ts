import { ThaiExtractError } from '../../errors.js';
import type { JsonSchema } from '../../pipeline/stage.js';

/** facts.json as written (see pipelines/gov-press/facts.json) */
export interface Examples {
  match: string[];
  noMatch: string[];
}
export interface PatternRuleSpec {
  id: string;
  pattern: string;
  flags?: string;
  /** why the pattern is written the way it is */
  description?: string;
  examples: Examples;
}
export interface TriggerSpec extends PatternRuleSpec {
  type: FactType;
  role: string;
  actor?: 'before' | 'after';
  counterpart?: boolean;
  requireActor?: boolean;
  actorTypes?: string[];
  event?: 'after' | 'around' | 'before';
}
export interface ModeSpec extends PatternRuleSpec {
  mode: 'online' | 'onsite' | 'hybrid';
  scope: 'sentence' | 'document';
}
export interface FactRulesSpec {
  version: 1;
  triggers: TriggerSpec[];
  modes: ModeSpec[];
  clauseMarkers: PatternRuleSpec;
  speechMarkers: PatternRuleSpec;
  actorExclusion: PatternRuleSpec;
  groupActor: PatternRuleSpec;
  eventAnaphora: PatternRuleSpec;
  eventBridge: PatternRuleSpec;
  locationMarker: PatternRuleSpec;
  positionAbbreviations: { abbr: string; expansion: string }[];
}

/** the fact types the record schema allows */
import { FACT_TYPES, type FactType } from '../../doc/types.js';
export { FACT_TYPES };

export const examplesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['match', 'noMatch'],
  properties: {
    match: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    noMatch: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
};
/** the JSON Schema of a rule with an id, a pattern and examples (shared with the events rules) */
export const patternRule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'pattern', 'examples'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9._-]*$' },
    pattern: { type: 'string', minLength: 1 },
    flags: { type: 'string', pattern: '^[imsy]*$' },
    /** why the pattern is written the way it is (not read by the code) */
    description: { type: 'string' },
    examples: examplesSchema,
  },
};

export const factRulesSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'triggers', 'modes', 'clauseMarkers', 'speechMarkers', 'actorExclusion', 'groupActor', 'eventAnaphora', 'eventBridge', 'locationMarker', 'positionAbbreviations'],
  properties: {
    $comment: { type: 'string' },
    version: { const: 1 },
    triggers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type', 'role', 'pattern', 'examples'],
        properties: {
          ...patternRule.properties,
          type: { enum: [...FACT_TYPES] },
          role: { type: 'string', minLength: 1 },
          actor: { enum: ['before', 'after'] },
          counterpart: { type: 'boolean' },
          requireActor: { type: 'boolean' },
          actorTypes: { type: 'array', items: { enum: ['ORG', 'LOCATION', 'PROJECT', 'POSITION'] } },
          event: { enum: ['after', 'around', 'before'] },
        },
      },
    },
    modes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'mode', 'scope', 'pattern', 'examples'],
        properties: {
          ...patternRule.properties,
          mode: { enum: ['online', 'onsite', 'hybrid'] },
          scope: { enum: ['sentence', 'document'] },
        },
      },
    },
    clauseMarkers: patternRule,
    speechMarkers: patternRule,
    actorExclusion: patternRule,
    groupActor: patternRule,
    eventAnaphora: patternRule,
    eventBridge: patternRule,
    locationMarker: patternRule,
    positionAbbreviations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['abbr', 'expansion'],
        properties: { abbr: { type: 'string', minLength: 1 }, expansion: { type: 'string', minLength: 1 } },
      },
    },
  },
};

export interface CompiledPattern {
  id: string;
  /** global regexp: use `matchAll` or reset lastIndex */
  re: RegExp;
}
export interface CompiledTrigger extends CompiledPattern {
  type: FactType;
  role: string;
  actor: 'before' | 'after';
  counterpart: boolean;
  requireActor: boolean;
  actorTypes: string[];
  event: 'after' | 'around' | 'before';
}
export interface CompiledMode extends CompiledPattern {
  mode: 'online' | 'onsite' | 'hybrid';
  scope: 'sentence' | 'document';
}
export interface FactRules {
  triggers: CompiledTrigger[];
  modes: CompiledMode[];
  clauseMarkers: CompiledPattern;
  speechMarkers: CompiledPattern;
  actorExclusion: CompiledPattern;
  groupActor: CompiledPattern;
  eventAnaphora: CompiledPattern;
  eventBridge: CompiledPattern;
  locationMarker: CompiledPattern;
  positionAbbreviations: { abbr: string; expansion: string }[];
}

function compile(rule: PatternRuleSpec, pointer: string, file?: string): CompiledPattern {
  let re: RegExp;
  try {
    re = new RegExp(rule.pattern, 'gu' + (rule.flags ?? ''));
  } catch (e) {
    throw new ThaiExtractError('TE110', `rule ${rule.id}: ${(e as Error).message}`, { file, pointer: `${pointer}/pattern`, value: rule.pattern });
  }
  return { id: rule.id, re };
}

/** does the rule's pattern match somewhere in `s` */
export function testPattern(p: CompiledPattern, s: string): boolean {
  p.re.lastIndex = 0;
  const ok = p.re.test(s);
  p.re.lastIndex = 0;
  return ok;
}

/**
 * Compile validated facts.json content. Every example is run: a failing one throws TE109
 * (naming the rule and the example), so a pipeline with a broken rule never starts.
 */
export function compileFactRules(spec: FactRulesSpec, file?: string): FactRules {
  const ids = new Set<string>();
  const all: { p: CompiledPattern; spec: PatternRuleSpec; pointer: string }[] = [];
  const add = <T extends CompiledPattern>(p: T, s: PatternRuleSpec, pointer: string): T => {
    if (ids.has(s.id)) throw new ThaiExtractError('TE108', `duplicate rule id`, { file, pointer: `${pointer}/id`, value: s.id });
    ids.add(s.id);
    all.push({ p, spec: s, pointer });
    return p;
  };
  const triggers = spec.triggers.map((t, i) =>
    add(
      {
        ...compile(t, `/triggers/${i}`, file),
        type: t.type,
        role: t.role,
        actor: t.actor ?? 'before',
        counterpart: t.counterpart ?? false,
        requireActor: t.requireActor ?? true,
        actorTypes: t.actorTypes ?? [],
        event: t.event ?? 'around',
      },
      t,
      `/triggers/${i}`,
    ),
  );
  const modes = spec.modes.map((m, i) => add({ ...compile(m, `/modes/${i}`, file), mode: m.mode, scope: m.scope }, m, `/modes/${i}`));
  const single = (key: 'clauseMarkers' | 'speechMarkers' | 'actorExclusion' | 'groupActor' | 'eventAnaphora' | 'eventBridge' | 'locationMarker') =>
    add(compile(spec[key], `/${key}`, file), spec[key], `/${key}`);
  const rules: FactRules = {
    triggers,
    modes,
    clauseMarkers: single('clauseMarkers'),
    speechMarkers: single('speechMarkers'),
    actorExclusion: single('actorExclusion'),
    groupActor: single('groupActor'),
    eventAnaphora: single('eventAnaphora'),
    eventBridge: single('eventBridge'),
    locationMarker: single('locationMarker'),
    positionAbbreviations: spec.positionAbbreviations,
  };
  for (const { p, spec: s, pointer } of all) checkExamples(p, s, pointer, file);
  return rules;
}

/** run a rule's examples: TE109 names the rule and the first example that fails */
export function checkExamples(p: CompiledPattern, s: PatternRuleSpec, pointer: string, file?: string): void {
  s.examples.match.forEach((ex, k) => {
    if (!testPattern(p, ex)) {
      throw new ThaiExtractError('TE109', `rule ${s.id}: example does not match`, { file, pointer: `${pointer}/examples/match/${k}`, value: ex });
    }
  });
  s.examples.noMatch.forEach((ex, k) => {
    if (testPattern(p, ex)) {
      throw new ThaiExtractError('TE109', `rule ${s.id}: noMatch example matches`, { file, pointer: `${pointer}/examples/noMatch/${k}`, value: ex });
    }
  });
}
