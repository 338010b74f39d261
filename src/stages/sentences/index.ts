/**
 * Sentence splitting over tokens. Thai ends sentences with a space; a sentence also ends at
 * a line break and after Latin sentence punctuation (. ! ? …) followed by a space or a line
 * break. Never inside quotes or parentheses. The word lists that keep a space inside a
 * sentence are data (pipelines/gov-press/sentences.json); the code holds the matchers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Doc, Span, Token } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage, type JsonSchema } from '../../pipeline/stage.js';
import { compileSchema, firstSchemaError } from '../../schemas/ajv.js';

export type SentenceRuleKind = 'honorific' | 'after' | 'before' | 'unit' | 'abbreviation';

export interface SentenceRule {
  id: string;
  kind: SentenceRuleKind;
  description?: string;
  words: string[];
  except?: string[];
  examples: { match: string[]; noMatch: string[] };
}

export interface SentenceRules {
  description?: string;
  /** a space does not end a sentence shorter than this (non-space characters) */
  minSentenceChars?: number;
  rules: SentenceRule[];
}

/** a sentence: a span of the input plus the id of the rule that ended it */
export interface Sentence extends Span {
  rule: string;
}

/** ids of the built-in break and keep rules (not word lists, so not in the data file) */
export const SENTENCE_BREAKS = {
  newline: 'sent.break.newline',
  space: 'sent.break.space',
  punct: 'sent.break.latin-punct',
  end: 'sent.break.end-of-text',
} as const;

export const sentenceRulesSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    minSentenceChars: { type: 'integer', minimum: 0 },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind', 'words', 'examples'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' },
          kind: { enum: ['honorific', 'after', 'before', 'unit', 'abbreviation'] },
          description: { type: 'string' },
          words: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          except: { type: 'array', items: { type: 'string', minLength: 1 } },
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
  const validate = compileSchema(sentenceRulesSchema);
  if (!validate(data)) {
    const err = firstSchemaError(validate.errors, data);
    throw new ThaiExtractError('TE108', err.message, { file, pointer: err.pointer, value: err.value });
  }
  defaultRules = data as SentenceRules;
  return defaultRules;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '“': '”', '‘': '’', '«': '»', '「': '」' };
const CLOSE = new Set(Object.values(OPEN));
const FINAL = new Set(['.', '!', '?', '…', '...', '!!', '??']);

interface Compiled {
  minChars: number;
  honorific: { words: string[]; except: string[] }[];
  after: string[];
  before: string[];
  units: string[];
  abbreviations: Set<string>;
}

function compile(r: SentenceRules): Compiled {
  const c: Compiled = { minChars: r.minSentenceChars ?? 0, honorific: [], after: [], before: [], units: [], abbreviations: new Set() };
  for (const rule of r.rules) {
    if (rule.kind === 'honorific') c.honorific.push({ words: rule.words, except: rule.except ?? [] });
    else if (rule.kind === 'after') c.after.push(...rule.words);
    else if (rule.kind === 'before') c.before.push(...rule.words);
    else if (rule.kind === 'unit') c.units.push(...rule.words);
    else for (const w of rule.words) c.abbreviations.add(w);
  }
  c.after.sort((a, b) => b.length - a.length);
  c.before.sort((a, b) => b.length - a.length);
  return c;
}

/** a word ending the text before a space must start a token, except ฯ and punctuation: รัฐมนตรีฯ, (ดีอีเอส) */
function needsTokenStart(w: string): boolean {
  return !(w === 'ฯ' || /^\P{L}/u.test(w));
}

