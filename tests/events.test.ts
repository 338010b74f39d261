import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline, processText, type DocRecord } from '../src/index.js';
import { compileEventRules, type EventRulesSpec } from '../src/stages/events/rules.js';
import { eventRows, participantRows } from '../src/output/csv.js';

// synthetic releases written for these tests (no news text is copied)
const MEETING = `กระทรวงพัฒนาชนบท ประชุมคณะกรรมการพัฒนาแหล่งน้ำ
วันพุธที่ 3 มีนาคม 2564
วันนี้ (3 มี.ค. 64) นายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงพัฒนาชนบท เป็นประธานการประชุมคณะกรรมการพัฒนาแหล่งน้ำ ครั้งที่ 1/2564 ณ ห้องประชุม 1 อาคารกระทรวงพัฒนาชนบท โดยมี นางสาวนภา สายใจ ปลัดกระทรวงพัฒนาชนบท และนายวิชัย มั่นคง อธิบดีกรมชลประทานชนบท เข้าร่วมการประชุม
ที่ประชุมมีมติเห็นชอบแผนงานประจำปี
`;

const SIGNING = `กระทรวงพัฒนาชนบท ลงนามความร่วมมือกับมหาวิทยาลัย
วันพฤหัสบดีที่ 4 มีนาคม 2564
นายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงพัฒนาชนบท มอบหมายให้ นางสาวนภา สายใจ ปลัดกระทรวงพัฒนาชนบท ลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านการวิจัยแหล่งน้ำ กับนายประเสริฐ ดีงาม อธิการบดีมหาวิทยาลัยชนบทศึกษา เมื่อวันที่ 4 มีนาคม 2564
ทั้งสองฝ่ายเห็นพ้องที่จะลงนามบันทึกข้อตกลงฉบับที่สองในปีหน้า
`;

const VISIT = `นายกรัฐมนตรีลงพื้นที่จังหวัดน่าน
วันศุกร์ที่ 5 มีนาคม 2564
วันนี้ (5 มี.ค. 64) นายอนันต์ ศรีสุข นายกรัฐมนตรี ลงพื้นที่ตรวจเยี่ยมโครงการฝายชะลอน้ำ จังหวัดน่าน โดยมี นายวิชัย มั่นคง ผู้ว่าราชการจังหวัดน่าน ให้การต้อนรับ
จากนั้น นายอนันต์ ศรีสุข ได้เยี่ยมชมแปลงสาธิตการเกษตร และมอบถุงยังชีพให้แก่ประชาชน
`;

const pipeline = loadPipeline();
const summary = (r: DocRecord) =>
  r.events.map((e) => ({
    id: e.id, type: e.type, name: e.name, status: e.status, date: e.date, location: e.location, mode: e.mode, rule: e.rule,
    participants: e.participants.map((p) => `${p.canonical} | ${p.role} | ${p.actorType} | ${p.position}`),
  }));

describe('events stage', () => {
  it('a verb phrase names its object as the event; the subject chairs, the persons after โดยมี take part; the place after ณ', () => {
    const r = processText(pipeline, MEETING, { id: 'm' });
    expect(summary(r)).toEqual([{
      id: 'v1', type: 'meeting', name: 'การประชุมคณะกรรมการพัฒนาแหล่งน้ำ ครั้งที่ 1/2564', status: 'happened', date: '2021-03-03',
      location: 'ห้องประชุม 1 อาคารกระทรวงพัฒนาชนบท', mode: 'onsite', rule: 'event.verb.chair',
      participants: [
        'สมชาย ใจดี | chair | person | รัฐมนตรีว่าการกระทรวงพัฒนาชนบท',
        'นภา สายใจ | participant | person | ปลัดกระทรวงพัฒนาชนบท',
        'วิชัย มั่นคง | participant | person | อธิบดีกรมชลประทานชนบท',
      ],
    }]);
    // the name's offsets are the text as written; every fact points at the event
    const e = r.events[0];
    expect(MEETING.slice(e.start!, e.end!)).toBe(e.name);
    expect(r.facts.map((f) => [f.type, f.eventId])).toEqual([['chair', 'v1'], ['participation', 'v1'], ['participation', 'v1']]);
  });

  it('who sent a delegate is no participant; a signing planned for later is not one that happened', () => {
    const r = processText(pipeline, SIGNING, { id: 's' });
    expect(summary(r)).toEqual([{
      id: 'v1', type: 'signing', name: 'ลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านการวิจัยแหล่งน้ำ', status: 'happened', date: '2021-03-04',
      location: null, mode: null, rule: 'event.verb.sign',
      participants: ['นภา สายใจ | signatory | person | ปลัดกระทรวงพัฒนาชนบท', 'ประเสริฐ ดีงาม | participant | person | อธิการบดีมหาวิทยาลัยชนบทศึกษา'],
    }]);
  });

  it('a trip is one visit: the host who receives it and what is handed over on it join it', () => {
    const r = processText(pipeline, VISIT, { id: 'v' });
    expect(summary(r)).toEqual([{
      id: 'v1', type: 'visit', name: 'ลงพื้นที่ตรวจเยี่ยมโครงการฝายชะลอน้ำ จังหวัดน่าน', status: 'happened', date: '2021-03-05',
      location: null, mode: null, rule: 'event.verb.visit',
      participants: ['อนันต์ ศรีสุข | participant | person | นายกรัฐมนตรี', 'วิชัย มั่นคง | host | person | ผู้ว่าราชการจังหวัดน่าน'],
    }]);
  });

  it('events.csv and participants.csv: one row per event, one per event × participant, canonical names', () => {
    const r = processText(pipeline, MEETING, { id: 'm' });
    expect(eventRows(r)).toEqual([[
      'm', 'v1', 'meeting', 'happened', 'การประชุมคณะกรรมการพัฒนาแหล่งน้ำ ครั้งที่ 1/2564', '2021-03-03', null,
      'ห้องประชุม 1 อาคารกระทรวงพัฒนาชนบท', 'onsite', 'สมชาย ใจดี; นภา สายใจ; วิชัย มั่นคง', 'สมชาย ใจดี', '',
      r.events[0].start!, r.events[0].end!, 'event.verb.chair',
    ]]);
    expect(participantRows(r).map((row) => row.slice(6, 10))).toEqual([
      ['สมชาย ใจดี', 'นายสมชาย ใจดี', 'person', 'chair'],
      ['นภา สายใจ', 'นางสาวนภา สายใจ', 'person', 'participant'],
      ['วิชัย มั่นคง', 'นายวิชัย มั่นคง', 'person', 'participant'],
    ]);
  });
});

describe('events.json', () => {
  const file = path.resolve(import.meta.dirname, '../pipelines/gov-press/events.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as EventRulesSpec;

  it('every rule compiles and its examples match and do not match as they say', () => {
    expect(() => compileEventRules(spec, file)).not.toThrow();
    expect(spec.heads.length).toBeGreaterThan(10);
  });

  it('a failing example is TE109, naming the rule and the example by JSON pointer', () => {
    const broken = structuredClone(spec);
    broken.heads[0].examples.noMatch.push('เป็นประธานในพิธี');
    let err: { code?: string; context?: { pointer?: string } } | undefined;
    try {
      compileEventRules(broken, 'events.json');
    } catch (e) {
      err = e as typeof err;
    }
    expect([err?.code, err?.context?.pointer]).toEqual(['TE109', `/heads/0/examples/noMatch/${broken.heads[0].examples.noMatch.length - 1}`]);
  });
});
