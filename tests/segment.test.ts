import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentCommand } from '../src/cli/segment.js';
import { ViewBuilder, identityView, inputToView, inputToViewFrom } from '../src/doc/offsets.js';
import type { Doc, Token } from '../src/doc/types.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { ENGINES, createSegmenter, segment, segmentStage, tokensToInput } from '../src/stages/segment/index.js';
import { tccBoundaries, tccBoundary } from '../src/stages/segment/chars.js';
import { getEngine } from '../src/stages/segment/engines.js';
import { createDictCutter, type DictData } from '../src/stages/segment/dict.js';
import { tmpDir } from './helpers.js';

const SHARED = path.resolve(__dirname, '../../shared');
const hasShared = existsSync(path.join(SHARED, 'seeds'));
if (!hasShared) console.warn(`segment tests: ${SHARED} not found, skipping seed and corpus checks`);

const cut = (text: string, opts?: Parameters<typeof segment>[1]) =>
  segment(text, opts).map((t) => text.slice(t.start, t.end)).join('|');
const kinds = (text: string, opts?: Parameters<typeof segment>[1]) =>
  segment(text, opts).map((t) => t.kind);

function covers(text: string, tokens: Token[]): boolean {
  let p = 0;
  for (const t of tokens) {
    if (t.start !== p || t.end <= t.start) return false;
    p = t.end;
  }
  return p === text.length && tokens.map((t) => text.slice(t.start, t.end)).join('') === text;
}

