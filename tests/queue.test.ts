import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli.js';
import { loadPipeline } from '../src/pipeline/load.js';
import { runBatch } from '../src/pipeline/batch.js';
import { BATCH_FILE, collect, dropBatch, enqueue, startWorker, type QueueWorker } from '../src/queue/index.js';
import { tmpDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.THAI_EXTRACT_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** true when a Redis server answers PING at REDIS_URL within a second */
function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write(u.password ? `AUTH ${decodeURIComponent(u.password)}\r\nPING\r\n` : 'PING\r\n'));
    s.on('data', (d) => done(d.toString().includes('+PONG')));
  });
}

const CLI = path.join(ROOT, 'dist/cli/main.js');
/** the compiled CLI exists and loads in plain Node (dist/ may lag behind src/ in a working copy) */
const distLoads = existsSync(CLI) && spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).status === 0
  && spawnSync(process.execPath, ['-e', `import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/queue/index.js')).href)})`]).status === 0;
if (!distLoads) console.warn('tests/queue.test.ts: the worker-process test is SKIPPED — dist/ is not built or does not load; run "npm run build"');

const reachable = await redisAnswers(REDIS_URL);
if (!reachable) {
  console.warn(`tests/queue.test.ts: SKIPPED — no Redis server answers at ${REDIS_URL} (install and start redis-server, as .ci/run does, or set THAI_EXTRACT_REDIS_URL)`);
}

const OUTPUTS = ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl'];
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const noTimings = (dir: string) => ({ ...JSON.parse(read(dir, 'summary.json')), timings: null });

function pipelineFile(version = '1.0.0'): string {
  const f = path.join(tmpDir('te-q-p-'), 'text-layer.json');
  writeFileSync(f, JSON.stringify({ name: 'text-layer', version, stages: [{ stage: 'decode' }, { stage: 'normalise' }, { stage: 'validate' }] }));
  return f;
}

/** the seeds plus two documents that fail: an empty file and a binary one */
function inputs(): string {
  const dir = tmpDir('te-q-in-');
  const seeds = path.join(ROOT, 'fixtures/seeds');
  for (const f of readdirSync(seeds)) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
  writeFileSync(path.join(dir, 'empty.txt'), '');
  writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
  return dir;
}

const queues: string[] = [];
const newQueue = () => {
  const name = `te-test-${randomBytes(4).toString('hex')}`;
  queues.push(name);
  return name;
};

