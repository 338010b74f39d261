/**
 * Golden entity lists for the five seed releases (fixtures/seeds), plus exact checks of
 * key paragraphs. Regenerate the golden files after a reviewed change with
 *   UPDATE_GOLDEN=1 npx vitest run tests/entities-seeds.test.ts
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Entity } from '../src/doc/types.js';
import { extractEntities } from '../src/stages/entities/extract.js';
import { ROOT, docOf, rules } from './entities-helpers.js';

const SEEDS = path.join(ROOT, 'fixtures/seeds');
const GOLDEN = path.join(ROOT, 'tests/entities-golden');

function slim(e: Entity) {
  const out: Record<string, unknown> = { type: e.type, text: e.text, start: e.start, end: e.end, canonical: e.canonical, rule: e.rule };
  if (e.value?.person) out.person = e.value.person;
  return out;
}

function entitiesOf(text: string): Entity[] {
  const d = docOf(text);
  return extractEntities({ text, norm: d.norm, tokens: d.tokens }, rules());
}

const seeds = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];

describe('seed golden files', () => {
  test('the five seeds are present', () => {
    expect(seeds.length).toBe(5);
  });
  test.each(seeds)('%s', (f) => {
    const text = readFileSync(path.join(SEEDS, f), 'utf8');
    const got = entitiesOf(text);
    for (const e of got) expect(text.slice(e.start, e.end)).toBe(e.text);
    const file = path.join(GOLDEN, f.replace(/\.txt$/, '.json'));
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, JSON.stringify(got.map(slim), null, 1) + '\n');
    }
    expect(got.map(slim)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});

/** exact entity lists of key paragraphs (offsets relative to the paragraph) */
const PARAGRAPHS: { name: string; text: string; expected: Record<string, unknown>[] }[] = [
  {
    name: '000: titled person, position with acronym, event with acronym and year',
    text: 'นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอีเอส) กล่าวว่า วันนี้ได้เข้าร่วมการประชุมโต๊ะกลมระดับรัฐมนตรี ภายใต้งาน World Summit on the Information Society Forum (WSIS) 2020  ซึ่งเป็นการประชุมระดับโลกในกรอบสหประชาชาติ',
    expected: [
      { type: 'PERSON', text: 'นายเนวินธุ์ ช่อชัยทิพฐ์', start: 0, end: 23, canonical: 'เนวินธุ์ ช่อชัยทิพฐ์', rule: 'person-honorific' },
      { type: 'POSITION', text: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 24, end: 79, canonical: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'position', person: '@0:23' },
      { type: 'ORG', text: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 44, end: 79, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-in-position' },
      { type: 'ORG', text: 'ดีอีเอส', start: 81, end: 88, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-lexicon' },
      { type: 'EVENT', text: 'การประชุมโต๊ะกลมระดับรัฐมนตรี', start: 116, end: 145, canonical: 'การประชุมโต๊ะกลมระดับรัฐมนตรี', rule: 'event-thai-head' },
      { type: 'EVENT', text: 'World Summit on the Information Society Forum (WSIS) 2020', start: 156, end: 213, canonical: 'World Summit on the Information Society Forum 2020', rule: 'event-lexicon' },
      { type: 'ORG', text: 'สหประชาชาติ', start: 246, end: 257, canonical: 'สหประชาชาติ', rule: 'org-lexicon' },
    ],
  },
  {
    name: '000: Latin person, position, acronym after Thai short form',
    text: 'โดยมี Mr. Houlin Zhao เลขาธิการสหภาพโทรคมนาคมระหว่างประเทศ หรือไอทียู (ITU)  เป็นผู้ดำเนินรายการ และมีรัฐมนตรีจากประเทศโดมินิกัน ทำหน้าที่ประธานที่ประชุม',
    expected: [
      { type: 'PERSON', text: 'Mr. Houlin Zhao', start: 6, end: 21, canonical: 'Houlin Zhao', rule: 'person-latin' },
      { type: 'POSITION', text: 'เลขาธิการสหภาพโทรคมนาคมระหว่างประเทศ', start: 22, end: 58, canonical: 'เลขาธิการสหภาพโทรคมนาคมระหว่างประเทศ', rule: 'position', person: '@6:21' },
      { type: 'ORG', text: 'สหภาพโทรคมนาคมระหว่างประเทศ', start: 31, end: 58, canonical: 'สหภาพโทรคมนาคมระหว่างประเทศ', rule: 'org-in-position' },
      { type: 'ORG', text: 'ไอทียู', start: 63, end: 69, canonical: 'สหภาพโทรคมนาคมระหว่างประเทศ', rule: 'org-lexicon' },
      { type: 'ORG', text: 'ITU', start: 71, end: 74, canonical: 'สหภาพโทรคมนาคมระหว่างประเทศ', rule: 'org-lexicon' },
      { type: 'LOCATION', text: 'ประเทศโดมินิกัน', start: 113, end: 128, canonical: 'โดมินิกัน', rule: 'location-lexicon' },
    ],
  },
  {
    name: '002: untitled names framed by positions, city + country, ORG with English gloss',
    text: 'ชัยวุฒิ ธนาคมานุสรณ์ รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม เข้าร่วมการประชุม ที่กรุงโซล สาธารณรัฐเกาหลี จัดโดยกระทรวงวิทยาศาสตร์ เทคโนโลยีสารสนเทศและการสื่อสาร (Ministry of Science and ICT) ของสาธารณรัฐเกาหลี ร่วมด้วย อาร์มิดา ซัลเซียะฮ์ อาลิสจะฮ์บานา เลขาฯ เอสแคป เข้าร่วม',
    expected: [
      { type: 'PERSON', text: 'ชัยวุฒิ ธนาคมานุสรณ์', start: 0, end: 20, canonical: 'ชัยวุฒิ ธนาคมานุสรณ์', rule: 'person-framed' },
      { type: 'POSITION', text: 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 21, end: 70, canonical: 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'position', person: '@0:20' },
      { type: 'ORG', text: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 35, end: 70, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-in-position' },
      { type: 'LOCATION', text: 'กรุงโซล', start: 92, end: 99, canonical: 'กรุงโซล', rule: 'location-lexicon' },
      { type: 'LOCATION', text: 'สาธารณรัฐเกาหลี', start: 100, end: 115, canonical: 'เกาหลีใต้', rule: 'location-lexicon' },
      { type: 'ORG', text: 'กระทรวงวิทยาศาสตร์ เทคโนโลยีสารสนเทศและการสื่อสาร', start: 122, end: 171, canonical: 'กระทรวงวิทยาศาสตร์ เทคโนโลยีสารสนเทศและการสื่อสาร', rule: 'org-thai-head' },
      { type: 'ORG', text: 'Ministry of Science and ICT', start: 173, end: 200, canonical: 'กระทรวงวิทยาศาสตร์ เทคโนโลยีสารสนเทศและการสื่อสาร', rule: 'org-latin' },
      { type: 'LOCATION', text: 'สาธารณรัฐเกาหลี', start: 205, end: 220, canonical: 'เกาหลีใต้', rule: 'location-lexicon' },
      { type: 'PERSON', text: 'อาร์มิดา ซัลเซียะฮ์ อาลิสจะฮ์บานา', start: 230, end: 263, canonical: 'อาร์มิดา ซัลเซียะฮ์ อาลิสจะฮ์บานา', rule: 'person-framed' },
      { type: 'POSITION', text: 'เลขาฯ เอสแคป', start: 264, end: 276, canonical: 'เลขาธิการคณะกรรมาธิการเศรษฐกิจและสังคมสำหรับเอเชียและแปซิฟิก', rule: 'position', person: '@230:263' },
      { type: 'ORG', text: 'เอสแคป', start: 270, end: 276, canonical: 'คณะกรรมาธิการเศรษฐกิจและสังคมสำหรับเอเชียและแปซิฟิก', rule: 'org-in-position' },
    ],
  },
  {
    name: '003: Thai-digit edition, venue, ORG, learned acronym use',
    text: 'เข้าร่วมการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑ ร่วมกับ คู่เจรจา ผ่านระบบการประชุมทางไกล ณ ห้องประชุม Brain Storming สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ โดยมี\nการประชุม ADGMIN ครั้งที่ ๑ กับคู่เจรจา',
    expected: [
      { type: 'EVENT', text: 'การประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑', start: 8, end: 54, canonical: 'การประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ 1', rule: 'event-thai-head' },
      { type: 'ORG', text: 'อาเซียน', start: 25, end: 32, canonical: 'อาเซียน', rule: 'org-lexicon' },
      { type: 'LOCATION', text: 'ห้องประชุม Brain Storming สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์', start: 98, end: 161, canonical: 'ห้องประชุม Brain Storming สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์', rule: 'location-venue' },
      { type: 'ORG', text: 'สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์', start: 124, end: 161, canonical: 'สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์', rule: 'org-lexicon' },
      { type: 'EVENT', text: 'ADGMIN ครั้งที่ ๑', start: 178, end: 195, canonical: 'การประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ 1', rule: 'event-lexicon' },
    ],
  },
  {
    name: '004: quoted short form, titled persons, ceremony, abbreviated position later',
    text: '“พุทธิพงษ์” พร้อมผู้บริหารกระทรวงดิจิทัลฯ ร่วมพิธีเปิดงาน Opening Ceremony for ASEAN – China Year of Digital Economy Cooperation ผ่านระบบ\nนายพุทธิพงษ์ ปุณณกันต์ รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอีเอส) และนางสาวอัจฉรินทร์ พัฒนพันธ์ชัย ปลัดกระทรวงดิจิทัลฯ เข้าร่วม\nในโอกาสนี้ รมว.ดีอีเอส ได้แบ่งปันประสบการณ์ ณ นครหลวงเวียงจันทน์ สปป.ลาว',
    expected: [
      { type: 'PERSON', text: 'พุทธิพงษ์', start: 1, end: 10, canonical: 'พุทธิพงษ์ ปุณณกันต์', rule: 'person-quoted' },
      { type: 'ORG', text: 'กระทรวงดิจิทัลฯ', start: 26, end: 41, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-lexicon' },
      { type: 'EVENT', text: 'Opening Ceremony for ASEAN – China Year of Digital Economy Cooperation', start: 58, end: 128, canonical: 'Opening Ceremony for ASEAN – China Year of Digital Economy Cooperation', rule: 'event-latin' },
      { type: 'ORG', text: 'ASEAN', start: 79, end: 84, canonical: 'อาเซียน', rule: 'org-lexicon' },
      { type: 'PERSON', text: 'นายพุทธิพงษ์ ปุณณกันต์', start: 138, end: 160, canonical: 'พุทธิพงษ์ ปุณณกันต์', rule: 'person-honorific' },
      { type: 'POSITION', text: 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 161, end: 210, canonical: 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'position', person: '@138:160' },
      { type: 'ORG', text: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 175, end: 210, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-in-position' },
      { type: 'ORG', text: 'ดีอีเอส', start: 212, end: 219, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-lexicon' },
      { type: 'PERSON', text: 'นางสาวอัจฉรินทร์ พัฒนพันธ์ชัย', start: 224, end: 253, canonical: 'อัจฉรินทร์ พัฒนพันธ์ชัย', rule: 'person-honorific' },
      { type: 'POSITION', text: 'ปลัดกระทรวงดิจิทัลฯ', start: 254, end: 273, canonical: 'ปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'position', person: '@224:253' },
      { type: 'ORG', text: 'กระทรวงดิจิทัลฯ', start: 258, end: 273, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-in-position' },
      { type: 'POSITION', text: 'รมว.ดีอีเอส', start: 294, end: 305, canonical: 'รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'position', person: '@138:160' },
      { type: 'ORG', text: 'ดีอีเอส', start: 298, end: 305, canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', rule: 'org-in-position' },
      { type: 'LOCATION', text: 'นครหลวงเวียงจันทน์', start: 329, end: 347, canonical: 'นครหลวงเวียงจันทน์', rule: 'location-lexicon' },
      { type: 'LOCATION', text: 'สปป.ลาว', start: 348, end: 355, canonical: 'ลาว', rule: 'location-lexicon' },
    ],
  },
];

describe('key seed paragraphs', () => {
  test.each(PARAGRAPHS)('$name', ({ text, expected }) => {
    expect(entitiesOf(text).map(slim)).toEqual(expected);
  });
});
