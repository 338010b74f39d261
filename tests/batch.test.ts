import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../src/pipeline/load.js';
import { DOCUMENTS_PER_THREAD, defaultThreads, runBatch } from '../src/pipeline/batch.js';
import { findInputs } from '../src/pipeline/inputs.js';
import { processText } from '../src/pipeline/run.js';
import { FAKE_FACTORIES, FAKE_SPEC, tmpDir } from './helpers.js';

const pipeline = createPipeline({ ...FAKE_SPEC, maxInputBytes: 1000 }, { factories: FAKE_FACTORIES });

function makeInputs(): string {
  const dir = tmpDir('te-in-');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'b.txt'), 'ข่าวสอง\nที่มา https://example.go.th/2\n');
  writeFileSync(path.join(dir, 'a file.txt'), '=SUM(A1)\nbody\n');
  writeFileSync(path.join(dir, 'sub', 'ข่าว ไทย.txt'), 'หัวข้อ\n');
  writeFileSync(path.join(dir, 'empty.txt'), '');
  writeFileSync(path.join(dir, 'big.txt'), 'ก'.repeat(400)); // 1200 bytes > maxInputBytes 1000
  writeFileSync(path.join(dir, 'bad.txt'), 'this has boom inside');
  writeFileSync(path.join(dir, 'notes.md'), 'not a txt');
  symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.txt'));
  return dir;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

describe('input discovery', () => {
  it('expands folders recursively to *.txt, sorted by source path', () => {
    const dir = makeInputs();
    expect(findInputs([dir]).files.map((f) => f.source)).toEqual([
      'a file.txt', 'bad.txt', 'big.txt', 'b.txt', 'dangling.txt', 'empty.txt', 'sub/ข่าว ไทย.txt',
    ].sort());
    expect(findInputs([path.join(dir, '**/*.txt')]).files.map((f) => f.source)).toEqual(findInputs([dir]).files.map((f) => f.source));
    expect(findInputs([path.join(dir, 'b*.txt')]).files.map((f) => f.source)).toEqual(['b.txt', 'bad.txt', 'big.txt']);
    expect(findInputs([path.join(dir, 'sub'), path.join(dir, 'b.txt')]).files.map((f) => f.source)).toEqual(['b.txt', 'sub/ข่าว ไทย.txt']);
  });

  it('a missing input or a glob matching nothing is a usage error', () => {
    expect(() => findInputs(['/definitely/not/here'])).toThrow('[TE202] input does not exist: "/definitely/not/here"');
    const dir = tmpDir();
    expect(() => findInputs([path.join(dir, '*.txt')])).toThrow(`[TE202] input matches no .txt files: ${JSON.stringify(path.join(dir, '*.txt'))}`);
  });
});