describe('segment (dict engine, the default)', () => {
  it.each([
    [
      'นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอีเอส)',
      'นาย|เนวินธุ์| |ช่อ|ชัย|ทิพฐ์| |ผู้|ช่วย|รัฐมนตรี|ประจำ|กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม| |(|ดี|อี|เอส|)',
    ],
    ['ผู้ติดเชื้อรายใหม่ 1,270 ราย เวลา 17:24 น. เพิ่มขึ้น 2.5%', 'ผู้|ติด|เชื้อ|ราย|ใหม่| |1,270| |ราย| |เวลา| |17:24| |น.| |เพิ่ม|ขึ้น| |2.5|%'],
    ['ปีงบประมาณ ๒๕๖๔ วงเงิน ๑๐๐,๐๐๐ บาท', 'ปี|งบประมาณ| |๒๕๖๔| |วงเงิน| |๑๐๐,๐๐๐| |บาท'],
    ['งาน WSIS Forum 2020 และ Best Practice', 'งาน| |WSIS| |Forum| |2020| |และ| |Best| |Practice'],
    ['COVID-19 ระบาด', 'COVID|-|19| |ระบาด'],
    ['บรรทัดแรก\r\nบรรทัดสอง\nสาม', 'บรรทัด|แรก|\r\n|บรรทัด|สอง|\n|สาม'],
    ['ดีๆ ฯลฯ', 'ดี|ๆ| |ฯลฯ'],
    ['ร.ต.อ. และ พ.ศ. 2563 ครับ...', 'ร.ต.อ.| |และ| |พ.ศ.| |2563| |ครับ|...'],
    ['ยุ้ยจะบอกว่ามันนานแล้ว แต่เรารักกัน', 'ยุ้ย|จะ|บอก|ว่า|มัน|นาน|แล้ว| |แต่|เรา|รัก|กัน'],
    ['นายกรัฐมนตรีเดินทางไปประชุมที่ทำเนียบรัฐบาล', 'นายกรัฐมนตรี|เดิน|ทาง|ไป|ประชุม|ที่|ทำเนียบ|รัฐบาล'],
    ['แพงเว่อร์ 😰😰😰์', 'แพง|เว่อร์| |😰|😰|😰์'],
    ['a  b\t\tc', 'a|  |b|\t\t|c'],
    ['', ''],
  ])('%s', (text, expected) => {
    expect(cut(text)).toBe(expected);
  });

  it('gives token kinds', () => {
    expect(kinds('ที่มา : 2.5% WSIS\n😰')).toEqual(['thai', 'thai', 'space', 'punct', 'space', 'number', 'punct', 'space', 'latin', 'newline', 'other']);
  });

  it('keeps custom words whole (per call and per segmenter)', () => {
    const text = 'นายเนวินธุ์ ช่อชัยทิพฐ์ กล่าว';
    expect(cut(text, { words: ['ช่อชัยทิพฐ์'] })).toBe('นาย|เนวินธุ์| |ช่อชัยทิพฐ์| |กล่าว');
    const seg = createSegmenter({ words: ['ช่อชัยทิพฐ์', 'กระทรวงดิจิทัล'] });
    const t2 = 'กระทรวงดิจิทัลและช่อชัยทิพฐ์';
    expect(seg(t2).map((t) => t2.slice(t.start, t.end))).toEqual(['กระทรวงดิจิทัล', 'และ', 'ช่อชัยทิพฐ์']);
  });

  it('never breaks inside a Thai character cluster', () => {
    // simplified TCC: nothing after a leading vowel or before a mark; a final consonant may start a cluster
    const t = 'เก็บ';
    expect([1, 2, 3].map((i) => tccBoundary(t, 0, t.length, i))).toEqual([false, false, true]);
    const u = 'ศาสตร์';
    expect([1, 2, 3, 4, 5].map((i) => tccBoundary(u, 0, u.length, i))).toEqual([false, true, true, false, false]);
  });

  it('tccBoundaries (one pass, the segmenter\'s) answers as tccBoundary does at every offset', () => {
    const dirs = ['fixtures/seeds', 'fixtures/corpus'];
    const texts = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(d, f), 'utf8')));
    texts.push('ทิพฐ์ ทิฐุ์ ก.พ. เก็บ.ศาสตร์ ก์ เ');
    const ok = new Uint8Array(1 << 16);
    let checked = 0;
    const wrong: string[] = [];
    for (const t of texts) {
      for (const m of t.matchAll(/[\u0e01-\u0e4e.]+/g)) {
        const s = m.index!;
        const e = s + m[0].length;
        // whole runs, and ranges cut short at either end (the karan look-ahead stops at `end`)
        for (const [a, b] of [[s, e], [s, Math.min(e, s + 3)], [Math.max(s, e - 2), e], [s, s]]) {
          tccBoundaries(t, a, b, ok);
          for (let i = a; i <= b; i++) {
            checked++;
            if (ok[i - a] !== (tccBoundary(t, a, b, i) ? 1 : 0)) wrong.push(`${t.slice(a, b)}@${i - a}`);
          }
        }
      }
    }
    expect([checked > 10_000, wrong]).toEqual([true, []]);
    // and on any string of Thai-block characters, dots and spaces
    const ch = fc.integer({ min: 0x0dff, max: 0x0e80 }).map((c) => (c === 0x0dff ? '.' : c === 0x0e80 ? ' ' : String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 12 }).map((a) => a.join('')), fc.nat(3), fc.nat(3), (t, cutA, cutB) => {
        const a = Math.min(cutA, t.length);
        const b = Math.max(a, t.length - cutB);
        tccBoundaries(t, a, b, ok);
        for (let i = a; i <= b; i++) if (ok[i - a] !== (tccBoundary(t, a, b, i) ? 1 : 0)) return false;
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('createDictCutter', () => {
  it('rejects a trie with a negative base (TE108, with the file and the state)', () => {
    const dict: DictData = {
      size: 2, base: Int32Array.from([0, -3]), check: Int32Array.from([-1, 0]), cost: Float32Array.from([Infinity, 1]),
      freq: Float32Array.from([-1, 1]), total: 1, words: 1, file: 'bad.bin',
    };
    let err: { code?: string; context?: unknown } | undefined;
    try {
      createDictCutter(dict);
    } catch (e) {
      err = e as { code?: string; context?: unknown };
    }
    expect([err?.code, err?.context]).toEqual(['TE108', { file: 'bad.bin', value: 1 }]);
  });
});

describe('engines', () => {
  it('lists the engines', () => {
    expect(ENGINES).toEqual(['dict', 'wordcut', 'icu']);
  });

  it.each([
    ['wordcut', 'ผู้ช่วยรัฐมนตรี 1,270 คน WSIS', 'ผู้|ช่วย|รัฐมนตรี| |1,270| |คน| |WSIS'],
    ['icu', 'ผู้ช่วยรัฐมนตรี 1,270 คน WSIS', 'ผู้|ช่วย|รัฐมนตรี| |1,270| |คน| |WSIS'],
    ['dict', 'ผู้ช่วยรัฐมนตรี 1,270 คน WSIS', 'ผู้|ช่วย|รัฐมนตรี| |1,270| |คน| |WSIS'],
  ])('%s: %s', (engine, text, expected) => {
    expect(cut(text, { engine })).toBe(expected);
  });

  it.each(['wordcut', 'icu', 'dict'])('%s keeps custom words whole', (engine) => {
    const text = 'นายเนวินธุ์ ช่อชัยทิพฐ์';
    expect(cut(text, { engine, words: ['เนวินธุ์', 'ช่อชัยทิพฐ์'] })).toBe('นาย|เนวินธุ์| |ช่อชัยทิพฐ์');
  });

  it.each(['wordcut', 'icu', 'dict'])('%s cuts a text the same after other texts (the word ends array is shared)', (engine) => {
    const words = ['เนวินธุ์', 'ช่อชัยทิพฐ์'];
    const seg = createSegmenter({ engine, words });
    const text = 'นายเนวินธุ์ ช่อชัยทิพฐ์ และผู้ช่วยรัฐมนตรี';
    const alone = createSegmenter({ engine, words })(text);
    seg('การประชุมระดับรัฐมนตรี'.repeat(300) + ' ช่อชัยทิพฐ์');
    seg('ก');
    expect(seg(text)).toEqual(alone);
    expect(alone.map((t) => text.slice(t.start, t.end)).join('|')).toBe('นาย|เนวินธุ์| |ช่อชัยทิพฐ์| |และ|ผู้|ช่วย|รัฐมนตรี');
  });

  it('icu cuts long Thai runs in bounded chunks and still covers them', () => {
    const text = 'การประชุมระดับรัฐมนตรี'.repeat(200);
    const toks = segment(text, { engine: 'icu' });
    expect(covers(text, toks)).toBe(true);
    expect(toks.every((t) => t.kind === 'thai')).toBe(true);
  });

  it('rejects an unknown engine with TE111', () => {
    expect(() => segment('ก', { engine: 'nope' })).toThrow(expect.objectContaining({ code: 'TE111' }));
    expect(() => createSegmenter({ engine: 'newmm' })).toThrow(/TE111.*"newmm"/);
  });
});

describe('cover invariant', () => {
  it.each(ENGINES)('%s covers random mixed text exactly', (engine) => {
    const seg = createSegmenter({ engine });
    const alphabet = fc.constantFrom(
      ...'กขคงเแโใไาะำิีึืุู่้๊๋์ัๆฯ. ,:0123456789๑๒abcXYZ\n\r\t()“”"-…😰\u200b\u0301'.split(''),
      '😰', 'ที่', 'การ', 'ประชุม',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        return covers(text, seg(text));
      }),
      { numRuns: engine === 'wordcut' ? 150 : 500 },
    );
  });

  it.runIf(hasShared).each(ENGINES)('%s covers the 5 seeds and a corpus sample exactly', (engine) => {
    const seg = createSegmenter({ engine });
    const seeds = readdirSync(path.join(SHARED, 'seeds')).map((f) => path.join(SHARED, 'seeds', f));
    const corpusDir = path.join(SHARED, 'corpus/thaigov');
    const corpus = existsSync(corpusDir) ? readdirSync(corpusDir).sort().filter((_, i) => i % 50 === 0).map((f) => path.join(corpusDir, f)) : [];
    const bad = [...seeds, ...corpus].filter((f) => {
      const text = readFileSync(f, 'utf8');
      return !covers(text, seg(text));
    });
    expect(bad).toEqual([]);
  });
});

