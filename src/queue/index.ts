/**
 * Scale-out on BullMQ/Redis: `enqueue` puts one job per document on a queue, any number of
 * `worker` processes on any number of machines run the pipeline on them, and `collect` writes
 * the same output files as a single-process run.
 *
 * The output store is Redis itself, so workers need no shared file system:
 *
 *   te:<queue>:batch:<id>            JSON: pipeline id, rules hash, document count, formats
 *   te:<queue>:batch:<id>:sources    list: every document's source path, in source order
 *   te:<queue>:batch:<id>:results    hash: source -> the document's result (record or failure)
 *   te:<queue>:latest                the id of the last batch enqueued
 *   bull:<queue>:*                   BullMQ's own keys (jobs carry the document bytes, base64)
 *
 * A worker writes a result with one HSET, so a retried or duplicated job just overwrites the
 * same field with the same value. Document problems (TE3xx) are results, not job failures;
 * a job fails only when processing could not happen (a worker whose pipeline or rules differ
 * from the batch's, Redis trouble …): it is retried with exponential backoff, and what still
 * fails is listed in failed-jobs.jsonl (and errors.jsonl) by `collect`.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConnectionOptions, Job, Worker } from 'bullmq';
import pLimit from 'p-limit';
import { ThaiExtractError } from '../errors.js';
import { writeFileAtomic } from '../output/atomic.js';
import { lockOutput } from '../output/lock.js';
import type { OutputFormat } from '../output/writers.js';
import { BatchAssembler, type BatchSummary } from '../pipeline/batch.js';
import { findInputs, readInputFile } from '../pipeline/inputs.js';
import type { Pipeline } from '../pipeline/load.js';
import { buildPipelineFromSource, type DocResult, type PipelineSource } from '../pipeline/pool.js';
import { processToResult } from '../pipeline/worker.js';
import type { DocFailure } from '../pipeline/run.js';

/**
 * BullMQ (and its Redis client ioredis) is an optional peer dependency: loaded on the first
 * queue call, so that users who never scale out need not install it. Missing → TE450.
 */
let bullmqModule: Promise<typeof import('bullmq')> | undefined;
export function loadBullmq(): Promise<typeof import('bullmq')> {
  bullmqModule ??= import('bullmq').catch((e: NodeJS.ErrnoException) => {
    bullmqModule = undefined;
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && /'(bullmq|ioredis)'/.test(String(e.message))) {
      throw new ThaiExtractError('TE450', 'the queue commands need the optional package bullmq: run "npm install bullmq" where thai-extract is installed', { value: 'bullmq' }, { cause: e });
    }
    throw e;
  });
  return bullmqModule;
}

export const DEFAULT_QUEUE_NAME = 'thai-extract';
/** how many times a job is tried before it is reported as failed */
export const JOB_ATTEMPTS = 3;
/** first retry delay; doubled on each further attempt */
export const JOB_BACKOFF_MS = 1000;
/**
 * a worker's lock on a job, ms: a killed worker's job goes to another worker after ~20 s
 * (BullMQ's default, 30 s lock + 30 s stall checks, took ~60 s); documents take milliseconds
 */
export const DEFAULT_LOCK_MS = 15_000;
/** the file enqueue leaves in the output folder so that collect knows which batch to fetch */
export const BATCH_FILE = 'queue-batch.json';

export interface QueueConnection {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  /** queue name (default "thai-extract") */
  name?: string;
}

export interface BatchMeta {
  batch: string;
  pipeline: string;
  rulesHash: string;
  total: number;
  created: string;
}

interface JobData {
  batch: string;
  index: number;
  source: string;
  /** document bytes, base64 */
  bytes: string;
}

/** the few Redis commands used here (BullMQ's client is ioredis) */
interface Cmds {
  get(k: string): Promise<string | null>;
  set(k: string, v: string): Promise<unknown>;
  del(...k: string[]): Promise<number>;
  rpush(k: string, ...v: string[]): Promise<number>;
  lrange(k: string, start: number, stop: number): Promise<string[]>;
  hset(k: string, f: string, v: string): Promise<number>;
  hlen(k: string): Promise<number>;
  hmget(k: string, ...f: string[]): Promise<(string | null)[]>;
}

async function cmds(q: { client: Promise<unknown> }): Promise<Cmds> {
  return (await q.client) as Cmds;
}