describe.skipIf(!reachable)('BullMQ round trip (enqueue → 2 workers → collect)', () => {
  const workers: QueueWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    for (const name of queues) {
      const q = new Queue(name, { connection: { url: REDIS_URL } });
      await q.obliterate({ force: true });
      const c = (await q.client) as unknown as { keys(p: string): Promise<string[]>; del(...k: string[]): Promise<number> };
      const left = await c.keys(`te:${name}:*`);
      if (left.length) await c.del(...left);
      await q.close();
    }
  });

  it('gives the same files as a single-process run', async () => {
    const name = newQueue();
    const file = pipelineFile();
    const dir = inputs();
    const out = tmpDir('te-q-out-');
    const enq = await enqueue({ url: REDIS_URL, name, inputs: [dir], out, pipeline: file });
    expect([enq.jobs, enq.pipeline]).toEqual([7, 'text-layer@1.0.0']);
    expect(JSON.parse(read(out, BATCH_FILE))).toEqual({ queue: name, batch: enq.batch, pipeline: 'text-layer@1.0.0', documents: 7 });
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const w = await startWorker({ url: REDIS_URL, name, pipeline: file });
      w.worker.on('completed', (job) => seen.push(`${i}:${job.data.source}`));
      workers.push(w);
    }
    const got = await collect({ url: REDIS_URL, name, out, timeoutMs: 30_000, pollMs: 50 });
    expect(got.failedJobs).toEqual([]);
    expect(got.batch).toBe(enq.batch);
    expect(seen.length).toBe(7);

    const single = tmpDir('te-q-single-');
    await runBatch({ pipeline: loadPipeline(file), inputs: [dir], out: single });
    for (const f of OUTPUTS) expect(read(out, f)).toBe(read(single, f));
    expect(noTimings(out)).toEqual(noTimings(single));
    expect(noTimings(out).documents).toEqual({ total: 7, succeeded: 5, failed: 2 });
    expect(read(out, 'failed-jobs.jsonl')).toBe('');
    await Promise.all(workers.splice(0).map((w) => w.close()));
    await dropBatch({ url: REDIS_URL, name }, enq.batch);
  });

  it('reports jobs that workers cannot run (a different pipeline) in failed-jobs.jsonl and errors.jsonl', async () => {
    const name = newQueue();
    const dir = inputs();
    const out = tmpDir('te-q-out-');
    const enq = await enqueue({ url: REDIS_URL, name, inputs: [dir], out, pipeline: pipelineFile('1.0.0') });
    const w = await startWorker({ url: REDIS_URL, name, pipeline: pipelineFile('2.0.0') });
    workers.push(w);
    const got = await collect({ url: REDIS_URL, name, out, timeoutMs: 30_000, pollMs: 50 });
    // every job fails at once (unrecoverable: no retries) and is reported
    expect(got.failedJobs.map((f) => [f.source, f.attempts, f.reason.slice(0, 7)])).toEqual(
      [...readdirSync(path.join(ROOT, 'fixtures/seeds')).sort(), 'binary.txt', 'empty.txt'].map((s) => [s, 1, '[TE112]']),
    );
    expect(got.failedJobs[0].reason).toMatch(/^\[TE112\] 000_6da2277b686c8378\.txt: worker \S+ runs text-layer@2\.0\.0 with rules [0-9a-f]{12}, but batch \w+ was enqueued for text-layer@1\.0\.0 with rules [0-9a-f]{12}$/);
    expect(read(out, 'failed-jobs.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l).jobId)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `${enq.batch}-${i}`));
    expect(read(out, 'errors.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l).code)).toEqual(Array(7).fill('TE112'));
    expect(got.summary.documents).toEqual({ total: 7, succeeded: 0, failed: 7 });
  });

  it.skipIf(!distLoads)('2 `thai-extract worker` processes (compiled CLI) serve a batch; SIGTERM stops them', async () => {
    const name = newQueue();
    const file = pipelineFile();
    const dir = inputs();
    const out = tmpDir('te-q-out-');
    const procs = [0, 1].map(() => spawn(process.execPath, [CLI, 'worker', '--queue', REDIS_URL, '--name', name, '--pipeline', file], { stdio: ['ignore', 'ignore', 'pipe'] }));
    const logs = procs.map((p) => {
      let err = '';
      p.stderr!.on('data', (d) => (err += d));
      return () => err;
    });
    try {
      // both workers are up (their SIGTERM handlers installed) before the batch goes in
      for (let t = 0; t < 30_000 && !logs.every((l) => l().includes('waiting for jobs')); t += 20) await new Promise((r) => setTimeout(r, 20));
      await enqueue({ url: REDIS_URL, name, inputs: [dir], out, pipeline: file });
      const got = await collect({ url: REDIS_URL, name, out, timeoutMs: 30_000, pollMs: 50 });
      expect([got.failedJobs, got.summary.documents]).toEqual([[], { total: 7, succeeded: 5, failed: 2 }]);
      const single = tmpDir('te-q-single-');
      await runBatch({ pipeline: loadPipeline(file), inputs: [dir], out: single });
      for (const f of OUTPUTS) expect(read(out, f)).toBe(read(single, f));
    } finally {
      const codes = await Promise.all(procs.map((p) => new Promise<number | null>((resolve) => (p.once('exit', (c) => resolve(c)), p.kill('SIGTERM')))));
      expect(codes).toEqual([0, 0]);
    }
    for (const l of logs) expect(l()).toMatch(new RegExp(`^worker \\S+ waiting for jobs on ${REDIS_URL.replace(/[./]/g, '\\$&')} with text-layer@1\\.0\\.0 \\(Ctrl-C to stop\\)\\n`));
  });

  it('the CLI enqueues and collects (exit 2 when documents failed)', async () => {
    const name = newQueue();
    const file = pipelineFile();
    const dir = inputs();
    const out = tmpDir('te-q-out-');
    const io = () => {
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d) => (err += d));
      return { io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr }, err: () => err };
    };
    const a = io();
    expect(await runCli(['enqueue', dir, '--queue', REDIS_URL, '--name', name, '--out', out, '--pipeline', file], a.io)).toBe(0);
    expect(a.err()).toMatch(new RegExp(`^enqueued 7 documents as batch \\w+ on ${REDIS_URL.replace(/[./]/g, '\\$&')} \\(text-layer@1\\.0\\.0\\)\\n$`));
    workers.push(await startWorker({ url: REDIS_URL, name, pipeline: file }));
    const b = io();
    expect(await runCli(['collect', '--queue', REDIS_URL, '--name', name, '--out', out, '--format', 'jsonl,json'], b.io)).toBe(2);
    expect(b.err()).toMatch(/^5\/7 documents of batch \w+ written to .* \(2 failed, 0 failed jobs\)\n$/);
    expect(readdirSync(out).sort()).toEqual(['errors.jsonl', 'failed-jobs.jsonl', 'queue-batch.json', 'records.json', 'records.jsonl', 'summary.json']);
    const c = io();
    expect(await runCli(['collect', '--out', out], c.io)).toBe(64);
    expect(c.err().split('\n')[0]).toBe('thai-extract: collect: --queue redis://HOST:PORT is required');
  });
});
