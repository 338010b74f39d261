/**
 * Issue 27 — nothing stale, nothing hung: each fault reproduced (stale outputs after a partial
 * set of renames, special files, superlinear stages, a full disk, two runs into one folder,
 * signals, Redis nobody listens on, odd encodings and file names) and its coded outcome.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../src/pipeline/load.js';
import { runBatch } from '../src/pipeline/batch.js';
import { FAKE_FACTORIES, FAKE_SPEC, tmpDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const pipeline = createPipeline(FAKE_SPEC, { factories: FAKE_FACTORIES });
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const OUTPUTS = ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl', 'summary.json'];
const noTimings = (s: string) => ({ ...JSON.parse(s), timings: null });

function corpus(prefix: string, n: number, tag: string): string {
  const dir = tmpDir(`te-rel-${prefix}-`);
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `${tag}${i}.txt`), `หัวข้อ ${tag} ${i}\nhttps://example.go.th/${tag}/${i}\n`);
  return dir;
}

function snapshot(out: string): Record<string, string> {
  return Object.fromEntries(OUTPUTS.map((f) => [f, f === 'summary.json' ? JSON.stringify(noTimings(read(out, f))) : read(out, f)]));
}

describe('1. the manifest describes exactly the output files on disk', () => {
  it('a partial set of renames by another run is detected and redone, not reported as up to date', async () => {
    const a = corpus('a', 3, 'a');
    const b = corpus('b', 4, 'b');
    const out = tmpDir('te-rel-out-');
    await runBatch({ pipeline, inputs: [a], out, incremental: true });
    const before = snapshot(out);
    // run B into a folder of its own, then two of its outputs renamed into `out` — what a run
    // killed (or failing with EPERM/ENOSPC) between its renames leaves behind
    const outB = tmpDir('te-rel-outb-');
    await runBatch({ pipeline, inputs: [b], out: outB, incremental: true });
    for (const f of ['records.jsonl', 'documents.csv']) renameSync(path.join(outB, f), path.join(out, f));
    expect(read(out, 'records.jsonl')).toContain('b0.txt');
    const again = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(again.incremental).toMatchObject({ upToDate: false, reused: 3, processed: 0 });
    expect(snapshot(out)).toEqual(before);
    // and now it is up to date
    const third = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(third.incremental?.upToDate).toBe(true);
  });

  it('an output replaced by a copy of the same size and time is still seen', async () => {
    const a = corpus('a2', 2, 'a');
    const out = tmpDir('te-rel-out-');
    await runBatch({ pipeline, inputs: [a], out, incremental: true });
    const f = path.join(out, 'entities.csv');
    const text = readFileSync(f);
    rmSync(f);
    writeFileSync(f, text);
    const again = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(again.incremental?.upToDate).toBe(false);
  });
});

/** run the compiled CLI in a child process (so that a hang is a timeout, not a stuck test runner) */
function cli(args: string[], timeout = 60_000, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout, env: { ...process.env, ...env } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const errorLines = (out: string) => read(out, 'errors.jsonl').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string; code: string; message: string });

