import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFactRules, factRulesSchema, type FactRulesSpec } from '../src/stages/facts/rules.js';
import { positionRefersTo } from '../src/stages/facts/extract.js';
import { compileSchema } from '../src/schemas/ajv.js';
import { ThaiExtractError } from '../src/errors.js';

const FILE = path.resolve(__dirname, '../pipelines/gov-press/facts.json');
const spec = JSON.parse(readFileSync(FILE, 'utf8')) as FactRulesSpec;
const rules = compileFactRules(spec, FILE);

type Row = { id: string; ex: string; want: boolean };
const patterned = [
  ...spec.triggers,
  ...spec.modes,
  spec.clauseMarkers,
  spec.speechMarkers,
  spec.actorExclusion,
  spec.groupActor,
  spec.eventAnaphora,
  spec.eventBridge,
  spec.locationMarker,
];
const rows: Row[] = patterned.flatMap((r) => [
  ...r.examples.match.map((ex) => ({ id: r.id, ex, want: true })),
  ...r.examples.noMatch.map((ex) => ({ id: r.id, ex, want: false })),
]);
const compiled = new Map(
  [...rules.triggers, ...rules.modes, rules.clauseMarkers, rules.speechMarkers, rules.actorExclusion, rules.groupActor, rules.eventAnaphora, rules.eventBridge, rules.locationMarker].map((r) => [r.id, r.re]),
);

describe('facts.json', () => {
  it('validates against its schema', () => {
    expect(compileSchema(factRulesSchema)(spec)).toBe(true);
  });
  it('has unique rule ids and at least one example per rule', () => {
    const ids = patterned.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(patterned.filter((r) => r.examples.match.length === 0)).toEqual([]);
  });
  it.each(rows)('$id: $ex -> $want', ({ id, ex, want }) => {
    const re = new RegExp(compiled.get(id)!.source, compiled.get(id)!.flags);
    expect(re.test(ex)).toBe(want);
  });
  it('covers every trigger family the issue names', () => {
    const types = [...new Set(spec.triggers.map((t) => t.type))].sort();
    expect(types).toEqual(['adoption', 'award', 'bilateral_meeting', 'chair', 'moderator', 'nomination', 'organizer', 'participation', 'presentation', 'signing', 'speaker']);
  });
});

describe('compileFactRules errors', () => {
  const bad = (mut: (s: FactRulesSpec) => void) => {
    const s = structuredClone(spec);
    mut(s);
    try {
      compileFactRules(s, 'x.json');
      return null;
    } catch (e) {
      return { code: (e as ThaiExtractError).code, pointer: (e as ThaiExtractError).context.pointer, value: (e as ThaiExtractError).context.value };
    }
  };
  it.each([
    { name: 'failing match example', mut: (s: FactRulesSpec) => s.triggers[0].examples.match.push('ไม่มีอะไร'), want: { code: 'TE109', pointer: `/triggers/0/examples/match/${spec.triggers[0].examples.match.length}`, value: 'ไม่มีอะไร' } },
    { name: 'matching noMatch example', mut: (s: FactRulesSpec) => s.triggers[0].examples.noMatch.push('เข้าร่วมการประชุม'), want: { code: 'TE109', pointer: `/triggers/0/examples/noMatch/${spec.triggers[0].examples.noMatch.length}`, value: 'เข้าร่วมการประชุม' } },
    { name: 'bad regexp', mut: (s: FactRulesSpec) => { s.modes[0].pattern = '(unclosed'; }, want: { code: 'TE110', pointer: '/modes/0/pattern', value: '(unclosed' } },
    { name: 'duplicate id', mut: (s: FactRulesSpec) => { s.triggers[1].id = s.triggers[0].id; }, want: { code: 'TE108', pointer: '/triggers/1/id', value: spec.triggers[0].id } },
  ])('$name', ({ mut, want }) => {
    expect(bad(mut)).toEqual(want);
  });
});

describe('positionRefersTo', () => {
  const abbr = spec.positionAbbreviations;
  const FULL = 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอีเอส)';
  const MIN = 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอีเอส)';
  it.each([
    { short: 'ผู้ช่วยรัฐมนตรีฯ', full: FULL, want: true },
    { short: 'ผู้ช่วยรัฐมนตรีกระทรวงดิจิทัลฯ', full: FULL, want: true },
    { short: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงฯ', full: FULL, want: true },
    { short: 'รมว.ดีอีเอส', full: MIN, want: true },
    { short: 'รมว.ดีอีเอส', full: FULL, want: false },
    { short: 'ปลัดกระทรวงดิจิทัลฯ', full: MIN, want: false },
    { short: 'รมว.', full: 'รัฐมนตรีว่าการกระทรวงการต่างประเทศ', want: true },
  ])('$short -> $want', ({ short, full, want }) => {
    expect(positionRefersTo(short, full, abbr)).toBe(want);
  });
});
