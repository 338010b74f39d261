/**
 * Word segmentation: one interface, engines chosen by name (see engines.ts).
 */
import type { Doc, NormView, Token } from '../../doc/types.js';
import { defineStage } from '../../pipeline/stage.js';
import { DEFAULT_ENGINE, ENGINES, getEngine } from './engines.js';
import { tokenize, type ThaiCutter } from './tokenize.js';

export { ENGINES, DEFAULT_ENGINE } from './engines.js';
export { tokenize } from './tokenize.js';

export interface SegmentOptions {
  /** engine name (default `dict`); unknown names throw ThaiExtractError TE111 */
  engine?: string;
  /** extra words that must stay whole (names of people, ministries, events) */
  words?: readonly string[];
}

export type Segmenter = (text: string) => Token[];

/** build a reusable segmenter (dictionary and custom words are prepared once) */
export function createSegmenter(options: SegmentOptions = {}): Segmenter {
  const engine = getEngine(options.engine ?? DEFAULT_ENGINE);
  const made = engine.create(options.words ?? []);
  const cut = engine.memo ? memoCutter(made) : made;
  return (text: string) => tokenize(text, cut);
}

/** runs up to this long are remembered (a run's cut depends on its text only) */
const MEMO_MAX_RUN = 64;
/** remembered runs per segmenter before the memo starts afresh (bounded memory: ~1.5 MB) */
const MEMO_MAX_ENTRIES = 10_000;

/**
 * A cutter that remembers the cuts of short Thai runs, for the engines that ask for it (see
 * EngineFactory.memo): in government releases about half of the runs (27% of the Thai
 * characters) repeat ones seen before (titles, positions, boilerplate). Every engine cuts a run
 * from its own text alone, so this never changes a cut.
 */
function memoCutter(cut: ThaiCutter): ThaiCutter {
  // value: the word ends relative to the run start, one UTF-16 unit each (runs are ≤ 64 long)
  const memo = new Map<string, string>();
  return (text, start, end, ends) => {
    if (end - start > MEMO_MAX_RUN) return cut(text, start, end, ends);
    const key = text.slice(start, end);
    const known = memo.get(key);
    if (known !== undefined) {
      for (let k = 0; k < known.length; k++) ends.push(start + known.charCodeAt(k));
      return;
    }
    const first = ends.length;
    cut(text, start, end, ends);
    let rel = '';
    for (let k = first; k < ends.length; k++) rel += String.fromCharCode(ends[k] - start);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(key, rel);
  };
}

const defaultSegmenters = new Map<string, Segmenter>();

/** segment a text into tokens that cover it exactly */
export function segment(text: string, options: SegmentOptions = {}): Token[] {
  const engine = options.engine ?? DEFAULT_ENGINE;
  if (options.words && options.words.length > 0) return createSegmenter(options)(text);
  let s = defaultSegmenters.get(engine);
  if (!s) {
    s = createSegmenter({ engine });
    defaultSegmenters.set(engine, s);
  }
  return s(text);
}

/**
 * Map tokens of the normalised view back to input offsets. Input characters that the view
 * dropped (zero-width characters and the like) go to the following token (to the last
 * token at the end of the text), so that the tokens cover the input exactly; a token whose
 * view characters all came from input already covered is merged into the one before it.
 */
export function tokensToInput(viewTokens: readonly Token[], view: NormView): Token[] {
  return remapTokens(viewTokens, view, []);
}

/**
 * tokensToInput that moves the tokens themselves (the segment stage's own fresh tokens): one
 * token object a word instead of two (~60 MB less allocated per pass over the 1,000 releases)
 */
function tokensToInputInPlace(tokens: Token[], view: NormView): Token[] {
  return remapTokens(tokens, view, tokens);
}

function remapTokens(viewTokens: readonly Token[], view: NormView, out: Token[]): Token[] {
  const inPlace = out === viewTokens;
  let w = 0;
  let prevEnd = 0;
  for (let r = 0; r < viewTokens.length; r++) {
    const t = viewTokens[r];
    if (t.end <= t.start) continue;
    const end = Math.max(view.ends[t.end - 1], prevEnd);
    if (end <= prevEnd) continue;
    if (inPlace) {
      t.start = prevEnd;
      t.end = end;
      out[w++] = t;
    } else out[w++] = { start: prevEnd, end, kind: t.kind };
    prevEnd = end;
  }
  out.length = w;
  if (prevEnd < view.inputLength) {
    if (w > 0) out[w - 1] = { ...out[w - 1], end: view.inputLength };
    else out.push({ start: 0, end: view.inputLength, kind: 'other' });
  }
  return out;
}

export interface SegmentStageOptions {
  engine?: string;
  /** lexicon file (relative to the pipeline folder), one word per line */
  words?: string;
  extraWords?: string[];
}

export const segmentStage = defineStage<SegmentStageOptions>({
  name: 'segment',
  description: 'Thai word segmentation of the normalised view; tokens carry input offsets and cover the text exactly',
  reads: ['text', 'norm'],
  adds: ['tokens'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      engine: { type: 'string', enum: [...ENGINES] },
      words: { type: 'string', minLength: 1 },
      extraWords: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
  create(options, ctx) {
    const words: string[] = [];
    if (options.words) {
      const raw = ctx.loadFile(options.words) as string;
      for (const line of raw.split(/\r?\n/)) {
        const w = line.trim();
        if (w && !w.startsWith('#')) words.push(w);
      }
    }
    if (options.extraWords) words.push(...options.extraWords);
    const seg = createSegmenter({ engine: options.engine, words });
    return (doc: Doc): Doc => {
      const text = doc.text ?? '';
      const view = doc.norm;
      if (!view) return { ...doc, tokens: seg(text) };
      return { ...doc, tokens: tokensToInputInPlace(seg(view.text), view) };
    };
  },
});