describe('batch run', () => {
  it('writes every output in source order, one outcome per document, and goes on after failures', async () => {
    const dir = makeInputs();
    const out = tmpDir('te-out-');
    const { summary } = await runBatch({ pipeline, inputs: [dir], out, formats: ['jsonl', 'csv', 'json'], concurrency: 3 });
    expect(readdirSync(out).sort()).toEqual([
      'documents.csv', 'entities.csv', 'errors.jsonl', 'events.csv', 'facts.csv', 'participants.csv', 'records.json', 'records.jsonl', 'summary.json',
    ]);
    const records = read(out, 'records.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => [r.document.source, r.document.id, r.document.title])).toEqual([
      ['a file.txt', 'a file', '=SUM(A1)'],
      ['b.txt', 'b', 'ข่าวสอง'],
      ['sub/ข่าว ไทย.txt', 'sub/ข่าว ไทย', 'หัวข้อ'],
    ]);
    expect(records[1]).toEqual({
      document: {
        id: 'b', source: 'b.txt', sha256: sha('ข่าวสอง\nที่มา https://example.go.th/2\n'),
        encoding: 'utf-8', title: 'ข่าวสอง', published: null, publishedRaw: null, publishedFrom: null, sourceUrl: 'https://example.go.th/2', pipeline: 'fake@1.2.3',
      },
      entities: [{ id: 'e1', type: 'URL', text: 'https://example.go.th/2', start: 14, end: 37, canonical: 'https://example.go.th/2', rule: 'fake.url' }],
      events: [],
      facts: [],
      diagnostics: [],
    });
    expect(JSON.parse(read(out, 'records.json'))).toEqual(records);
    const errors = read(out, 'errors.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(errors.map((e) => [e.source, e.stage, e.code])).toEqual([
      ['bad.txt', 'fake-meta', 'TE305'],
      ['big.txt', null, 'TE304'],
      ['dangling.txt', null, 'TE301'],
      ['empty.txt', null, 'TE302'],
    ]);
    expect(errors[1].message).toBe('[TE304] big.txt: 1200 bytes is over the pipeline\'s limit of 1000 bytes (maxInputBytes): 1200');
    expect(errors[2].message).toBe('[TE301] dangling.txt: cannot read input file (ENOENT)');
    expect(errors[3].message).toBe('[TE302] empty.txt: the document has no content');
    expect(errors[0].message.startsWith('[TE305] bad.txt: stage "fake-meta" threw: Error: boom found')).toBe(true);
    const { timings, ...rest } = summary;
    expect(rest).toEqual({
      pipeline: 'fake@1.2.3',
      rulesHash: pipeline.rulesHash,
      documents: { total: 7, succeeded: 3, failed: 4 },
      counts: { entities: { URL: 1 }, events: {}, facts: {}, diagnostics: {} },
      errors: { TE301: 1, TE302: 1, TE304: 1, TE305: 1 },
      chars: 16 + 36 + 7,
      files: ['records.jsonl', 'records.json', 'documents.csv', 'entities.csv', 'facts.csv', 'events.csv', 'participants.csv', 'errors.jsonl', 'summary.json'],
    });
    expect(Object.keys(timings)).toEqual(['wallMs', 'processMs', 'docsPerSecond', 'charsPerSecond', 'threads']);
    expect(timings.threads).toBe(0);
    expect(JSON.parse(read(out, 'summary.json')).documents).toEqual(rest.documents);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes CSV with a BOM, CRLF, the document id on every row, and formulas escaped', async () => {
    const dir = makeInputs();
    const out = tmpDir('te-out-');
    await runBatch({ pipeline, inputs: [dir], out, formats: ['csv'] });
    const docs = read(out, 'documents.csv');
    // every document, in source order: the failed ones too, with their code and message (first line)
    expect(docs).toBe([
      '\ufeffdocument_id,source,status,sha256,encoding,title,published,published_raw,source_url,pipeline,entities,events,facts,diagnostics,warnings,error_code,error_message',
      `a file,a file.txt,ok,${sha('=SUM(A1)\nbody\n')},utf-8,'=SUM(A1),,,,fake@1.2.3,0,0,0,0,,,`,
      `b,b.txt,ok,${sha('ข่าวสอง\nที่มา https://example.go.th/2\n')},utf-8,ข่าวสอง,,,https://example.go.th/2,fake@1.2.3,1,0,0,0,,,`,
      'bad,bad.txt,failed,,,,,,,,,,,,,TE305,"[TE305] bad.txt: stage ""fake-meta"" threw: Error: boom found"',
      "big,big.txt,failed,,,,,,,,,,,,,TE304,[TE304] big.txt: 1200 bytes is over the pipeline's limit of 1000 bytes (maxInputBytes): 1200",
      'dangling,dangling.txt,failed,,,,,,,,,,,,,TE301,[TE301] dangling.txt: cannot read input file (ENOENT)',
      'empty,empty.txt,failed,,,,,,,,,,,,,TE302,[TE302] empty.txt: the document has no content',
      `sub/ข่าว ไทย,sub/ข่าว ไทย.txt,ok,${sha('หัวข้อ\n')},utf-8,หัวข้อ,,,,fake@1.2.3,0,0,0,0,,,`,
      '',
    ].join('\r\n'));
    expect(read(out, 'entities.csv')).toBe(
      '\ufeffdocument_id,entity_id,type,text,start,end,canonical,rule,iso,iso_end,amount,amount_end,unit,person,kind,value\r\n' +
        'b,e1,URL,https://example.go.th/2,14,37,https://example.go.th/2,fake.url,,,,,,,,\r\n',
    );
    expect(read(out, 'facts.csv')).toBe(
      '\ufeffdocument_id,fact_id,type,actor_entity,actor_text,actor_canonical,actor_type,role,position,event_id,event_name,event_entity,event_text,counterpart,date,location,mode,evidence_start,evidence_end,evidence_text,rule\r\n',
    );
    expect(read(out, 'events.csv')).toBe(
      '\ufeffdocument_id,event_id,type,status,name,date,end_date,location,mode,participants,chairs,organisations,name_start,name_end,rule\r\n',
    );
  });

  it('gives byte-identical files whatever the concurrency', async () => {
    const dir = makeInputs();
    const outs = [1, 4, 16].map(() => tmpDir('te-out-'));
    await Promise.all(outs.map((out, i) => runBatch({ pipeline, inputs: [dir], out, formats: ['jsonl', 'csv', 'json'], concurrency: [1, 4, 16][i] })));
    for (const f of ['records.jsonl', 'records.json', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl']) {
      expect(read(outs[1], f)).toBe(read(outs[0], f));
      expect(read(outs[2], f)).toBe(read(outs[0], f));
    }
    const noTimings = (o: string) => ({ ...JSON.parse(read(o, 'summary.json')), timings: null });
    expect(noTimings(outs[1])).toEqual(noTimings(outs[0]));
  });

  it('an `out` that names a file is TE460, before anything is read', async () => {
    const file = path.join(tmpDir('te-out-'), 'a-file');
    writeFileSync(file, 'x');
    await expect(runBatch({ pipeline, inputs: [makeInputs()], out: file })).rejects.toThrow(
      `[TE460] ${file}: runBatch: \`out\` names a file, not a folder; give a folder (it is created when missing)`,
    );
  });

  it('reports progress for every document and returns records when no --out is given', async () => {
    const dir = makeInputs();
    const seen: number[] = [];
    const { records, failures } = await runBatch({ pipeline, inputs: [dir], onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(records!.map((r) => r.document.source)).toEqual(['a file.txt', 'b.txt', 'sub/ข่าว ไทย.txt']);
    expect(failures.map((f) => f.source)).toEqual(['bad.txt', 'big.txt', 'dangling.txt', 'empty.txt']);
  });
});

describe('processText', () => {
  it('returns the record of a string, with the id and source given', () => {
    expect(processText(pipeline, 'หัวข้อข่าว\nเนื้อหา', { id: 'x1' })).toEqual({
      document: {
        id: 'x1', source: '<text>', sha256: sha('หัวข้อข่าว\nเนื้อหา'),
        encoding: 'string', title: 'หัวข้อข่าว', published: null, publishedRaw: null, publishedFrom: null, sourceUrl: null, pipeline: 'fake@1.2.3',
      },
      entities: [], events: [], facts: [], diagnostics: [],
    });
  });

  it('throws the document error', () => {
    expect(() => processText(pipeline, 'boom')).toThrow(/^\[TE305\] <text>: stage "fake-meta" threw: Error: boom found/);
    expect(() => processText(pipeline, '')).toThrow('[TE302] <text>: the document has no content');
  });
});

describe('defaultThreads', () => {
  it('one thread per DOCUMENTS_PER_THREAD documents, at least 1, at most the cores', () => {
    expect([0, 5, 299, 300, 449, 450, 1000, 10000].map((n) => defaultThreads(n, 2))).toEqual([1, 1, 1, 2, 2, 2, 2, 2]);
    expect([0, 299, 300, 1000, 1199, 1200, 10000].map((n) => defaultThreads(n, 8))).toEqual([1, 1, 2, 6, 7, 8, 8]);
    expect(defaultThreads(10000, 1)).toBe(1);
    expect(DOCUMENTS_PER_THREAD).toBe(150);
  });
});
