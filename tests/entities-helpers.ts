/**
 * Test helpers for the entities stage: a Doc built from text with the identity view and
 * tokens from the real segmenter (engine `dict`, as in pipelines/gov-press.json).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityView } from '../src/doc/offsets.js';
import type { Doc, Token, TokenKind, Zone } from '../src/doc/types.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { compileRules } from '../src/stages/entities/compile.js';
import { segment } from '../src/stages/segment/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PIPELINES_DIR = path.join(ROOT, 'pipelines');
export const RULES = 'gov-press/entities/rules.json';
export const SHARED = path.resolve(ROOT, '../shared');

export function ctx() {
  return makeStageContext({ pipelineName: 'gov-press', pipelineFile: '<test>', baseDir: PIPELINES_DIR, pointer: '/stages/0/options' });
}

let compiled: ReturnType<typeof compileRules> | undefined;
export function rules() {
  return (compiled ??= compileRules(ctx(), RULES));
}

function kindOf(s: string): TokenKind {
  if (/^\n+$|^\r\n$/.test(s)) return 'newline';
  if (/^\s+$/.test(s)) return 'space';
  if (/^[\u0E00-\u0E7F]/.test(s) && !/^[๐-๙]/.test(s)) return 'thai';
  if (/^[0-9๐-๙]/.test(s)) return 'number';
  if (/^[A-Za-z]/.test(s)) return 'latin';
  if (/^[\p{P}\p{S}]/u.test(s)) return 'punct';
  return 'other';
}

const seg = new Intl.Segmenter('th', { granularity: 'word' });
/** Intl.Segmenter tokens covering the text exactly (line by line; slows on long strings) — for comparison only */
export function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  let off = 0;
  for (const line of text.split(/(?<=\n)/)) {
    for (const s of seg.segment(line)) out.push({ start: off + s.index, end: off + s.index + s.segment.length, kind: kindOf(s.segment) });
    off += line.length;
  }
  return out;
}

export function docOf(text: string, zones?: Zone[]): Doc {
  return {
    id: 'test', source: 'test', sha256: createHash('sha256').update(text).digest('hex'), hints: {},
    text, norm: identityView(text), tokens: segment(text, { engine: 'dict' }), zones, entities: [], diagnostics: [],
  };
}
