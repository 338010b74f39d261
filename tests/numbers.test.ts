/**
 * Numbers, money, percent, ordinals, digits. Cases from ../shared/eval/dates/pythainlp-util-cases.json:
 * in scope are thaiword_to_num, words_to_num, text_to_arabic_digit, the digit conversions, and
 * num_to_thaiword / num_to_thaiword_float / bahttext read backwards (our parser must turn their
 * expected words back into the number). Out of scope: thai_strftime, time_to_thaiword, digit_to_text,
 * text_to_thai_digit (we read, we do not write Thai), to_lunar_date and reign_year_to_ad (lunar and
 * reign calendars), convert_years to/from Rattanakosin and Hijri years.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itEachShared } from './helpers.js';
import {
  analyse, arabicToThaiDigits, beToCe, ceToBe, findNumbers, parseThaiNumber, thaiDigitsToArabic, wordsToNumber,
} from '../src/thai-numbers-dates/index.js';

const CASES = new URL('../../shared/eval/dates/pythainlp-util-cases.json', import.meta.url);
const have = existsSync(CASES);
const PY_NEEDS = '../shared/eval/dates/pythainlp-util-cases.json';
if (!have) console.log('skipping pythainlp cases: ../shared/eval/dates not present');
type PyCase = { function: string; args: unknown[]; kwargs: Record<string, unknown>; expected: unknown };
const py: PyCase[] = have ? JSON.parse(readFileSync(CASES, 'utf8')).cases : [];

describe.skipIf(!have)('pythainlp cases (in scope)', () => {
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'thaiword_to_num').map((c) => [c.args[0] as string, c.expected as number]), 'thaiword_to_num %s', (s, n) => {
    expect(parseThaiNumber(s)).toEqual(n);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'words_to_num').map((c) => [c.args[0] as string[], c.expected as number]), 'words_to_num %j', (toks, n) => {
    expect(wordsToNumber(toks)).toEqual(n);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => (c.function === 'num_to_thaiword' || c.function === 'num_to_thaiword_float') && c.expected !== '').map((c) => [c.expected as string, c.args[0] as number]),
    'read back %s', (words, n) => {
      expect(parseThaiNumber(words)).toEqual(n === 0 ? 0 : n);
    });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'bahttext').map((c) => [c.expected as string, c.args[0] as number]), 'bahttext back %s', (words, n) => {
    const items = findNumbers(words);
    expect(items.map((i) => [i.type, i.text, i.value])).toEqual([['MONEY', words, { value: n, unit: 'THB' }]]);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'thai_digit_to_arabic_digit').map((c) => [c.args[0] as string, c.expected as string]), 'thai_digit_to_arabic_digit %s', (a, b) => {
    expect(thaiDigitsToArabic(a)).toEqual(b);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'arabic_digit_to_thai_digit').map((c) => [c.args[0] as string, c.expected as string]), 'arabic_digit_to_thai_digit %s', (a, b) => {
    expect(arabicToThaiDigits(a)).toEqual(b);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'text_to_arabic_digit').map((c) => [c.args[0] as string, c.expected as string]), 'text_to_arabic_digit %s', (a, b) => {
    const n = parseThaiNumber(a);
    expect(n === null ? '' : String(n)).toEqual(b);
  });
  itEachShared(have, PY_NEEDS, py.filter((c) => c.function === 'convert_years' && ['be', 'ad'].includes(c.kwargs.src as string) && ['be', 'ad'].includes(c.kwargs.target as string))
    .map((c) => [c.args[0] as string, c.kwargs.src as string, c.expected as string]), 'convert_years %s from %s', (y, src, out) => {
    expect(String(src === 'be' ? beToCe(Number(y)) : ceToBe(Number(y)))).toEqual(out);
  });
});

describe('parseThaiNumber', () => {
  it.each([
    ['1,270', 1270], ['๑๒๓', 123], ['42.20', 42.2], ['สองพันห้าร้อย', 2500], ['หนึ่งล้านสองแสน', 1200000], ['ยี่สิบเอ็ด', 21],
    ['2 พันล้าน', 2e9], ['2.5 ล้าน', 2500000], ['1.1 ล้าน', 1100000], ['4,780 ล้าน', 4780000000], ['ลบห้า', -5], ['ห้าสิบจุดเก้าห้า', 50.95],
    ['', null], ['สามารถ', null], ['abc', null], ['สิบร้อย', null], ['หนึ่งสอง', null], ['12 คน', null],
  ] as const)('%s -> %s', (s, n) => {
    expect(parseThaiNumber(s)).toEqual(n);
  });
});

const rows = (s: string) => analyse(s).items.map((i) => [i.type, i.text, i.canonical, i.value, i.rule]);

describe('numbers, money, percent in text', () => {
  it.each([
    ['มี 1,270 โครงการ', [['NUMBER', '1,270', '1270', { value: 1270, unit: 'โครงการ' }, 'number.plain']]],
    ['1 ใน 20 โครงการ', [['NUMBER', '1 ใน 20', '1/20', { value: 0.05, numerator: 1, denominator: 20 }, 'number.fraction']]],
    ['อายุ 20-30 ปี', [['NUMBER', '20-30', '20-30', { value: 20, end: 30, unit: 'ปี' }, 'number.range']]],
    ['ร้อยละ 42.20', [['PERCENT', 'ร้อยละ 42.20', '42.2%', { value: 42.2, unit: '%' }, 'percent.roila']]],
    ['เพิ่มขึ้น 5%', [['PERCENT', '5%', '5%', { value: 5, unit: '%' }, 'percent.sign']]],
    ['ร้อยละห้าสิบ', [['PERCENT', 'ร้อยละห้าสิบ', '50%', { value: 50, unit: '%' }, 'percent.roila']]],
    ['งบ 4,780 ล้านบาท', [['MONEY', '4,780 ล้านบาท', '4780000000 THB', { value: 4780000000, unit: 'THB' }, 'money.suffix']]],
    ['วงเงิน 2 พันล้านบาท', [['MONEY', '2 พันล้านบาท', '2000000000 THB', { value: 2000000000, unit: 'THB' }, 'money.suffix']]],
    ['USD 5 million', [['MONEY', 'USD 5 million', '5000000 USD', { value: 5000000, unit: 'USD' }, 'money.prefix']]],
    ['1.5 ล้านดอลลาร์สหรัฐ', [['MONEY', '1.5 ล้านดอลลาร์สหรัฐ', '1500000 USD', { value: 1500000, unit: 'USD' }, 'money.suffix']]],
    ['ปรับ 10,000 - 100,000 บาท', [['MONEY', '10,000 - 100,000 บาท', '10000-100000 THB', { value: 10000, end: 100000, unit: 'THB' }, 'money.suffix']]],
    ['๕๐๐ บาท', [['MONEY', '๕๐๐ บาท', '500 THB', { value: 500, unit: 'THB' }, 'money.suffix']]],
    ['ครั้งที่ ๑', [['NUMBER', '๑', '1', { value: 1, ordinal: true, prefix: 'ครั้งที่' }, 'number.ordinal']]],
    ['สมัยที่ 1', [['NUMBER', '1', '1', { value: 1, ordinal: true, prefix: 'สมัยที่' }, 'number.ordinal']]],
    ['ครั้งที่ ๒/๒๕๖๔', [['NUMBER', '๒/๒๕๖๔', '2/2564', { value: 2, ordinal: true, prefix: 'ครั้งที่', year: 2564 }, 'number.ordinal']]],
    ['2.5 ล้าน', [['NUMBER', '2.5 ล้าน', '2500000', { value: 2500000 }, 'number.multiplier']]],
    ['หนึ่งล้านสองแสนคน', [['NUMBER', 'หนึ่งล้านสองแสน', '1200000', { value: 1200000, unit: 'คน' }, 'number.words']]],
    ['Thailand 4.0', [['NUMBER', '4.0', '4', { value: 4 }, 'number.plain']]],
    // negative cases
    ['โควิด-19', []], ['COVID-19', []], ['โควิด – 19', []], ['5G', []], ['สามารถ', []], ['ห้ามเข้า', []], ['ศูนย์ดิจิทัล', []],
    ['เก้าอี้', []], ['พันธุ์ข้าว', []], ['ร้อยละ', []],
  ] as const)('%s', (s, want) => {
    expect(rows(s)).toEqual(want);
  });
});

describe('property tests', () => {
  it('Thai <-> Arabic digits round trip and keep length', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const a = thaiDigitsToArabic(s);
      expect(a.length).toEqual(s.length);
      expect(thaiDigitsToArabic(arabicToThaiDigits(a))).toEqual(a);
      expect(arabicToThaiDigits(thaiDigitsToArabic(arabicToThaiDigits(s)))).toEqual(arabicToThaiDigits(s));
    }));
  });
  it('BE <-> CE round trip', () => {
    fc.assert(fc.property(fc.integer({ min: -100000, max: 100000 }), (y) => {
      expect(beToCe(ceToBe(y))).toEqual(y);
      expect(ceToBe(y) - y).toEqual(543);
    }));
  });
  it('integers written with digits read back exactly, with and without separators', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(parseThaiNumber(String(n))).toEqual(n);
      expect(parseThaiNumber(arabicToThaiDigits(n.toLocaleString('en-US')))).toEqual(n);
    }));
  });
  it('no span outside the text; item text equals the slice', () => {
    const alphabet = [...'0123456789๐๑๒๓ ,.:/-–()%น.วันที่ มีนาคม ม.ค. พ.ศ. 2564 บาท ล้าน ร้อยละ ใน เวลา วันนี้ https://x.co/a สองพัน'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }), fc.option(fc.constant('2021-03-24')), (chars, pub) => {
      const s = chars.join('');
      const r = analyse(s, { published: pub });
      for (const i of r.items) {
        expect(0 <= i.start && i.start < i.end && i.end <= s.length).toEqual(true);
        expect(s.slice(i.start, i.end)).toEqual(i.text);
      }
      for (let k = 1; k < r.items.length; k++) expect(r.items[k - 1].end <= r.items[k].start).toEqual(true);
      for (const d of r.diagnostics) expect(0 <= d.start && d.end <= s.length).toEqual(true);
    }), { numRuns: 300 });
  });
});
