import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline, loadPipeline } from '../src/pipeline/load.js';
import { runBatch } from '../src/pipeline/batch.js';
import { isThaiExtractError } from '../src/errors.js';
import { DocPool, workerEntry } from '../src/pipeline/pool.js';
import { processDocument } from '../src/pipeline/run.js';
import { encodeRecord } from '../src/output/writers.js';
import type { DocOutcome } from '../src/pipeline/run.js';
import { FAKE_SPEC, tmpDir } from './helpers.js';
// @ts-expect-error plain JS module without types
import { factories as JS_FAKE_FACTORIES } from './workers-fake-stages.mjs';

// Worker threads run the compiled dist/pipeline/worker.js (built by `npm ci` / `npm run build`).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = await distLoads();
if (!built.ok) console.warn(`tests/workers.test.ts: SKIPPED — ${built.why}; run "npm run build" first`);

/** the compiled worker exists and its imports load in plain Node (dist/ may lag behind src/ in a working copy) */
async function distLoads(): Promise<{ ok: boolean; why?: string }> {
  const worker = path.join(ROOT, 'dist/pipeline/worker.js');
  if (!existsSync(worker)) return { ok: false, why: 'dist/pipeline/worker.js is missing' };
  const r = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(pathToFileURL(worker).href)})`], { encoding: 'utf8' });
  if (r.status === 0) return { ok: true };
  return { ok: false, why: `dist/pipeline/worker.js does not load (${r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? 'error'})` };
}

const FAKES_MODULE = path.join(ROOT, 'tests/workers-fake-stages.mjs');
const REAL_SPEC = { name: 'text-layer', version: '1.0.0', stages: [{ stage: 'decode' }, { stage: 'normalise' }, { stage: 'validate' }] };
const OUTPUTS = ['records.jsonl', 'records.json', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl'];
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

function fakeInputs(n: number): string {
  const dir = tmpDir('te-wk-in-');
  mkdirSync(path.join(dir, 'sub'));
  for (let i = 0; i < n; i++) {
    writeFileSync(path.join(dir, i % 3 ? 'sub' : '', `d${String(i).padStart(3, '0')}.txt`), `ข่าวที่ ${i}\nที่มา https://example.go.th/${i}\n`);
  }
  writeFileSync(path.join(dir, 'bad.txt'), 'this has boom inside');
  writeFileSync(path.join(dir, 'empty.txt'), '');
  return dir;
}

