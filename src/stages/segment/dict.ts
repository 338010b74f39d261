/**
 * The `dict` engine: a dictionary segmenter over a prebuilt double-array trie
 * (data/dict/th-dict.bin, built by scripts/build-dict.mjs), with custom words,
 * Thai character cluster constraints and a lowest-cost path through the lattice
 * of candidate words (a unigram model: each word costs a constant plus its
 * negative log frequency; clusters that no word covers cost more, and a run of
 * them becomes one unknown token).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThaiExtractError } from '../../errors.js';
import { tccBoundaries } from './chars.js';

export interface DictData {
  size: number;
  base: Int32Array;
  check: Int32Array;
  /** cost of ending a word in state s (Infinity: not a word end) */
  cost: Float32Array;
  /** corpus frequency per state (-1: not a word end) */
  freq: Float32Array;
  total: number;
  words: number;
  file: string;
}

/**
 * Tuning constants of the cost model. Chosen by a small grid search on the two benchmark sets
 * (wisesight-1000, tud-news; docs/evaluation.md, "Segmentation"): both gold standards split
 * compounds finely, so words are cheap (a negative constant) and the frequency term is damped.
 */
export const COSTS = {
  /** added to every word: higher = fewer, longer words */
  perWord: -4,
  /** weight of the negative log frequency */
  freqWeight: 0.8,
  /** added to the frequency of every dictionary word */
  smoothing: 1,
  /** extra cost of a dictionary word that never occurs in the frequency list (often a long compound) */
  unseenWord: 0,
  /** cost of one character cluster that no dictionary word covers */
  unknownCluster: 2,
  /** cost of a custom (pipeline or call) word: lower than any dictionary path through it */
  customWord: -1000,
};

export const DICT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/dict/th-dict.bin');

let cached: DictData | null = null;

