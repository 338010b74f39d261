/**
 * The rule/lexicon file of the normaliser (pipelines/gov-press/numbers-dates.json):
 * its TypeScript shape, its JSON Schema, and compilation of the rule patterns
 * (filling {PLACEHOLDER}s from the lexicon).
 */
import { ThaiExtractError } from '../errors.js';

export type ItemType = 'DATE' | 'TIME' | 'NUMBER' | 'MONEY' | 'PERCENT' | 'URL';
export type RuleKind = 'date' | 'relative' | 'time' | 'number' | 'url' | 'join-range' | 'join-paren';

export interface RuleSpec {
  id: string;
  type: ItemType;
  kind: RuleKind;
  pattern: string;
  /** join-paren only: what must follow the inner date */
  close?: string;
  description?: string;
  options?: { minWordTokens?: number };
  examples: { match: string[]; noMatch: string[] };
}

export interface WordEntry {
  word: string;
  notBefore?: string;
}

export interface NumbersDatesConfig {
  $comment?: string;
  version: number;
  lexicon: {
    months: { month: number; full: string[]; dotted: string[]; short: string[] }[];
    weekdays: { isoWeekday: number; names: string[] }[];
    eras: { era: 'BE' | 'CE'; names: string[] }[];
    relative: { word: string; unit: 'day' | 'week' | 'month' | 'year'; offset: number }[];
    pastBefore: string[];
    pastAfter: string[];
    numberWords: {
      digits: (WordEntry & { value: number })[];
      units: (WordEntry & { pow10: number })[];
      minus: string;
      point: string;
    };
    multipliers: (WordEntry & { pow10: number })[];
    currencies: { code: string; suffix: string[]; prefix: string[] }[];
    ordinalPrefixes: string[];
    notYearBefore: string[];
    classifiers: string[];
  };
  rules: RuleSpec[];
}

const strings = { type: 'array', items: { type: 'string', minLength: 1 } };
const wordEntry = (extra: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: ['word', ...required],
  properties: { word: { type: 'string', minLength: 1 }, notBefore: { type: 'string', minLength: 1 }, ...extra },
});

export const numbersDatesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'lexicon', 'rules'],
  properties: {
    $comment: { type: 'string' },
    version: { const: 1 },
    lexicon: {
      type: 'object',
      additionalProperties: false,
      required: ['months', 'weekdays', 'eras', 'relative', 'pastBefore', 'pastAfter', 'numberWords', 'multipliers', 'currencies', 'ordinalPrefixes', 'notYearBefore', 'classifiers'],
      properties: {
        months: {
          type: 'array', minItems: 12, maxItems: 12,
          items: {
            type: 'object', additionalProperties: false, required: ['month', 'full', 'dotted', 'short'],
            properties: { month: { type: 'integer', minimum: 1, maximum: 12 }, full: strings, dotted: strings, short: strings },
          },
        },
        weekdays: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['isoWeekday', 'names'],
            properties: { isoWeekday: { type: 'integer', minimum: 1, maximum: 7 }, names: strings },
          },
        },
        eras: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['era', 'names'],
            properties: { era: { enum: ['BE', 'CE'] }, names: strings },
          },
        },
        relative: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['word', 'unit', 'offset'],
            properties: { word: { type: 'string', minLength: 1 }, unit: { enum: ['day', 'week', 'month', 'year'] }, offset: { type: 'integer' } },
          },
        },
        pastBefore: strings,
        pastAfter: strings,
        numberWords: {
          type: 'object', additionalProperties: false, required: ['digits', 'units', 'minus', 'point'],
          properties: {
            digits: { type: 'array', items: wordEntry({ value: { type: 'integer', minimum: 0, maximum: 9 } }, ['value']) },
            units: { type: 'array', items: wordEntry({ pow10: { type: 'integer', minimum: 1, maximum: 6 } }, ['pow10']) },
            minus: { type: 'string', minLength: 1 },
            point: { type: 'string', minLength: 1 },
          },
        },
        multipliers: { type: 'array', items: wordEntry({ pow10: { type: 'integer', minimum: 1, maximum: 15 } }, ['pow10']) },
        currencies: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['code', 'suffix', 'prefix'],
            properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' }, suffix: strings, prefix: strings },
          },
        },
        ordinalPrefixes: strings,
        notYearBefore: strings,
        classifiers: strings,
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'type', 'kind', 'pattern', 'examples'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9.-]*$' },
          type: { enum: ['DATE', 'TIME', 'NUMBER', 'MONEY', 'PERCENT', 'URL'] },
          kind: { enum: ['date', 'relative', 'time', 'number', 'url', 'join-range', 'join-paren'] },
          pattern: { type: 'string', minLength: 1 },
          close: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          options: {
            type: 'object', additionalProperties: false,
            properties: { minWordTokens: { type: 'integer', minimum: 1 } },
          },
          examples: {
            type: 'object', additionalProperties: false, required: ['match', 'noMatch'],
            properties: { match: { type: 'array', items: { type: 'string' } }, noMatch: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  },
} as const;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * `word₁suffix₁|word₂suffix₂|…` with the words that share a first character written once as
 * `c(?:rest₁suffix₁|rest₂suffix₂)`, in their order. The same matches: two alternatives that
 * start with different characters cannot both match at a position (the rules are compiled
 * without the `i` flag, under which they could), so only the order among those with the same
 * first character matters, and it is kept. V8 then tests a position's
 * character once per group instead of once per word (money.words over the releases 31 → 17 ms).
 */
