/**
 * Sentence splitting over tokens. A sentence ends at a line break, after Latin sentence
 * punctuation (. ! ? …) followed by a space or a line break, and at some spaces: Thai writes a
 * sentence end as a space, but also puts spaces inside sentences (around names, numbers, Latin
 * words, list items, clauses). Never inside quotes or brackets that close on the same line.
 *
 * Each space is decided by the rules of pipelines/gov-press/sentences.json, in file order: the
 * first rule whose conditions all hold keeps the space inside the sentence ("keep") or ends
 * the sentence there ("break", and the sentence records that rule's id); when none holds the
 * file's `default` decides. The code holds only the matchers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Doc, Span, Token, TokenKind } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage, type JsonSchema } from '../../pipeline/stage.js';
import { compileSchema, firstSchemaError } from '../../schemas/ajv.js';

/** what one side of a space must look like (all given fields must hold) */
export interface SideCondition {
  /** the text on this side, next to the space, is one of these words (at a token edge, except for ฯ and punctuation) */
  words?: string[];
  /** ... but not one of these (checked the same way, longest words win: "นายก" is not "นาย") */
  except?: string[];
  /** the chunk starts with one of these (no token edge needed after it: "นายเนวินธุ์") */
  chunkStarts?: string[];
  /** ... but not with one of these ("นายกรัฐมนตรี") */
  chunkStartsExcept?: string[];
  /** prev side: the current sentence starts with one of these */
  sentenceStarts?: string[];
  /** kind of the token next to the space */
  kinds?: TokenKind[];
  /** a regular expression (unicode) that the whole space-free chunk on this side matches */
  pattern?: string;
  /** which chunk: 1 = the one next to the space (default), 2 = the one before that (prev side only) */
  chunk?: 1 | 2;
  /** the chunk has at most this many letters */
  chunkMaxLetters?: number;
  /** prev: the sentence so far has fewer letters than this; next: the next chunk has fewer letters than this */
  shorterThan?: number;
}

export interface SentenceRule {
  id: string;
  /** keep the space inside the sentence, or end the sentence at it */
  action: 'keep' | 'break';
  description?: string;
  /** conditions on the text before the space */
  prev?: SideCondition;
  /** conditions on the text after the space */
  next?: SideCondition;
  /** Latin words that a following '.' does not end a sentence after (rules with this field are not space rules) */
  abbreviations?: string[];
  /** texts that stay one sentence because of this rule (keep) / that split because of it (break) */
  examples: { match: string[]; noMatch: string[] };
}

export interface SentenceRules {
  description?: string;
  /** what a space that no rule decides does */
  default: 'keep' | 'break';
  rules: SentenceRule[];
}

/** a sentence: a span of the input plus the id of the rule that ended it */
export interface Sentence extends Span {
  rule: string;
}

/** ids of the built-in breaks (not word lists, so not in the data file) */
export const SENTENCE_BREAKS = {
  newline: 'sent.break.newline',
  space: 'sent.break.space',
  punct: 'sent.break.latin-punct',
  end: 'sent.break.end-of-text',
} as const;

const TOKEN_KINDS: TokenKind[] = ['thai', 'latin', 'number', 'space', 'newline', 'punct', 'other'];
const wordList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } };
const side: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    words: wordList,
    except: wordList,
    chunkStarts: wordList,
    chunkStartsExcept: wordList,
    sentenceStarts: wordList,
    kinds: { type: 'array', minItems: 1, items: { enum: TOKEN_KINDS } },
    pattern: { type: 'string', minLength: 1 },
    chunk: { enum: [1, 2] },
    chunkMaxLetters: { type: 'integer', minimum: 1 },
    shorterThan: { type: 'integer', minimum: 1 },
  },
};

