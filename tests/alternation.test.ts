import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alternation, escapeRegExp } from '../src/thai-numbers-dates/config.js';

/** the alternation as it was written before factoring: longest first, one word after another */
function plain(words: string[]): string {
  const uniq = [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return uniq.map(escapeRegExp).join('|');
}

function matches(source: string, text: string): [number, string][] {
  return [...text.matchAll(new RegExp(source, 'g'))].map((m) => [m.index!, m[0]]);
}

describe('lexicon alternations (numbers-dates placeholders)', () => {
  it('writes the words that share a first character once, in their order', () => {
    expect([
      alternation(['มีนา', 'เมษายน', 'มีนาคม', 'มกราคม']),
      alternation(['USD', 'US$', 'บาท', 'EUR']),
      alternation(['ก', 'กข', 'ข']),
      alternation(['x']),
      alternation([]),
    ]).toEqual([
      'ม(?:กราคม|ีนาคม|ีนา)|เมษายน',
      'EUR|U(?:S\\$|SD)|บาท',
      'ก(?:ข|)|ข',
      'x',
      '',
    ]);
  });

  it('matches exactly what the plain alternation matches (generated words and texts)', () => {
    const alphabet = fc.constantFrom('ม', 'ี', 'น', 'า', 'ค', '.', '$', 'a');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.string({ unit: alphabet, maxLength: 40 }),
        (words, text) => {
          expect(matches(alternation(words), text)).toEqual(matches(plain(words), text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
