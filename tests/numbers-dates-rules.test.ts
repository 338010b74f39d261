/**
 * Every rule in pipelines/gov-press/numbers-dates.json carries examples: a `match` string must
 * yield an item from that rule whose text is the whole string or its [[bracketed]] part (with
 * all the other rules competing for the same text); a `noMatch` string must yield no item
 * from that rule.
 */
import { describe, expect, it } from 'vitest';
import { analyse, createNormaliser, defaultNormaliser } from '../src/thai-numbers-dates/index.js';
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

describe('core offsets from match indices', () => {
  it('a date whose year is implausible ends after its month (the indices of group m)', () => {
    const got = (t: string) => analyse(t, { published: '2021-03-24' }).items.map((i) => [i.rule, i.text, i.start, i.end, i.canonical]);
    expect(got('ประชุมเมื่อ 5 มีนาคม 12 โดยมี')).toEqual([
      ['date.dmy', '5 มีนาคม', 12, 20, '2021-03-05'],
      ['number.plain', '12', 21, 23, '12'],
    ]);
    expect(got('3 ก.พ. 1200')).toEqual([
      ['date.dmy', '3 ก.พ.', 0, 6, '2021-02-03'],
      ['number.plain', '1200', 7, 11, '1200'],
    ]);
  });

  it('a rule whose core does not end its match takes the core from the match indices', () => {
    const config = structuredClone(defaultNormaliser().config);
    const i = config.rules.findIndex((r) => r.id === 'money.suffix');
    // the core stops before the currency word, which the match still consumes
    config.rules[i] = { ...config.rules[i], pattern: '(?<![\\d.,])(?<core>(?<n>{NUM}))\\s*(?<cur>บาท)', examples: { match: ['[[5]] บาท'], noMatch: [] } };
    const n = createNormaliser(config);
    const rule = n.rules.find((r) => r.id === 'money.suffix')!;
    expect(rule.coreAtEnd).toBe(false);
    const items = n.analyse('ราคา 1,500 บาท และ 20 บาท').items.filter((it) => it.rule === 'money.suffix');
    expect(items.map((it) => [it.text, it.start, it.end, it.canonical])).toEqual([
      ['1,500', 5, 10, '1500 THB'],
      ['20', 19, 21, '20 THB'],
    ]);
  });
});
