import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createPipeline } from '../src/pipeline/load.js';
import { runBatch } from '../src/pipeline/batch.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, RACY_MS, RESULTS_DIR, ResultStore, readManifest, stampStillValid, writeManifest } from '../src/pipeline/manifest.js';
import { encodeRecord, fromUtf8, toUtf8 } from '../src/output/writers.js';
import type { DocRecord } from '../src/doc/types.js';
import { codeStamp } from '../src/pipeline/code-stamp.js';
import { runCli } from '../src/cli/cli.js';
import { FAKE_FACTORIES, FAKE_SPEC, tmpDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl'];
const pipeline = createPipeline(FAKE_SPEC, { factories: FAKE_FACTORIES });
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const noTimings = (dir: string) => ({ ...JSON.parse(read(dir, 'summary.json')), timings: null });

function inputs(): string {
  const dir = tmpDir('te-inc-in-');
  for (let i = 0; i < 12; i++) writeFileSync(path.join(dir, `d${String(i).padStart(2, '0')}.txt`), `หัวข้อ ${i}\nhttps://example.go.th/${i}\n`);
  writeFileSync(path.join(dir, 'bad.txt'), 'boom');
  return dir;
}

/** keys of the stored results (complete journal lines) */
function resultFiles(out: string): string[] {
  const store = new ResultStore(out);
  try {
    return store.keys().sort();
  } finally {
    store.close();
  }
}

/** the journal files of the result store */
function journals(out: string): string[] {
  const dir = path.join(out, RESULTS_DIR);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('incremental runs', () => {
  it('a re-run with nothing changed reuses every result and rewrites no file', async () => {
    const dir = inputs();
    const out = tmpDir('te-inc-out-');
    const first = await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    expect(first.incremental).toEqual({ reused: 0, processed: 13, removed: 0, upToDate: false, hashed: 13 });
    expect(resultFiles(out).length).toBe(13);
    const m = readManifest(out)!;
    expect(m.documents.slice(0, 2).map((d) => [d.source, d.ok])).toEqual([['bad.txt', false], ['d00.txt', true]]);
    expect([m.pipeline, m.rulesHash, m.formats, m.files]).toEqual([
      'fake@1.2.3', pipeline.rulesHash, ['jsonl', 'csv'], ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'events.csv', 'participants.csv', 'errors.jsonl', 'summary.json'],
    ]);
    const mtimes = [...OUTPUTS, 'summary.json', MANIFEST_FILE].map((f) => statSync(path.join(out, f)).mtimeMs);
    const seen: string[] = [];
    const again = await runBatch({ pipeline, inputs: [dir], out, incremental: true, onDocument: (o) => seen.push(`${o.source}:${o.ok}`) });
    expect(seen.slice(0, 3)).toEqual(['bad.txt:false', 'd00.txt:true', 'd01.txt:true']);
    expect(seen.length).toBe(13);
    expect(again.incremental).toEqual({ reused: 13, processed: 0, removed: 0, upToDate: true, hashed: 13 });
    expect({ ...again.summary, timings: null }).toEqual({ ...first.summary, timings: null });
    expect(again.failures.map((f) => [f.source, f.code])).toEqual([['bad.txt', 'TE305']]);
    expect([...OUTPUTS, 'summary.json', MANIFEST_FILE].map((f) => statSync(path.join(out, f)).mtimeMs)).toEqual(mtimes);
  });

  it('processes only new and changed documents, drops results of removed ones, and matches a fresh run', async () => {
    const dir = inputs();
    const out = tmpDir('te-inc-out-');
    await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    // a result shard of the earlier one-file-per-result layout goes at the next compaction
    mkdirSync(path.join(out, RESULTS_DIR, 'ab'));
    writeFileSync(path.join(out, RESULTS_DIR, 'ab', `${'ab'.repeat(32)}.json`), '{}');
    writeFileSync(path.join(dir, 'd03.txt'), 'หัวข้อใหม่\nhttps://example.go.th/new\n');
    writeFileSync(path.join(dir, 'd99.txt'), 'เพิ่ม\n');
    rmSync(path.join(dir, 'd05.txt'));
    const seen: string[] = [];
    const r = await runBatch({ pipeline, inputs: [dir], out, incremental: true, onDocument: (o) => seen.push(o.source) });
    expect(r.incremental).toEqual({ reused: 11, processed: 2, removed: 2, upToDate: false, hashed: 13 });
    expect(seen.length).toBe(13);
    expect(resultFiles(out).length).toBe(13);
    // the two journals (first run, re-run) were compacted into one holding the live results
    expect(journals(out)).toHaveLength(1);
    expect(resultFiles(out)).toEqual(readManifest(out)!.documents.flatMap((d) => (d.key ? [d.key] : [])).sort());
    const fresh = tmpDir('te-inc-fresh-');
    await runBatch({ pipeline, inputs: [dir], out: fresh });
    for (const f of OUTPUTS) expect(read(out, f)).toBe(read(fresh, f));
    expect(noTimings(out)).toEqual(noTimings(fresh));
  });

  it('--force processes everything again; a changed rule set or format invalidates the outputs', async () => {
    const dir = inputs();
    const out = tmpDir('te-inc-out-');
    await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    const [firstJournal] = journals(out);
    expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true, force: true })).incremental).toEqual({
      reused: 0, processed: 13, removed: 0, upToDate: false, hashed: 13,
    });
    // the forced run's own journal holds every live result once: it stays as it is (no copy),
    // the first run's journal goes
    const afterForce = journals(out);
    expect(afterForce).toHaveLength(1);
    expect(afterForce[0]).not.toBe(firstJournal);
    expect(afterForce[0]).toMatch(/^[0-9]+-[0-9]+\.jsonl$/);
    expect(resultFiles(out)).toEqual(readManifest(out)!.documents.flatMap((d) => (d.key ? [d.key] : [])).sort());
    expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true })).incremental).toEqual({
      reused: 13, processed: 0, removed: 0, upToDate: true, hashed: 13,
    });
    expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true, formats: ['jsonl'] })).incremental).toEqual({
      reused: 13, processed: 0, removed: 0, upToDate: false, hashed: 13,
    });
    const v2 = createPipeline({ ...FAKE_SPEC, version: '1.2.4' }, { factories: FAKE_FACTORIES });
    expect((await runBatch({ pipeline: v2, inputs: [dir], out, incremental: true, formats: ['jsonl'] })).incremental).toEqual({
      reused: 0, processed: 13, removed: 13, upToDate: false, hashed: 13,
    });
    expect(JSON.parse(read(out, 'records.jsonl').split('\n')[1]).document.pipeline).toBe('fake@1.2.4');
  });

  it('an input with the size and times the manifest recorded is not read again; a changed one is, whatever its mtime', async () => {
    const dir = inputs();
    const d03 = path.join(dir, 'd03.txt');
    utimesSync(d03, 1_700_000_000, 1_700_000_000); // whole seconds: set again exactly below
    const out = tmpDir('te-inc-out-');
    // files written (or touched) just now are "racily clean": their stats are not recorded
    await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    expect(readManifest(out)!.documents.filter((d) => d.stat)).toEqual([]);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + RACY_MS + 1_000);
      // nothing changed: every file is hashed once more, and the manifest alone gains their stats
      const outputsBefore = OUTPUTS.map((f) => statSync(path.join(out, f)).mtimeMs);
      expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true })).incremental).toEqual({
        reused: 13, processed: 0, removed: 0, upToDate: true, hashed: 13,
      });
      expect(OUTPUTS.map((f) => statSync(path.join(out, f)).mtimeMs)).toEqual(outputsBefore);
      const d00 = readManifest(out)!.documents.find((d) => d.source === 'd00.txt')!;
      const st = statSync(path.join(dir, 'd00.txt'));
      expect(d00.stat).toEqual({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
      // now no file is read
      expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true })).incremental).toEqual({
        reused: 13, processed: 0, removed: 0, upToDate: true, hashed: 0,
      });
      // the same size, the old mtime put back: the ctime still moves, and the file is read and processed
      const old = statSync(d03);
      writeFileSync(d03, readFileSync(d03, 'utf8').replace('หัวข้อ 3', 'หัวข้อ 8'));
      utimesSync(d03, 1_700_000_000, 1_700_000_000);
      expect([statSync(d03).size, statSync(d03).mtimeMs]).toEqual([old.size, 1_700_000_000_000]);
      vi.setSystemTime(Date.now() + RACY_MS + 1_000);
      expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true })).incremental).toEqual({
        reused: 12, processed: 1, removed: 1, upToDate: false, hashed: 1,
      });
      const fresh = tmpDir('te-inc-fresh-');
      await runBatch({ pipeline, inputs: [dir], out: fresh });
      for (const f of OUTPUTS) expect(read(out, f)).toBe(read(fresh, f));
      // --force reads every file again
      expect((await runBatch({ pipeline, inputs: [dir], out, incremental: true, force: true })).incremental?.hashed).toBe(13);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a damaged result file is recomputed', async () => {
    const dir = inputs();
    const out = tmpDir('te-inc-out-');
    await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    const before = read(out, 'records.jsonl');
    // damage the first stored line (its key is still readable, its JSON is not), and cut a
    // line short at the end as a kill mid-write would
    const [journal] = journals(out);
    const lines = read(path.join(out, RESULTS_DIR), journal).split('\n');
    lines[0] = lines[0].slice(0, 80) + 'tr';
    writeFileSync(path.join(out, RESULTS_DIR, journal), lines.join('\n') + '{"key":"' + 'ab'.repeat(32) + '","result":{"ok":tr');
    rmSync(path.join(out, 'records.jsonl'));
    const r = await runBatch({ pipeline, inputs: [dir], out, incremental: true });
    expect(r.incremental).toEqual({ reused: 12, processed: 1, removed: 0, upToDate: false, hashed: 13 });
    expect(read(out, 'records.jsonl')).toBe(before);
  });
});