export const sentenceRulesSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['default', 'rules'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    default: { enum: ['keep', 'break'] },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'action', 'examples'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' },
          action: { enum: ['keep', 'break'] },
          description: { type: 'string' },
          prev: side,
          next: side,
          abbreviations: wordList,
          examples: {
            type: 'object',
            additionalProperties: false,
            required: ['match', 'noMatch'],
            properties: {
              match: { type: 'array', items: { type: 'string' } },
              noMatch: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

export const DEFAULT_SENTENCE_RULES_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../pipelines/gov-press/sentences.json',
);

let defaultRules: SentenceRules | null = null;

/** check what the schema cannot: patterns compile (TE108 naming the rule) */
function checkRules(data: SentenceRules, file: string): void {
  data.rules.forEach((r, i) => {
    for (const s of ['prev', 'next'] as const) {
      const p = r[s]?.pattern;
      if (p === undefined) continue;
      try {
        new RegExp(p, 'u');
      } catch (e) {
        throw new ThaiExtractError('TE108', `rule ${r.id}: bad pattern (${(e as Error).message})`, { file, pointer: `/rules/${i}/${s}/pattern`, value: p });
      }
    }
  });
}

/** validate sentence rules data (schema + patterns); throws TE108 */
export function validateSentenceRules(data: unknown, file: string): SentenceRules {
  const validate = compileSchema(sentenceRulesSchema);
  if (!validate(data)) {
    const err = firstSchemaError(validate.errors, data);
    throw new ThaiExtractError('TE108', err.message, { file, pointer: err.pointer, value: err.value });
  }
  checkRules(data as SentenceRules, file);
  return data as SentenceRules;
}

/** the bundled gov-press sentence rules */
export function loadDefaultSentenceRules(): SentenceRules {
  if (defaultRules) return defaultRules;
  const file = DEFAULT_SENTENCE_RULES_FILE;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ThaiExtractError('TE107', `cannot read sentence rules (${(e as Error).message})`, { file });
  }
  defaultRules = validateSentenceRules(data, file);
  return defaultRules;
}

/** opening bracket or quote → its closer (a Map: keyed loads of arbitrary punctuation from an
 * object literal threw the optimised splitSentences away — "wrong instance type") */
const OPEN = new Map<string, string>([['(', ')'], ['[', ']'], ['{', '}'], ['“', '”'], ['‘', '’'], ['«', '»'], ['「', '」']]);
const CLOSE = new Set(OPEN.values());
const FINAL = new Set(['.', '!', '?', '…', '...', '!!', '??']);

/** words grouped by their first (next side) or last (prev side) character, longest first */
type WordIndex = Map<number, string[]>;

function indexWords(words: readonly string[] | undefined, byLast: boolean): WordIndex | null {
  if (!words) return null;
  const m: WordIndex = new Map();
  for (const w of words) {
    const c = byLast ? w.charCodeAt(w.length - 1) : w.charCodeAt(0);
    let a = m.get(c);
    if (!a) m.set(c, (a = []));
    if (!a.includes(w)) a.push(w);
  }
  for (const a of m.values()) a.sort((x, y) => y.length - x.length);
  return m;
}

/** prefixes grouped by their first character ('' under -1: it starts every text) */
type PrefixIndex = Map<number, string[]>;

function indexPrefixes(words: readonly string[] | undefined): PrefixIndex | null {
  if (!words) return null;
  const m: PrefixIndex = new Map();
  for (const w of words) {
    const c = w.length ? w.charCodeAt(0) : -1;
    let a = m.get(c);
    if (!a) m.set(c, (a = []));
    a.push(w);
  }
  return m;
}

/** = words.some((w) => text.startsWith(w, at)) */
function startsWithAny(idx: PrefixIndex, text: string, at: number): boolean {
  if (idx.has(-1)) return true;
  if (at < 0) at = 0; // as startsWith clamps its position
  const ws = idx.get(text.charCodeAt(at));
  if (!ws) return false;
  for (const w of ws) if (text.startsWith(w, at)) return true;
  return false;
}

interface CompiledSide {
  words: WordIndex | null;
  except: WordIndex | null;
  starts: PrefixIndex | null;
  startsExcept: PrefixIndex | null;
  sentenceStarts: PrefixIndex | null;
  kinds: Set<TokenKind> | null;
  pattern: RegExp | null;
  chunk: 1 | 2;
  chunkMax: number;
  shorter: number;
}

interface CompiledRule {
  id: string;
  keep: boolean;
  prev: CompiledSide | null;
  next: CompiledSide | null;
}

interface Compiled {
  defaultKeep: boolean;
  rules: CompiledRule[];
  /**
   * the rules, in order, that can hold between a token of kind a and one of kind b:
   * byKinds[kindIndex(a) * TOKEN_KINDS.length + kindIndex(b)] (a side's `kinds` is checked first
   * anyway, so a space asks only the rules its neighbours' kinds allow)
   */
  byKinds: CompiledRule[][];
  abbreviations: Set<string>;
}

/** a token kind's row in Compiled.byKinds (TOKEN_KINDS order) */
const KIND_INDEX = new Map(TOKEN_KINDS.map((k, i) => [k, i]));
const kindIndex = (k: TokenKind): number => KIND_INDEX.get(k) ?? TOKEN_KINDS.indexOf('other');
function compileSide(s: SideCondition | undefined, byLast: boolean): CompiledSide | null {
  if (!s) return null;
  return {
    words: indexWords(s.words, byLast),
    except: indexWords(s.except, byLast),
    starts: indexPrefixes(s.chunkStarts),
    startsExcept: indexPrefixes(s.chunkStartsExcept),
    sentenceStarts: indexPrefixes(s.sentenceStarts),
    kinds: s.kinds ? new Set(s.kinds) : null,
    pattern: s.pattern ? new RegExp(s.pattern, 'u') : null,
    chunk: s.chunk ?? 1,
    chunkMax: s.chunkMaxLetters ?? Infinity,
    shorter: s.shorterThan ?? 0,
  };
}

function compile(r: SentenceRules): Compiled {
  const c: Compiled = { defaultKeep: r.default === 'keep', rules: [], byKinds: [], abbreviations: new Set() };
  for (const rule of r.rules) {
    if (rule.abbreviations) {
      for (const w of rule.abbreviations) c.abbreviations.add(w);
      continue;
    }
    c.rules.push({ id: rule.id, keep: rule.action === 'keep', prev: compileSide(rule.prev, true), next: compileSide(rule.next, false) });
  }
  const allows = (side: CompiledSide | null, k: TokenKind) => !side || !side.kinds || side.kinds.has(k);
  for (const a of TOKEN_KINDS) for (const b of TOKEN_KINDS) c.byKinds.push(c.rules.filter((x) => allows(x.prev, a) && allows(x.next, b)));
  return c;
}

const compiledCache = new WeakMap<SentenceRules, Compiled>();

/** a letter for the length conditions: Thai, Latin or digit, not a Thai combining mark */
function isLetter(c: number): boolean {
  if (c >= 0x0e01 && c <= 0x0e5b) {
    return !(c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e));
  }
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c < 0x0e00 && c !== 0xd7 && c !== 0xf7);
}