const compiledCache = new WeakMap<SentenceRules, Compiled>();

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
  const starts = new Set<number>();
  for (const t of tokens) starts.add(t.start);
  const out: Sentence[] = [];
  let sStart = -1; // start of the current sentence
  let sEnd = -1; // end of its last non-space token
  let chars = 0; // non-space characters so far
  let chunkStart = -1; // start of the current space-free chunk
  let lastChunkStart = -1; // start of the chunk before the current space
  let nameSpaces = 0; // spaces still kept after an honorific + given name (the one after the family name)
  const stack: string[] = [];
  let asciiQuote = false;
  const close = (rule: string) => {
    if (sStart >= 0) out.push({ start: sStart, end: sEnd, rule });
    sStart = -1;
    sEnd = -1;
    chars = 0;
  };
  const endsWithWord = (pos: number, words: string[]) => {
    for (const w of words) {
      const at = pos - w.length;
      if (at >= 0 && (starts.has(at) || !needsTokenStart(w)) && text.startsWith(w, at)) return true;
    }
    return false;
  };
  /** the text at pos starts with one of the words, ending at a token boundary (unless the word is punctuation) */
  const startsWithWord = (pos: number, words: string[], whole = true) => {
    for (const w of words) {
      if (!text.startsWith(w, pos)) continue;
      const e = pos + w.length;
      if (!whole || e === text.length || starts.has(e) || !needsTokenStart(w)) return true;
    }
    return false;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'newline') {
      close(SENTENCE_BREAKS.newline);
      nameSpaces = 0;
      stack.length = 0;
      asciiQuote = false;
      chunkStart = -1;
      continue;
    }
    if (t.kind === 'space') {
      chunkStart = -1;
      const keepName = nameSpaces > 0;
      nameSpaces = 0;
      if (sStart < 0 || stack.length > 0 || asciiQuote) continue;
      const next = tokens[k + 1];
      if (!next || next.kind === 'newline') continue;
      if (chars < c.minChars) continue;
      const prev = tokens[k - 1];
      // numbers and Latin words: "ครั้งที่ 1", "World Summit on"
      if (next.kind === 'number') continue;
      if ((prev.kind === 'latin' || prev.kind === 'number') && next.kind === 'latin') continue;
      if (endsWithWord(t.start, c.after)) continue;
      if (startsWithWord(t.end, c.before)) continue;
      if (prev.kind === 'number' && startsWithWord(t.end, c.units)) continue;
      // a given name after an honorific, before the family name
      const chunk = lastChunkStart;
      if (chunk >= 0 && c.honorific.some((h) => startsWithWord(chunk, h.words, false) && !startsWithWord(chunk, h.except, false))) {
        nameSpaces = 1;
        continue;
      }
      if (keepName) continue;
      close(SENTENCE_BREAKS.space);
      continue;
    }
    const s = text.slice(t.start, t.end);
    if (chunkStart < 0) {
      chunkStart = t.start;
      lastChunkStart = t.start;
    }
    if (sStart < 0) sStart = t.start;
    sEnd = t.end;
    chars += t.end - t.start;
    if (t.kind === 'punct') {
      if (s === '"') asciiQuote = !asciiQuote;
      else if (OPEN[s] !== undefined) stack.push(OPEN[s]);
      else if (CLOSE.has(s)) {
        const at = stack.lastIndexOf(s);
        if (at >= 0) stack.length = at;
      } else if (FINAL.has(s) && stack.length === 0 && !asciiQuote) {
        const next = tokens[k + 1];
        const prev = tokens[k - 1];
        const abbrev = s === '.' && prev && prev.end === t.start && prev.kind === 'latin' && c.abbreviations.has(text.slice(prev.start, prev.end));
        if (!abbrev && (!next || next.kind === 'space' || next.kind === 'newline')) close(SENTENCE_BREAKS.punct);
      }
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
  description: 'sentence spans over the tokens (line breaks, sentence-final spaces, Latin punctuation; never inside quotes or parentheses)',
  reads: ['text', 'tokens'],
  adds: ['sentences'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { rules: { type: 'string', minLength: 1 } },
  },
  create(options, ctx) {
    const rules = options.rules ? (ctx.loadFile(options.rules, sentenceRulesSchema) as SentenceRules) : loadDefaultSentenceRules();
    return (doc: Doc): Doc => ({ ...doc, sentences: splitSentences(doc.text ?? '', doc.tokens ?? [], rules) });
  },
});
