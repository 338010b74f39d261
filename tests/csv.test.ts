// CSV cells: quoting, line breaks inside cells, formula escaping (src/output/csv.ts).
import { describe, expect, it } from 'vitest';
import { DOCUMENT_COLUMNS, ENTITY_COLUMNS, csvHeader, csvRows, documentRows, entityRows, failureRows } from '../src/output/csv.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OutputSink, encodeRecord, fromUtf8, hasCsv, tallyRecord, toUtf8 } from '../src/output/writers.js';
import type { DocRecord } from '../src/doc/types.js';
import { withEncoded } from '../src/pipeline/pool.js';
import { tmpDir } from './helpers.js';

describe('csvRows', () => {
  it('quotes cells with a comma, a quote or any line break; escapes formulas; leaves the rest', () => {
    expect(csvRows([
      ['plain', 'a,b', 'say "hi"', '1 แสน – 1\nล้านบาท', 'cr\ronly', 'crlf\r\nx', '=SUM(A1)', '-x', -5, null, ''],
    ])).toBe('plain,"a,b","say ""hi""","1 แสน – 1\nล้านบาท","cr\ronly","crlf\r\nx",\'=SUM(A1),\'-x,-5,,\r\n');
  });

  it('gives one CSV record per row when a cell holds a line break (read back with a small RFC 4180 reader)', () => {
    const text = csvHeader(['a', 'b']) + csvRows([['x\ny', 'z'], ['1', '2']]);
    // an RFC 4180 reader: quoted cells may hold CR/LF
    const records: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    const body = text.slice(1);
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (quoted) {
        if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
        else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') row.push(cell), (cell = '');
      else if (c === '\r' && body[i + 1] === '\n') row.push(cell), records.push(row), (row = []), (cell = ''), i++;
      else cell += c;
    }
    expect(records).toEqual([['a', 'b'], ['x\ny', 'z'], ['1', '2']]);
  });
});

describe('entityRows, documentRows, failureRows', () => {
  const doc = { id: 'd1', source: 'd1.txt', sha256: 'ab', encoding: 'utf-8', title: 'T', published: null, publishedRaw: null, sourceUrl: null, pipeline: 'p@1' };
  const e = (type: string, value?: Record<string, unknown>) => ({ id: 'e1', type, text: 't', start: 0, end: 1, canonical: 'c', rule: 'r', ...(value ? { value } : {}) });

  it('flattens the common fields of an entity value into columns, the whole value as JSON last', () => {
    const cases: [ReturnType<typeof e>, (string | number | null)[]][] = [
      [e('DATE', { iso: '2023', end: '2027', precision: 'year', era: 'BE' }), ['2023', '2027', null, null, null, null, null]],
      [e('TIME', { iso: '17:24', hour: 17, minute: 24 }), ['17:24', null, null, null, null, null, null]],
      [e('MONEY', { value: 1500000, end: 2000000, unit: 'THB' }), [null, null, 1500000, 2000000, 'THB', null, null]],
      [e('PERCENT', { value: 2.5, unit: '%' }), [null, null, 2.5, null, '%', null, null]],
      [e('NUMBER', { value: 20, unit: 'ปี' }), [null, null, 20, null, 'ปี', null, null]],
      [e('POSITION', { head: 'นายกรัฐมนตรี', person: 'e5', personCanonical: 'เศรษฐา ทวีสิน' }), [null, null, null, null, null, 'เศรษฐา ทวีสิน', null]],
      [e('LOCATION', { kind: 'province' }), [null, null, null, null, null, null, 'province']],
      [e('ORG'), [null, null, null, null, null, null, null]],
    ];
    for (const [entity, flat] of cases) {
      const record = { document: doc, entities: [entity], facts: [], diagnostics: [] } as unknown as DocRecord;
      expect(entityRows(record)).toEqual([['d1', 'e1', entity.type, 't', 0, 1, 'c', 'r', ...flat, entity.value ? JSON.stringify(entity.value) : null]]);
    }
    expect(ENTITY_COLUMNS.slice(7)).toEqual(['rule', 'iso', 'iso_end', 'amount', 'amount_end', 'unit', 'person', 'kind', 'value']);
  });

  it('a document row says ok and names its warnings; a failed document gets a row with its error code and first message line', () => {
    const record = {
      document: doc, entities: [], facts: [],
      diagnostics: [
        { level: 'info', code: 'decode-bom', message: 'm' }, { level: 'warning', code: 'decode-no-thai', message: 'm' }, { level: 'warning', code: 'x', message: 'm' },
      ],
    } as unknown as DocRecord;
    const row = (r: (string | number | null)[]) => Object.fromEntries(DOCUMENT_COLUMNS.map((c, i) => [c, r[i]]));
    expect(row(documentRows(record)[0])).toEqual({
      document_id: 'd1', source: 'd1.txt', status: 'ok', sha256: 'ab', encoding: 'utf-8', title: 'T', published: null, published_raw: null, source_url: null,
      pipeline: 'p@1', entities: 0, events: 0, facts: 0, diagnostics: 3, warnings: 'decode-no-thai x', error_code: null, error_message: null,
    });
    expect(row(failureRows({ source: 'sub/b.html.txt', code: 'TE305', message: '[TE305] sub/b.html.txt: stage "x" threw: Error\n    at f' })[0])).toEqual({
      document_id: 'sub/b.html', source: 'sub/b.html.txt', status: 'failed', sha256: null, encoding: null, title: null, published: null, published_raw: null,
      source_url: null, pipeline: null, entities: null, events: null, facts: null, diagnostics: null, warnings: null, error_code: 'TE305',
      error_message: '[TE305] sub/b.html.txt: stage "x" threw: Error',
    });
  });
});

