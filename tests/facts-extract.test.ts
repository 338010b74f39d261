import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity, EntityType, Fact } from '../src/doc/types.js';
import { extractFacts } from '../src/stages/facts/extract.js';
import { compileFactRules, type FactRulesSpec } from '../src/stages/facts/rules.js';

const spec = JSON.parse(readFileSync(path.resolve(__dirname, '../pipelines/gov-press/facts.json'), 'utf8')) as FactRulesSpec;
const rules = compileFactRules(spec);

/** the n-th occurrence (0-based) of needle: hand-built entities with exact offsets */
function at(text: string, needle: string, n = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`no occurrence ${n} of ${needle}`);
  }
  return [i, i + needle.length];
}
function ent(text: string, type: EntityType, needle: string, canonical = needle, value?: Record<string, unknown>, n = 0): Entity {
  const [start, end] = at(text, needle, n);
  return { id: '', type, text: needle, start, end, canonical, rule: 'test', ...(value ? { value } : {}) };
}
const date = (text: string, needle: string, iso: string, n = 0) => ent(text, 'DATE', needle, iso, { iso, precision: 'day', era: 'BE' }, n);
const brief = (f: Fact) => [f.type, f.actor?.text ?? null, f.position, f.event?.text ?? null, f.date, f.location, f.mode, (f.counterpart as { text: string } | undefined)?.text ?? '-'];

