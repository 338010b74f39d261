import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeStage } from '../src/stages/decode/index.js';
import { normaliseStage, normalise, normaliseString } from '../src/stages/normalise/index.js';
import {
  collapsedEquals,
  compileZoneRules,
  findZones,
  lineForMatching,
  zonesStage,
  ZONES_RULES_SCHEMA,
  type ZoneRulesData,
} from '../src/stages/zones/index.js';
import { makeStageContext } from '../src/pipeline/context.js';
import { compileSchema } from '../src/schemas/ajv.js';
import { ThaiExtractError } from '../src/errors.js';
import type { Doc, Zone } from '../src/doc/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rulesPath = path.join(root, 'pipelines/gov-press/zones.json');
const rulesData = JSON.parse(readFileSync(rulesPath, 'utf8')) as ZoneRulesData;
const compiled = compileZoneRules(rulesData, rulesPath);
const ctx = makeStageContext({ pipelineName: 'gov-press', pipelineFile: '<inline>', baseDir: path.join(root, 'pipelines'), pointer: '/stages/2/options' });
const decode = decodeStage.create({}, ctx);
const norm = normaliseStage.create({}, ctx);
const zonesOf = zonesStage.create({ rules: 'gov-press/zones.json' }, ctx);

const docOf = (text: string): Doc => ({ id: 't', source: 't.txt', sha256: '', hints: {}, text, diagnostics: [] });
const run = (text: string) => findZones(text, normalise(text), compiled);
const list = (zs: Zone[]) => zs.map((z) => [z.kind, z.start, z.end, z.rule]);
const texts = (text: string, zs: Zone[]) => zs.map((z) => [z.kind, z.rule, text.slice(z.start, z.end)]);

/** sorted, disjoint, trimmed, and every visible view character lies in a zone */
function checkCover(text: string, zs: Zone[]): void {
  const view = normalise(text);
  const covered = new Uint8Array(text.length);
  zs.forEach((z, i) => {
    expect(z.start).toBeLessThan(z.end);
    if (i > 0) expect(zs[i - 1].end).toBeLessThanOrEqual(z.start);
    expect(/^\s|\s$/.test(text.slice(z.start, z.end))).toBe(false);
    covered.fill(1, z.start, z.end);
  });
  const uncovered: number[] = [];
  for (let i = 0; i < view.text.length; i++) {
    if (/\s/.test(view.text[i])) continue;
    for (let k = view.starts[i]; k < view.ends[i]; k++) if (!covered[k]) uncovered.push(k);
  }
  expect(uncovered).toEqual([]);
}

describe('zones rules file', () => {
  it('validates against its schema', () => {
    const v = compileSchema(ZONES_RULES_SCHEMA);
    expect(v(rulesData)).toBe(true);
  });
  // every rule's examples, one test each (compileZoneRules also checks them, throwing TE109)
  const cases = rulesData.rules.flatMap((r) => [
    ...r.examples.match.map((ex) => [r.id, 'matches', ex, true] as const),
    ...r.examples.noMatch.map((ex) => [r.id, 'does not match', ex, false] as const),
  ]);
  it.each(cases)('%s %s %j', (id, _what, ex, expected) => {
    const rule = compiled.rules.find((r) => r.id === id)!;
    expect(rule.re.test(lineForMatching(ex))).toBe(expected);
  });
  it('covers every zone kind and rule id is unique', () => {
    const ids = rulesData.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(rulesData.rules.flatMap((r) => [r.kind, ...Object.values(r.groups ?? {})]))].sort()).toEqual([
      'dateline', 'furniture', 'header', 'source', 'title',
    ]);
  });
});

