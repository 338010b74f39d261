/**
 * Every rule in pipelines/gov-press/numbers-dates.json carries examples: a `match` string must
 * yield an item from that rule whose text is the whole string or its [[bracketed]] part (with
 * all the other rules competing for the same text); a `noMatch` string must yield no item
 * from that rule.
 */
import { describe, expect, it } from 'vitest';
import { analyse, defaultNormaliser } from '../src/thai-numbers-dates/index.js';

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