/** how long the first contact with Redis may take before TE404 */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/** the URL as it may be shown (never a password) */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Check that a Redis server answers at `url` (TCP or TLS connect, then PING; any reply —
 * PONG, or an error asking for a password — proves a server is there), within `timeoutMs`.
 * BullMQ's client retries a connection forever (right for a server that restarts while
 * workers run, wrong for a URL nobody listens on: enqueue and collect then hung in silence),
 * so every command checks once first and fails with TE404 naming the URL.
 */
export async function checkRedis(url: string, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<void> {
  connection(url);
  const u = new URL(url);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = Number(u.port || 6379);
  const connect = (u.protocol === 'rediss:' ? (await import('node:tls')).connect : (await import('node:net')).connect) as (o: object, cb: () => void) => import('node:net').Socket;
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      socket.destroy();
      reject(new ThaiExtractError('TE404', `no Redis server answers at ${redactUrl(url)} (${why}): start redis-server there, or check the --queue URL`));
    };
    const socket = connect({ host, port, servername: host }, () => socket.write('PING\r\n'));
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    socket.once('data', (d: Buffer) => {
      // Redis answers a simple string or an error (+PONG, -NOAUTH …); anything else is another service
      if (d[0] !== 0x2b && d[0] !== 0x2d) return fail(`the server there is not Redis: it answered ${JSON.stringify(d.toString('latin1', 0, 12))}`);
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    socket.once('end', () => fail('connection closed'));
  });
}