describe('compileZoneRules errors', () => {
  const rule = (over: Record<string, unknown>) => ({
    rules: [{ id: 'x', section: 'any', kind: 'furniture', pattern: '^a$', examples: { match: ['a'], noMatch: ['b'] }, ...over }],
  }) as ZoneRulesData;
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof ThaiExtractError) return [e.code, e.context.pointer, e.context.value];
      throw e;
    }
    return null;
  };
  it.each([
    ['bad pattern', rule({ pattern: '^(a' }), ['TE110', '/rules/0/pattern', '^(a']],
    ['missing group', rule({ groups: { t: 'title' } }), ['TE110', '/rules/0/pattern', '^a$']],
    ['failing match example', rule({ examples: { match: ['b'], noMatch: [] } }), ['TE109', '/rules/0/examples/match/0', 'b']],
    ['failing noMatch example', rule({ examples: { match: ['a'], noMatch: ['a'] } }), ['TE109', '/rules/0/examples/noMatch/0', 'a']],
  ])('%s', (_n, data, expected) => {
    expect(codeOf(() => compileZoneRules(data, 'z.json'))).toEqual(expected);
  });
  it('the stage reports a rules file that does not match the schema (TE108) or is missing (TE107)', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'zones-'));
    writeFileSync(path.join(tmp, 'bad.json'), JSON.stringify({ rules: [{ id: 'x', section: 'top' }] }));
    const c = makeStageContext({ pipelineName: 't', pipelineFile: '<inline>', baseDir: tmp, pointer: '/stages/2/options' });
    expect(codeOf(() => zonesStage.create({ rules: 'bad.json' }, c))).toEqual(['TE108', '/rules/0', { id: 'x', section: 'top' }]);
    expect(codeOf(() => zonesStage.create({ rules: 'missing.json' }, c))?.[0]).toBe('TE107');
  });
});