function factoredAlternation(alts: readonly (readonly [word: string, suffix: string])[]): string {
  const groups = new Map<string, (readonly [string, string])[]>();
  for (const [word, suffix] of alts) {
    // (a word that opens with a surrogate or is empty stays whole, in a group of its own)
    const c = word.length > 0 && !/[\uD800-\uDFFF]/.test(word[0]) ? word[0] : `\u0000${groups.size}`;
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push([word, suffix]);
  }
  const parts: string[] = [];
  for (const g of groups.values()) {
    if (g.length === 1) parts.push(escapeRegExp(g[0][0]) + g[0][1]);
    else parts.push(escapeRegExp(g[0][0][0]) + '(?:' + g.map(([w, s]) => escapeRegExp(w.slice(1)) + s).join('|') + ')');
  }
  return parts.join('|');
}

/**
 * A full month name as a pattern that also matches it broken by stray spaces (web pages copied
 * from a browser: `กร กฎาคม`): a Thai name takes an optional space before each character that
 * can start a syllable part (not a combining mark or sara am, before which the normalised view
 * already drops spaces). Latin names (December) must not run on into a Latin letter.
 */
function monthNamePattern(name: string): string {
  if (!/^[\u0E00-\u0E7F]+$/.test(name)) return escapeRegExp(name) + '(?![A-Za-z])';
  let out = escapeRegExp(name[0]);
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const mark = c === 0x0e31 || (c >= 0x0e33 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e);
    out += (mark ? '' : ' ?') + escapeRegExp(name[i]);
  }
  return out;
}