function connection(url: string): ConnectionOptions {
  if (!/^rediss?:\/\//.test(url)) throw new ThaiExtractError('TE201', '--queue must be a redis:// or rediss:// URL', { value: url });
  return { url, maxRetriesPerRequest: null };
}

const keys = (name: string, batch = '') => ({
  meta: `te:${name}:batch:${batch}`,
  sources: `te:${name}:batch:${batch}:sources`,
  results: `te:${name}:batch:${batch}:results`,
  latest: `te:${name}:latest`,
});

function asSource(p: string | PipelineSource): PipelineSource {
  return typeof p === 'string' ? { file: p } : p;
}

export interface EnqueueOptions extends QueueConnection {
  inputs: string[];
  /** output folder: enqueue writes queue-batch.json there for collect */
  out?: string;
  /** pipeline file or bundled name (default gov-press): its id and rules hash are recorded */
  pipeline?: string | PipelineSource;
}

/** Put one job per input document on the queue; returns the batch id. */
export async function enqueue(o: EnqueueOptions): Promise<{ batch: string; jobs: number; pipeline: string }> {
  const name = o.name ?? DEFAULT_QUEUE_NAME;
  const { Queue } = await loadBullmq();
  await checkRedis(o.url);
  const pipeline = await buildPipelineFromSource(asSource(o.pipeline ?? 'gov-press'));
  const files = findInputs(o.inputs).files;
  if (files.length === 0) throw new ThaiExtractError('TE202', 'no input documents', { value: o.inputs });
  const batch = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const k = keys(name, batch);
  const queue = new Queue<JobData>(name, { connection: connection(o.url) });
  try {
    const client = await cmds(queue);
    const meta: BatchMeta = { batch, pipeline: pipeline.id, rulesHash: pipeline.rulesHash, total: files.length, created: new Date().toISOString() };
    await client.set(k.meta, JSON.stringify(meta));
    const limit = pLimit(8);
    const CHUNK = 200;
    let jobs = 0;
    for (let at = 0; at < files.length; at += CHUNK) {
      const chunk = files.slice(at, at + CHUNK);
      await client.rpush(k.sources, ...chunk.map((f) => f.source));
      // regular files only, at most the pipeline's size limit (see readInputFile)
      const read = await Promise.all(chunk.map((f) => limit(async () => readInputFile(f, pipeline.maxInputBytes))));
      const bulk: { name: string; data: JobData; opts: Record<string, unknown> }[] = [];
      for (let j = 0; j < chunk.length; j++) {
        const got = read[j];
        const f = chunk[j];
        if (got instanceof ThaiExtractError) {
          // unreadable here, not a regular file, or too large: that is the document's result, no job needed
          const err = got;
          const failure: Omit<DocFailure, 'ms'> = { ok: false, source: f.source, stage: null, code: err.code, message: err.message };
          await client.hset(k.results, f.source, JSON.stringify(failure));
          continue;
        }
        bulk.push({
          name: 'doc',
          data: { batch, index: at + j, source: f.source, bytes: Buffer.from(got).toString('base64') },
          opts: {
            jobId: `${batch}-${at + j}`,
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
            removeOnComplete: true,
            removeOnFail: false,
          },
        });
      }
      if (bulk.length) await queue.addBulk(bulk);
      jobs += bulk.length;
    }
    await client.set(k.latest, batch);
    if (o.out) writeFileAtomic(path.join(o.out, BATCH_FILE), JSON.stringify({ queue: name, batch, pipeline: pipeline.id, documents: files.length }, null, 2) + '\n');
    return { batch, jobs, pipeline: pipeline.id };
  } finally {
    await queue.close();
  }
}

export interface WorkerOptions extends QueueConnection {
  /** the pipeline this worker runs (file, bundled name or source); built once, at start */
  pipeline?: string | PipelineSource;
  /** jobs processed at once by this process (default 1: the pipeline is CPU-bound; run more processes) */
  concurrency?: number;
  /**
   * BullMQ's lock on a job in hand, in ms (default DEFAULT_LOCK_MS). A job whose worker died
   * (kill -9, a machine lost) is handed to another worker within about this plus the stall
   * check's interval (lockMs / 3). A job is renewed while it runs, but one document is
   * processed without a pause: give more than the slowest document takes (the pipeline's
   * maxDocumentMs bounds it), or a slow job is handed out twice (harmless: same result).
   */
  lockMs?: number;
  log?: (line: string) => void;
}

export interface QueueWorker {
  id: string;
  pipeline: Pipeline;
  worker: Worker<JobData>;
  /** finish the jobs in hand and disconnect */
  close(): Promise<void>;
}

/** Start a BullMQ worker that runs the pipeline on every job of the queue. */
export async function startWorker(o: WorkerOptions): Promise<QueueWorker> {
  const name = o.name ?? DEFAULT_QUEUE_NAME;
  const { UnrecoverableError, Worker } = await loadBullmq();
  await checkRedis(o.url);
  const pipeline = await buildPipelineFromSource(asSource(o.pipeline ?? 'gov-press'));
  const id = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
  const metas = new Map<string, Promise<BatchMeta | null>>();
  let worker: Worker<JobData> | null = null;
  const client = () => cmds(worker!);

  const metaOf = (batch: string) => {
    let m = metas.get(batch);
    if (!m) {
      m = client()
        .then((c) => c.get(keys(name, batch).meta))
        .then((s) => (s ? (JSON.parse(s) as BatchMeta) : null));
      metas.set(batch, m);
      m.catch(() => metas.delete(batch));
    }
    return m;
  };

  const processor = async (job: Job<JobData>) => {
    const { batch, source } = job.data;
    const meta = await metaOf(batch);
    if (!meta) throw new UnrecoverableError(`[TE112] ${source}: batch ${batch} is not in Redis (deleted?)`);
    if (meta.pipeline !== pipeline.id || meta.rulesHash !== pipeline.rulesHash) {
      throw new UnrecoverableError(
        `[TE112] ${source}: worker ${id} runs ${pipeline.id} with rules ${pipeline.rulesHash.slice(0, 12)}, but batch ${batch} was enqueued for ${meta.pipeline} with rules ${meta.rulesHash.slice(0, 12)}`,
      );
    }
    const result = processToResult(pipeline, { source, bytes: Buffer.from(job.data.bytes, 'base64') });
    const { ms: _ms, ...stored } = result;
    await (await client()).hset(keys(name, batch).results, source, JSON.stringify(stored));
    return { ok: result.ok };
  };

  const lockDuration = o.lockMs ?? DEFAULT_LOCK_MS;
  worker = new Worker<JobData>(name, processor, {
    connection: connection(o.url), concurrency: o.concurrency ?? 1, autorun: true,
    lockDuration, stalledInterval: Math.max(1000, Math.round(lockDuration / 3)),
  });
  worker.on('failed', (job, err) => o.log?.(`job ${job?.id} (${job?.data.source}) failed, attempt ${job?.attemptsMade}: ${err.message.split('\n')[0]}`));
  worker.on('error', (err) => o.log?.(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  const w = worker;
  return { id, pipeline, worker: w, close: () => w.close() };
}

export interface FailedJob {
  jobId: string;
  source: string;
  attempts: number;
  reason: string;
}

export interface CollectOptions extends QueueConnection {
  out: string;
  /** batch id (default: the one in OUT/queue-batch.json, else the last enqueued) */
  batch?: string;
  formats?: readonly OutputFormat[];
  /** how long to wait for unfinished jobs (default 600 s) */
  timeoutMs?: number;
  pollMs?: number;
}

export interface CollectResult {
  batch: string;
  summary: BatchSummary;
  failedJobs: FailedJob[];
}

function batchFromFile(out: string, name: string): string | undefined {
  try {
    const b = JSON.parse(readFileSync(path.join(out, BATCH_FILE), 'utf8')) as { queue?: string; batch?: string };
    return b.queue === name ? b.batch : undefined;
  } catch {
    return undefined;
  }
}

function failureOfJob(f: FailedJob): DocResult {
  const m = /^\[(TE\d{3})\]/.exec(f.reason);
  const code = (m ? m[1] : 'TE305') as DocFailure['code'];
  const message = m ? f.reason : `[TE305] ${f.source}: job failed after ${f.attempts} attempts: ${f.reason}`;
  return { ok: false, source: f.source, stage: null, code, message, ms: 0 };
}

/**
 * Wait until every document of the batch has a result or a failed job, then write the output
 * files in source order (records.jsonl, CSVs, errors.jsonl, summary.json — as `run` writes
 * them) plus failed-jobs.jsonl.
 */
export async function collect(o: CollectOptions): Promise<CollectResult> {
  const t0 = performance.now();
  const name = o.name ?? DEFAULT_QUEUE_NAME;
  const { Queue } = await loadBullmq();
  await checkRedis(o.url);
  const queue = new Queue<JobData>(name, { connection: connection(o.url) });
  try {
    const client = await cmds(queue);
    const batch = o.batch ?? batchFromFile(o.out, name) ?? (await client.get(keys(name).latest)) ?? undefined;
    if (!batch) throw new ThaiExtractError('TE201', 'no batch to collect: nothing was enqueued on this queue', { value: name });
    const k = keys(name, batch);
    const metaRaw = await client.get(k.meta);
    if (!metaRaw) throw new ThaiExtractError('TE201', 'unknown batch', { value: batch });
    const meta = JSON.parse(metaRaw) as BatchMeta;

    const failedJobs = async (): Promise<Map<string, FailedJob>> => {
      const failed = new Map<string, FailedJob>();
      for (const job of await queue.getFailed(0, -1)) {
        if (job?.data?.batch !== batch) continue;
        failed.set(job.data.source, { jobId: String(job.id), source: job.data.source, attempts: job.attemptsMade, reason: job.failedReason ?? '' });
      }
      return failed;
    };
    const deadline = Date.now() + (o.timeoutMs ?? 600_000);
    let failed = new Map<string, FailedJob>();
    for (;;) {
      const done = await client.hlen(k.results);
      failed = done < meta.total ? await failedJobs() : new Map();
      if (done + failed.size >= meta.total) break;
      if (Date.now() >= deadline) {
        throw new ThaiExtractError('TE201', `batch ${batch}: ${meta.total - done - failed.size} of ${meta.total} documents are still queued or running`, { value: batch });
      }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    }

    // one writer at a time in the output folder (TE402 when a run or another collect holds it)
    const release = await lockOutput(o.out);
    let assembler: BatchAssembler | null = null;
    const reported: FailedJob[] = [];
    try {
      const sink = (assembler = new BatchAssembler(o.out, o.formats ?? ['jsonl', 'csv']));
      const CHUNK = 500;
      for (let at = 0; at < meta.total; at += CHUNK) {
        const sources = await client.lrange(k.sources, at, Math.min(meta.total, at + CHUNK) - 1);
        const values = await client.hmget(k.results, ...sources);
        sources.forEach((source, j) => {
          const v = values[j];
          if (v) sink.add({ ...(JSON.parse(v) as DocResult), ms: 0 });
          else {
            const f = failed.get(source)!;
            reported.push(f);
            sink.add(failureOfJob(f));
          }
        });
      }
      const summary = sink.summary({ id: meta.pipeline, rulesHash: meta.rulesHash }, performance.now() - t0, 0);
      sink.commit(summary);
      writeFileAtomic(path.join(o.out, 'failed-jobs.jsonl'), reported.map((f) => JSON.stringify(f) + '\n').join(''));
      return { batch, summary, failedJobs: reported };
    } catch (e) {
      assembler?.abort();
      throw e;
    } finally {
      release();
    }
  } finally {
    await queue.close();
  }
}

/** Remove a batch's keys and its failed jobs from Redis (after collecting). */
export async function dropBatch(c: QueueConnection, batch: string): Promise<void> {
  const name = c.name ?? DEFAULT_QUEUE_NAME;
  const { Queue } = await loadBullmq();
  const queue = new Queue<JobData>(name, { connection: connection(c.url) });
  try {
    const client = await cmds(queue);
    const k = keys(name, batch);
    await client.del(k.meta, k.sources, k.results);
    for (const job of await queue.getFailed(0, -1)) if (job?.data?.batch === batch) await job.remove();
  } finally {
    await queue.close();
  }
}
