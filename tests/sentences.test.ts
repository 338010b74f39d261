import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../src/doc/types.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { segment } from '../src/stages/segment/index.js';
import {
  DEFAULT_SENTENCE_RULES_FILE, loadDefaultSentenceRules, sentencesStage, splitSentences, type SentenceRules,
} from '../src/stages/sentences/index.js';
import { tmpDir } from './helpers.js';

const split = (text: string, rules?: SentenceRules) => splitSentences(text, segment(text), rules).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it.each([
    ['on line breaks', 'บรรทัดแรกของข่าว\r\nบรรทัดที่สองของข่าว\n\nบรรทัดสาม', ['บรรทัดแรกของข่าว', 'บรรทัดที่สองของข่าว', 'บรรทัดสาม']],
    ['on a sentence-final space', 'การประชุมเสร็จสิ้นแล้ว หลายฝ่ายพอใจ', ['การประชุมเสร็จสิ้นแล้ว', 'หลายฝ่ายพอใจ']],
    ['not before a number', 'การประชุมครั้งสำคัญ 2563 หลายฝ่ายพอใจ', ['การประชุมครั้งสำคัญ 2563', 'หลายฝ่ายพอใจ']],
    ['not after วันที่ / ครั้งที่ / จำนวน', 'ในการประชุมครั้งที่ หนึ่ง มีผู้เข้าร่วมจำนวน มาก', ['ในการประชุมครั้งที่ หนึ่ง', 'มีผู้เข้าร่วมจำนวน มาก']],
    ['not inside a name', 'นายเนวินธุ์ ช่อชัยทิพฐ์ กล่าวเปิดงาน วันนี้ฝนตก', ['นายเนวินธุ์ ช่อชัยทิพฐ์ กล่าวเปิดงาน', 'วันนี้ฝนตก']],
    ['never inside “quotes”', 'เขากล่าวว่า “วันนี้ดีมาก พรุ่งนี้ก็ดี” แล้วก็ออกไป', ['เขากล่าวว่า “วันนี้ดีมาก พรุ่งนี้ก็ดี”', 'แล้วก็ออกไป']],
    ['never inside "quotes"', 'ชื่องาน "ดิจิทัลไทย ก้าวไกล" จัดขึ้นแล้ว ผู้คนมากมาย', ['ชื่องาน "ดิจิทัลไทย ก้าวไกล"', 'จัดขึ้นแล้ว', 'ผู้คนมากมาย']],
    ['never inside parentheses', 'ได้ประชุมกันแล้ว (ตามที่ นัดหมายไว้ ล่วงหน้า) เรียบร้อย', ['ได้ประชุมกันแล้ว (ตามที่ นัดหมายไว้ ล่วงหน้า) เรียบร้อย']],
    ['on Latin punctuation', 'The forum ended. Dr. Smith left! Why? ok', ['The forum ended.', 'Dr. Smith left!', 'Why?', 'ok']],
    ['not between Latin words', 'World Summit on the Information Society', ['World Summit on the Information Society']],
    ['trims spaces', '  ข่าวสั้นมากพอสมควร  \n ', ['ข่าวสั้นมากพอสมควร']],
    ['empty text', '', []],
  ])('%s', (_name, text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  it('splits a seed paragraph', () => {
    const line = readFileSync(path.resolve(__dirname, '../fixtures/seeds/003_9e0bf91469dd7831.txt'), 'utf8').split('\n')[6];
    expect(split(line)).toEqual([
      'เมื่อวันพฤหัสบดีที่ ๒๒ มกราคม ๒๕๖๔',
      'นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม',
      'เข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑ ร่วมกับ คู่เจรจา ผ่านระบบการประชุมทางไกล ณ ห้องประชุม',
      'Brain Storming',
      'สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ โดยมีรัฐมนตรีจากประเทศสมาชิกอาเซียน ๑๐ ประเทศ กับ คู่เจรจา ได้แก่ จีน',
      'ญี่ปุ่น สาธารณรัฐเกาหลี',
      'อินเดีย สหรัฐอเมริกา และสหภาพโทรคมนาคมระหว่างประเทศ (ITU) รวมทั้งรองเลขาธิการอาเซียนเข้าร่วมการประชุมฯ โดยมีมาเลเซียทำหน้าที่ประธานการประชุมฯ',
    ]);
  });

  it('records the rule that ended each sentence', () => {
    const text = 'ข่าวแรกของวันนี้ ข่าวที่สองของวัน\nDone. ok';
    expect(splitSentences(text, segment(text)).map((s) => s.rule)).toEqual([
      'sent.break.space', 'sent.break.newline', 'sent.break.latin-punct', 'sent.break.end-of-text',
    ]);
  });

  it('covers all non-space text of the seeds with ordered, trimmed sentences', () => {
    const dir = path.resolve(__dirname, '../fixtures/seeds');
    const problems: string[] = [];
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const tokens = segment(text);
      const sents = splitSentences(text, tokens);
      let prev = 0;
      for (const s of sents) {
        if (s.start < prev || s.end <= s.start || /^\s|\s$/.test(text.slice(s.start, s.end))) problems.push(`${f}: bad sentence ${s.start}-${s.end}`);
        prev = s.end;
      }
      for (const t of tokens) {
        if (t.kind === 'space' || t.kind === 'newline') continue;
        if (!sents.some((s) => s.start <= t.start && t.end <= s.end)) problems.push(`${f}: token ${t.start} outside sentences`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('sentence rules (pipelines/gov-press/sentences.json)', () => {
  const rules = loadDefaultSentenceRules();
  const cases = rules.rules.flatMap((r) => [
    ...r.examples.match.map((text) => [r.id, 'match', text] as const),
    ...r.examples.noMatch.map((text) => [r.id, 'noMatch', text] as const),
  ]);
  it.each(cases)('%s %s: %s', (id, which, text) => {
    const n = split(text).length;
    // a "match" example stays one sentence because of the rule; without the rule it splits
    if (which === 'match') {
      expect(n).toBe(1);
      const without = { ...rules, rules: rules.rules.filter((r) => r.id !== id) };
      expect(split(text, without).length).toBeGreaterThan(1);
    } else {
      expect(n).toBeGreaterThan(1);
    }
  });

  it('has unique rule ids', () => {
    const ids = rules.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('sentencesStage', () => {
  const ctx = (baseDir: string) => makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir, pointer: '/stages/4/options' });
  it('adds sentences without mutating the doc; loads a rules file; rejects a bad one', () => {
    const text = 'ข่าวแรกของวันนี้ ข่าวที่สองของวัน';
    const doc: Doc = { id: 'd', source: 'd', sha256: '', hints: {}, diagnostics: [], text, tokens: segment(text) };
    const out = sentencesStage.create({}, ctx('.'))(doc);
    expect(out.sentences).toEqual([
      { start: 0, end: 16, rule: 'sent.break.space' },
      { start: 17, end: 33, rule: 'sent.break.end-of-text' },
    ]);
    expect(doc.sentences).toBeUndefined();
    const dir = tmpDir();
    writeFileSync(path.join(dir, 's.json'), readFileSync(DEFAULT_SENTENCE_RULES_FILE));
    expect(sentencesStage.create({ rules: 's.json' }, ctx(dir))(doc).sentences).toEqual(out.sentences);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ rules: [{ id: 'x', kind: 'sideways', words: ['a'], examples: { match: [], noMatch: [] } }] }));
    expect(() => sentencesStage.create({ rules: 'bad.json' }, ctx(dir))).toThrow(expect.objectContaining({ code: 'TE108' }));
  });
});