/** isLetter below U+0E80 as a table (isLetter is false above it) */
const LETTER = (() => {
  const t = new Uint8Array(0x0e80);
  for (let c = 0; c < 0x0e80; c++) t[c] = isLetter(c) ? 1 : 0;
  return t;
})();

/** is c a letter or digit (so that a matched word must start/end at a token edge) */
function isWordChar(c: number): boolean {
  return c !== 0x0e2f /* ฯ */ && (isLetter(c) || (c >= 0x0e31 && c <= 0x0e4e));
}

/**
 * Split into sentences. Returns spans over non-space text (no sentence starts or ends with a
 * space or line break), with offsets into `text`, in order, each with the id of the rule that
 * ended it.
 */
export function splitSentences(text: string, tokens: readonly Token[], rules: SentenceRules = loadDefaultSentenceRules()): Sentence[] {
  let c = compiledCache.get(rules);
  if (!c) {
    c = compile(rules);
    compiledCache.set(rules, c);
  }
  const n = text.length;
  // token edges (tokens cover the text) and letter counts before each offset
  const edge = new Uint8Array(n + 1);
  edge[n] = 1;
  for (const t of tokens) edge[t.start] = 1;
  const letters = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    letters[i + 1] = letters[i] + (ch < 0x0e80 ? LETTER[ch] : 0);
  }

  /** the text ending at `end` (after `from`) ends with one of the words, starting at a token edge */
  const endsWith = (idx: WordIndex, from: number, end: number): boolean => {
    const ws = idx.get(text.charCodeAt(end - 1));
    if (!ws) return false;
    for (const w of ws) {
      const at = end - w.length;
      if (at >= from && (edge[at] === 1 || !isWordChar(w.charCodeAt(0))) && text.startsWith(w, at)) return true;
    }
    return false;
  };
  /** the text at `start` (before `to`) starts with one of the words, ending at a token edge */
  const startsWith = (idx: WordIndex, start: number, to: number): boolean => {
    const ws = idx.get(text.charCodeAt(start));
    if (!ws) return false;
    for (const w of ws) {
      const e = start + w.length;
      if (e <= to && (edge[e] === 1 || !isWordChar(w.charCodeAt(w.length - 1))) && text.startsWith(w, start)) return true;
    }
    return false;
  };

  const out: Sentence[] = [];
  let sStart = -1; // start of the current sentence
  let sEnd = -1; // end of its last non-space token
  let chunkStart = -1; // start of the current space-free chunk
  let chunk1 = -1; // [chunk1, chunk1End): the chunk before the current space
  let chunk1End = -1;
  let chunk2 = -1; // [chunk2, chunk2End): the chunk before that (same line)
  let chunk2End = -1;
  let closeAt = -1; // the offset where the open bracket/quote closes (-1: none open)
  let closer = '';
  let depth = 0;
  const close = (rule: string) => {
    if (sStart >= 0) out.push({ start: sStart, end: sEnd, rule });
    sStart = -1;
    sEnd = -1;
  };
  /** no line break in text[from, to) */
  const sameLine = (from: number, to: number) => {
    for (let e = from; e < to; e++) {
      const ch = text.charCodeAt(e);
      if (ch === 0x0a || ch === 0x0d || ch === 0x2028 || ch === 0x2029) return false;
    }
    return true;
  };
  // (a side's `kinds` is not checked here: decide() asks only the rules of byKinds for the two
  // tokens' kinds, which all allow them)
  const sideHolds = (s: CompiledSide, isPrev: boolean, from: number, to: number): boolean => {
    if (isPrev && s.shorter > 0 && letters[sEnd] - letters[sStart] >= s.shorter) return false;
    if (!isPrev && s.shorter > 0 && letters[to] - letters[from] >= s.shorter) return false;
    if (s.chunkMax !== Infinity && letters[to] - letters[from] > s.chunkMax) return false;
    if (s.words) {
      if (isPrev ? !endsWith(s.words, from, to) : !startsWith(s.words, from, to)) return false;
    }
    if (s.except && (isPrev ? endsWith(s.except, from, to) : startsWith(s.except, from, to))) return false;
    if (s.sentenceStarts && !startsWithAny(s.sentenceStarts, text, sStart)) return false;
    if (s.starts && !startsWithAny(s.starts, text, from)) return false;
    if (s.startsExcept && startsWithAny(s.startsExcept, text, from)) return false;
    if (s.pattern && !s.pattern.test(text.slice(from, to))) return false;
    return true;
  };
  /** the rule deciding the space token k (null: default) */
  const decide = (k: number): CompiledRule | null => {
    const prevTok = tokens[k - 1];
    const nextTok = tokens[k + 1];
    // the next chunk: up to the next space or line break
    let j = k + 1;
    while (j < tokens.length && tokens[j].kind !== 'space' && tokens[j].kind !== 'newline') j++;
    const nextEnd = j < tokens.length ? tokens[j].start : n;
    for (const r of c.byKinds[kindIndex(prevTok.kind) * TOKEN_KINDS.length + kindIndex(nextTok.kind)]) {
      if (r.prev) {
        const two = r.prev.chunk === 2;
        if (two && chunk2 < 0) continue;
        const from = two ? chunk2 : chunk1;
        const to = two ? chunk2End : chunk1End;
        if (!sideHolds(r.prev, true, from, to)) continue;
      }
      if (r.next && !sideHolds(r.next, false, nextTok.start, nextEnd)) continue;
      return r;
    }
    return null;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'newline') {
      close(SENTENCE_BREAKS.newline);
      closeAt = -1;
      depth = 0;
      chunkStart = chunk1 = chunk2 = -1;
      continue;
    }
    if (t.kind === 'space') {
      if (chunkStart >= 0) {
        chunk2 = chunk1;
        chunk2End = chunk1End;
        chunk1 = chunkStart;
        chunk1End = t.start;
      }
      chunkStart = -1;
      if (sStart < 0 || closeAt >= 0) continue;
      const next = tokens[k + 1];
      if (!next || next.kind === 'newline' || next.kind === 'space') continue;
      const r = decide(k);
      if (r ? r.keep : c.defaultKeep) continue;
      close(r ? r.id : SENTENCE_BREAKS.space);
      continue;
    }
    if (chunkStart < 0) chunkStart = t.start;
    if (sStart < 0) sStart = t.start;
    sEnd = t.end;
    if (t.kind !== 'punct') continue;
    const s = text.slice(t.start, t.end);
    if (closeAt >= 0) {
      // inside brackets/quotes: track nesting of the same pair only
      if (s === closer && t.start >= closeAt) {
        if (--depth === 0) closeAt = -1;
      } else if (OPEN.get(s) === closer && closer !== s) depth++;
      continue;
    }
    const want = s === '"' ? '"' : OPEN.get(s);
    if (want !== undefined) {
      // open only when it closes on the same line
      const at = text.indexOf(want, t.end);
      if (at >= 0 && sameLine(t.end, at)) {
        closeAt = at;
        closer = want;
        depth = 1;
      }
      continue;
    }
    if (CLOSE.has(s)) continue;
    if (FINAL.has(s)) {
      const next = tokens[k + 1];
      const prev = tokens[k - 1];
      const abbrev = s === '.' && prev && prev.end === t.start && prev.kind === 'latin' && c.abbreviations.has(text.slice(prev.start, prev.end));
      if (!abbrev && (!next || next.kind === 'space' || next.kind === 'newline')) close(SENTENCE_BREAKS.punct);
    }
  }
  close(SENTENCE_BREAKS.end);
  return out;
}

export interface SentencesStageOptions {
  /** sentence rules file, relative to the pipeline folder (default: the bundled gov-press rules) */
  rules?: string;
}

export const sentencesStage = defineStage<SentencesStageOptions>({
  name: 'sentences',
  description: 'sentence spans over the tokens (line breaks, Latin punctuation, and the spaces that the sentence rules end a sentence at; never inside quotes or brackets)',
  reads: ['text', 'tokens'],
  adds: ['sentences'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { rules: { type: 'string', minLength: 1 } },
  },
  create(options, ctx) {
    let rules = loadDefaultSentenceRules();
    if (options.rules) {
      rules = ctx.loadFile(options.rules, sentenceRulesSchema) as SentenceRules;
      checkRules(rules, path.resolve(ctx.baseDir, options.rules));
    }
    return (doc: Doc): Doc => ({ ...doc, sentences: splitSentences(doc.text ?? '', doc.tokens ?? [], rules) });
  },
});