describe.skipIf(!built.ok)('batch runs on worker threads', () => {
  it('resolves the compiled worker entry from src/', () => {
    expect(workerEntry()).toBe(path.join(ROOT, 'dist/pipeline/worker.js'));
  });

  it('gives the same outputs on 2 threads as in this thread (fake stages from a factories module)', async () => {
    const dir = fakeInputs(40);
    const pipeline = createPipeline(FAKE_SPEC, { factories: JS_FAKE_FACTORIES });
    const [one, two] = [tmpDir('te-wk-'), tmpDir('te-wk-')];
    const seen: DocOutcome[] = [];
    const a = await runBatch({ pipeline, inputs: [dir], out: one, formats: ['jsonl', 'csv', 'json'] });
    const b = await runBatch({
      pipeline, inputs: [dir], out: two, formats: ['jsonl', 'csv', 'json'], threads: 2,
      pipelineSource: { spec: FAKE_SPEC, factoriesModule: FAKES_MODULE }, onDocument: (o) => seen.push(o),
    });
    for (const f of OUTPUTS.filter((f) => f !== 'errors.jsonl')) expect(read(two, f)).toBe(read(one, f));
    // a stage's stack trace names the file it ran from; the rest of each error line is identical
    const errs = (d: string) => read(d, 'errors.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l)).map((e) => ({ ...e, message: e.message.split('\n')[0] }));
    expect(errs(two)).toEqual(errs(one));
    expect(errs(one).map((e) => [e.source, e.stage, e.code])).toEqual([['bad.txt', 'fake-meta', 'TE305'], ['empty.txt', null, 'TE302']]);
    expect({ ...b.summary, timings: null }).toEqual({ ...a.summary, timings: null });
    expect([a.summary.timings.threads, b.summary.timings.threads]).toEqual([0, 2]);
    expect(a.summary.documents).toEqual({ total: 42, succeeded: 40, failed: 2 });
    // documents from threads come back in source order with a light doc
    expect(seen.map((o) => o.source)).toEqual(readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.txt')).sort());
    const firstOk = seen.find((o) => o.ok)!;
    expect(firstOk.ok && Object.keys(firstOk.doc).sort()).toEqual(['diagnostics', 'hints', 'id', 'pipeline', 'sha256', 'source']);
  });

  it('gives byte-identical files on 2 threads for real stages (decode, normalise, validate) over the seeds', async () => {
    const seeds = path.join(ROOT, 'fixtures/seeds');
    const pipeline = createPipeline(REAL_SPEC);
    const [one, two] = [tmpDir('te-wk-'), tmpDir('te-wk-')];
    const a = await runBatch({ pipeline, inputs: [seeds], out: one, formats: ['jsonl', 'csv', 'json'] });
    const b = await runBatch({ pipeline, inputs: [seeds], out: two, formats: ['jsonl', 'csv', 'json'], threads: 2, pipelineSource: { spec: REAL_SPEC } });
    for (const f of OUTPUTS) expect(read(two, f)).toBe(read(one, f));
    expect({ ...b.summary, timings: null }).toEqual({ ...a.summary, timings: null });
    expect(b.summary.documents).toEqual({ total: 5, succeeded: 5, failed: 0 });
  });

  it('with encode, a thread sends the record as UTF-8 text (JSON, CSV lines) and counts; text and record are decoded only when read', async () => {
    const bytes = readFileSync(path.join(ROOT, 'fixtures/seeds', readdirSync(path.join(ROOT, 'fixtures/seeds')).sort()[0]));
    const here = processDocument(createPipeline(REAL_SPEC), { source: 's.txt', bytes });
    const pool = new DocPool({ spec: REAL_SPEC }, null, 1);
    try {
      const r = await pool.process({ source: 's.txt', bytes }, { csv: true });
      if (!r.ok || !here.ok) throw new Error('expected successes');
      expect(typeof Object.getOwnPropertyDescriptor(r, 'record')?.get).toBe('function');
      const want = encodeRecord(here.record, true);
      const enc = r.encoded!;
      expect(enc.utf8!.lengths).toEqual([want.json, ...want.csv!].map((t) => Buffer.byteLength(t)));
      expect(Buffer.from(enc.utf8!.bytes).toString('utf8')).toBe(`${want.json}\n${want.csv!.join('')}`);
      expect({ json: enc.json, csv: enc.csv, tally: enc.tally }).toEqual(want);
      // written: the buffer goes back to the thread (no longer readable here), which fills it again
      const buffer = enc.utf8!.bytes.buffer;
      enc.utf8!.release!();
      expect(buffer.byteLength).toBe(0);
      const again = await pool.process({ source: 's.txt', bytes }, { csv: true });
      expect(again.ok && again.encoded!.json).toBe(want.json);
      expect(r.record).toEqual(here.record);
      expect(r.record).toBe(r.record); // parsed once
      const plain = await pool.process({ source: 's.txt', bytes });
      expect(plain.ok && [plain.encoded, plain.record]).toEqual([undefined, here.record]);
    } finally {
      await pool.destroy();
    }
  });

  it('gives byte-identical files on 2 threads for the bundled pipeline, whose threads share one compromise', async () => {
    const seeds = path.join(ROOT, 'fixtures/seeds');
    const pipeline = loadPipeline('gov-press');
    const [one, two] = [tmpDir('te-wk-'), tmpDir('te-wk-')];
    await runBatch({ pipeline, inputs: [seeds], out: one });
    await runBatch({ pipeline, inputs: [seeds], out: two, threads: 2, pipelineSource: { file: 'gov-press' } });
    for (const f of ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl']) expect(read(two, f)).toBe(read(one, f));
    // a person only compromise finds (an untitled Latin name would do as well)
    expect(read(two, 'entities.csv')).toContain(',PERSON,Mr. Houlin Zhao,1404,1419,Houlin Zhao,');
  });

  it('refuses to run when the threads build a different pipeline (TE112)', async () => {
    const pipeline = createPipeline(REAL_SPEC);
    const other = { ...REAL_SPEC, version: '9.9.9' };
    await expect(
      runBatch({ pipeline, inputs: [path.join(ROOT, 'fixtures/seeds')], out: tmpDir('te-wk-'), threads: 2, pipelineSource: { spec: other } }),
    ).rejects.toThrow(/^\[TE112\] <inline>: a worker thread built text-layer@9\.9\.9 with rules [0-9a-f]{12}, but the run uses text-layer@1\.0\.0 with rules [0-9a-f]{12} \(stale build in dist\/, or different rule files\)$/);
  });

  it('builds the pipeline only in the threads when no pipeline is given; config errors come back as ThaiExtractErrors', async () => {
    const dir = tmpDir('te-wk-p-');
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(REAL_SPEC));
    const seeds = path.join(ROOT, 'fixtures/seeds');
    const [one, two] = [tmpDir('te-wk-'), tmpDir('te-wk-')];
    await runBatch({ pipeline: createPipeline(REAL_SPEC), inputs: [seeds], out: one });
    const r = await runBatch({ inputs: [seeds], out: two, threads: 2, pipelineSource: { file }, incremental: true });
    for (const f of ['records.jsonl', 'documents.csv', 'errors.jsonl']) expect(read(two, f)).toBe(read(one, f));
    expect(r.summary.pipeline).toBe('text-layer@1.0.0');
    expect(JSON.parse(read(two, 'manifest.json')).pipelineStamp.file).toBe(file);

    writeFileSync(file, JSON.stringify({ ...REAL_SPEC, stages: [{ stage: 'validate' }] }));
    const err = await runBatch({ inputs: [seeds], out: tmpDir('te-wk-'), threads: 2, pipelineSource: { file } }).catch((e) => e);
    expect([isThaiExtractError(err), err.code, err.message]).toEqual([
      true, 'TE106', `[TE106] ${file} #/stages/0/stage: stage "validate" reads "text" but no earlier stage adds it: "validate"`,
    ]);
  });

  it('a document that kills its thread (out of memory) is processed in the main thread; the outputs do not change', async () => {
    const spec = { name: 'hog', version: '1.0.0', stages: [{ stage: 'fake-decode' }, { stage: 'fake-hog' }, { stage: 'fake-meta' }, { stage: 'validate' }] };
    const dir = fakeInputs(6);
    writeFileSync(path.join(dir, 'huge.txt'), 'HUGE\nhttps://example.go.th/huge\n');
    const pipeline = createPipeline(spec, { factories: JS_FAKE_FACTORIES });
    const [one, two] = [tmpDir('te-wk-'), tmpDir('te-wk-')];
    await runBatch({ pipeline, inputs: [dir], out: one });
    const crashes: string[] = [];
    await runBatch({
      inputs: [dir], out: two, threads: 2, threadHeapMb: 32, pipelineSource: { spec, factoriesModule: FAKES_MODULE },
      onWorkerCrash: (source, e) => crashes.push(`${source}: ${e.name}`),
    });
    expect(crashes).toEqual(['huge.txt: WorkerCrash']);
    for (const f of ['records.jsonl', 'documents.csv', 'entities.csv']) expect(read(two, f)).toBe(read(one, f));
    expect(read(two, 'records.jsonl')).toContain('"code":"fake.hog"');
  });

  it('needs a pipeline source for threads', async () => {
    await expect(runBatch({ pipeline: createPipeline(REAL_SPEC), inputs: [path.join(ROOT, 'fixtures/seeds')], threads: 2 })).rejects.toThrow(
      '[TE201] runBatch: `threads` needs a `pipelineSource` the worker threads can build the pipeline from',
    );
  });
});
