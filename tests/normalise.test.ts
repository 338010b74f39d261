import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  arabicToThaiDigits,
  normalise,
  normaliseStage,
  normaliseString,
  thaiToArabicDigits,
} from '../src/stages/normalise/index.js';
import { viewSpanToInput } from '../src/doc/offsets.js';
import { makeStageContext } from '../src/pipeline/context.js';
import type { Doc, NormView } from '../src/doc/types.js';

/** the view as [viewChar, inputSlice] pairs, for readable exact expectations */
function pairs(input: string, v: NormView): [string, string][] {
  return [...v.text].map((ch, i) => [ch, input.slice(v.starts[i], v.ends[i])]);
}

function checkMap(input: string, v: NormView): void {
  expect(v.inputLength).toBe(input.length);
  expect(v.starts.length).toBe(v.text.length);
  expect(v.ends.length).toBe(v.text.length);
  for (let i = 0; i < v.text.length; i++) {
    expect(v.starts[i]).toBeGreaterThanOrEqual(0);
    expect(v.starts[i]).toBeLessThan(v.ends[i]);
    expect(v.ends[i]).toBeLessThanOrEqual(input.length);
    if (i > 0) {
      expect(v.starts[i]).toBeGreaterThanOrEqual(v.starts[i - 1]);
      expect(v.ends[i]).toBeGreaterThanOrEqual(v.ends[i - 1]);
      // pieces never overlap: a char either shares its predecessor's range or starts after it
      if (v.starts[i] !== v.starts[i - 1]) expect(v.starts[i]).toBeGreaterThanOrEqual(v.ends[i - 1]);
    }
  }
}

describe('normalise: table', () => {
  const cases: [string, string, string][] = [
    // name, input, expected view text
    ['CRLF', 'ก\r\nข', 'ก\nข'],
    ['lone CR', 'ก\rข\r', 'ก\nข\n'],
    ['NBSP and thin spaces', 'ICT\u00a0Services\u2009x\u3000y', 'ICT Services x y'],
    ['zero-width deleted', '\u200bรอง\u200cโฆษก\u200d\u2060\ufeffรัฐบาล\u00ad', 'รองโฆษกรัฐบาล'],
    ['decomposed sara am', 'น\u0e4d\u0e32', 'น\u0e33'],
    ['sara am with tone after nikhahit', 'น\u0e49\u0e4d\u0e32', 'น้ำ'],
    ['sara am with tone before nikhahit', 'น\u0e4d\u0e49\u0e32', 'น้ำ'],
    ['tone after sara am', 'น\u0e33\u0e49', 'น้ำ'],
    ['double sara e', 'เเก', 'แก'],
    ['double sara e with zero-width between', 'เ\u200bเก', 'แก'],
    ['repeated tone', 'ก\u0e48\u0e48า', 'ก่า'],
    ['tone before upper vowel', 'ท\u0e35\u0e48', 'ที่'],
    ['tone before upper vowel reordered', 'ท\u0e48\u0e35', 'ที่'],
    ['tone before lower vowel reordered', 'ป\u0e49\u0e39', 'ปู้'],
    ['space before a mark', 'ก \u0e48า', 'ก่า'],
    ['spaces before a mark', 'ก  \u0e35', 'กี'],
    ['space before a mark after Latin kept', 'a \u0e48', 'a \u0e48'],
    ['space before sara am', 'ก ำ', 'กำ'],
    ['Thai digits to Arabic', 'พุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔', 'พุธ 24 มีนาคม 2021 17:24'],
    ['nothing to do', 'ประชุม WSIS 2020', 'ประชุม WSIS 2020'],
    ['a run of spaces is one space', 'นายวราวุธ  ศิลปอาชา   รัฐมนตรี', 'นายวราวุธ ศิลปอาชา รัฐมนตรี'],
    ['NBSP and spaces in one run', 'a \u00a0 b', 'a b'],
    ['tab and newline are not spaces', 'a \t b\n c', 'a \t b\n c'],
    ['lone nikhahit kept', 'ก\u0e4d', 'ก\u0e4d'],
    ['empty', '', ''],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const v = normalise(input);
    expect(v.text).toBe(expected);
    checkMap(input, v);
    expect(normaliseString(input)).toBe(expected);
  });

  it('digits: keep', () => {
    expect(normalise('๒๔ มี.ค.', { digits: 'keep' }).text).toBe('๒๔ มี.ค.');
  });

  it('maps every view char to its input range', () => {
    const input = 'เเก\r\nน\u0e4d\u0e49\u0e32 \u200bท\u0e48\u0e35';
    expect(pairs(input, normalise(input))).toEqual([
      ['แ', 'เเ'],
      ['ก', 'ก'],
      ['\n', '\r\n'],
      ['น', 'น'],
      ['้', '\u0e4d\u0e49\u0e32'],
      ['ำ', '\u0e4d\u0e49\u0e32'],
      [' ', ' '],
      ['ท', 'ท'],
      ['ี', '\u0e48\u0e35'],
      ['่', '\u0e48\u0e35'],
    ]);
  });

  it('keeps the common prefix of a mark run as copies', () => {
    const input = 'น\u0e49\u0e4d\u0e32';
    expect(pairs(input, normalise(input))).toEqual([
      ['น', 'น'],
      ['้', '\u0e49'],
      ['ำ', '\u0e4d\u0e32'],
    ]);
  });

  it('a collapsed run of spaces maps back to the whole run', () => {
    const v = normalise('ก  \u00a0ข');
    expect([v.text, Array.from(v.starts), Array.from(v.ends)]).toEqual(['ก ข', [0, 1, 4], [1, 4, 5]]);
  });

  it('view spans map back into the input', () => {
    const input = 'ข่าว\u00a0น\u0e4d\u0e49\u0e32ท่วม\r\n';
    const v = normalise(input);
    const i = v.text.indexOf('น้ำ');
    expect(viewSpanToInput(v, i, i + 3)).toEqual({ start: 5, end: 9 });
    expect(input.slice(5, 9)).toBe('น\u0e4d\u0e49\u0e32');
  });
});