// A real `thai-extract run` child process, killed with SIGKILL mid-batch, then re-run.
const CLI = path.join(ROOT, 'dist/cli/main.js');
const probe = existsSync(CLI) ? spawnSync(process.execPath, ['-e', `import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/pipeline/worker.js')).href)})`], { encoding: 'utf8' }) : null;
const cliBuilt = probe?.status === 0;
if (!cliBuilt) {
  console.warn(`tests/incremental.test.ts: kill -9 test SKIPPED — dist/ is ${probe ? `not loadable (${probe.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? 'error'})` : 'not built'}; run "npm run build" first`);
}

describe.skipIf(!cliBuilt)('an interrupted run (kill -9) loses nothing', () => {
  it('re-running completes it, and the outputs equal an uninterrupted run byte for byte', async () => {
    const dir = tmpDir('te-kill-in-');
    const seeds = path.join(ROOT, 'fixtures/seeds');
    const seedTexts = readdirSync(seeds).sort().map((f) => readFileSync(path.join(seeds, f), 'utf8'));
    // enough documents that the child is still busy when the poll (which reads the journals) sees N / 8 of them
    const N = 1200;
    for (let i = 0; i < N; i++) writeFileSync(path.join(dir, `doc${String(i).padStart(4, '0')}.txt`), `${seedTexts[i % seedTexts.length]}\nเลขที่ ${i}\n`);
    const pipelineFile = path.join(dir, '..', `${path.basename(dir)}-pipeline.json`);
    writeFileSync(pipelineFile, JSON.stringify({ name: 'text-layer', version: '1.0.0', stages: [{ stage: 'decode' }, { stage: 'normalise' }, { stage: 'validate' }] }));
    const args = (out: string) => [CLI, 'run', dir, '--out', out, '--pipeline', pipelineFile, '--concurrency', '2', '--quiet'];

    const out = tmpDir('te-kill-out-');
    const child = spawn(process.execPath, args(out), { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // wait until a good part of the batch is done, then kill -9
    let killedAt = -1;
    for (let t = 0; t < 60_000 && killedAt < 0; t += 5) {
      await new Promise((r) => setTimeout(r, 5));
      const n = resultFiles(out).length;
      if (n >= N / 8 || child.exitCode !== null) {
        child.kill('SIGKILL');
        killedAt = n;
      }
    }
    expect(await exited).toBe('SIGKILL');
    const partial = resultFiles(out).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(N); // it really was mid-batch
    expect(existsSync(path.join(out, MANIFEST_FILE))).toBe(false);
    expect(existsSync(path.join(out, 'records.jsonl'))).toBe(false);

    const resumed = spawnSync(process.execPath, args(out), { encoding: 'utf8' });
    expect([resumed.status, resumed.stderr]).toEqual([0, '']);
    const reference = tmpDir('te-kill-ref-');
    expect(spawnSync(process.execPath, args(reference), { encoding: 'utf8' }).status).toBe(0);

    for (const f of OUTPUTS) expect(read(out, f)).toBe(read(reference, f));
    expect(noTimings(out)).toEqual(noTimings(reference));
    // the manifests are the same but for the inputs' stats, recorded only by a run more than RACY_MS
    // after they were written, and the output files' identities (inodes, times)
    const noStats = (dir: string) => read(dir, MANIFEST_FILE).replace(/,"stat":\{[^}]*\}/g, '').replace(/\n  "outputs": \{[\s\S]*?\n  \},/, '');
    expect(noStats(out)).toBe(noStats(reference));
    expect(readdirSync(out).sort()).toEqual(readdirSync(reference).sort()); // no leftover temporary files
    expect(resultFiles(out)).toEqual(resultFiles(reference));
    expect(JSON.parse(read(out, 'summary.json')).documents).toEqual({ total: N, succeeded: N, failed: 0 });
  }, 180_000);
});

describe('the CLI recognises a no-change re-run before building the pipeline', () => {
  const io = () => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    return { io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr }, err: () => err };
  };

  it('records a pipeline stamp, skips while it holds, and rebuilds when the pipeline file or a data file changes', async () => {
    const dir = tmpDir('te-inc-cli-');
    const data = path.join(dir, 'pipeline-data');
    mkdirSync(data);
    writeFileSync(path.join(data, 'note.json'), '{"a":1}');
    const file = path.join(dir, 'p.json');
    const spec = (version: string) => JSON.stringify({ name: 'text-layer', version, stages: [{ stage: 'decode' }, { stage: 'normalise' }, { stage: 'validate' }] });
    writeFileSync(file, spec('1.0.0'));
    const inputsDir = inputs();
    rmSync(path.join(inputsDir, 'bad.txt'));
    const out = path.join(dir, 'out');
    const args = ['run', inputsDir, '--out', out, '--pipeline', file, '--concurrency', '1'];

    const a = io();
    expect(await runCli(args, a.io)).toBe(0);
    const m = readManifest(out)!;
    expect(m.pipelineStamp).toEqual({ file, files: { [file]: createHash('sha256').update(spec('1.0.0')).digest('hex') }, code: codeStamp() });
    const b = io();
    expect(await runCli(args, b.io)).toBe(0);
    // (only that: no "12/12 documents written" as well, since none was)
    expect(b.err()).toBe(`nothing changed since the last run: 12 documents (0 failed); the outputs in ${out} are current, none rewritten\n`);

    writeFileSync(file, spec('1.0.1'));
    const c = io();
    expect(await runCli(args, c.io)).toBe(0);
    expect(c.err()).toMatch(/^12\/12 documents written to .* with text-layer@1\.0\.1\n$/);

    // a data file a stage loaded: recorded in the stamp, and a change to it defeats the fast path
    const code = codeStamp();
    expect(stampStillValid({ file, files: { [file]: sha(read(dir, 'p.json')), [path.join(data, 'note.json')]: sha('{"a":1}') }, code }, file)).toBe(true);
    // other code (a new version of thai-extract) defeats it too
    expect(stampStillValid({ file, files: { [file]: sha(read(dir, 'p.json')), [path.join(data, 'note.json')]: sha('{"a":1}') }, code: 'x' }, file)).toBe(false);
    writeFileSync(path.join(data, 'note.json'), '{"a":2}');
    expect(stampStillValid({ file, files: { [file]: sha(read(dir, 'p.json')), [path.join(data, 'note.json')]: sha('{"a":1}') }, code }, file)).toBe(false);
    expect(stampStillValid({ file, files: { [file]: sha(read(dir, 'p.json')) }, code }, path.join(dir, 'other.json'))).toBe(false);
    const d = io();
    expect(await runCli([...args, '--force'], d.io)).toBe(0);
    expect(d.err()).toMatch(/^12\/12 documents written/);
  });
});

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

