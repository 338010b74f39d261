/**
 * Segmentation engines, chosen by name from an explicit map. Every engine only cuts
 * Thai runs; numbers, Latin words, spaces and punctuation are handled the same way for
 * all of them (tokenize.ts).
 */
import { createRequire } from 'node:module';
import { ThaiExtractError } from '../../errors.js';
import { CustomWords, createDictCutter, loadDict } from './dict.js';
import { tccBoundary } from './chars.js';
import type { ThaiCutter } from './tokenize.js';

export interface EngineFactory {
  name: string;
  description: string;
  /** build a cutter; `words` are extra words that must stay whole */
  create(words: readonly string[]): ThaiCutter;
  /**
   * remember the cuts of short runs (createSegmenter): for engines slower than a string slice
   * and a Map lookup per run. Over the 1,000 releases: wordcut 217k → 237k chars/s and icu
   * 2.39M → 2.67M with it; the dict engine is faster without it (segment stage 0.92–0.96).
   */
  memo?: boolean;
}

const require = createRequire(import.meta.url);

interface WordcutInstance {
  init(dictPath?: string | string[], withDefault?: boolean, words?: string[]): void;
  cutIntoRanges(text: string): { s: number; e: number }[];
}

const wordcutCache = new Map<string, WordcutInstance>();

function wordcutInstance(words: readonly string[]): WordcutInstance {
  const key = [...new Set(words)].sort().join('\n');
  let w = wordcutCache.get(key);
  if (!w) {
    // a fresh object per word set: wordcut keeps its state on `this`
    w = Object.create(require('wordcut') as object) as WordcutInstance;
    // the README's array-of-files form drops the files; the third argument adds words
    w.init(undefined, true, words.length > 0 ? [...words] : undefined);
    wordcutCache.set(key, w);
  }
  return w;
}

/** longest piece handed to Intl.Segmenter at once (it slows down sharply on long strings) */
export const ICU_CHUNK = 400;

let icuSegmenter: Intl.Segmenter | null = null;

function icuCut(text: string, start: number, end: number, ends: number[], custom: CustomWords | null): void {
  icuSegmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  const from = ends.length;
  let s = start;
  while (s < end) {
    let e = Math.min(end, s + ICU_CHUNK);
    // cut chunks at a cluster boundary
    while (e < end && e > s + 1 && !tccBoundary(text, start, end, e)) e--;
    const piece = text.slice(s, e);
    let pos = s;
    for (const seg of icuSegmenter.segment(piece)) {
      const b = s + seg.index + seg.segment.length;
      if (b > pos) {
        ends.push(b);
        pos = b;
      }
    }
    s = e;
  }
  if (custom) mergeCustom(text, start, end, ends, from, custom);
}

/**
 * merge pieces so that custom words found in [start, end) are whole tokens (greedy, longest
 * first); the run's pieces are ends[from…] (what comes before belongs to earlier runs)
 */
function mergeCustom(text: string, start: number, end: number, ends: number[], from: number, custom: CustomWords): void {
  const spans: [number, number][] = [];
  for (let i = start; i < end; i++) {
    const list = custom.byFirst.get(text.charCodeAt(i));
    if (!list) continue;
    let best = 0;
    for (const w of list) if (w.length > best && i + w.length <= end && text.startsWith(w, i)) best = w.length;
    if (best > 0) {
      spans.push([i, i + best]);
      i += best - 1;
    }
  }
  if (spans.length === 0) return;
  const mine = ends.splice(from);
  const set = new Set(mine);
  for (const [a, b] of spans) {
    for (const e of [...set]) if (e > a && e < b) set.delete(e);
    if (a > start) set.add(a);
    set.add(b);
  }
  ends.push(...[...set].sort((x, y) => x - y));
}

export const ENGINE_FACTORIES: Readonly<Record<string, EngineFactory>> = {
  dict: {
    name: 'dict',
    description: 'our dictionary engine: PyThaiNLP + wordcut word lists with TNC frequencies, TCC-constrained lowest-cost path',
    create(words) {
      const cutter = createDictCutter(loadDict(), words.length > 0 ? new CustomWords(words) : undefined);
      return (text, start, end, ends) => cutter.cut(text, start, end, ends);
    },
  },
  wordcut: {
    name: 'wordcut',
    description: 'the wordcut npm package (cutIntoRanges)',
    memo: true,
    create(words) {
      const w = wordcutInstance(words);
      return (text, start, end, ends) => {
        const piece = start === 0 && end === text.length ? text : text.slice(start, end);
        for (const r of w.cutIntoRanges(piece)) if (r.e > r.s) ends.push(start + r.e);
      };
    },
  },
  icu: {
    name: 'icu',
    description: "Intl.Segmenter('th'), in bounded chunks",
    memo: true,
    create(words) {
      const custom = words.length > 0 ? new CustomWords(words) : null;
      return (text, start, end, ends) => icuCut(text, start, end, ends, custom);
    },
  },
};

export const ENGINES: readonly string[] = Object.keys(ENGINE_FACTORIES);
export const DEFAULT_ENGINE = 'dict';

export function getEngine(name: string): EngineFactory {
  const f = Object.prototype.hasOwnProperty.call(ENGINE_FACTORIES, name) ? ENGINE_FACTORIES[name] : undefined;
  if (!f) throw new ThaiExtractError('TE111', `unknown segmentation engine (known: ${ENGINES.join(', ')})`, { value: name });
  return f;
}
