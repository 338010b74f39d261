#!/usr/bin/env node
/**
 * Builds data/dict/th-dict.bin, the compact dictionary of the `dict` segmentation engine,
 * from the word lists in data/dict/sources/ (see data/dict/README.md for sources and licences).
 *
 * The output is a double-array trie over a 129-symbol alphabet (Thai block U+0E01..U+0E7F -> 1..127,
 * '.' -> 128) with, per trie state, the word frequency from tnc_freq.txt (-1: not a word end,
 * 0: a word with no corpus frequency). Loading it is a single file read (no parsing).
 *
 * Layout (little-endian): "THD1" | uint32 N | uint32 wordCount | uint32 totalFreq
 *                         | int32 base[N] | int32 check[N] | float32 freq[N]
 *
 * Usage: node scripts/build-dict.mjs [--min-tnc N]   (e.g. --min-tnc 20 also adds frequent TNC-only words)
 */
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'data/dict/sources');
const out = path.join(root, 'data/dict/th-dict.bin');

const args = process.argv.slice(2);
const minTncIdx = args.indexOf('--min-tnc');
/**
 * A word that is only in tnc_freq.txt enters the dictionary at this frequency or above. Off by
 * default: the list has fragments and phrases, and adding them measured slightly worse on both
 * benchmark sets (tnc_freq.txt still gives the frequencies of the listed words).
 */
const MIN_TNC = minTncIdx >= 0 ? Number(args[minTncIdx + 1]) : Infinity;

function code(ch) {
  const c = ch.charCodeAt(0);
  if (c > 0x0e00 && c <= 0x0e7f) return c - 0x0e00;
  if (c === 0x2e) return 128;
  return -1;
}
const usable = (w) => w.length > 0 && [...w].every((ch) => code(ch) > 0) && code(w[0]) !== 128;

const lines = (file) => readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

// 1. frequencies
const freq = new Map();
let total = 0;
for (const line of lines(path.join(src, 'tnc_freq.txt'))) {
  const [w, f] = line.split('\t');
  const n = Number(f);
  if (!w || !Number.isFinite(n)) continue;
  total += n;
  if (usable(w)) freq.set(w, (freq.get(w) ?? 0) + n);
}

// 2. the word set
const words = new Set();
for (const w of lines(path.join(src, 'words_th.txt'))) if (usable(w)) words.add(w);
const wcDir = path.join(src, 'wordcut');
for (const f of (existsSync(wcDir) ? readdirSync(wcDir) : []).filter((f) => f.endsWith('.txt')).sort()) {
  for (const w of lines(path.join(wcDir, f))) if (w.length > 1 && usable(w)) words.add(w);
}
for (const [w, n] of freq) if (n >= MIN_TNC) words.add(w);

// 3. trie (node = Map of code -> node index)
const kids = [new Map()];
const wordFreq = [-1];
for (const w of words) {
  let s = 0;
  for (const ch of w) {
    const c = code(ch);
    let t = kids[s].get(c);
    if (t === undefined) {
      t = kids.length;
      kids.push(new Map());
      wordFreq.push(-1);
      kids[s].set(c, t);
    }
    s = t;
  }
  wordFreq[s] = freq.get(w) ?? 0;
}

// 4. double array
let cap = 1 << 20;
let base = new Int32Array(cap);
let check = new Int32Array(cap).fill(-1);
let size = 1;
function grow(n) {
  while (n >= cap) {
    const nb = new Int32Array(cap * 2);
    nb.set(base);
    const nc = new Int32Array(cap * 2).fill(-1);
    nc.set(check);
    base = nb;
    check = nc;
    cap *= 2;
  }
}
const datIndex = new Int32Array(kids.length); // trie node -> DA index
datIndex[0] = 0;
check[0] = -2;
let firstFree = 1;
const queue = [0];
for (let qi = 0; qi < queue.length; qi++) {
  const node = queue[qi];
  const s = datIndex[node];
  const cs = [...kids[node].keys()].sort((a, b) => a - b);
  if (cs.length === 0) continue;
  while (check[firstFree] !== -1) { firstFree++; grow(firstFree + 200); }
  let b;
  for (let cell = firstFree; ; cell++) {
    grow(cell + 200);
    if (check[cell] !== -1) continue;
    b = cell - cs[0];
    if (b < 0) continue;
    let ok = true;
    for (let k = 1; k < cs.length; k++) {
      if (check[b + cs[k]] !== -1) { ok = false; break; }
    }
    if (ok) break;
  }
  base[s] = b;
  for (const c of cs) {
    const t = b + c;
    check[t] = s;
    const child = kids[node].get(c);
    datIndex[child] = t;
    if (t + 1 > size) size = t + 1;
    queue.push(child);
  }
}
const N = size;
const fq = new Float32Array(N).fill(-1);
for (let node = 0; node < kids.length; node++) fq[datIndex[node]] = wordFreq[node];

const buf = Buffer.alloc(16 + N * 12);
buf.write('THD1', 0, 'latin1');
buf.writeUInt32LE(N, 4);
buf.writeUInt32LE(words.size, 8);
buf.writeUInt32LE(Math.min(total, 0xffffffff), 12);
Buffer.from(base.buffer, 0, N * 4).copy(buf, 16);
Buffer.from(check.buffer, 0, N * 4).copy(buf, 16 + N * 4);
Buffer.from(fq.buffer, 0, N * 4).copy(buf, 16 + N * 8);
writeFileSync(out, buf);
console.log(`${path.relative(root, out)}: ${words.size} words, ${kids.length} trie nodes, ${N} cells, ${buf.length} bytes (min-tnc ${MIN_TNC})`);