describe('the result journal', () => {
  it('writes each result as {"key", "result": the result without ms}, byte for byte JSON.stringify', () => {
    const out = tmpDir('te-journal-');
    const record = {
      document: { id: 'd', source: 'd.txt', sha256: 'a'.repeat(64), encoding: 'utf-8', title: 'ชื่อ "เรื่อง"', published: null, publishedRaw: null, sourceUrl: null, pipeline: 'p@1.0.0' },
      entities: [], facts: [], diagnostics: [],
    };
    const results = [
      { ok: true as const, source: 'd.txt', record, chars: 12, ms: 3 },
      { ok: false as const, source: 'bad.txt', stage: 'decode', code: 'TE303', message: 'NUL byte: binary file', ms: 1 },
    ];
    const store = new ResultStore(out);
    try {
      store.write('a'.repeat(64), results[0]);
      store.write('b'.repeat(64), results[1]);
    } finally {
      store.close();
    }
    const [file] = journals(out);
    const expected = results.map((r, i) => {
      const { ms: _ms, ...stored } = r;
      return `{"key":${JSON.stringify((i ? 'b' : 'a').repeat(64))},"result":${JSON.stringify(stored)}}\n`;
    });
    expect(readFileSync(path.join(out, RESULTS_DIR, file), 'utf8')).toBe(expected.join(''));
  });

  it('writes a result whose record came as UTF-8 bytes (from a worker thread) byte for byte as from its strings', () => {
    const record = {
      document: { id: 'd', source: 'd.txt', sha256: 'a'.repeat(64), encoding: 'utf-8', title: 'ชื่อ "เรื่อง"', published: null, publishedRaw: null, sourceUrl: null, pipeline: 'p@1.0.0' },
      entities: [], facts: [], diagnostics: [],
    } as unknown as DocRecord;
    const plain = { ok: true as const, source: 'ง.txt', record, chars: 12, ms: 3 };
    const e = encodeRecord(record, true);
    const fromBytes = { ...plain, encoded: fromUtf8(toUtf8(e), e.tally) };
    const [a, b] = [tmpDir('te-journal-'), tmpDir('te-journal-')];
    for (const [out, r] of [[a, plain], [b, fromBytes]] as const) {
      const store = new ResultStore(out);
      try {
        store.write('a'.repeat(64), r);
        store.write('b'.repeat(64), r);
      } finally {
        store.close();
      }
    }
    const text = (out: string) => readFileSync(path.join(out, RESULTS_DIR, journals(out)[0]), 'utf8');
    expect(text(b)).toBe(text(a));
    // and the index finds the lines written from bytes (offsets in bytes)
    const store = new ResultStore(b);
    try {
      expect(store.read('b'.repeat(64))).toEqual({ ok: true, source: 'ง.txt', record, chars: 12, ms: 0 });
    } finally {
      store.close();
    }
  });
});

