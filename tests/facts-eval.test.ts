import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DocRecord, Entity } from '../src/doc/types.js';
import { evalCommand, evaluate, normName } from '../src/eval/index.js';
import { ThaiExtractError } from '../src/errors.js';
import { tmpDir } from './helpers.js';

const e = (id: string, type: Entity['type'], text: string, canonical: string, value?: Record<string, unknown>): Entity => ({
  id, type, text, start: 0, end: text.length, canonical, rule: 't', ...(value ? { value } : {}),
});

function record(id: string, published: string | null, entities: Entity[], facts: DocRecord['facts']): DocRecord {
  return {
    document: { id, source: `${id}.txt`, sha256: '0'.repeat(64), encoding: 'utf-8', title: null, published, publishedRaw: null, sourceUrl: null, pipeline: 'gov-press@0.1.0' },
    entities, facts, diagnostics: [],
  };
}
const fact = (actor: string, event: string, date: string | null) => ({
  id: 'f', type: 'participation', actor: { entity: actor, text: '' }, role: 'participant', position: null,
  event: { entity: event, text: '' }, date, location: null, mode: null, evidence: { start: 0, end: 1 }, rule: 'r',
});

function goldDir(): string {
  const dir = tmpDir('gold-');
  mkdirSync(path.join(dir, 'g'));
  writeFileSync(path.join(dir, 'a.txt'), 'x');
  writeFileSync(path.join(dir, 'g', 'a.json'), JSON.stringify({
    input: '../a.txt', published: '2020-09-10',
    persons: ['เนวินธุ์ ช่อชัยทิพฐ์', { name: 'Houlin Zhao', aliases: ['โฮ่วหลิน'] }, 'ไม่มี คนนี้'],
    dates: ['2020-09-08', '2020-07-23'],
    events: [{ name: 'WSIS 2020', aliases: ['World Summit on the Information Society Forum 2020'] }, 'การประชุมโต๊ะกลม'],
    participations: [
      { person: 'เนวินธุ์ ช่อชัยทิพฐ์', event: 'WSIS 2020', date: '2020-09-08' },
      { person: 'Houlin Zhao', event: 'การประชุมโต๊ะกลม', date: '2020-09-08' },
    ],
  }));
  return path.join(dir, 'g');
}

const rec = record('a', '2020-09-10', [
  e('e1', 'PERSON', 'นายเนวินธุ์ ช่อชัยทิพฐ์', 'เนวินธุ์ ช่อชัยทิพฐ์'),
  e('e2', 'PERSON', 'Mr. Houlin Zhao', 'Houlin Zhao'),
  e('e3', 'PERSON', 'นายผิด คน', 'ผิด คน'),
  e('e4', 'EVENT', 'WSIS 2020', 'World Summit on the Information Society Forum 2020'),
  e('e5', 'EVENT', 'การประชุมโต๊ะกลม', 'การประชุมโต๊ะกลม'),
  e('e6', 'DATE', '8 กันยายน 2563', '2020-09-08', { iso: '2020-09-08', precision: 'day', era: 'BE' }),
  e('e7', 'DATE', '2563', '2020', { iso: '2020', precision: 'year', era: 'BE' }),
], [fact('e1', 'e4', '2020-09-08'), fact('e2', 'e5', '2020-07-23'), fact('e1', 'e4', '2020-09-08')]);

describe('evaluate', () => {
  it('counts tp/fp/fn per measure with aliases and normalised names', () => {
    const r = evaluate(goldDir(), [rec]);
    const c = Object.fromEntries(Object.entries(r.scores).map(([k, s]) => [k, [s.tp, s.fp, s.fn]]));
    expect(c).toEqual({ published: [1, 0, 0], persons: [2, 1, 1], dates: [1, 1, 1], events: [2, 0, 0], participations: [1, 1, 1] });
    expect(r.scores.persons.precision).toBeCloseTo(2 / 3, 10);
    expect(r.scores.persons.recall).toBeCloseTo(2 / 3, 10);
    expect(r.missing).toEqual([]);
  });
  it('reads records.jsonl and reports gold documents without a record', () => {
    const dir = goldDir();
    const file = path.join(dir, '..', 'records.jsonl');
    writeFileSync(file, JSON.stringify(record('other', null, [], [])) + '\n');
    const r = evaluate(dir, file);
    expect([r.missing, r.scores.persons.fn, r.scores.published.fn]).toEqual([['a'], 3, 1]);
  });
  it('normName ignores honorifics, case, spaces, quotes and ฯ', () => {
    expect(['นายเนวินธุ์ ช่อชัยทิพฐ์', '“เนวินธุ์ ช่อชัยทิพฐ์”', 'Mr. Houlin  Zhao', 'กระทรวงดิจิทัลฯ'].map(normName)).toEqual([
      'เนวินธุ์ช่อชัยทิพฐ์', 'เนวินธุ์ช่อชัยทิพฐ์', 'houlinzhao', 'กระทรวงดิจิทัล',
    ]);
  });
  it.each([
    { name: 'bad date', gold: { input: 'a.txt', published: null, persons: [], dates: ['8/9/2020'], events: [], participations: [] }, pointer: '/dates/0' },
    { name: 'bad triple', gold: { input: 'a.txt', published: null, persons: [], dates: [], events: [], participations: [{ person: 'x' }] }, pointer: '/participations/0' },
    { name: 'no input', gold: { published: null, persons: [], dates: [], events: [], participations: [] }, pointer: '/input' },
  ])('rejects a gold file with a $name (TE108 and pointer)', ({ gold, pointer }) => {
    const dir = tmpDir('gold-bad-');
    writeFileSync(path.join(dir, 'x.json'), JSON.stringify(gold));
    let err: ThaiExtractError | undefined;
    try {
      evaluate(dir, []);
    } catch (x) {
      err = x as ThaiExtractError;
    }
    expect([err?.code, err?.context.pointer]).toEqual(['TE108', pointer]);
  });
});

describe('evalCommand', () => {
  it('prints the table for a records file', async () => {
    const dir = goldDir();
    const file = path.join(dir, '..', 'records.jsonl');
    writeFileSync(file, JSON.stringify(rec) + '\n');
    let out = '';
    const sink = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
    await evalCommand({ gold: dir, records: file }, sink);
    expect(out.split('\n')).toEqual([
      'documents: 1',
      'measure            tp   fp   fn  precision   recall      f1',
      '-----------------------------------------------------------',
      'published           1    0    0      1.000    1.000   1.000',
      'persons             2    1    1      0.667    0.667   0.667',
      'dates               1    1    1      0.500    0.500   0.500',
      'events              2    0    0      1.000    1.000   1.000',
      'participations      1    1    1      0.500    0.500   0.500',
      '',
    ]);
  });
  it('refuses a missing gold folder with TE201', async () => {
    await expect(evalCommand({ gold: '/nonexistent/gold' }, new Writable({ write(_c, _e, cb) { cb(); } }))).rejects.toMatchObject({ code: 'TE201' });
  });
});
