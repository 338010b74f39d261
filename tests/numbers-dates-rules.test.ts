/**
 * Every rule in pipelines/gov-press/numbers-dates.json carries examples: a `match` string must
 * yield an item from that rule whose text is the whole string or its [[bracketed]] part (with
 * all the other rules competing for the same text); a `noMatch` string must yield no item
 * from that rule.
 */
import { describe, expect, it } from 'vitest';
import { analyse, defaultNormaliser } from '../src/thai-numbers-dates/index.js';
import { coreEndsMatch } from '../src/thai-numbers-dates/config.js';
import { thaiDigitsToArabic } from '../src/thai-numbers-dates/digits.js';

const rules = defaultNormaliser().config.rules;

function expected(example: string): { text: string; span: string } {
  const m = /\[\[(.*?)\]\]/.exec(example);
  const text = example.replace('[[', '').replace(']]', '');
  return { text, span: m ? m[1] : text };
}

describe('numbers-dates rule examples', () => {
  const cases = rules.flatMap((r) => [
    ...r.examples.match.map((e) => [r.id, 'match', e] as const),
    ...r.examples.noMatch.map((e) => [r.id, 'noMatch', e] as const),
  ]);
  it.each(cases)('%s %s %s', (id, kind, example) => {
    const { text, span } = expected(example);
    const got = analyse(text, { published: '2021-03-24' }).items.filter((i) => i.rule === id).map((i) => i.text);
    if (kind === 'match') expect(got).toContain(span);
    else expect(got).toEqual([]);
  });
});

describe('core offsets without match indices', () => {
  it.each([
    ['(?<core>a)', true],
    ['(?<core>a)(?!b)', true],
    ['x(?<core>a)(?<![)\\]]a)(?=c)', true],
    ['(?<core>a|b)(?=c)', true],
    ['(?<core>a)b', false],
    ['x|(?<core>a)', false],
    ['(?<core>a)?', false],
    ['(?<core>a)(?!b)*', false],
    ['(x(?<core>a))', false],
    ['(?<core>a)[)]', false],
    ['(?<core>a)(?:(?=b))', false],
    ['(?<core>a)\\)', false],
  ] as const)('coreEndsMatch(%s) = %s', (source, want) => {
    expect(coreEndsMatch(source)).toBe(want);
  });

  it('every rule matched over its examples: the core offsets from the core text equal the match indices', () => {
    const compiled = defaultNormaliser().rules.filter((r) => r.reAt);
    const texts = rules.flatMap((r) => [...r.examples.match, ...r.examples.noMatch].map((e) => expected(e).text));
    let checked = 0;
    const mismatches: string[] = [];
    for (const rule of compiled) {
      expect(rule.coreAtEnd).toBe(true); // every gov-press rule ends with its core
      for (const text of texts) {
        const t = thaiDigitsToArabic(text);
        for (const m of t.matchAll(rule.re)) {
          const core = m.groups?.core;
          const withIndices = rule.reAt!;
          withIndices.lastIndex = m.index;
          const idx = withIndices.exec(t)?.indices?.groups?.core;
          const end = m.index + m[0].length;
          if (core === undefined || !idx || idx[0] !== end - core.length || idx[1] !== end) mismatches.push(`${rule.id}: ${text}`);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
});