/** load (once) the compact dictionary file */
export function loadDict(file: string = DICT_FILE): DictData {
  if (cached && cached.file === file) return cached;
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new ThaiExtractError('TE107', `cannot read the segmentation dictionary (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  if (buf.length < 16 || buf.toString('latin1', 0, 4) !== 'THD1') {
    throw new ThaiExtractError('TE108', 'not a THD1 dictionary file (rebuild with scripts/build-dict.mjs)', { file });
  }
  const size = buf.readUInt32LE(4);
  const words = buf.readUInt32LE(8);
  const total = buf.readUInt32LE(12);
  if (buf.length !== 16 + size * 12) throw new ThaiExtractError('TE108', 'truncated dictionary file', { file, value: buf.length });
  const ab = buf.byteOffset % 4 === 0 ? buf.buffer : new Uint8Array(buf).buffer;
  const off = buf.byteOffset % 4 === 0 ? buf.byteOffset : 0;
  const base = new Int32Array(ab, off + 16, size);
  const check = new Int32Array(ab, off + 16 + size * 4, size);
  const freq = new Float32Array(ab, off + 16 + size * 8, size);
  cached = { size, base, check, cost: new Float32Array(size), freq, total, words, file };
  computeCosts(cached);
  return cached;
}

/** (re)compute word costs from frequencies and COSTS (call after changing COSTS) */
export function computeCosts(d: DictData): void {
  const lnTotal = Math.log(d.total);
  const { freq, cost } = d;
  for (let s = 0; s < d.size; s++) {
    const f = freq[s];
    cost[s] = f < 0 ? Infinity : COSTS.perWord + COSTS.freqWeight * (lnTotal - Math.log(f + COSTS.smoothing)) + (f === 0 ? COSTS.unseenWord : 0);
  }
}

/** alphabet of the trie: Thai block -> 1..127, '.' -> 128, anything else -> -1 */
function symbol(c: number): number {
  if (c > 0x0e00 && c <= 0x0e7f) return c - 0x0e00;
  return c === 0x2e ? 128 : -1;
}

/** custom words indexed by first character */
export class CustomWords {
  readonly byFirst = new Map<number, string[]>();
  constructor(words: Iterable<string>) {
    const seen = new Set<string>();
    for (const raw of words) {
      const w = raw.trim();
      if (!w || seen.has(w)) continue;
      seen.add(w);
      const k = w.charCodeAt(0);
      const list = this.byFirst.get(k);
      if (list) list.push(w);
      else this.byFirst.set(k, [w]);
    }
  }
  get size(): number {
    let n = 0;
    for (const l of this.byFirst.values()) n += l.length;
    return n;
  }
}

export interface DictCutter {
  cut(text: string, start: number, end: number, ends: number[]): void;
}

/**
 * The trie's base and check arrays interleaved, 8 bytes a state: a step of a walk reads the
 * check of the state it enters and then its base, on one cache line (not two lines in two
 * arrays). A state that ends a word stores ~base (negative: bases are ≥ 0), so the cost array
 * is read only at word ends (and read live: computeCosts still takes effect). Made once per
 * dictionary, shared by its cutters (segment() with custom words makes a cutter per call).
 */
const interleaved = new WeakMap<DictData, Int32Array>();
function trieNodes(dict: DictData): Int32Array {
  let nodes = interleaved.get(dict);
  if (nodes) return nodes;
  nodes = new Int32Array(dict.size * 2);
  for (let s = 0; s < dict.size; s++) {
    const b = dict.base[s];
    if (b < 0) throw new ThaiExtractError('TE108', 'negative base in the dictionary trie (rebuild with scripts/build-dict.mjs)', { file: dict.file, value: s });
    nodes[2 * s] = dict.cost[s] !== Infinity ? ~b : b;
    nodes[2 * s + 1] = dict.check[s];
  }
  interleaved.set(dict, nodes);
  return nodes;
}

/** a cutter for Thai runs using the dictionary and optional custom words */
export function createDictCutter(dict: DictData, custom?: CustomWords): DictCutter {
  const { size, cost: wcost } = dict;
  const nodes = trieNodes(dict);
  const customMap = custom && custom.size > 0 ? custom.byFirst : null;
  let cap = 0;
  let ok = new Uint8Array(0);
  let best = new Float64Array(0);
  let back = new Int32Array(0);
  let unk = new Uint8Array(0);
  /** the run's characters as trie symbols (each is read by every walk that reaches it) */
  let syms = new Int32Array(0);
  const U = COSTS.unknownCluster;
  const CW = COSTS.customWord;

  return {
    cut(text, start, end, ends) {
      const n = end - start;
      if (n + 1 > cap) {
        cap = Math.max(n + 1, cap * 2, 256);
        ok = new Uint8Array(cap);
        best = new Float64Array(cap);
        back = new Int32Array(cap);
        unk = new Uint8Array(cap);
        syms = new Int32Array(cap);
      }
      tccBoundaries(text, start, end, ok);
      for (let j = 0; j < n; j++) syms[j] = symbol(text.charCodeAt(start + j));
      best[0] = 0;
      for (let k = 1; k <= n; k++) best[k] = Infinity;
      for (let i = 0; i < n; i++) {
        const bi = best[i];
        if (bi === Infinity || ok[i] === 0) continue;
        // dictionary words starting at i
        let s = 0;
        let b = nodes[0];
        for (let j = i; j < n; j++) {
          const sym = syms[j];
          if (sym < 0) break;
          const t = (b < 0 ? ~b : b) + sym;
          if (t >= size || nodes[2 * t + 1] !== s) break;
          s = t;
          b = nodes[2 * t];
          if (b < 0 && ok[j + 1] === 1) {
            const c = bi + wcost[s];
            if (c < best[j + 1]) {
              best[j + 1] = c;
              back[j + 1] = i;
              unk[j + 1] = 0;
            }
          }
        }
        // custom words starting at i
        if (customMap !== null) {
          const list = customMap.get(text.charCodeAt(start + i));
          if (list !== undefined) {
            for (const w of list) {
              const e = i + w.length;
              if (e <= n && ok[e] === 1 && text.startsWith(w, start + i)) {
                const c = bi + CW;
                if (c < best[e]) {
                  best[e] = c;
                  back[e] = i;
                  unk[e] = 0;
                }
              }
            }
          }
        }
        // one unknown cluster
        let k = i + 1;
        while (k < n && ok[k] === 0) k++;
        const c = bi + U;
        if (c < best[k]) {
          best[k] = c;
          back[k] = i;
          unk[k] = text.charCodeAt(start + i) === 0x2e ? 2 : 1;
        }
      }
      // backtrack, merging runs of unknown clusters (but never a '.')
      const first = ends.length;
      let k = n;
      while (k > 0) {
        const i = back[k];
        if (unk[k] === 1) {
          let j = i;
          while (j > 0 && unk[j] === 1) j = back[j];
          ends.push(start + k);
          k = j;
        } else {
          ends.push(start + k);
          k = i;
        }
      }
      // reverse the pushed part
      for (let a = first, b = ends.length - 1; a < b; a++, b--) {
        const tmp = ends[a];
        ends[a] = ends[b];
        ends[b] = tmp;
      }
    },
  };
}
