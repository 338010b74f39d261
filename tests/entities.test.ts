import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Doc, Entity, Zone } from '../src/doc/types.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { entitiesStage } from '../src/stages/entities/index.js';
import { extractEntities, kindOf } from '../src/stages/entities/extract.js';
import { STAGE_FACTORIES } from '../src/stages/index.js';
import { PIPELINES_DIR, ctx, docOf, rules } from './entities-helpers.js';

const run = (text: string) => {
  const d = docOf(text);
  return extractEntities({ text, norm: d.norm, tokens: d.tokens }, rules());
};
const brief = (es: Entity[]) => es.map((e) => [e.type, e.text, e.canonical, e.rule]);

describe('entities stage factory', () => {
  test('declares its contract and is registered', () => {
    expect([entitiesStage.name, entitiesStage.reads, entitiesStage.adds, STAGE_FACTORIES.entities === entitiesStage]).toEqual([
      'entities', ['text', 'norm', 'tokens', 'sentences', 'zones', 'entities'], ['entities'], true,
    ]);
  });

  const text = 'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล\nนายอนุชา บูรพชัยศรี โฆษกประจำสำนักนายกรัฐมนตรี\nวันนี้ นายอนุชา กล่าวถึงการประชุมสุดยอดอาเซียน ครั้งที่ 37 เมื่อวันที่ 12 พฤศจิกายน 2563\nที่มา : กระทรวงการต่างประเทศ';
  const z = (kind: Zone['kind'], s: string): Zone => {
    const start = text.indexOf(s);
    return { kind, start, end: start + s.length, rule: 'test' };
  };
  const zones: Zone[] = [
    z('header', 'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล'),
    z('title', 'นายอนุชา บูรพชัยศรี โฆษกประจำสำนักนายกรัฐมนตรี'),
    z('body', 'วันนี้ นายอนุชา กล่าวถึงการประชุมสุดยอดอาเซียน ครั้งที่ 37 เมื่อวันที่ 12 พฤศจิกายน 2563'),
    z('source', 'ที่มา : กระทรวงการต่างประเทศ'),
  ];
  const dateStart = text.indexOf('12 พฤศจิกายน 2563');
  const numStart = text.indexOf('37');
  const prior: Entity[] = [
    { id: '', type: 'NUMBER', text: '37', start: numStart, end: numStart + 2, canonical: '37', rule: 'number' },
    { id: '', type: 'DATE', text: '12 พฤศจิกายน 2563', start: dateStart, end: dateStart + 17, canonical: '2020-11-12', rule: 'date-thai' },
  ];

  test('title and body zones only; earlier entities kept or resolved; input not mutated; sorted', () => {
    const fn = entitiesStage.create({}, makeStageContext({ pipelineName: 'gov-press', pipelineFile: '<test>', baseDir: PIPELINES_DIR, pointer: '/stages/6/options' }));
    const doc: Doc = { ...docOf(text, zones), entities: prior };
    const before = JSON.stringify(doc);
    const out = fn(doc);
    expect(JSON.stringify(doc)).toBe(before);
    expect(out.entities!.map((e) => [e.type, e.text, e.start, e.canonical, e.rule, e.value?.person ?? null])).toEqual([
      ['PERSON', 'นายอนุชา บูรพชัยศรี', 28, 'อนุชา บูรพชัยศรี', 'person-honorific', null],
      ['POSITION', 'โฆษกประจำสำนักนายกรัฐมนตรี', 48, 'โฆษกประจำสำนักนายกรัฐมนตรี', 'position', '@28:47'],
      ['PERSON', 'นายอนุชา', 82, 'อนุชา บูรพชัยศรี', 'person-honorific', null],
      ['EVENT', 'การประชุมสุดยอดอาเซียน ครั้งที่ 37', 99, 'การประชุมสุดยอดอาเซียน ครั้งที่ 37', 'event-thai-head', null],
      ['ORG', 'อาเซียน', 114, 'อาเซียน', 'org-lexicon', null],
      ['DATE', '12 พฤศจิกายน 2563', dateStart, '2020-11-12', 'date-thai', null],
    ]);
    expect(out.entities![5]).toBe(prior[1]);
    for (const e of out.entities!) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  test('no zones: the whole text is used', () => {
    const fn = entitiesStage.create({}, ctx());
    const out = fn(docOf('ที่มา : กระทรวงการต่างประเทศ'));
    expect(brief(out.entities!)).toEqual([['ORG', 'กระทรวงการต่างประเทศ', 'กระทรวงการต่างประเทศ', 'org-lexicon']]);
  });

  test('a missing rule file is TE107, a bad pattern TE110, a schema violation TE108', () => {
    expect(() => entitiesStage.create({ rules: 'gov-press/entities/nope.json' }, ctx())).toThrow(/TE107/);
    const dir = mkdtempSync(path.join(tmpdir(), 'te-entities-'));
    cpSync(path.join(PIPELINES_DIR, 'gov-press/entities'), path.join(dir, 'x/entities'), { recursive: true });
    const file = path.join(dir, 'x/entities/rules.json');
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const mk = () => makeStageContext({ pipelineName: 'x', pipelineFile: '<t>', baseDir: dir, pointer: '/stages/0/options' });
    writeFileSync(file, JSON.stringify({ ...good, rules: [{ ...good.rules[6], pattern: 'กระทรวง(' }] }));
    expect(() => entitiesStage.create({}, mk())).toThrow(/TE110.*#\/rules\/0\/pattern/);
    writeFileSync(file, JSON.stringify({ ...good, rules: [{ ...good.rules[6], examples: { match: [] } }] }));
    expect(() => entitiesStage.create({}, mk())).toThrow(/TE108/);
    writeFileSync(file, JSON.stringify({ ...good, rules: [{ ...good.rules[0], pattern: '@nolexicon' }] }));
    expect(() => entitiesStage.create({}, mk())).toThrow(/TE110.*nolexicon/);
    writeFileSync(file, JSON.stringify({ ...good, rules: [{ ...good.rules[0], kind: 'lexicon', pattern: 'กระทรวง' }] }));
    expect(() => entitiesStage.create({}, mk())).toThrow(/\[TE110\] .*rules.json #\/rules\/0\/pattern: a lexicon rule names its lexicons \(@name …\): "กระทรวง"/);
    const latin = good.rules.find((r: { id: string }) => r.id === 'person-latin');
    writeFileSync(file, JSON.stringify({ ...good, rules: [{ ...latin, options: { gate: 'noNames' } }] }));
    expect(() => entitiesStage.create({}, mk())).toThrow(/\[TE110\] .*rules.json #\/rules\/0\/options\/gate: unknown lexicon: "noNames"/);
  });
});

describe('false positives', () => {
  test.each([
    ['นายกรัฐมนตรีกล่าวว่าจะเดินทางไปต่างประเทศ', [['POSITION', 'นายกรัฐมนตรี', 'นายกรัฐมนตรี', 'position']]],
    ['ลูกจ้างและนายจ้างต้องจ่ายเงินสมทบ', []],
    ['นายอำเภอเมืองได้ลงพื้นที่', [['POSITION', 'นายอำเภอเมือง', 'นายอำเภอเมือง', 'position']]],
    ['นางพยาบาลดูแลผู้ป่วย', []],
    ['การแพร่ระบาดของโรคติดเชื้อ', []],
    ['คนไทยทุกคนสามารถลงทะเบียนได้', []],
    ['สำหรับการประชุมในปีนี้ จัดขึ้นในรูปแบบออนไลน์', []],
    ['เป็นการประชุมปิดที่มีผู้เข้าร่วม', []],
    ['ยังเป็นโครงการหนึ่งเดียวของไทย', [['LOCATION', 'ไทย', 'ไทย', 'location-lexicon']]],
    ['“ความสุข” ของประชาชน', []],
    ['ผ่านระบบประชุมทางไกล (Video Conference) เพื่อ', []],
    ['ร่วมชิงรางวัล WSIS Prize 2021 ได้', []],
    ['สำนักงานใหญ่ของบริษัท', []],
    ['การพัฒนาระบบคลาวด์กลางภาครัฐ (GDCC) และ', []],
  ])('%s', (text, expected) => {
    expect(brief(run(text))).toEqual(expected);
  });
});

describe('generalisation beyond the seeds', () => {
  test.each([
    ['พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวงกลาโหม ได้ร่วมการประชุม', [
      ['PERSON', 'พลเอก ประยุทธ์ จันทร์โอชา', 'ประยุทธ์ จันทร์โอชา', 'person-honorific'],
      ['POSITION', 'นายกรัฐมนตรี', 'นายกรัฐมนตรี', 'position'],
      ['POSITION', 'รัฐมนตรีว่าการกระทรวงกลาโหม', 'รัฐมนตรีว่าการกระทรวงกลาโหม', 'position'],
    ]],
    ['นายอันโตนิอู กูแตเรซ (António Guterres) เลขาธิการสหประชาชาติ เข้าร่วมหารือ', [
      ['PERSON', 'นายอันโตนิอู กูแตเรซ', 'อันโตนิอู กูแตเรซ', 'person-honorific'],
      ['PERSON', 'António Guterres', 'อันโตนิอู กูแตเรซ', 'person-latin'],
      ['POSITION', 'เลขาธิการสหประชาชาติ', 'เลขาธิการสหประชาชาติ', 'position'],
      ['ORG', 'สหประชาชาติ', 'สหประชาชาติ', 'org-in-position'],
    ]],
    ['นางพงษ์สวาท กายอรุณสุทธิ์ ปลัดกระทรวงยุติธรรม เป็นประธาน โดยมีพันตำรวจโท พงษ์ธร ธัญญสิริ ผู้อำนวยการสำนักงานกิจการยุติธรรม', [
      ['PERSON', 'นางพงษ์สวาท กายอรุณสุทธิ์', 'พงษ์สวาท กายอรุณสุทธิ์', 'person-honorific'],
      ['POSITION', 'ปลัดกระทรวงยุติธรรม', 'ปลัดกระทรวงยุติธรรม', 'position'],
      ['ORG', 'กระทรวงยุติธรรม', 'กระทรวงยุติธรรม', 'org-in-position'],
      ['PERSON', 'พันตำรวจโท พงษ์ธร ธัญญสิริ', 'พงษ์ธร ธัญญสิริ', 'person-honorific'],
      ['POSITION', 'ผู้อำนวยการสำนักงานกิจการยุติธรรม', 'ผู้อำนวยการสำนักงานกิจการยุติธรรม', 'position'],
      ['ORG', 'สำนักงานกิจการยุติธรรม', 'สำนักงานกิจการยุติธรรม', 'org-in-position'],
    ]],
    ['ณ ตึกภักดีบดินทร์ ทำเนียบรัฐบาล จังหวัดเชียงใหม่', [
      ['LOCATION', 'ตึกภักดีบดินทร์ ทำเนียบรัฐบาล', 'ตึกภักดีบดินทร์ ทำเนียบรัฐบาล', 'location-venue-cued'],
      ['LOCATION', 'ทำเนียบรัฐบาล', 'ทำเนียบรัฐบาล', 'location-lexicon'],
      ['LOCATION', 'จังหวัดเชียงใหม่', 'จังหวัดเชียงใหม่', 'location-lexicon'],
    ]],
  ])('%s', (text, expected) => {
    expect(brief(run(text))).toEqual(expected);
  });
});

describe('organisations and places: kinds, hierarchy, nesting', () => {
  test('every example of the rules file `kinds` gets its kind', () => {
    const R = rules();
    const file = JSON.parse(readFileSync(path.join(PIPELINES_DIR, 'gov-press/entities/rules.json'), 'utf8')) as { kinds: { type: string; kind: string; examples?: string[] }[] };
    for (const k of file.kinds) for (const ex of k.examples ?? []) expect([k.type, ex, kindOf(R, k.type, ex)]).toEqual([k.type, ex, k.kind]);
  });

  test('a district and subdistrict carry the hierarchy; abbreviations are spelled out', () => {
    const got = run('ลงพื้นที่ ต.ผานกเค้า อ.ภูกระดึง จ.เลย เมื่อวานนี้').filter((e) => e.type === 'LOCATION');
    expect(got.map((e) => [e.text, e.canonical, e.value])).toEqual([
      ['ต.ผานกเค้า', 'ตำบลผานกเค้า', { kind: 'subdistrict', district: 'อำเภอภูกระดึง', province: 'จังหวัดเลย', country: 'ไทย' }],
      ['อ.ภูกระดึง', 'อำเภอภูกระดึง', { kind: 'district', province: 'จังหวัดเลย', country: 'ไทย' }],
      ['จ.เลย', 'จังหวัดเลย', { kind: 'province', country: 'ไทย' }],
    ]);
  });

  test('a venue chain, the organisation inside it and the ORG after ณ as a place', () => {
    const got = run('ณ ห้องประชุม 2 ชั้น 9 กระทรวงการคลัง โดยมี และ ณ กรมประชาสัมพันธ์ เมื่อ').filter((e) => e.type === 'LOCATION' || e.type === 'ORG');
    expect(got.map((e) => [e.type, e.text, e.rule, e.value?.kind ?? null])).toEqual([
      ['LOCATION', 'ห้องประชุม 2 ชั้น 9 กระทรวงการคลัง', 'location-venue', 'venue'],
      ['ORG', 'กระทรวงการคลัง', 'org-lexicon', 'ministry'],
      ['LOCATION', 'กรมประชาสัมพันธ์', 'place-at-org', 'venue'],
      ['ORG', 'กรมประชาสัมพันธ์', 'org-thai-head', 'department'],
    ]);
  });
});