describe('segmentStage', () => {
  const ctx = (baseDir = '.') => makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir, pointer: '/stages/3/options' });
  const doc = (text: string, norm = identityView(text)): Doc => ({ id: 'd', source: 'd', sha256: '', hints: {}, diagnostics: [], text, norm });

  it('maps tokens of the normalised view back to the input, absorbing deleted characters', () => {
    const text = 'ประชุม\u200bครั้งที่ ๑';
    const vb = new ViewBuilder();
    vb.copy(text, 0, 6);
    vb.replace('', 6, 7); // zero-width space dropped
    vb.copy(text, 7, text.length - 1);
    vb.replace('1', text.length - 1, text.length); // Thai digit -> Arabic
    const d = doc(text, vb.finish(text.length));
    const run = segmentStage.create({}, ctx());
    const out = run(d);
    expect(out.tokens!.map((t) => [text.slice(t.start, t.end), t.kind])).toEqual([
      ['ประชุม', 'thai'], ['\u200bครั้ง', 'thai'], ['ที่', 'thai'], [' ', 'space'], ['๑', 'number'],
    ]);
    expect(d.tokens).toBeUndefined();
  });

  it('merges view tokens that come from the same input characters', () => {
    const view = { text: 'ab', starts: Int32Array.from([0, 0]), ends: Int32Array.from([1, 1]), inputLength: 1 };
    expect(tokensToInput([{ start: 0, end: 1, kind: 'latin' }, { start: 1, end: 2, kind: 'latin' }], view)).toEqual([{ start: 0, end: 1, kind: 'latin' }]);
  });

  it('reads a lexicon file and extra words', () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'names.txt'), '# people\nเนวินธุ์\nช่อชัยทิพฐ์\n');
    const run = segmentStage.create({ engine: 'dict', words: 'names.txt', extraWords: ['ดีอีเอส'] }, ctx(dir));
    const text = 'นายเนวินธุ์ ช่อชัยทิพฐ์ (ดีอีเอส)';
    expect(run(doc(text)).tokens!.map((t) => text.slice(t.start, t.end))).toEqual(['นาย', 'เนวินธุ์', ' ', 'ช่อชัยทิพฐ์', ' ', '(', 'ดีอีเอส', ')']);
    expect(() => segmentStage.create({ words: 'missing.txt' }, ctx(dir))).toThrow(expect.objectContaining({ code: 'TE107' }));
  });
});