describe('zones: small pages', () => {
  it('thaigov page: header, title, dateline, numeric date, print, repeats, body, rule, source', () => {
    const text =
      'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-\u200bรองโฆษกรัฐบาล ย้ำเตือน\r\n\r\n\r\nวันจันทร์ที่ 27 กุมภาพันธ์ 2566\r\n27/02/2566\r\nพิมพ์\r\n' +
      '\u200bรองโฆษกรัฐบาล ย้ำเตือน\r\nรองโฆษกรัฐบาล  ย้ำเตือน\r\nวันที่ 27 กุมภาพันธ์ 2566 นางสาวรัชดา\r\nบรรทัดสอง\r\n___________________\r\n\r\nที่มา : https://www.thaigov.go.th/news/contents/details/65470\r\n';
    const r = run(text);
    expect(texts(text, r.zones)).toEqual([
      ['header', 'thaigov-header', 'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-'],
      ['title', 'thaigov-header', 'รองโฆษกรัฐบาล ย้ำเตือน'],
      ['dateline', 'dateline-thai-weekday', 'วันจันทร์ที่ 27 กุมภาพันธ์ 2566'],
      ['furniture', 'numeric-date', '27/02/2566'],
      ['furniture', 'print-button', 'พิมพ์'],
      ['furniture', 'title-repeat', 'รองโฆษกรัฐบาล ย้ำเตือน'],
      ['furniture', 'title-repeat', 'รองโฆษกรัฐบาล  ย้ำเตือน'],
      ['body', 'body', 'วันที่ 27 กุมภาพันธ์ 2566 นางสาวรัชดา\r\nบรรทัดสอง'],
      ['furniture', 'rule-line', '___________________'],
      ['source', 'source-url', 'ที่มา : https://www.thaigov.go.th/news/contents/details/65470'],
    ]);
    expect(r.meta).toEqual({
      title: 'รองโฆษกรัฐบาล ย้ำเตือน',
      published: null,
      publishedRaw: null,
      sourceUrl: 'https://www.thaigov.go.th/news/contents/details/65470',
      agency: null,
    });
    checkCover(text, r.zones);
  });

  it('Thai-digit dateline with time gets its exact span', () => {
    const text = 'หัวข้อข่าว\n\nพุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔  \nเนื้อข่าว';
    expect(texts(text, run(text).zones)).toEqual([
      ['title', 'first-line-title', 'หัวข้อข่าว'],
      ['dateline', 'dateline-thai-weekday', 'พุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔'],
      ['body', 'body', 'เนื้อข่าว'],
    ]);
  });

  it('patterns see Arabic digits even when the view keeps Thai digits', () => {
    const text = 'หัวข้อข่าว\nพุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔\nเนื้อข่าว';
    const zs = findZones(text, normalise(text, { digits: 'keep' }), compiled).zones;
    expect(texts(text, zs)[1]).toEqual(['dateline', 'dateline-thai-weekday', 'พุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔']);
  });

  it('only one dateline; a later date line is body', () => {
    const text = 'หัวข้อ\nวันพุธที่ 1 มีนาคม 2566\n10 มีนาคม 2566\nเนื้อ';
    expect(texts(text, run(text).zones)).toEqual([
      ['title', 'first-line-title', 'หัวข้อ'],
      ['dateline', 'dateline-thai-weekday', 'วันพุธที่ 1 มีนาคม 2566'],
      ['body', 'body', '10 มีนาคม 2566\nเนื้อ'],
    ]);
  });

  it('a tail keeps a source line after it', () => {
    const text = 'หัวข้อ\nเนื้อ\nข่าวประชาสัมพันธ์ล่าสุด\nข่าวอื่น 1\nข่าวอื่น 2\n\nที่มา : https://a.go.th/1\n';
    const r = run(text);
    expect(texts(text, r.zones)).toEqual([
      ['title', 'first-line-title', 'หัวข้อ'],
      ['body', 'body', 'เนื้อ'],
      ['furniture', 'latest-news-tail', 'ข่าวประชาสัมพันธ์ล่าสุด\nข่าวอื่น 1\nข่าวอื่น 2'],
      ['source', 'source-url', 'ที่มา : https://a.go.th/1'],
    ]);
    expect(r.meta.sourceUrl).toBe('https://a.go.th/1');
  });

  it('a teaser must be its own paragraph and share few chunks with the page', () => {
    const body = 'นายก กล่าวว่า โครงการ ดิจิทัล ชุมชน เดินหน้า';
    const teaser = 'ซิสโก้ จับมือ แพลนเน็ตคอม พัฒนา “โมบายล์ดาต้าเซ็นเตอร์” ขับเคลื่อนสมาร์ทซิตี้ในไทย';
    const related = 'นายก กล่าวว่า โครงการ ดิจิทัล ชุมชน';
    const isolated = `หัวข้อ\n\n${body}\n\n${teaser}\n\n${body}\n`;
    expect(texts(isolated, run(isolated).zones)).toEqual([
      ['title', 'first-line-title', 'หัวข้อ'],
      ['body', 'body', body],
      ['furniture', 'teaser-headline', teaser],
      ['body', 'body', body],
    ]);
    const inline = `หัวข้อ\n${body}\n${teaser}\n${body}\n`;
    expect(list(run(inline).zones).map((z) => z[3])).toEqual(['first-line-title', 'body']);
    const shared = `หัวข้อ\n\n${body}\n\n${related}\n\n${body}\n`;
    expect(list(run(shared).zones).map((z) => z[3])).toEqual(['first-line-title', 'body']);
  });

  it('blog footer from "Leave a Reply" to the end is one furniture zone', () => {
    const text = 'หัวข้อ\n\n231 views\n\nเนื้อ\n\nLeave a Reply\n\nSocial Media\n\nMost Popular\n\nCategories\n';
    expect(texts(text, run(text).zones)).toEqual([
      ['title', 'first-line-title', 'หัวข้อ'],
      ['furniture', 'view-counter', '231 views'],
      ['body', 'body', 'เนื้อ'],
      ['furniture', 'comment-form-tail', 'Leave a Reply\n\nSocial Media\n\nMost Popular\n\nCategories'],
    ]);
  });

  it('empty and blank texts have no zones', () => {
    expect(run('')).toEqual({ zones: [], meta: { title: null, published: null, publishedRaw: null, sourceUrl: null, agency: null } });
    expect(run(' \r\n\u200b\n').zones).toEqual([]);
  });
});

