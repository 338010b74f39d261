// The Trie's fast paths (root table, per-node child bit sets, the longest-key bound, the
// multi-rule slot scan, the two-character start test) against a naive reference over seeded random keys and texts.
import { describe, expect, test } from 'vitest';
import { Trie } from '../src/stages/entities/trie.js';

/** a small seeded PRNG (mulberry32): the same cases on every run */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Thai letters 32 apart share a bit in the child sets (c & 31): collisions are exercised
const ALPHABET = ['ก', 'ข', 'น', 'า', 'ย', 'ม', 'a', 'b', 'A', ' ', '.', String.fromCharCode(0x0e01 + 32)];

function randomWord(r: () => number, max: number): string {
  const n = 1 + Math.floor(r() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function naiveLongest(keys: Map<string, number>, text: string, i: number, endOk: (e: number) => boolean): { end: number; payload: number } | null {
  let best: { end: number; payload: number } | null = null;
  for (const [k, p] of keys) if (text.startsWith(k, i) && endOk(i + k.length) && (!best || i + k.length > best.end)) best = { end: i + k.length, payload: p };
  return best;
}

describe.each([
  ['small trie (grows, no root table)', 8, 1, false],
  ['lexicon-sized trie (root table)', 4096, 2, false],
  ['lexicon-sized trie, shrunk once filled', 4096, 3, true],
])('Trie: %s', (_name, capacity, seed, shrink) => {
  const r = rng(seed);
  const keys = new Map<string, number>();
  const trie = new Trie<number>(capacity);
  for (let i = 0; i < 300; i++) {
    const w = randomWord(r, 6);
    if (!keys.has(w)) keys.set(w, i);
    trie.add(w, i); // a later add keeps the first payload
  }
  if (shrink) {
    const before = trie.slots;
    trie.shrink();
    // 300 random keys over a 12-letter alphabet make a few hundred edges: 3/4 full at most
    expect([before, trie.slots]).toEqual([8192, 1024]);
  }
  const texts = Array.from({ length: 40 }, () => randomWord(r, 60));
  const endOk = (e: number) => e % 3 !== 1;

  test('get / hasRange / anyAt / matchesAt / longestAt equal the naive answers', () => {
    for (const text of texts) {
      for (let i = 0; i < text.length; i++) {
        for (let e = i; e <= text.length + 2; e++) expect([i, e, trie.getRange(text, i, e)]).toEqual([i, e, keys.get(text.slice(i, e))]);
        const all = [...keys].filter(([k]) => text.startsWith(k, i)).map(([k, p]) => ({ start: i, end: i + k.length, payload: p })).sort((a, b) => a.end - b.end);
        expect(trie.matchesAt(text, i)).toEqual(all);
        expect(trie.anyAt(text, i)).toBe(all.length > 0);
        // mayStartAt: false only where no key starts; true exactly where a key's first two
        // characters (or a one-character key) are there
        const may = [...keys.keys()].some((k) => (k.length === 1 ? text.startsWith(k, i) : text.startsWith(k.slice(0, 2), i)));
        expect([i, trie.mayStartAt(text, i)]).toEqual([i, may]);
        const l = naiveLongest(keys, text, i, endOk);
        expect(trie.longestAt(text, i, endOk)).toEqual(l ? { start: i, end: l.end, payload: l.payload } : null);
      }
    }
    for (const [k, p] of keys) expect(trie.get(k)).toBe(p);
  });

  test('findAllMaskedSlots equals findAllMasked over each rule’s own trie', () => {
    // three "rules" with overlapping key sets; per rule the first entry of a key is kept
    const rules = [0, 1, 2].map(() => new Map<string, number>());
    const slots = new Trie<(number | undefined)[]>(capacity);
    const own = rules.map(() => new Trie<number>(capacity));
    for (let i = 0; i < 400; i++) {
      const k = Math.floor(r() * 3);
      const w = randomWord(r, 5);
      own[k].add(w, i);
      let s = slots.get(w);
      if (!s) slots.add(w, (s = [undefined, undefined, undefined]));
      if (s[k] === undefined) s[k] = i;
    }
    if (shrink) {
      slots.shrink();
      for (const t of own) t.shrink();
    }
    let hits = 0;
    for (const text of texts) {
      const mask = new Uint8Array(text.length + 1).map((_, i) => (i % 4 === 3 ? 0 : 1));
      const got = slots.findAllMaskedSlots(text, mask, 3, endOk);
      expect(got).toEqual(own.map((t) => t.findAllMasked(text, mask, endOk)));
      hits += got.flat().length;
    }
    expect(hits).toBeGreaterThan(100); // the comparison is not vacuous
  });
});

describe('Trie: the first-code-unit filter is folded to 11 bits', () => {
  test('code units that share a bit with a key’s first one (U+0601, U+1E01 with ก U+0E01) pass the filter and find nothing', () => {
    for (const capacity of [8, 4096]) {
      const trie = new Trie<number>(capacity);
      trie.add('กา', 1);
      trie.add('ab', 2);
      const text = '\u0601า \u1e01า กา ab \u0861b';
      expect([0, 1, 3, 4, 6, 7, 9, 10, 12].map((i) => trie.startsAt(text, i))).toEqual([true, false, true, false, true, false, true, false, true]);
      expect(trie.findAll(text, () => true, () => true)).toEqual([{ start: 6, end: 8, payload: 1 }, { start: 9, end: 11, payload: 2 }]);
      expect([trie.getRange(text, 0, 2), trie.getRange(text, 3, 5), trie.getRange(text, 12, 14)]).toEqual([undefined, undefined, undefined]);
    }
  });
});