describe('the manifest', () => {
  it('is written in pieces, the same text as at once: one entry a line', () => {
    const out = tmpDir('te-manifest-');
    const documents = Array.from({ length: 2001 }, (_, i) => ({ source: `ข่าว-${i}.txt`, sha256: 'c'.repeat(64), key: i % 7 ? 'd'.repeat(64) : null, ok: i % 5 !== 0 }));
    const m = { format: MANIFEST_FORMAT, pipeline: 'p@1', rulesHash: 'e'.repeat(64), formats: ['jsonl' as const], files: ['records.jsonl'], documents };
    const whole = (docs: typeof documents) => {
      const lines = docs.map((d) => '    ' + JSON.stringify(d)).join(',\n');
      const head = JSON.stringify({ ...m, documents: [] }, null, 2).replace(/"documents": \[\]\n}$/, '');
      return `${head}"documents": [\n${lines}${lines ? '\n' : ''}  ]\n}\n`;
    };
    for (const n of [0, 1, 1000, 2001]) {
      writeManifest(out, { ...m, documents: documents.slice(0, n) });
      expect(readFileSync(path.join(out, MANIFEST_FILE), 'utf8')).toBe(whole(documents.slice(0, n)));
      expect(readManifest(out)!.documents).toEqual(documents.slice(0, n));
    }
  });
});
