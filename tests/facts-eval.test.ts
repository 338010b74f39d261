import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DocRecord, Entity } from '../src/doc/types.js';
import { evalCommand, evaluate, normName, readSubset } from '../src/eval/index.js';
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
    persons: [{ name: 'เนวินธุ์ ช่อชัยทิพฐ์' }, { name: 'Houlin Zhao', aliases: ['โฮ่วหลิน'] }, { name: 'ไม่มี คนนี้' }],
    dates: ['2020-09-08', '2020-07-23'],
    events: [
      { name: 'World Summit on the Information Society Forum 2020', aliases: ['WSIS 2020'], type: 'conference', date: '2020-09-08', participants: ['เนวินธุ์ ช่อชัยทิพฐ์'], chairs: [] },
      { name: 'การประชุมโต๊ะกลม', type: 'meeting', date: '2020-09-08', participants: ['Houlin Zhao', 'เนวินธุ์ ช่อชัยทิพฐ์'], chairs: ['Houlin Zhao'] },
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
    expect(c).toEqual({
      published: [1, 0, 0], title: [0, 0, 0], persons: [2, 1, 1], organisations: [0, 0, 0], locations: [0, 0, 0], dates: [1, 0, 1],
      events: [2, 0, 0], chairs: [0, 0, 1], participation: [1, 1, 2], person_date: [1, 1, 1],
    });
    expect(r.eventTypes).toEqual({ conference: { gold: 1, found: 1, typeRight: 0, predicted: 0 }, meeting: { gold: 1, found: 1, typeRight: 1, predicted: 2 } });
    expect(r.eventDateRight).toBe(1);
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
  it('uses the events of a record when it has them: roles, dates and persons of each event', () => {
    const withEvents: DocRecord = {
      ...rec,
      events: [{
        id: 'v1', type: 'meeting', name: 'การประชุมโต๊ะกลม', canonical: 'การประชุมโต๊ะกลม', status: 'happened', date: '2020-09-08', endDate: null,
        location: null, mode: null, organisations: [], evidence: [{ start: 0, end: 1 }], rule: 'r',
        participants: [
          { entity: 'e2', text: 'Mr. Houlin Zhao', canonical: 'Houlin Zhao', actorType: 'person', position: null, role: 'chair' },
          { entity: 'e3', text: 'นายผิด คน', canonical: 'ผิด คน', actorType: 'person', position: null, role: 'participant' },
        ],
      }],
    };
    const r = evaluate(goldDir(), [withEvents]);
    const c = Object.fromEntries(['events', 'chairs', 'participation', 'person_date'].map((k) => [k, [r.scores[k as 'events'].tp, r.scores[k as 'events'].fp, r.scores[k as 'events'].fn]]));
    expect(c).toEqual({ events: [1, 0, 1], chairs: [1, 0, 0], participation: [1, 1, 2], person_date: [1, 1, 1] });
  });
  it('scores the documents a --files list names, lines A to B', () => {
    const dir = goldDir();
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ input: '../b.txt', id: 'b', published: null }));
    writeFileSync(path.join(dir, '..', 'files.txt'), 'b.txt\na.txt\n');
    const list = path.join(dir, '..', 'files.txt');
    expect(evaluate(dir, [rec], readSubset(`${list}:2-2`)).documents).toBe(1);
    expect(evaluate(dir, [rec], readSubset(`${list}:2-2`)).scores.persons.tp).toBe(2);
    expect(evaluate(dir, [rec], readSubset(list)).missing).toEqual(['b']);
    expect(() => readSubset(`${list}:2-3`)).toThrow(/outside the list's 2 lines/);
  });
  it.each([
    { name: 'bad date', gold: { input: 'a.txt', published: null, dates: ['8/9/2020'] }, pointer: '/dates/0' },
    { name: 'bad event type', gold: { input: 'a.txt', events: [{ name: 'x', type: 'party', date: null, participants: [] }] }, pointer: '/events/0/type' },
    { name: 'bad event date', gold: { input: 'a.txt', events: [{ name: 'x', type: 'other', date: '2020', participants: [] }] }, pointer: '/events/0/date' },
    { name: 'no participants', gold: { input: 'a.txt', events: [{ name: 'x', type: 'other', date: null }] }, pointer: '/events/0/participants' },
    { name: 'person without name', gold: { input: 'a.txt', persons: ['x'] }, pointer: '/persons/0/name' },
    { name: 'no input', gold: { published: null }, pointer: '/input' },
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
      'g: 1 documents',
      'measure                                  tp   fp   fn       P       R      F1',
      '-----------------------------------------------------------------------------',
      'published                                 1    0    0   1.000   1.000   1.000',
      'persons                                   2    1    1   0.667   0.667   0.667',
      'dates                                     1    0    1   1.000   0.500   0.667',
      'events                                    2    0    0   1.000   1.000   1.000',
      'chairs                                    0    0    1   0.000   0.000   0.000',
      'participation (person, event, date)       1    1    2   0.500   0.333   0.400',
      'participation (person, date)              1    1    1   0.500   0.500   0.500',
      'events found, by gold type: meeting 1/1, conference 1/1',
      'found events with the right type: 1/2 (0.500); with the right date: 1/2',
      'predicted events by type: meeting 2',
      '',
    ]);
  });
  it('refuses a missing gold folder with TE201', async () => {
    await expect(evalCommand({ gold: '/nonexistent/gold' }, new Writable({ write(_c, _e, cb) { cb(); } }))).rejects.toMatchObject({ code: 'TE201' });
  });
});