describe('encodeRecord', () => {
  const record = {
    document: { id: 'd1', source: 'd1.txt', sha256: 'ab', encoding: 'utf-8', title: 'T', published: null, publishedRaw: null, sourceUrl: null, pipeline: 'p@1' },
    entities: [
      { id: 'e1', type: 'person', text: 'นายก', start: 0, end: 4, canonical: 'นายก', rule: 'r1' },
      { id: 'e2', type: 'person', text: 'x', start: 5, end: 6, canonical: 'x', rule: 'r1' },
      { id: 'e3', type: 'money', text: '5 บาท', start: 7, end: 12, canonical: '5 บาท', value: { amount: 5 }, rule: 'r2' },
    ],
    facts: [],
    diagnostics: [{ code: 'd.x', message: 'm' }],
  } as unknown as DocRecord;

  it('makes the JSON text, the CSV lines and the counts of a record once', () => {
    expect(encodeRecord(record, true)).toEqual({
      json: JSON.stringify(record),
      csv: [csvRows(documentRows(record)), csvRows(entityRows(record)), '', '', ''],
      tally: { entities: { person: 2, money: 1 }, events: {}, facts: {}, diagnostics: { 'd.x': 1 } },
    });
    expect(encodeRecord(record, false).csv).toBe(null);
    expect(tallyRecord(record)).toEqual(encodeRecord(record, false).tally);
  });

  it('a sink that writes CSV refuses a record encoded without its CSV lines', () => {
    const sink = new OutputSink(tmpDir('te-enc-'), ['jsonl', 'csv']);
    try {
      expect(() => sink.writeEncoded(encodeRecord(record, false))).toThrow('OutputSink.writeEncoded: the record was encoded without its CSV lines');
      expect(() => sink.writeEncoded(fromUtf8(toUtf8(encodeRecord(record, false)), tallyRecord(record)))).toThrow(
        'OutputSink.writeEncoded: the record was encoded without its CSV lines',
      );
    } finally {
      sink.abort();
    }
  });

  it('toUtf8: the JSON, a line feed and the CSV lines in one buffer of their own; fromUtf8 gives the strings back', () => {
    const e = encodeRecord(record, true);
    const u = toUtf8(e);
    expect(u.lengths).toEqual([e.json, ...e.csv!].map((t) => Buffer.byteLength(t)));
    expect(u.lengths[3]).toBe(0); // no facts: an empty part
    expect([u.bytes.byteOffset, u.bytes.buffer.byteLength]).toEqual([0, 65536]); // a buffer of its own (it is transferred)
    expect(Buffer.from(u.bytes).toString('utf8')).toBe(`${e.json}\n${e.csv!.join('')}`);
    const back = fromUtf8(u, e.tally);
    expect([hasCsv(back), back.json, back.csv, back.tally]).toEqual([true, e.json, e.csv, e.tally]);
    const noCsv = fromUtf8(toUtf8(encodeRecord(record, false)), e.tally);
    expect([hasCsv(noCsv), noCsv.csv, noCsv.json]).toEqual([false, null, e.json]);
    // a spare buffer big enough is used (and taken from the list), a smaller one is not
    const small = new ArrayBuffer(8);
    const big = new ArrayBuffer(1 << 17);
    const spare = [small, big];
    expect(toUtf8(e, spare).bytes.buffer).toBe(big);
    expect(spare).toEqual([small]);
  });

  it('withEncoded with spare buffers: a record made in this thread gets its UTF-8 text too, its buffer back in the list once released', () => {
    const spare: ArrayBuffer[] = [];
    const r = withEncoded({ ok: true, source: 'd1.txt', record, chars: 3, ms: 1 }, true, spare);
    if (!r.ok) throw new Error('expected a success');
    const e = encodeRecord(record, true);
    expect({ json: r.encoded!.json, csv: r.encoded!.csv, tally: r.encoded!.tally }).toEqual(e);
    expect(Buffer.from(r.encoded!.utf8!.bytes).toString('utf8')).toBe(`${e.json}\n${e.csv!.join('')}`);
    r.encoded!.utf8!.release!();
    expect(spare).toEqual([r.encoded!.utf8!.bytes.buffer]);
    const again = withEncoded({ ok: true, source: 'd1.txt', record, chars: 3, ms: 1 }, true, spare);
    expect([again.ok && again.encoded!.utf8!.bytes.buffer === r.encoded!.utf8!.bytes.buffer, spare.length]).toEqual([true, 0]);
  });

  it('the text of an encoded record whose buffer went back to its thread cannot be read', () => {
    const u = toUtf8(encodeRecord(record, true));
    structuredClone(u.bytes.buffer, { transfer: [u.bytes.buffer] }); // what sending it back does
    expect(() => fromUtf8(u, tallyRecord(record)).json).toThrow('the encoded record was released: its text can no longer be read');
  });

  it('a sink writes the same bytes from a record\'s UTF-8 text as from its strings, in every format', () => {
    const other = { ...record, document: { ...record.document, id: 'd2', title: 'ชื่อ, "ข่าว"\nสอง' } } as DocRecord;
    const [a, b] = [tmpDir('te-enc-'), tmpDir('te-enc-')];
    const formats = ['jsonl', 'json', 'csv'] as const;
    const fromStrings = new OutputSink(a, formats);
    const fromBytes = new OutputSink(b, formats);
    for (const r of [record, other]) {
      fromStrings.writeEncoded(encodeRecord(r, true));
      fromBytes.writeEncoded(fromUtf8(toUtf8(encodeRecord(r, true)), tallyRecord(r)));
    }
    fromStrings.commit();
    fromBytes.commit();
    expect(fromBytes.files).toEqual(['records.jsonl', 'records.json', 'documents.csv', 'entities.csv', 'facts.csv', 'events.csv', 'participants.csv', 'errors.jsonl']);
    for (const f of fromBytes.files) expect(readFileSync(path.join(b, f), 'utf8')).toBe(readFileSync(path.join(a, f), 'utf8'));
    expect(readFileSync(path.join(b, 'records.jsonl'), 'utf8')).toBe(`${JSON.stringify(record)}\n${JSON.stringify(other)}\n`);
  });
});