describe('extractFacts on hand-built documents', () => {
  it('participation, coreference by a position back-reference, date from the sentence, document mode', () => {
    const text =
      'นายก ข ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม กล่าวว่า วันนี้ (8 กันยายน 2563) ได้เข้าร่วมการประชุมโต๊ะกลม\n' +
      'การประชุมปีนี้จัดขึ้นในรูปแบบออนไลน์\n' +
      'ในการประชุม Policy Session เมื่อวันที่ 23 กรกฎาคม 2563 ผู้ช่วยรัฐมนตรีฯ ได้เข้าร่วมประชุม และนำเสนอนโยบาย';
    const person = ent(text, 'PERSON', 'นายก ข', 'ก ข', { honorific: 'นาย', given: 'ก', family: 'ข' });
    const pos = ent(text, 'POSITION', 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', undefined, { person: `@${person.start}:${person.end}` });
    const entities = [
      person,
      pos,
      date(text, 'วันนี้ (8 กันยายน 2563)', '2020-09-08'),
      ent(text, 'EVENT', 'การประชุมโต๊ะกลม'),
      ent(text, 'EVENT', 'Policy Session'),
      date(text, '23 กรกฎาคม 2563', '2020-07-23'),
      ent(text, 'POSITION', 'ผู้ช่วยรัฐมนตรีฯ'),
    ];
    const facts = extractFacts({ text, entities }, rules);
    const P = 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม';
    expect(facts.map(brief)).toEqual([
      ['participation', 'นายก ข', P, 'การประชุมโต๊ะกลม', '2020-09-08', null, 'online', '-'],
      ['participation', 'นายก ข', P, 'Policy Session', '2020-07-23', null, 'online', '-'],
      ['presentation', 'นายก ข', P, 'Policy Session', '2020-07-23', null, 'online', '-'],
    ]);
    expect(facts.map((f) => [f.actor!.entity, f.rule])).toEqual([
      [`@${person.start}:${person.end}`, 'fact.participation.attend'],
      [`@${person.start}:${person.end}`, 'fact.participation.attend'],
      [`@${person.start}:${person.end}`, 'fact.presentation'],
    ]);
  });

  it('an event without a date in its line takes the date stated for that event, never another date', () => {
    const text =
      'นายก ข เข้าร่วมการประชุม A เมื่อวันที่ 8 กันยายน 2563\n' +
      'ทั้งนี้ การประชุม A มี Mr. X Y เป็นผู้ดำเนินรายการ\n' +
      'นายค ง เข้าร่วมการประชุม B\n' +
      'งานอื่นจัดเมื่อวันที่ 1 มกราคม 2563';
    const entities = [
      ent(text, 'PERSON', 'นายก ข', 'ก ข', { family: 'ข' }),
      ent(text, 'EVENT', 'การประชุม A'),
      date(text, '8 กันยายน 2563', '2020-09-08'),
      ent(text, 'EVENT', 'การประชุม A', 'การประชุม A', undefined, 1),
      ent(text, 'PERSON', 'Mr. X Y', 'X Y', { family: 'Y' }),
      ent(text, 'PERSON', 'นายค ง', 'ค ง', { family: 'ง' }),
      ent(text, 'EVENT', 'การประชุม B'),
      date(text, '1 มกราคม 2563', '2020-01-01'),
    ];
    expect(extractFacts({ text, entities }, rules).map(brief)).toEqual([
      ['participation', 'นายก ข', null, 'การประชุม A', '2020-09-08', null, null, '-'],
      ['moderator', 'Mr. X Y', null, 'การประชุม A', '2020-09-08', null, null, '-'],
      ['participation', 'นายค ง', null, 'การประชุม B', null, null, null, '-'],
    ]);
  });

  it('bilateral meeting with its counterpart; organiser after จัดโดย; location after ณ makes it on site', () => {
    const text = 'นายก ข เข้าร่วมการประชุม C ณ กรุงโซล จัดโดยกระทรวง ง ร่วมกับ ESCAP และหารือทวิภาคีกับ นายจ ฉ รัฐมนตรี';
    const entities = [
      ent(text, 'PERSON', 'นายก ข', 'ก ข', { family: 'ข' }),
      ent(text, 'EVENT', 'การประชุม C'),
      ent(text, 'LOCATION', 'กรุงโซล'),
      ent(text, 'ORG', 'กระทรวง ง'),
      ent(text, 'ORG', 'ESCAP'),
      ent(text, 'PERSON', 'นายจ ฉ', 'จ ฉ', { family: 'ฉ' }),
    ];
    expect(extractFacts({ text, entities }, rules).map(brief)).toEqual([
      ['participation', 'นายก ข', null, 'การประชุม C', null, 'กรุงโซล', 'onsite', '-'],
      ['organizer', 'กระทรวง ง', null, 'การประชุม C', null, 'กรุงโซล', 'onsite', '-'],
      ['organizer', 'ESCAP', null, 'การประชุม C', null, 'กรุงโซล', 'onsite', '-'],
      ['bilateral_meeting', 'นายก ข', null, 'การประชุม C', null, 'กรุงโซล', 'onsite', 'นายจ ฉ'],
    ]);
  });

  it('false positives: participants as a noun, ลงนามถวายพระพร, a prize still to be won, no actor', () => {
    const text =
      'การประชุมปิดที่มีผู้เข้าร่วมประชุมระดับรัฐมนตรี\n' +
      'นายก ข ร่วมถวายแจกันดอกไม้และลงนามถวายพระพร\n' +
      'ร่วมโหวตให้โครงการ ด เพื่อคว้ารางวัลระดับโลก\n' +
      'เข้าร่วมการประชุม E';
    const entities = [ent(text, 'PERSON', 'นายก ข', 'ก ข', { family: 'ข' }), ent(text, 'PROJECT', 'โครงการ ด'), ent(text, 'EVENT', 'การประชุม E')];
    expect(extractFacts({ text, entities }, rules)).toEqual([]);
  });

  it('zones: only body lines give facts; evidence is built from sentence pieces', () => {
    const text = 'นายก ข เข้าร่วมการประชุม A\nนายก ข เข้าร่วมการประชุม A วันที่ 2 มกราคม 2564';
    const nl = text.indexOf('\n');
    const entities = [
      ent(text, 'PERSON', 'นายก ข', 'ก ข', { family: 'ข' }),
      ent(text, 'EVENT', 'การประชุม A'),
      ent(text, 'PERSON', 'นายก ข', 'ก ข', { family: 'ข' }, 1),
      ent(text, 'EVENT', 'การประชุม A', 'การประชุม A', undefined, 1),
      date(text, '2 มกราคม 2564', '2021-01-02'),
    ];
    const zones = [
      { kind: 'title' as const, start: 0, end: nl, rule: 't' },
      { kind: 'body' as const, start: nl + 1, end: text.length, rule: 'b' },
    ];
    const sentences = [{ start: nl + 1, end: at(text, 'การประชุม A', 1)[1] }, { start: at(text, 'วันที่')[0], end: text.length }];
    const facts = extractFacts({ text, entities, zones, sentences }, rules);
    expect(facts.map((f) => [brief(f), f.evidence])).toEqual([
      [['participation', 'นายก ข', null, 'การประชุม A', '2021-01-02', null, null, '-'], { start: nl + 1, end: at(text, 'การประชุม A', 1)[1] }],
    ]);
  });
});