/** the full month names, longest first, each as monthNamePattern has it */
function monthFullAlternation(names: string[]): string {
  const uniq = [...new Set(names)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return uniq.map(monthNamePattern).join('|');
}

/** the month name a date pattern matched, as the lexicon writes it (stray spaces removed) */
export function monthKey(matched: string): string {
  return matched.indexOf(' ') < 0 ? matched : matched.replace(/ /g, '');
}

/** an alternation of literal words, longest first (so มีนาคม wins over มีนา) */
export function alternation(words: Iterable<string>): string {
  const uniq = [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return factoredAlternation(uniq.map((w) => [w, ''] as const));
}

function guarded(entries: WordEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.word.length - a.word.length);
  return factoredAlternation(sorted.map((e) => [e.word, e.notBefore ? `(?!${e.notBefore})` : ''] as const));
}

export const NUM_PATTERN = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';

/** the placeholder table for a config */
export function placeholders(cfg: NumbersDatesConfig): Record<string, string> {
  const L = cfg.lexicon;
  const nw = L.numberWords;
  const word = guarded([...nw.digits, ...nw.units]);
  const digitWord = guarded(nw.digits);
  return {
    // abbreviations must not run on into a Thai word or another dot (มค.ค is not a month)
    MONTH: `${monthFullAlternation(L.months.flatMap((m) => m.full))}|(?:${alternation(L.months.flatMap((m) => [...m.dotted, ...m.short]))})(?![\u0E01-\u0E2E.])`,
    MONTH_FULL: monthFullAlternation(L.months.flatMap((m) => m.full)),
    MONTH_DOT: alternation(L.months.flatMap((m) => m.dotted)),
    WEEKDAY: alternation(L.weekdays.flatMap((w) => w.names)),
    ERA: alternation(L.eras.flatMap((e) => e.names)),
    RELATIVE: alternation(L.relative.map((r) => r.word)),
    NUM: NUM_PATTERN,
    NUMWORDS: `(?:${escapeRegExp(nw.minus)})?(?:${word})+(?:${escapeRegExp(nw.point)}(?:${digitWord})+)?`,
    MULT: guarded(L.multipliers),
    CUR: alternation(L.currencies.flatMap((c) => c.suffix)),
    CUR_PRE: alternation(L.currencies.flatMap((c) => c.prefix)),
    ORDINAL: alternation(L.ordinalPrefixes),
    CLASSIFIER: alternation(L.classifiers),
    NOT_YEAR_BEFORE: alternation(L.notYearBefore),
  };
}

export interface CompiledRule extends RuleSpec {
  index: number;
  /** the pattern, global (flags `g`; a join rule's: none) */
  re: RegExp;
  /** the pattern, sticky with match indices (`yd`): group offsets of a match `re` found (not for join rules) */
  reAt?: RegExp;
  /**
   * nothing but lookarounds follows the core group at the top level, and there is no top-level
   * alternation: a match's core ends where the match ends, so its offsets follow from the
   * core's text alone (no match indices needed)
   */
  coreAtEnd: boolean;
  closeRe?: RegExp;
}

/**
 * Does only a sequence of lookaround groups follow `(?<core>…)` in `source`, with the core group
 * and the lookarounds at the top level and no top-level `|`? (A sound test: false when unsure.)
 */
export function coreEndsMatch(source: string): boolean {
  let depth = 0;
  let coreClose = -1; // index of the core group's ")"
  let coreDepth = -1;
  const topLevelGroupEnds: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // a character class: up to its unescaped ']'
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      if (depth === 0 && source.startsWith('(?<core>', i)) coreDepth = 1;
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      if (coreDepth === 1 && depth === 0 && coreClose < 0) coreClose = i;
      if (depth === 0) topLevelGroupEnds.push(i + 1);
      continue;
    }
    if (c === '|' && depth === 0) return false;
  }
  if (coreClose < 0 || depth !== 0) return false;
  // after the core: top-level groups, each a lookaround, back to back, to the end
  let i = coreClose + 1;
  while (i < source.length) {
    if (!/^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4))) return false;
    const next = topLevelGroupEnds.find((e) => e > i);
    if (next === undefined) return false;
    i = next;
  }
  return true;
}

/** fill placeholders and compile every rule; a bad pattern is TE110 naming the rule's pointer */
export function compileRules(cfg: NumbersDatesConfig, file = '<numbers-dates>'): CompiledRule[] {
  const ph = placeholders(cfg);
  const fill = (p: string, pointer: string): string =>
    p.replace(/\{([A-Z_]+)\}/g, (all, name: string) => {
      const v = ph[name];
      if (v === undefined) throw new ThaiExtractError('TE110', `unknown placeholder {${name}}`, { file, pointer, value: p });
      return v;
    });
  const seen = new Set<string>();
  return cfg.rules.map((r, i) => {
    const pointer = `/rules/${i}/pattern`;
    if (seen.has(r.id)) throw new ThaiExtractError('TE108', 'duplicate rule id', { file, pointer: `/rules/${i}/id`, value: r.id });
    seen.add(r.id);
    const join = r.kind === 'join-range' || r.kind === 'join-paren';
    let re: RegExp;
    let reAt: RegExp | undefined;
    let closeRe: RegExp | undefined;
    const source = fill(r.pattern, pointer);
    try {
      re = new RegExp(source, join ? '' : 'g');
      if (!join) reAt = new RegExp(source, 'yd');
      if (r.close) closeRe = new RegExp(fill(r.close, `/rules/${i}/close`));
    } catch (e) {
      if (e instanceof ThaiExtractError) throw e;
      throw new ThaiExtractError('TE110', (e as Error).message, { file, pointer, value: r.pattern });
    }
    if (!join && !/\(\?<core>/.test(r.pattern)) {
      throw new ThaiExtractError('TE110', 'pattern has no (?<core>…) group', { file, pointer, value: r.pattern });
    }
    if (r.kind === 'join-paren' && !closeRe) {
      throw new ThaiExtractError('TE110', 'join-paren rule needs a "close" pattern', { file, pointer: `/rules/${i}`, value: r.id });
    }
    return { ...r, index: i, re, reAt, coreAtEnd: !join && coreEndsMatch(source), closeRe };
  });
}