describe('2. special files: stat first, only regular files are read, the size limit holds while reading', () => {
  const canFifo = spawnSync('mkfifo', ['--help']).status === 0;
  it.skipIf(!canFifo)('a FIFO (given, or in a folder) and a symlink to /dev/zero are TE310 outcomes; nothing hangs', () => {
    const dir = tmpDir('te-rel-special-');
    writeFileSync(path.join(dir, 'a.txt'), 'หัวข้อ\nข่าว\n');
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero.txt'));
    const lone = tmpDir('te-rel-fifo-');
    execFileSync('mkfifo', [path.join(lone, 'given.txt')]);
    const out = tmpDir('te-rel-out-');
    const r = cli(['run', dir, '--out', out, '-q', '-c', '1'], 60_000);
    expect([r.status, r.signal]).toEqual([2, null]);
    expect(errorLines(out).map((e) => [e.source, e.code])).toEqual([['pipe.txt', 'TE310'], ['zero.txt', 'TE310']]);
    expect(errorLines(out)[0].message).toBe('[TE310] pipe.txt: a FIFO (named pipe), not a regular file: skipped (only regular files are read)');
    expect(errorLines(out)[1].message).toBe('[TE310] zero.txt: a character device, not a regular file: skipped (only regular files are read)');
    const out2 = tmpDir('te-rel-out-');
    const r2 = cli(['run', path.join(lone, 'given.txt'), '--out', out2, '-q'], 60_000);
    expect([r2.status, r2.signal]).toEqual([2, null]);
    expect(errorLines(out2).map((e) => [e.source, e.code])).toEqual([['given.txt', 'TE310']]);
  });

  it('a file over the size limit is refused (TE304) without being read whole, in the library too', async () => {
    const dir = tmpDir('te-rel-big-');
    writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(5000));
    writeFileSync(path.join(dir, 'ok.txt'), 'หัวข้อ\n');
    const small = createPipeline({ ...FAKE_SPEC, maxInputBytes: 1000 }, { factories: FAKE_FACTORIES });
    for (const incremental of [false, true]) {
      const r = await runBatch({ pipeline: small, inputs: [dir], ...(incremental ? { out: tmpDir('te-rel-out-'), incremental } : {}) });
      expect(r.failures.map((f) => [f.source, f.code, f.message])).toEqual([
        ['big.txt', 'TE304', "[TE304] big.txt: 5000 bytes is over the pipeline's limit of 1000 bytes (maxInputBytes): 5000"],
      ]);
    }
  });
});

describe('3. every stage linear; a per-document time budget', () => {
  it('a run of capitalised words is cut into phrases of at most MAX_PHRASE_WORDS words (compromise was superlinear in a phrase)', async () => {
    const { latinPhrases, MAX_PHRASE_WORDS } = await import('../src/stages/entities/matchers.js');
    const words = Array.from({ length: 1000 }, (_, i) => `Word${String.fromCharCode(97 + (i % 26))}`);
    const t = `ข่าว ${words.join(' ')} จบ`;
    const ctx = { t, R: { rawWordLists: { latinConnectors: ['of', 'and'] } } } as unknown as Parameters<typeof latinPhrases>[0];
    const phrases = latinPhrases(ctx);
    expect(MAX_PHRASE_WORDS).toBe(40);
    expect(phrases.map((p) => p.words.length)).toEqual([...Array(25).fill(40)]);
    expect(phrases.map((p) => t.slice(p.start, p.end)).join(' ')).toBe(words.join(' '));
  });

  it('a document over the time budget (maxDocumentMs) is a TE311 outcome, and the batch goes on', async () => {
    const slow = {
      ...FAKE_FACTORIES,
      'fake-slow': {
        ...FAKE_FACTORIES['fake-meta'],
        name: 'fake-slow',
        create: () => (doc: { text?: string }) => {
          if (doc.text?.includes('slow')) {
            const until = performance.now() + 60;
            while (performance.now() < until) { /* a pathological document */ }
          }
          return doc;
        },
      },
    };
    const spec = { ...FAKE_SPEC, maxDocumentMs: 30, stages: [FAKE_SPEC.stages[0], { stage: 'fake-slow' }, ...FAKE_SPEC.stages.slice(1)] };
    const p = createPipeline(spec, { factories: slow });
    const dir = tmpDir('te-rel-slow-');
    writeFileSync(path.join(dir, 'a.txt'), 'หัวข้อ\n');
    writeFileSync(path.join(dir, 'b.txt'), 'slow\n');
    writeFileSync(path.join(dir, 'c.txt'), 'หัวข้อ\n');
    const r = await runBatch({ pipeline: p, inputs: [dir] });
    expect(r.summary.documents).toEqual({ total: 3, succeeded: 2, failed: 1 });
    expect(r.failures.map((f) => [f.source, f.code, f.stage])).toEqual([['b.txt', 'TE311', 'fake-slow']]);
    expect(r.failures[0].message).toMatch(/^\[TE311\] b\.txt: after stage "fake-slow" the document had taken \d+ ms, over the pipeline's time budget of 30 ms \(maxDocumentMs\): skipped; raise maxDocumentMs in the pipeline file to process it$/);
  });
});

/** a Thai release of a few hundred characters, different for each i */
function release(i: number): string {
  return `กระทรวงการต่างประเทศจัดการประชุมครั้งที่ ${i}\nวันที่ ${1 + (i % 28)} มกราคม 2567 นายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงการต่างประเทศ เป็นประธานการประชุมหารือข้อราชการ ณ กรุงเทพมหานคร เรื่องที่ ${i}\n`;
}

function releases(n: number): string {
  const dir = tmpDir('te-rel-corpus-');
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `r${String(i).padStart(4, '0')}.txt`), release(i));
  return dir;
}