describe('digit conversion', () => {
  it.each([
    ['๐๑๒๓๔๕๖๗๘๙', '0123456789'],
    ['พ.ศ. ๒๕๖๓ (2020)', 'พ.ศ. 2563 (2020)'],
    ['', ''],
  ])('%s', (thai, arabic) => {
    expect(thaiToArabicDigits(thai)).toBe(arabic);
    expect(thaiToArabicDigits(thai).length).toBe(thai.length);
  });
  it.each([
    ['0123456789', '๐๑๒๓๔๕๖๗๘๙'],
    ['17:24 น.', '๑๗:๒๔ น.'],
  ])('%s', (arabic, thai) => {
    expect(arabicToThaiDigits(arabic)).toBe(thai);
  });
});

// random strings from the characters that matter: Thai consonants, vowels, marks, sara am parts,
// digits, Latin, spaces, line breaks, zero-width characters
const ALPHABET = [
  'ก', 'น', 'ท', 'ป', 'ข', 'อ', 'เ', 'แ', 'โ', 'า', 'ะ', 'ำ', '\u0e4d', '\u0e31', '\u0e34', '\u0e35', '\u0e37',
  '\u0e38', '\u0e39', '\u0e47', '\u0e48', '\u0e49', '\u0e4a', '\u0e4b', '\u0e4c', '๑', '๙', '1', 'a', 'Z', ' ',
  '\u00a0', '\u2009', '\n', '\r', '\r\n', '\u200b', '\u200c', '\ufeff', '\u00ad', '-', '.', '“',
];
const thaiish = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((a) => a.join(''));
const mixed = fc.oneof(thaiish, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('normalise: properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(mixed, fc.constantFrom<'keep' | 'arabic'>('keep', 'arabic'), (s, digits) => {
        const once = normalise(s, { digits }).text;
        expect(normalise(once, { digits }).text).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
  it('maps every view char into the input, in order', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        checkMap(s, normalise(s));
      }),
      { numRuns: 1000 },
    );
  });
  it('the quick scan with windows gives what the full algorithm gives over the whole text', () => {
    fc.assert(
      fc.property(mixed, fc.constantFrom<'keep' | 'arabic'>('keep', 'arabic'), (s, digits) => {
        const fast = normalise(s, { digits });
        const full = normalise(s, { digits, scan: false });
        expect([fast.text, Array.from(fast.starts), Array.from(fast.ends)]).toEqual([full.text, Array.from(full.starts), Array.from(full.ends)]);
      }),
      { numRuns: 5000 },
    );
  });
  it('a window longer than the kept scratch arrays (a text with no anchor in it) gives the same view', () => {
    const unit = 'เ\u200bเ \u0e48\u0e34  \u00a0ำ\r\n๑';
    const s = `ก${unit.repeat(9000)}ข`;
    const fast = normalise(s);
    const full = normalise(s, { scan: false });
    expect(s.length).toBeGreaterThan(1 << 16);
    expect([fast.text, Array.from(fast.starts), Array.from(fast.ends)]).toEqual([full.text, Array.from(full.starts), Array.from(full.ends)]);
    expect(normalise(normalise(s).text).text).toBe(fast.text);
  });
  it('keeps Thai digits length (keep and arabic views have the same map)', () => {
    fc.assert(
      fc.property(thaiish, (s) => {
        const a = normalise(s, { digits: 'arabic' });
        const k = normalise(s, { digits: 'keep' });
        expect(a.text).toBe(thaiToArabicDigits(k.text));
        expect(Array.from(a.starts)).toEqual(Array.from(k.starts));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normaliseStage', () => {
  const ctx = makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir: '.', pointer: '/stages/1/options' });
  const doc: Doc = { id: 't', source: 't.txt', sha256: '', hints: {}, text: 'น\u0e4d\u0e32 ๑\r\n', diagnostics: [] };
  it('adds norm, keeps text and does not mutate the doc', () => {
    const frozen = Object.freeze({ ...doc, diagnostics: Object.freeze([]) as never });
    const out = normaliseStage.create({}, ctx)(frozen);
    expect(out.text).toBe('น\u0e4d\u0e32 ๑\r\n');
    expect(out.norm!.text).toBe('นำ 1\n');
    expect(frozen.norm).toBe(undefined);
  });
  it('digits: keep', () => {
    expect(normaliseStage.create({ digits: 'keep' }, ctx)(doc).norm!.text).toBe('นำ ๑\n');
  });
  it('throws TE305 without text', () => {
    const { text: _t, ...noText } = doc;
    expect(() => normaliseStage.create({}, ctx)(noText)).toThrowError(/TE305/);
  });
});
