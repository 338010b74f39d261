import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../src/doc/types.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { segment } from '../src/stages/segment/index.js';
import {
  DEFAULT_SENTENCE_RULES_FILE, SENTENCE_BREAKS, loadDefaultSentenceRules, sentencesStage, splitSentences, type SentenceRules,
} from '../src/stages/sentences/index.js';
import { tmpDir } from './helpers.js';

const split = (text: string, rules?: SentenceRules) => splitSentences(text, segment(text), rules).map((s) => text.slice(s.start, s.end));
const seedLine = (file: string, line: number) => readFileSync(path.resolve(__dirname, '../fixtures/seeds', file), 'utf8').split('\n')[line];

describe('splitSentences', () => {
  it.each([
    ['on line breaks', 'บรรทัดแรกของข่าว\r\nบรรทัดที่สองของข่าว\n\nบรรทัดสาม', ['บรรทัดแรกของข่าว', 'บรรทัดที่สองของข่าว', 'บรรทัดสาม']],
    ['on a sentence-final space', 'ที่ประชุมเห็นชอบร่างกฎหมายฉบับนี้ หลายฝ่ายพอใจกับผลการประชุม', ['ที่ประชุมเห็นชอบร่างกฎหมายฉบับนี้', 'หลายฝ่ายพอใจกับผลการประชุม']],
    ['not before a number', 'การประชุมครั้งสำคัญ 2563 หลายฝ่ายพอใจกับผลการประชุม', ['การประชุมครั้งสำคัญ 2563', 'หลายฝ่ายพอใจกับผลการประชุม']],
    ['not after ครั้งที่ / จำนวน', 'ในการประชุมครั้งที่ หนึ่ง มีผู้เข้าร่วมจำนวน มาก', ['ในการประชุมครั้งที่ หนึ่ง', 'มีผู้เข้าร่วมจำนวน มาก']],
    ['not inside a name', 'นายเนวินธุ์ ช่อชัยทิพฐ์ กล่าวเปิดงานแล้ว ฝนตกหนักตลอดทั้งวัน', ['นายเนวินธุ์ ช่อชัยทิพฐ์ กล่าวเปิดงานแล้ว', 'ฝนตกหนักตลอดทั้งวัน']],
    ['never inside “quotes”; the speaker goes with the quotation', 'เขากล่าวว่า “วันนี้ดีมาก พรุ่งนี้ก็ดี” นายเนวินธุ์กล่าว ประชาชนพอใจมากกับผลงาน', ['เขากล่าวว่า “วันนี้ดีมาก พรุ่งนี้ก็ดี” นายเนวินธุ์กล่าว', 'ประชาชนพอใจมากกับผลงาน']],
    ['never inside "quotes"', 'ชื่องาน "ดิจิทัลไทย ก้าวไกล" จัดขึ้นแล้วเรียบร้อย ประชาชนพอใจมากกับผลงาน', ['ชื่องาน "ดิจิทัลไทย ก้าวไกล" จัดขึ้นแล้วเรียบร้อย', 'ประชาชนพอใจมากกับผลงาน']],
    ['never inside parentheses', 'ได้ประชุมกันแล้ว (ตามที่ นัดหมายไว้ ล่วงหน้า) เรียบร้อย', ['ได้ประชุมกันแล้ว (ตามที่ นัดหมายไว้ ล่วงหน้า) เรียบร้อย']],
    ['a quote that does not close on its line is ignored', 'เขากล่าวว่า “วันนี้ดีมาก ประชาชนพอใจมากกับผลงาน\nบรรทัดใหม่', ['เขากล่าวว่า “วันนี้ดีมาก', 'ประชาชนพอใจมากกับผลงาน', 'บรรทัดใหม่']],
    ['on Latin punctuation', 'The forum ended. Dr. Smith left! Why? ok', ['The forum ended.', 'Dr. Smith left!', 'Why?', 'ok']],
    ['not between Latin words', 'World Summit on the Information Society', ['World Summit on the Information Society']],
    ['trims spaces', '  ข่าวสั้นมากพอสมควร  \n ', ['ข่าวสั้นมากพอสมควร']],
    ['empty text', '', []],
  ])('%s', (_name, text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  // reviewed by reading the Thai: a headline is name + position + what they did; a body
  // paragraph keeps names, dates, Latin event names, lists and prepositional phrases whole
  it.each([
    ['000 headline', '000_6da2277b686c8378.txt', 6, [
      '“เนวินธุ์” ผู้ช่วยรมว.ดีอีเอส ประชุมโต๊ะกลมระดับรัฐมนตรีร่วมกับประเทศสมาชิกไอทียู ในงาน WSIS 2020',
      'ใช้เวทีแลกเปลี่ยนความเห็นและแนวปฏิบัติที่ดีของไทย',
      'โชว์ความสำเร็จเรื่องความร่วมมือจากทุกภาคส่วนในการพัฒนาโครงสร้างพื้นฐานทางสารสนเทศลดความเหลื่อมล้ำ ภายใต้โครงการเน็ตประชารัฐ',
    ]],
    ['000 event list', '000_6da2277b686c8378.txt', 10, [
      'สำหรับการประชุมในปีนี้ ได้จัดขึ้นในรูปแบบออนไลน์ แทนการประชุมในรูปแบบปกติ เนื่องจากการแพร่ระบาดของโควิด -19',
      'กิจกรรมของ WSIS จะประกอบด้วย การประชุมระดับรัฐมนตรี\u00a0 การประชุม High-level Policy Sessions และ พิธีมอบรางวัล WSIS PRIZE 2020 โดยในการประชุม High Level Policy Session ซึ่งจัดไปแล้วก่อนหน้านี้ เมื่อวันที่ 23 กรกฎาคม 2563\u00a0 ผู้ช่วยรัฐมนตรีกระทรวงดิจิทัลฯ ได้เข้าร่วมประชุม และนำเสนอนโยบายด้านด้านดิจิทัลของไทย ที่ส่งเสริมการเข้าถึงข้อมูล ความรู้ของทุกภาคส่วน',
    ]],
    ['003 participants', '003_9e0bf91469dd7831.txt', 6, [
      'เมื่อวันพฤหัสบดีที่ ๒๒ มกราคม ๒๕๖๔ นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม เข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑ ร่วมกับ คู่เจรจา ผ่านระบบการประชุมทางไกล ณ ห้องประชุม Brain Storming',
      'สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ โดยมีรัฐมนตรีจากประเทศสมาชิกอาเซียน ๑๐ ประเทศ กับ คู่เจรจา ได้แก่ จีน ญี่ปุ่น สาธารณรัฐเกาหลี อินเดีย สหรัฐอเมริกา และสหภาพโทรคมนาคมระหว่างประเทศ (ITU) รวมทั้งรองเลขาธิการอาเซียนเข้าร่วมการประชุมฯ โดยมีมาเลเซียทำหน้าที่ประธานการประชุมฯ',
    ]],
  ])('seed paragraph: %s', (_name, file, line, expected) => {
    expect(split(seedLine(file, line))).toEqual(expected);
  });

  it('records the rule that ended each sentence', () => {
    const text = 'ที่ประชุมเห็นชอบร่างกฎหมายฉบับนี้ หลายฝ่ายพอใจกับผลการประชุม ทั้งนี้ จะมีการประชุมครั้งต่อไปในเดือนหน้า\nDone. ok';
    expect(splitSentences(text, segment(text)).map((s) => s.rule)).toEqual([
      SENTENCE_BREAKS.space, 'sent.break.before-opener', SENTENCE_BREAKS.newline, SENTENCE_BREAKS.punct, SENTENCE_BREAKS.end,
    ]);
  });
});

describe('invariants', () => {
  const breakIds = new Set<string>([...Object.values(SENTENCE_BREAKS), ...loadDefaultSentenceRules().rules.filter((r) => r.action === 'break').map((r) => r.id)]);
  /** sentences in order, non-overlapping, non-empty, trimmed, inside the text, covering every non-space token, with known rule ids */
  const problems = (name: string, text: string): string[] => {
    const tokens = segment(text);
    const sents = splitSentences(text, tokens);
    const out: string[] = [];
    let prev = 0;
    for (const s of sents) {
      if (s.start < prev || s.end <= s.start || s.end > text.length || /^\s|\s$/.test(text.slice(s.start, s.end))) out.push(`${name}: bad sentence ${s.start}-${s.end}`);
      if (!breakIds.has(s.rule)) out.push(`${name}: unknown rule ${s.rule}`);
      prev = s.end;
    }
    let i = 0;
    for (const t of tokens) {
      if (t.kind === 'space' || t.kind === 'newline') continue;
      while (i < sents.length && sents[i].end <= t.start) i++;
      if (i >= sents.length || !(sents[i].start <= t.start && t.end <= sents[i].end)) out.push(`${name}: token ${t.start} outside sentences`);
    }
    return out;
  };
  it('hold on the seeds', () => {
    const dir = path.resolve(__dirname, '../fixtures/seeds');
    expect(readdirSync(dir).flatMap((f) => problems(f, readFileSync(path.join(dir, f), 'utf8')))).toEqual([]);
  });
  const corpus = path.resolve(__dirname, '../../shared/corpus/thaigov');
  it.skipIf(!existsSync(corpus))('hold on every 10th document of ../shared/corpus/thaigov (skipped without ../shared)', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort().filter((_, i) => i % 10 === 0);
    expect(files.flatMap((f) => problems(f, readFileSync(path.join(corpus, f), 'utf8')))).toEqual([]);
  });
  it('hold on odd inputs', () => {
    for (const text of ['“', '(((', '" "', ' \n \n', 'ก', 'a. b. c.', '“ไม่ปิด (ไม่ปิด ข้อความยาวพอสมควร ต่อไปอีก', '\u200bข้อความ\u00a0ยาว พอสมควรแล้วจริงๆ']) {
      expect(problems(JSON.stringify(text), text)).toEqual([]);
    }
  });
});

describe('sentence rules (pipelines/gov-press/sentences.json)', () => {
  const rules = loadDefaultSentenceRules();
  const cases = rules.rules.flatMap((r) => [
    ...r.examples.match.map((text) => [r.id, 'match', text] as const),
    ...r.examples.noMatch.map((text) => [r.id, 'noMatch', text] as const),
  ]);
  it.each(cases)('%s %s: %s', (id, which, text) => {
    const rule = rules.rules.find((r) => r.id === id)!;
    const without = { ...rules, rules: rules.rules.filter((r) => r.id !== id) };
    const got = splitSentences(text, segment(text));
    if (which === 'noMatch') {
      // the rule decides nothing here
      expect(got).toEqual(splitSentences(text, segment(text), without));
      return;
    }
    // the rule changes the result; a keep rule's example is one sentence, a break rule's has a sentence it ended
    expect(got).not.toEqual(splitSentences(text, segment(text), without));
    if (rule.action === 'keep') expect(got.map((s) => text.slice(s.start, s.end))).toEqual([text]);
    else expect(got.map((s) => s.rule)).toContain(id);
  });

  it('has unique rule ids and an example for every space rule', () => {
    const ids = rules.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rules.rules.filter((r) => r.examples.match.length === 0).map((r) => r.id)).toEqual([]);
  });
});