const distLoads = existsSync(CLI);

describe('3b. a worker thread stuck in one stage past twice the budget is stopped', () => {
  it('the document is a TE311 outcome, the others are processed, nothing is redone in the main thread', async () => {
    const mark = path.join(tmpDir('te-rel-mark-'), 'hold');
    writeFileSync(mark, '');
    const saved = process.env.TE_SLOW_MARK;
    process.env.TE_SLOW_MARK = mark; // (worker threads copy the environment when they start)
    try {
      const dir = tmpDir('te-rel-stuck-');
      writeFileSync(path.join(dir, 'a.txt'), 'หัวข้อ\n');
      writeFileSync(path.join(dir, 'b.txt'), 'SLOW หัวข้อ\n');
      writeFileSync(path.join(dir, 'c.txt'), 'หัวข้อ\n');
      const spec = { name: 'slow', version: '1.0.0', maxDocumentMs: 300, stages: [{ stage: 'decode' }, { stage: 'fake-slow' }, { stage: 'normalise' }, { stage: 'validate' }] };
      const crashes: string[] = [];
      const r = await runBatch({
        inputs: [dir], threads: 2, pipelineSource: { spec, factoriesModule: path.join(ROOT, 'tests', 'slow-stage.mjs') },
        onWorkerCrash: (source) => crashes.push(source),
      });
      expect(r.summary.documents).toEqual({ total: 3, succeeded: 2, failed: 1 });
      expect(r.failures.map((f) => [f.source, f.code])).toEqual([['b.txt', 'TE311']]);
      expect(r.failures[0].message).toMatch(/^\[TE311\] b\.txt: the document was still being processed after \d+ ms, over twice the pipeline's time budget \(maxDocumentMs\): its worker thread was stopped; raise maxDocumentMs in the pipeline file to process it$/);
      expect(crashes).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TE_SLOW_MARK;
      else process.env.TE_SLOW_MARK = saved;
      rmSync(mark, { force: true });
    }
  }, 60_000);
});

describe('6. one run at a time into an output folder', () => {
  it('a second concurrent runBatch into the same folder fails fast with TE402; with waitForLock it waits, and both finish', async () => {
    const a = corpus('la', 30, 'a');
    const out = tmpDir('te-rel-out-');
    const first = runBatch({ pipeline, inputs: [a], out, incremental: true });
    await expect(runBatch({ pipeline, inputs: [a], out, incremental: true })).rejects.toThrow(
      /^\[TE402\] .*: the output folder is in use by another run \(pid \d+ on .*, since .*\): wait for it to end, add --wait to wait for it, or choose another --out \(if no such run is alive, delete .*lock\)$/,
    );
    const waited: string[] = [];
    const second = runBatch({ pipeline, inputs: [a], out, incremental: true, waitForLock: true, onLockWait: (h) => waited.push(h) });
    expect((await first).summary.documents.total).toBe(30);
    expect((await second).incremental?.upToDate).toBe(true);
    expect(waited.length).toBe(1);
    expect(existsSync(path.join(out, '.thai-extract', 'lock'))).toBe(false);
  });

  it.skipIf(!distLoads)('the CLI: a folder locked by a live process exits 75 at once; --wait waits for it; a dead holder\'s lock is taken over', async () => {
    const a = corpus('lc', 2, 'a');
    const out = tmpDir('te-rel-out-');
    mkdirSync(path.join(out, '.thai-extract'), { recursive: true });
    const holder = spawn('sleep', ['30']);
    const { hostname } = await import('node:os');
    writeFileSync(path.join(out, '.thai-extract', 'lock'), JSON.stringify({ pid: holder.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    try {
      const r = cli(['run', a, '--out', out], 60_000);
      expect(r.status).toBe(75);
      expect(r.stderr).toContain(`thai-extract: [TE402] ${out}: the output folder is in use by another run (pid ${holder.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z)`);
      expect(existsSync(path.join(out, 'records.jsonl'))).toBe(false);
      // --wait: the run goes on once the holder is gone
      const waiting = spawn(process.execPath, [CLI, 'run', a, '--out', out, '--wait'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      waiting.stderr.on('data', (d) => (err += d));
      const t0 = Date.now();
      while (!err.includes('waiting for') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
      expect(err).toContain(`thai-extract: waiting for the run into ${out} to end (pid ${holder.pid} on`);
      holder.kill();
      const code = await new Promise((r) => waiting.on('exit', r));
      expect(code).toBe(0);
      expect(err).toMatch(/2\/2 documents written/);
    } finally {
      holder.kill();
    }
    // a lock whose process is gone (kill -9) is taken over
    writeFileSync(path.join(out, '.thai-extract', 'lock'), JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), started: 'x' }));
    expect(cli(['run', a, '--out', out, '--force', '-q']).status).toBe(0);
  }, 60_000);
});

describe('7. Ctrl-C / SIGTERM stop a run cleanly', () => {
  for (const [sig, code, threads] of [['SIGINT', 130, '1'], ['SIGTERM', 143, '2']] as const) {
    it.skipIf(!distLoads)(`${sig} (-c ${threads}): exit ${code}, no temporary file left, outputs as they were, what was saved and how to resume; the re-run completes`, async () => {
      const dir = releases(400);
      const out = tmpDir('te-rel-out-');
      const child = spawn(process.execPath, [CLI, 'run', dir, '--out', out, '-c', threads], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const journalLines = () => {
        const d = path.join(out, '.thai-extract', 'results');
        return existsSync(d) ? readdirSync(d).reduce((n, f) => n + read(d, f).split('\n').length - 1, 0) : 0;
      };
      const t0 = Date.now();
      while (journalLines() < 5 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
      child.kill(sig);
      const status = await new Promise((r) => child.on('exit', (c) => r(c)));
      expect(status).toBe(code);
      const m = /\[TE403\] (.*): the run was interrupted after (\d+) of 400 documents: the output files were left as they were; the \2 documents done are kept in (.*) and are not redone: run the same command again to resume\n$/.exec(err);
      expect(m, err).not.toBeNull();
      expect(Number(m![2])).toBeLessThan(400);
      expect(readdirSync(out).sort()).toEqual(['.thai-extract']);
      expect(readdirSync(path.join(out, '.thai-extract')).sort()).toEqual(['results']);
      expect(readdirSync(path.join(out, '.thai-extract', 'results')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const again = cli(['run', dir, '--out', out, '-c', threads]);
      expect(again.status).toBe(0);
      expect(again.stderr).toMatch(/^(\d+) unchanged documents reused, (\d+) processed\n400\/400 documents written/);
    }, 120_000);
  }
});

describe('4. a full disk: a coded error naming the path and what to do; previous outputs intact', () => {
  it.skipIf(!distLoads)('ENOSPC on a 400 KB tmpfs: exit 73, TE401 with the file, no stack trace; the previous run\'s outputs stay as they were', (t) => {
    const mnt = tmpDir('te-rel-tmpfs-');
    if (process.platform !== 'linux' || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mnt]).status !== 0) {
      console.warn('tests/reliability.test.ts: "a full disk" SKIPPED — cannot mount a small tmpfs here (needs root)');
      return t.skip();
    }
    try {
      const out = path.join(mnt, 'out');
      const small = releases(3);
      expect(cli(['run', small, '--out', out, '-q']).status).toBe(0);
      const before = snapshot(out);
      const big = releases(300);
      for (const c of ['1', '2']) {
        const r = cli(['run', big, '--out', out, '-c', c]);
        expect(r.status).toBe(73);
        expect(r.stderr).toMatch(/thai-extract: \[TE401\] \/.*: cannot (write output|write the result store|create output file|finish output file|create the result store) \(ENOSPC, no space left on the device\): free some space or fix the folder's permissions, or choose another --out, then run the same command again \(documents already done are not redone\)\n$/);
        expect(r.stderr).not.toMatch(/internal error|worker thread died|\n\s+at /);
        expect(snapshot(out)).toEqual(before);
        expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      }
      const again = cli(['run', small, '--out', out]);
      expect([again.status, again.stderr]).toEqual([0, expect.stringMatching(/^nothing changed since the last run: 3 documents/)]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  }, 120_000);
});

describe('5. Redis: a URL nobody listens on fails fast (TE404); a killed worker\'s job is retaken soon', () => {
  /** a local port nobody listens on */
  const deadPort = async () => {
    const net = await import('node:net');
    const srv = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    return port;
  };

  it('enqueue, collect and worker (library) reject with TE404 naming the URL', async () => {
    const q = await import('../src/queue/index.js');
    const url = `redis://127.0.0.1:${await deadPort()}`;
    const dir = corpus('q', 1, 'a');
    const msg = `[TE404] no Redis server answers at ${url} (ECONNREFUSED): start redis-server there, or check the --queue URL`;
    await expect(q.enqueue({ url, inputs: [dir], out: tmpDir('te-rel-q-') })).rejects.toThrow(msg);
    await expect(q.collect({ url, out: tmpDir('te-rel-q-'), timeoutMs: 5000 })).rejects.toThrow(msg);
    await expect(q.startWorker({ url })).rejects.toThrow(msg);
  }, 30_000);

  it.skipIf(!distLoads)('the CLI: enqueue, collect, worker exit 69 with the message (password hidden)', async () => {
    const port = await deadPort();
    const dir = corpus('q', 1, 'a');
    const out = tmpDir('te-rel-q-');
    for (const args of [['enqueue', dir, '--out', out], ['collect', '--out', out, '--timeout', '5'], ['worker']]) {
      const r = cli([...args, '--queue', `redis://user:secret@127.0.0.1:${port}`], 30_000);
      expect([r.status, r.stderr]).toEqual([69, `thai-extract: [TE404] no Redis server answers at redis://***@127.0.0.1:${port} (ECONNREFUSED): start redis-server there, or check the --queue URL\n`]);
    }
  }, 60_000);

  const REDIS_URL = process.env.THAI_EXTRACT_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redisUp = false;
  it('(probe) is Redis up at THAI_EXTRACT_REDIS_URL', async () => {
    const q = await import('../src/queue/index.js');
    redisUp = await q.checkRedis(REDIS_URL, 1000).then(() => true, () => false);
    if (!redisUp) console.warn(`tests/reliability.test.ts: "a killed worker's job" SKIPPED — no Redis server answers at ${REDIS_URL}`);
  });

  it.skipIf(!distLoads)('a job held by a killed worker (kill -9) is done by another within ~lockMs, not BullMQ\'s ~60 s', async (t) => {
    if (!redisUp) return t.skip();
    const q = await import('../src/queue/index.js');
    const { Queue } = await import('bullmq');
    const name = `te-rel-${Date.now().toString(36)}`;
    const dir = tmpDir('te-rel-q-');
    writeFileSync(path.join(dir, 'a.txt'), 'SLOW หัวข้อ\n');
    writeFileSync(path.join(dir, 'b.txt'), 'หัวข้อ\n');
    const spec = { name: 'slow', version: '1.0.0', stages: [{ stage: 'decode' }, { stage: 'fake-slow' }, { stage: 'normalise' }, { stage: 'validate' }] };
    const pipelineSource = { spec, factoriesModule: path.join(ROOT, 'tests', 'slow-stage.mjs') };
    const mark = path.join(tmpDir('te-rel-mark-'), 'hold');
    writeFileSync(mark, '');
    const out = tmpDir('te-rel-q-out-');
    const enq = await q.enqueue({ url: REDIS_URL, name, inputs: [dir], out, pipeline: pipelineSource });
    // worker A in a child process takes the SLOW job and holds it
    const script = `import(${JSON.stringify(path.join(ROOT, 'dist/queue/index.js'))}).then((q) => q.startWorker({ url: ${JSON.stringify(REDIS_URL)}, name: ${JSON.stringify(name)}, pipeline: ${JSON.stringify(pipelineSource)}, lockMs: 2000 }))`;
    const a = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TE_SLOW_MARK: mark }, stdio: 'ignore' });
    const queue = new Queue(name, { connection: { url: REDIS_URL } });
    let w: Awaited<ReturnType<typeof q.startWorker>> | null = null;
    try {
      const t0 = Date.now();
      while ((await queue.getActiveCount()) === 0 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
      a.kill('SIGKILL');
      rmSync(mark);
      w = await q.startWorker({ url: REDIS_URL, name, pipeline: pipelineSource, lockMs: 2000 });
      expect([w.worker.opts.lockDuration, w.worker.opts.stalledInterval]).toEqual([2000, 1000]);
      const got = await q.collect({ url: REDIS_URL, name, out, batch: enq.batch, timeoutMs: 15_000, pollMs: 100 });
      expect(got.summary.documents).toEqual({ total: 2, succeeded: 2, failed: 0 });
    } finally {
      a.kill('SIGKILL');
      await w?.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      await q.dropBatch({ url: REDIS_URL, name }, enq.batch).catch(() => {});
    }
  }, 90_000);
});

describe('8. UTF-16 with a byte order mark, UTF-8 cut inside its last character, file names that are not UTF-8', () => {
  it('UTF-16LE and UTF-16BE files with a BOM are decoded (were TE303)', async () => {
    const { decodeBytes } = await import('../src/stages/decode/decode.js');
    const text = 'ข่าวประชาสัมพันธ์ 🇹🇭\r\nวันที่ ๓ มกราคม ๒๕๖๗\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeBytes(le, 'le.txt')).toEqual({ text, encoding: 'utf-16le', diagnostics: [{ level: 'info', code: 'decode-utf16', message: 'UTF-16LE byte order mark: decoded as UTF-16LE' }] });
    expect(decodeBytes(be, 'be.txt')).toEqual({ text, encoding: 'utf-16be', diagnostics: [{ level: 'info', code: 'decode-utf16', message: 'UTF-16BE byte order mark: decoded as UTF-16BE' }] });
    expect(() => decodeBytes(le.subarray(0, le.length - 1), 'odd.txt')).toThrow('[TE303] odd.txt @2: starts with a UTF-16LE byte order mark but is not valid UTF-16LE (odd length or unpaired surrogate): "utf-16le"');
  });

  it('a UTF-8 file cut inside its last character is decoded, with a warning (was rejected whole as windows-874 TE303)', async () => {
    const { decodeBytes } = await import('../src/stages/decode/decode.js');
    const whole = Buffer.from('ข่าวประชาสัมพันธ์ กรุงเทพฯ', 'utf8');
    const cut = whole.subarray(0, whole.length - 1); // ฯ is 3 bytes: 2 are left
    expect(decodeBytes(cut, 'cut.txt')).toEqual({
      text: 'ข่าวประชาสัมพันธ์ กรุงเทพ', encoding: 'utf-8',
      diagnostics: [{ level: 'warning', code: 'decode-utf8-cut', message: `the file ends inside a UTF-8 character: its last 2 byte(s), from byte ${whole.length - 3}, were left out (was the file cut short?)` }],
    });
    // a bad byte elsewhere is not a cut character: windows-874 as before
    expect(decodeBytes(Buffer.from([0xa1, 0xa2, 0xe0]), 'tis.txt').encoding).toBe('windows-874');
  });

  it.skipIf(process.platform !== 'linux')('a file whose name is not valid UTF-8 is read by its bytes (was ENOENT)', async () => {
    const dir = tmpDir('te-rel-names-');
    const name = Buffer.concat([Buffer.from(dir + '/ข่าว-'), Buffer.from([0xe0, 0xb8]), Buffer.from('-\xff.txt', 'latin1')]);
    writeFileSync(name, 'หัวข้อ\n');
    writeFileSync(path.join(dir, 'ok.txt'), 'หัวข้อ\n');
    const r = await runBatch({ pipeline, inputs: [dir] });
    expect(r.failures).toEqual([]);
    expect(r.records!.map((x) => x.document.source)).toEqual(['ok.txt', 'ข่าว-\uFFFD-\uFFFD.txt']);
  });
});
