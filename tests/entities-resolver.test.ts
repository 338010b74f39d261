import { describe, expect, test } from 'vitest';
import { resolveOverlaps, overlaps } from '../src/stages/entities/resolver.js';
import { Trie } from '../src/stages/entities/trie.js';
import { similarNames } from '../src/stages/entities/linker.js';

type C = { start: number; end: number; priority: number; id: string };
const c = (id: string, start: number, end: number, priority: number): C => ({ id, start, end, priority });

describe('resolveOverlaps', () => {
  const cases: { name: string; input: C[]; kept: string[] }[] = [
    { name: 'no overlap keeps all, sorted by start', input: [c('b', 5, 8, 1), c('a', 0, 3, 1)], kept: ['a', 'b'] },
    { name: 'higher priority wins over longer', input: [c('long', 0, 10, 5), c('short', 2, 4, 9)], kept: ['short'] },
    { name: 'same priority: longer wins', input: [c('inner', 2, 4, 5), c('outer', 0, 10, 5)], kept: ['outer'] },
    { name: 'same priority and length: earlier start wins', input: [c('late', 3, 8, 5), c('early', 1, 6, 5)], kept: ['early'] },
    { name: 'full tie: first in input wins', input: [c('first', 0, 4, 5), c('second', 0, 4, 5)], kept: ['first'] },
    { name: 'touching spans do not overlap', input: [c('a', 0, 4, 5), c('b', 4, 8, 5)], kept: ['a', 'b'] },
    { name: 'loser of one overlap does not block others', input: [c('x', 0, 5, 9), c('y', 3, 9, 5), c('z', 6, 9, 1)], kept: ['x', 'z'] },
    { name: 'empty spans are dropped', input: [c('empty', 3, 3, 9), c('a', 0, 5, 1)], kept: ['a'] },
    {
      name: 'chain: middle high priority splits neighbours',
      input: [c('l', 0, 6, 5), c('m', 5, 7, 8), c('r', 6, 12, 5), c('far', 12, 14, 1)],
      kept: ['m', 'far'],
    },
  ];
  test.each(cases)('$name', ({ input, kept }) => {
    const before = JSON.stringify(input);
    expect(resolveOverlaps(input).map((x) => x.id)).toEqual(kept);
    expect(JSON.stringify(input)).toBe(before); // pure
  });

  test('result never overlaps and is sorted (random)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const input = Array.from({ length: 20 }, (_, i) => {
        const s = Math.floor(rnd() * 50);
        return c(String(i), s, s + 1 + Math.floor(rnd() * 8), Math.floor(rnd() * 4));
      });
      const out = resolveOverlaps(input);
      for (let i = 1; i < out.length; i++) {
        expect(out[i - 1].start <= out[i].start).toBe(true);
        expect(overlaps(out[i - 1], out[i])).toBe(false);
      }
      // every dropped candidate overlaps a kept one that beats it or ties
      for (const x of input) {
        if (out.includes(x)) continue;
        expect(out.some((k) => overlaps(k, x) && k.priority >= x.priority)).toBe(true);
      }
    }
  });
});

describe('Trie', () => {
  const t = new Trie<string>();
  for (const w of ['กระทรวง', 'กระทรวงดิจิทัลฯ', 'ITU', 'IT']) t.add(w, w.toUpperCase());
  test.each([
    { text: 'กระทรวงดิจิทัลฯ ได้', at: 0, hits: [[0, 7], [0, 15]] },
    { text: 'xITUx', at: 1, hits: [[1, 3], [1, 4]] },
    { text: 'กระทร', at: 0, hits: [] },
  ])('matchesAt $text', ({ text, at, hits }) => {
    expect(t.matchesAt(text, at).map((h) => [h.start, h.end])).toEqual(hits);
  });
  test('findAll keeps the longest accepted match and resumes after it', () => {
    const text = 'กระทรวงดิจิทัลฯ และ ITU';
    expect(t.findAll(text, () => true, () => true).map((h) => [h.start, h.end, h.payload])).toEqual([
      [0, 15, 'กระทรวงดิจิทัลฯ'],
      [20, 23, 'ITU'],
    ]);
    // an end the caller rejects falls back to the shorter key
    expect(t.findAll(text, () => true, (e) => e !== 15).map((h) => [h.start, h.end])).toEqual([[0, 7], [20, 23]]);
  });
  test('has/get and first payload kept', () => {
    t.add('ITU', 'other');
    expect([t.has('ITU'), t.get('ITU'), t.has('IT'), t.has('I'), t.size]).toEqual([true, 'ITU', true, false, 4]);
  });
});

describe('similarNames', () => {
  test.each([
    { a: 'รัฐมนตรีดิจิทัลภูมิภาคเอเชียแปซิฟิก', b: 'รัฐมนตรีดิจิทัลของภูมิภาคเอเซียแปซิฟิก', opt: false, same: true },
    { a: 'opening ceremony for asean china year', b: 'opening ceremony of asean china year', opt: false, same: true },
    { a: 'การประชุมสุดยอดอาเซียน ครั้งที่ 36', b: 'การประชุมสุดยอดอาเซียน ครั้งที่ 37', opt: true, same: false },
    { a: 'wsis forum', b: 'wsis forum 2021', opt: true, same: true },
    { a: 'wsis forum', b: 'wsis forum 2021', opt: false, same: false },
    { a: 'กระทรวงพาณิชย์', b: 'กระทรวงพลังงาน', opt: false, same: false },
    { a: 'ชัยวุฒิ', b: 'ชัยวัฒน์', opt: false, same: false },
  ])('$a ~ $b', ({ a, b, opt, same }) => {
    expect(similarNames(a, b, 0.94, opt)).toBe(same);
  });
});