describe('zones: the 5 seeds', () => {
  const seeds: Record<string, { zones: (string | number)[][]; meta: Record<string, unknown> }> = {
  '000_6da2277b686c8378.txt': {
    zones: [
      ['header', 0, 28, 'thaigov-header'],
      ['title', 28, 106, 'thaigov-header'],
      ['dateline', 109, 139, 'dateline-thai-weekday'],
      ['furniture', 140, 218, 'title-repeat'],
      ['furniture', 219, 297, 'title-repeat'],
      ['body', 298, 2370, 'body'],
      ['furniture', 2371, 2384, 'rule-line'],
      ['source', 2386, 2447, 'source-url'],
    ],
    meta: {"title":"“เนวินธุ์” แชร์ Best Practice ดีอีเอส หนุนบูรณาการใช้โครงสร้างไอทีลดเหลื่อมล้ำ","published":null,"publishedRaw":null,"sourceUrl":"https://www.thaigov.go.th/news/contents/details/34954","agency":null},
  },
  '001_ad5d9933e7ef98c6.txt': {
    zones: [
      ['title', 0, 68, 'first-line-title'],
      ['dateline', 70, 94, 'dateline-thai-weekday'],
      ['body', 95, 3106, 'body'],
      ['source', 3108, 3150, 'source-agency'],
      ['furniture', 3152, 3175, 'latest-news-tail'],
    ],
    meta: {"title":"ดีอีเอส ขายความสำเร็จพัฒนาแอปหนุนการพัฒนาทุกมิติเวที WSIS Forum 2021","published":null,"publishedRaw":null,"sourceUrl":null,"agency":"กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
  },
  '002_a30fb1b72a50e7b4.txt': {
    zones: [
      ['title', 0, 114, 'first-line-title'],
      ['furniture', 116, 230, 'title-repeat'],
      ['body', 232, 1360, 'body'],
      ['furniture', 1362, 1444, 'teaser-headline'],
      ['body', 1446, 2909, 'body'],
      ['furniture', 2911, 2924, 'scroll-to-top'],
    ],
    meta: {"title":"“ชัยวุฒิ” โชว์เน็ตประชารัฐ ลดช่องว่างการเข้าถึงดิจิทัล ในการประชุมรัฐมนตรีดิจิทัลภูมิภาคเอเชียแปซิฟิก ที่เกาหลีใต้","published":null,"publishedRaw":null,"sourceUrl":null,"agency":null},
  },
  '003_9e0bf91469dd7831.txt': {
    zones: [
      ['header', 0, 28, 'thaigov-header'],
      ['title', 28, 167, 'thaigov-header'],
      ['dateline', 170, 196, 'dateline-thai-weekday'],
      ['furniture', 197, 336, 'title-repeat'],
      ['furniture', 337, 476, 'title-repeat'],
      ['body', 477, 2364, 'body'],
      ['furniture', 2365, 2385, 'rule-line'],
      ['source', 2387, 2448, 'source-url'],
    ],
    meta: {"title":"ผู้ช่วยรัฐมนตรีฯ ดีอีเอส ร่วมเวทีรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑ กับคู่เจรจา หนุนความร่วมมือพัฒนาด้านดิจิทัลในภูมิภาคอาเซียนต่อเนื่อง","published":null,"publishedRaw":null,"sourceUrl":"https://www.thaigov.go.th/news/contents/details/38530","agency":null},
  },
  '004_f3077c6f530dc5d9.txt': {
    zones: [
      ['title', 0, 77, 'first-line-title'],
      ['furniture', 79, 88, 'view-counter'],
      ['body', 90, 3989, 'body'],
      ['furniture', 3991, 4252, 'comment-form-tail'],
    ],
    meta: {"title":"ดีอีเอส โชว์ผลงานเด่นใช้เทคโนโลยีสู้โควิด บนเวทีประชุมทางไกลร่วมอาเซียน – จีน","published":null,"publishedRaw":null,"sourceUrl":null,"agency":null},
  },
  };
  const dir = path.join(root, 'fixtures/seeds');
  it('has all seed files', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()).toEqual(Object.keys(seeds).sort());
  });
  it.each(Object.keys(seeds))('%s', (f) => {
    const doc: Doc = { id: f, source: f, sha256: '', hints: {}, bytes: new Uint8Array(readFileSync(path.join(dir, f))), diagnostics: [] };
    const out = zonesOf(norm(decode(doc)));
    expect(list(out.zones!)).toEqual(seeds[f].zones);
    expect(out.meta).toEqual(seeds[f].meta);
    checkCover(out.text!, out.zones!);
  });
  it('seed datelines and titles as text', () => {
    const got = Object.keys(seeds).map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const zs = run(text).zones;
      const d = zs.find((z) => z.kind === 'dateline');
      return d ? text.slice(d.start, d.end) : null;
    });
    expect(got).toEqual(['วันพฤหัสบดีที่ 10 กันยายน 2563', 'พุธ ๒๔ มีนาคม ๒๐๒๑ ๑๗:๒๔', null, 'วันศุกร์ที่ 22 มกราคม 2564', null]);
  });
});

