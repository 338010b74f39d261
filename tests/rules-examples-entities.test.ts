/**
 * Runs every example of every entity rule (pipelines/gov-press/entities/rules.json):
 * in a `match` example each [[…]] span must be produced by that rule, exactly; a
 * `noMatch` example must produce nothing with that rule id.
 */
import { describe, expect, test } from 'vitest';
import { extractEntities } from '../src/stages/entities/extract.js';
import { docOf, rules } from './entities-helpers.js';

function parse(example: string): { text: string; spans: { start: number; end: number; text: string }[] } {
  let text = '';
  const spans: { start: number; end: number; text: string }[] = [];
  const re = /\[\[(.+?)\]\]/g;
  let last = 0;
  for (let m = re.exec(example); m; m = re.exec(example)) {
    text += example.slice(last, m.index);
    spans.push({ start: text.length, end: text.length + m[1].length, text: m[1] });
    text += m[1];
    last = m.index + m[0].length;
  }
  text += example.slice(last);
  return { text, spans };
}

function run(text: string) {
  const d = docOf(text);
  return extractEntities({ text, norm: d.norm, tokens: d.tokens }, rules(), { keepBlocked: true });
}

const R = rules();
describe.each(R.rules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  test.each(rule.examples.match)('match: %s', (example) => {
    const { text, spans } = parse(example);
    const got = run(text).filter((e) => e.rule === id).map((e) => ({ start: e.start, end: e.end, text: e.text }));
    for (const s of spans) expect(got).toContainEqual(s);
  });
  if (rule.examples.noMatch.length) {
    test.each(rule.examples.noMatch)('noMatch: %s', (example) => {
      expect(run(example).filter((e) => e.rule === id).map((e) => e.text)).toEqual([]);
    });
  }
});

test('every rule has at least one match example', () => {
  expect(R.rules.filter((r) => r.examples.match.length === 0).map((r) => r.id)).toEqual([]);
});