describe('inputToViewFrom', () => {
  it('gives inputToView for ascending offsets and for offsets that go back', () => {
    // input "a\u200bbc\r\nd": the zero-width space is dropped, CRLF becomes one LF
    const vb = new ViewBuilder();
    vb.copy('a\u200bbc\r\nd', 0, 1);
    vb.copy('a\u200bbc\r\nd', 2, 4);
    vb.replace('\n', 4, 6);
    vb.copy('a\u200bbc\r\nd', 6, 7);
    const view = vb.finish(7);
    expect(view.text).toBe('abc\nd');
    const offsets = [0, 1, 2, 3, 4, 5, 6, 7, 2, 0, 5, 5, 7];
    let j = 0;
    const got = offsets.map((i) => (j = inputToViewFrom(view, j, i)));
    expect(got).toEqual([0, 1, 1, 2, 3, 4, 4, 5, 1, 0, 4, 4, 5]);
    expect(got).toEqual(offsets.map((i) => inputToView(view, i)));
  });
});

describe('segmentCommand', () => {
  it('writes the tokens of each line joined by |', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    input.end('ผู้ช่วยรัฐมนตรี 1,270 คน\r\nWSIS Forum\n');
    await segmentCommand({ engine: 'dict' }, input, output);
    expect(chunks.join('')).toBe('ผู้|ช่วย|รัฐมนตรี| |1,270| |คน\nWSIS| |Forum\n');
  });

  it('fails with TE111 on an unknown engine before reading input', async () => {
    await expect(segmentCommand({ engine: 'x' }, new PassThrough(), new PassThrough())).rejects.toMatchObject({ code: 'TE111' });
  });
});

describe('the run memo', () => {
  it('gives the same tokens from memory as a fresh segmenter computes (every engine)', () => {
    const texts = readdirSync('fixtures/seeds').sort().map((f) => readFileSync(path.join('fixtures/seeds', f), 'utf8'));
    for (const engine of ENGINES) {
      const warm = createSegmenter({ engine });
      for (const t of texts) warm(t); // every short run is now remembered
      for (const t of texts) expect([engine, warm(t)]).toEqual([engine, createSegmenter({ engine })(t)]);
    }
  });

  it('is used by the engines slower than a lookup (wordcut, icu), not by dict', () => {
    expect(ENGINES.map((e) => [e, getEngine(e).memo === true])).toEqual([['dict', false], ['wordcut', true], ['icu', true]]);
  });
});