describe('zonesStage', () => {
  it('does not mutate the doc and keeps meta fields already set', () => {
    const d = norm(docOf('หัวข้อ\nเนื้อ\n'));
    const frozen = Object.freeze({ ...d, meta: Object.freeze({ title: null, published: '2020-01-01', publishedRaw: null, sourceUrl: null }) });
    const out = zonesOf(frozen);
    expect(out.meta).toEqual({ title: 'หัวข้อ', published: '2020-01-01', publishedRaw: null, sourceUrl: null, agency: null });
    expect(frozen.zones).toBe(undefined);
  });
  it('throws TE305 without norm', () => {
    expect(() => zonesOf(docOf('x'))).toThrowError(/TE305/);
  });
  it('meta strings are cleaned but keep Thai digits', () => {
    const text = 'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-\u200bครั้งที่ ๑  กับ\u00a0คู่เจรจา\n';
    expect(run(text).meta.title).toBe(normaliseString('ครั้งที่ ๑ กับ คู่เจรจา', { digits: 'keep' }));
  });
});

const corpus = path.join(root, '../shared/corpus/thaigov');
describe.skipIf(!existsSync(corpus))('zones: thaigov corpus (../shared present)', () => {
  it('every document gets title, dateline, source URL and covering zones', () => {
    const missing: string[] = [];
    for (const f of readdirSync(corpus).filter((x) => x.endsWith('.txt'))) {
      const text = readFileSync(path.join(corpus, f), 'utf8');
      const r = run(text);
      if (!r.meta.title || !r.meta.sourceUrl || !r.zones.some((z) => z.kind === 'dateline')) missing.push(f);
      checkCover(text, r.zones);
    }
    expect(missing).toEqual([]);
  });
});
if (!existsSync(corpus)) console.log(`zones tests: ${corpus} absent, corpus test skipped`);

describe('collapsedEquals (the repeated-title test without building the collapsed line)', () => {
  // the reference: what the rule compared before
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  // every character \s knows, a few it does not (zero-width space, NEL), Thai and Latin letters
  const chars = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f',
    '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085', 'ก', 'า', 'a', 'B', '.'];
  const str = fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((a) => a.join(''));

  it('equals collapse(s) === target on random strings', () => {
    fc.assert(
      fc.property(str, str, (s, t) => {
        expect(collapsedEquals(s, t)).toBe(collapse(s) === t);
        expect(collapsedEquals(s, collapse(s))).toBe(true);
        expect(collapsedEquals(s, collapse(t))).toBe(collapse(s) === collapse(t));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('on title-like lines', () => {
    const title = 'นายกฯ ประชุม ครม. สัญจร';
    expect(['  นายกฯ  ประชุม\u00a0ครม. สัญจร \t', 'นายกฯ ประชุม ครม. สัญจร', 'นายกฯ ประชุม ครม.สัญจร', 'นายกฯ ประชุม ครม. สัญจรฯ']
      .map((l) => collapsedEquals(l, title))).toEqual([true, true, false, false]);
  });
});
