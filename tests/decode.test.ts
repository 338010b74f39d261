import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeBytes, decodeStage } from '../src/stages/decode/index.js';
import { normalise } from '../src/stages/normalise/index.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { ThaiExtractError } from '../src/errors.js';
import type { Doc } from '../src/doc/types.js';

const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/text-layer/${name}`, import.meta.url)));
const ctx = makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir: '.', pointer: '/stages/0/options' });
const run = decodeStage.create({}, ctx);
const docOf = (bytes?: Uint8Array, text?: string): Doc => ({
  id: 't', source: 't.txt', sha256: '', hints: {}, ...(bytes ? { bytes } : {}), ...(text !== undefined ? { text } : {}), diagnostics: [],
});

function codeOf(f: () => unknown): { code: string; offset?: number; value?: unknown } {
  try {
    f();
  } catch (e) {
    if (e instanceof ThaiExtractError) return { code: e.code, offset: e.context.offset, value: e.context.value };
    throw e;
  }
  throw new Error('did not throw');
}

describe('decodeBytes', () => {
  it.each([
    ['plain UTF-8', new TextEncoder().encode('ข่าว\r\nA'), 'ข่าว\r\nA', 'utf-8', []],
    [
      'UTF-8 with BOM',
      fx('utf8-bom.txt'),
      'ที่มา : กระทรวงดิจิทัลฯ\n',
      'utf-8-bom',
      [{ level: 'info', code: 'decode-bom', message: 'UTF-8 byte order mark stripped' }],
    ],
    [
      'TIS-620 with CRLF (CRLF kept in text)',
      fx('tis620-crlf.txt'),
      'ข่าวทำเนียบรัฐบาล วันที่ ๑๐ กันยายน 2563\r\nนายกรัฐมนตรี\r\n',
      'windows-874',
      [{ level: 'info', code: 'decode-windows-874', message: 'not valid UTF-8; decoded as windows-874 (TIS-620)' }],
    ],
    [
      'windows-874 punctuation range',
      new Uint8Array([0x93, 0xa1, 0x94, 0x20, 0x80, 0x96, 0xa0]),
      '\u201cก\u201d \u20ac\u2013\u00a0',
      'windows-874',
      [{ level: 'info', code: 'decode-windows-874', message: 'not valid UTF-8; decoded as windows-874 (TIS-620)' }],
    ],
    [
      'zero-width characters stay in text',
      fx('zero-width-nbsp.txt'),
      '\u200bรองโฆษกรัฐบาล\u00a0ย้ำ\u200cเตือน\ufeffประชาชน\u00ad\n',
      'utf-8',
      [],
    ],
  ])('%s', (_name, bytes, text, encoding, diagnostics) => {
    expect(decodeBytes(bytes)).toEqual({ text, encoding, diagnostics });
  });

  it('agrees with the ICU windows-874 decoder on every assigned byte', () => {
    const bytes: number[] = [];
    for (let b = 0x20; b < 0x7f; b++) bytes.push(b);
    for (let b = 0xa0; b <= 0xfb; b++) if (b < 0xdb || b > 0xde) bytes.push(b);
    const u = new Uint8Array(bytes);
    expect(decodeBytes(u).text).toBe(new TextDecoder('windows-874').decode(u));
  });

  it.each([
    ['empty', new Uint8Array(0), { code: 'TE302', offset: undefined, value: undefined }],
    ['BOM only', new Uint8Array([0xef, 0xbb, 0xbf]), { code: 'TE302', offset: undefined, value: undefined }],
    ['NUL bytes (zip header)', fx('binary-nul.bin'), { code: 'TE303', offset: 5, value: '0x00' }],
    ['unassigned TIS-620 byte', new Uint8Array([0xa1, 0xa2, 0xfc]), { code: 'TE303', offset: 2, value: '0xFC' }],
    [
      'mostly control characters',
      new Uint8Array([0x41, 0x01, 0x02, 0x03, 0x42]),
      { code: 'TE303', offset: 1, value: 'U+0001' },
    ],
  ])('%s → error', (_name, bytes, expected) => {
    expect(codeOf(() => decodeBytes(bytes))).toEqual(expected);
  });

  it('a decoded text normalises through the offset map (CRLF, NBSP, zero-width, sara am)', () => {
    const text = decodeBytes(fx('decomposed-sara-am.txt')).text;
    expect(text).toBe('น\u0e4d\u0e49\u0e32ท่วม ท\u0e4d\u0e32งาน เเก้ไข\n');
    expect(normalise(text).text).toBe('น้ำท่วม ทำงาน แก้ไข\n');
    const z = decodeBytes(fx('zero-width-nbsp.txt')).text;
    expect(normalise(z).text).toBe('รองโฆษกรัฐบาล ย้ำเตือนประชาชน\n');
  });
});

describe('decodeStage', () => {
  it('decodes bytes, adds text/encoding/diagnostics without mutating the doc', () => {
    const d = docOf(fx('utf8-bom.txt'));
    const out = run(d);
    expect({ text: out.text, encoding: out.encoding, diagnostics: out.diagnostics }).toEqual({
      text: 'ที่มา : กระทรวงดิจิทัลฯ\n',
      encoding: 'utf-8-bom',
      diagnostics: [{ level: 'info', code: 'decode-bom', message: 'UTF-8 byte order mark stripped' }],
    });
    expect(d.text).toBe(undefined);
    expect(d.diagnostics).toEqual([]);
  });
  it('keeps a string given by a library call (encoding "string")', () => {
    const out = run(docOf(undefined, 'ก\r\n'));
    expect({ text: out.text, encoding: out.encoding }).toEqual({ text: 'ก\r\n', encoding: 'string' });
  });
  it.each([
    ['empty string', docOf(undefined, ''), { code: 'TE302', offset: undefined, value: undefined }],
    ['nothing', docOf(), { code: 'TE302', offset: undefined, value: undefined }],
    ['empty file', docOf(fx('empty.txt')), { code: 'TE302', offset: undefined, value: undefined }],
    ['binary', docOf(fx('binary-nul.bin')), { code: 'TE303', offset: 5, value: '0x00' }],
  ])('%s → error', (_name, doc, expected) => {
    expect(codeOf(() => run(doc))).toEqual(expected);
  });
  it('names the file in the error', () => {
    expect(() => run({ ...docOf(fx('binary-nul.bin')), source: 'x/y.bin' })).toThrowError('[TE303] x/y.bin @5: NUL byte: binary file: "0x00"');
  });
});