describe('sentencesStage', () => {
  const ctx = (baseDir: string) => makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir, pointer: '/stages/4/options' });
  it('adds sentences without mutating the doc; loads a rules file; rejects a bad one', () => {
    const text = 'ที่ประชุมเห็นชอบร่างกฎหมายฉบับนี้ หลายฝ่ายพอใจกับผลการประชุม';
    const doc: Doc = { id: 'd', source: 'd', sha256: '', hints: {}, diagnostics: [], text, tokens: segment(text) };
    const out = sentencesStage.create({}, ctx('.'))(doc);
    expect(out.sentences).toEqual([
      { start: 0, end: 33, rule: 'sent.break.space' },
      { start: 34, end: 60, rule: 'sent.break.end-of-text' },
    ]);
    expect(doc.sentences).toBeUndefined();
    const dir = tmpDir();
    writeFileSync(path.join(dir, 's.json'), readFileSync(DEFAULT_SENTENCE_RULES_FILE));
    expect(sentencesStage.create({ rules: 's.json' }, ctx(dir))(doc).sentences).toEqual(out.sentences);
    // a file that keeps every space: one sentence
    writeFileSync(path.join(dir, 'keep.json'), JSON.stringify({ default: 'keep', rules: [] }));
    expect(sentencesStage.create({ rules: 'keep.json' }, ctx(dir))(doc).sentences).toEqual([{ start: 0, end: 60, rule: 'sent.break.end-of-text' }]);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ default: 'break', rules: [{ id: 'x', action: 'sideways', examples: { match: [], noMatch: [] } }] }));
    expect(() => sentencesStage.create({ rules: 'bad.json' }, ctx(dir))).toThrow(expect.objectContaining({ code: 'TE108' }));
    writeFileSync(path.join(dir, 'badre.json'), JSON.stringify({ default: 'break', rules: [{ id: 'x', action: 'keep', next: { pattern: '(' }, examples: { match: [], noMatch: [] } }] }));
    expect(() => sentencesStage.create({ rules: 'badre.json' }, ctx(dir))).toThrow(expect.objectContaining({ code: 'TE108', context: expect.objectContaining({ pointer: '/rules/0/next/pattern' }) }));
    expect(() => sentencesStage.create({ rules: 'missing.json' }, ctx(dir))).toThrow(expect.objectContaining({ code: 'TE107' }));
  });
});
