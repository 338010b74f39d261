import { existsSync } from 'node:fs';
import path from 'node:path';
import { codeStamp } from './code-stamp.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { ThaiExtractError, type ErrorCode } from '../errors.js';
import type { DocRecord } from '../doc/types.js';
import {
  encodeRecord, fromUtf8, hasCsv, keepSpare, toUtf8, type EncodedRecord, type EncodedUtf8, type RecordTally,
} from '../output/writers.js';
// load.js (and through it every stage module) is imported when first needed, so that a
// no-change re-run, which never builds a pipeline, does not pay for loading them
import type { Pipeline } from './load.js';
import { sha256File, type PipelineStamp } from './manifest.js';
import { PeopleService, peopleServiceEntry } from './people-service.js';
import type { DocFailure, DocInput, DocOutcome } from './run.js';
import type { JsonSchema, StageContext, StageFactory } from './stage.js';

/**
 * A serialisable description of a pipeline, from which a worker thread (or a queue worker on
 * another machine) builds its own copy: a pipeline file path or bundled name, or an inline spec
 * with the folder its rule files are relative to. `factoriesModule` (a path or file: URL of an
 * ES module exporting `factories`) adds stage factories, e.g. test-only stages.
 */
export type PipelineSource =
  | { file: string }
  | { spec: unknown; baseDir?: string; factoriesModule?: string };

/** What is kept of a successful document: its record and the length of its decoded text. */
export interface DocResultOk {
  ok: true;
  source: string;
  record: DocRecord;
  /** UTF-16 length of the decoded text (summary.json's `chars`) */
  chars: number;
  ms: number;
  /** the record's output text, when it was made where the record was (see withEncoded) */
  encoded?: EncodedRecord;
}

/** The outcome of one document as it crosses threads, processes or machines (no Doc views). */
export type DocResult = DocResultOk | DocFailure;

export function toDocResult(o: DocOutcome): DocResult {
  if (!o.ok) return o;
  return { ok: true, source: o.source, record: o.record, chars: o.doc.text?.length ?? 0, ms: o.ms };
}

/** a successful result's encoded record: the one it carries if it has what is asked (CSV lines or not), else made now */
export function encodedOf(r: DocResultOk, csv: boolean): EncodedRecord {
  return r.encoded && (!csv || hasCsv(r.encoded)) ? r.encoded : encodeRecord(r.record, csv);
}

/** a successful result with its record's output text made (see encodeRecord); others as they are */
export function withEncoded(r: DocResult, csv: boolean, spare?: ArrayBuffer[]): DocResult {
  if (!r.ok) return r;
  let encoded = encodedOf(r, csv);
  if (spare && !encoded.utf8) {
    // made here: its UTF-8 text too (written once for every file), in a buffer of `spare`
    // that goes back there when the record is written
    const utf8 = toUtf8(encoded, spare);
    utf8.release = () => keepSpare(spare, utf8.bytes.buffer as ArrayBuffer);
    encoded = { ...encoded, utf8 };
  }
  return encoded === r.encoded ? r : { ...r, encoded };
}

/**
 * A successful result as a worker thread sends it when asked to encode: the record's text as
 * UTF-8 bytes (their buffer transferred, not copied) and its counts, no record object.
 */
interface EncodedDocResult {
  ok: true;
  source: string;
  chars: number;
  ms: number;
  utf8: EncodedUtf8;
  tally: RecordTally;
}

/**
 * The result for an EncodedDocResult: its `record` is parsed from the encoded JSON when first
 * read (JSON.parse of JSON.stringify's output gives the same record, keys in the same order),
 * which a batch writing its output files never does. Structured cloning of the record object
 * cost its worker thread ~0.13 ms and the main thread ~0.3 ms a release, more than making the
 * JSON text in the worker (~0.15 ms), which the main thread needed anyway.
 */
function lazyRecord(r: EncodedDocResult): DocResultOk {
  const encoded = fromUtf8(r.utf8, r.tally);
  let record: DocRecord | undefined;
  return Object.defineProperty({ ok: true, source: r.source, chars: r.chars, ms: r.ms, encoded }, 'record', {
    enumerable: true,
    configurable: true,
    get: () => (record ??= JSON.parse(encoded.json) as DocRecord),
  }) as DocResultOk;
}

async function importFactories(mod: string): Promise<Record<string, StageFactory<any>>> {
  const url = /^[a-z]+:/i.test(mod) && !/^[a-z]:[\\/]/i.test(mod) ? mod : pathToFileURL(path.resolve(mod)).href;
  const m = (await import(url)) as { factories?: Record<string, StageFactory<any>>; default?: Record<string, StageFactory<any>> };
  const f = m.factories ?? m.default;
  if (!f || typeof f !== 'object') throw new ThaiExtractError('TE101', 'factories module exports no `factories` object', { value: mod });
  return f;
}

/** Build a pipeline from its serialisable description (throws the loader's TE1xx errors). */
export async function buildPipelineFromSource(src: PipelineSource): Promise<Pipeline> {
  const { createPipeline, loadPipeline } = await import('./load.js');
  if ('file' in src) return loadPipeline(src.file);
  const factories = src.factoriesModule ? await importFactories(src.factoriesModule) : undefined;
  return createPipeline(src.spec, { baseDir: src.baseDir, factories });
}

/** Load a pipeline file (path or bundled name), recording every data file its stages read (see PipelineStamp). */
export async function loadPipelineStamped(fileOrName: string): Promise<{ pipeline: Pipeline; stamp: PipelineStamp }> {
  const { loadPipeline, resolvePipelinePath } = await import('./load.js');
  const { STAGE_FACTORIES } = await import('../stages/index.js');
  const abs = resolvePipelinePath(fileOrName);
  const seen = new Set<string>();
  const factories: Record<string, StageFactory<any>> = {};
  for (const [name, f] of Object.entries(STAGE_FACTORIES)) {
    factories[name] = {
      ...f,
      create: (options: unknown, ctx: StageContext) =>
        f.create(options, {
          ...ctx,
          loadFile: (rel: string, schema?: JsonSchema) => {
            seen.add(path.resolve(ctx.baseDir, rel));
            return ctx.loadFile(rel, schema);
          },
        }),
    };
  }
  const pipeline = loadPipeline(abs, { factories });
  const files: Record<string, string> = { [abs]: sha256File(abs) ?? '' };
  for (const f of [...seen].sort()) files[f] = sha256File(f) ?? '';
  return { pipeline, stamp: { file: abs, files, code: codeStamp() } };
}

/** Check that a pipeline built elsewhere is the one the run was planned with. */
export function checkSamePipeline(p: { id: string; rulesHash: string; file?: string }, expect: { id: string; rulesHash: string }, where: string): void {
  if (p.id !== expect.id || p.rulesHash !== expect.rulesHash) {
    throw new ThaiExtractError(
      'TE112',
      `${where} built ${p.id} with rules ${p.rulesHash.slice(0, 12)}, but the run uses ${expect.id} with rules ${expect.rulesHash.slice(0, 12)} (stale build in dist/, or different rule files)`,
      p.file ? { file: p.file } : {},
    );
  }
}

/** What the run needs to know of a pipeline that is built elsewhere (in the worker threads). */
export interface PipelineInfo {
  id: string;
  rulesHash: string;
  /** the pipeline file, or "<inline>" */
  file?: string;
  /** set when the pipeline was loaded from a file */
  stamp?: PipelineStamp;
  /** the pipeline's size limit on inputs (the batch reads no more than this of a file) */
  maxInputBytes?: number;
  /** the pipeline's time budget of a document (see DocPool: a thread stuck past twice it is stopped) */
  maxDocumentMs?: number;
}

/** One task for a worker thread: describe the pipeline it builds, or process a document. */
export type WorkerTask =
  | { kind: 'describe'; pipeline: PipelineSource }
  | {
      kind: 'doc'; pipeline: PipelineSource; expect: { id: string; rulesHash: string }; input: DocInput;
      /** answer with the record encoded (EncodedDocResult), with its CSV lines when `csv` */
      encode?: { csv: boolean };
    };

/** A buffer of an EncodedDocResult, given back to the thread that sent it (not a task: no answer). */
export interface SpareBuffer {
  kind: 'spare';
  buffer: ArrayBuffer;
}

/** A worker's answer. Errors travel as data: structured cloning would drop ThaiExtractError's class and code. */
export type WorkerReply =
  | { ok: true; value: DocResult | EncodedDocResult | PipelineInfo }
  | { ok: false; error: { code?: string; message: string; context?: Record<string, unknown> } };

function rethrow(e: { code?: string; message: string; context?: Record<string, unknown> }): never {
  if (e.code && /^TE\d{3}$/.test(e.code)) {
    const err = new ThaiExtractError(e.code as ErrorCode, '', e.context ?? {});
    err.message = e.message; // the message as the worker composed it
    throw err;
  }
  throw new Error(e.message);
}

/**
 * The worker entry file. From dist/ it is the compiled sibling worker.js. When this module
 * runs from src/ (vitest, or a TypeScript loader) there is no worker.js next to it and worker
 * threads cannot load .ts, so the compiled dist/pipeline/worker.js of the same checkout is
 * used; it must have been built (`npm run build`, run by `npm ci`).
 */
export function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'worker.js');
  if (existsSync(sibling)) return sibling;
  const dist = path.resolve(path.dirname(here), '../../dist/pipeline/worker.js');
  if (existsSync(dist)) return dist;
  throw new ThaiExtractError('TE112', 'worker threads need the compiled worker: run "npm run build" first', { file: dist });
}

/**
 * true when this module runs compiled (dist/), with its worker.js beside it. The CLI uses worker
 * threads only then; run from src/ (tests, TypeScript loaders) it processes in one thread
 * rather than depend on a dist/ build that may lag behind the sources. The library's `threads`
 * option always uses threads (see workerEntry).
 */
export function compiledWorkerAvailable(): boolean {
  return existsSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.js'));
}

/**
 * Old-generation heap limit of each worker thread. A thread's pipeline needs about 80 MB; the
 * limit makes V8 collect garbage before a thread grows to several hundred MB (peak RSS with 2
 * threads over the thaigov corpus: about 390 MB without it, 310 MB with it). A document that
 * needs more than this is processed again in the main thread (see runBatch), so the outputs
 * never depend on it.
 */
export const DEFAULT_THREAD_HEAP_MB = 256;

/** A worker thread died without answering (e.g. ERR_WORKER_OUT_OF_MEMORY). */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}

/** A thread was stopped because its document ran past ThreadPool.taskTimeoutMs (the cause of a WorkerCrash). */
export class TaskTimeout extends Error {
  override readonly name = 'TaskTimeout';
  constructor(readonly ms: number) {
    super(`the document was still being processed after ${ms} ms`);
  }
}

/** marks a worker thread started by ThreadPool (worker.js then listens for tasks) */
export const POOL_THREAD_MARK = 'thai-extract:pool-thread';
/** a DocPool thread's workerData key for its link to the people service */
export const PEOPLE_LINK = 'thai-extract:people-link';

interface Job {
  task: WorkerTask;
  resolve: (reply: WorkerReply) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** tasks sent to the thread and not answered yet, oldest first: the first is the one it works on */
  jobs: Job[];
  dead: boolean;
  /** when the thread started on its first job (about: when it was sent, or when the one before was answered) */
  since: number;
}

/**
 * Tasks a thread is sent ahead of its answers. With 2, a thread that answers finds its next
 * task already in its port instead of waiting for the main thread to receive the answer and
 * send another: with the main thread busy writing outputs, threads that held one task stood
 * idle 5-10% of a run (measured, 1,000 releases, 2 threads).
 */
export const TASKS_AHEAD = 2;

/**
 * A fixed number of worker threads running worker.js, each working through its tasks one at a
 * time, up to TASKS_AHEAD of them sent ahead; tasks are handed out in the order they were asked
 * for, spread evenly over the threads. A thread that dies (out of memory, an uncaught error)
 * fails the task it was working on with the error; the tasks it had not started go back to the
 * front of the queue, and a new thread takes its place.
 *
 * (Written here rather than taken from tinypool, which the project used before: tinypool calls
 * process.memoryUsage() after every task, which took 1.5-1.9 ms a call in the worker threads of a
 * real run, 0.76 s per 500 documents, and spawns shell pipelines when imported.)
 */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private destroyed = false;
  /** the thread each answer's value came from (see sendBack) */
  private readonly senders = new WeakMap<object, Slot>();
  private watchdog: NodeJS.Timeout | null = null;

  /**
   * A thread still on one document after this many ms is stopped (terminated and replaced):
   * the document's task rejects with a WorkerCrash caused by a TaskTimeout. null: no limit.
   */
  set taskTimeoutMs(ms: number | null) {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (ms === null || this.destroyed) return;
    this.watchdog = setInterval(() => {
      const now = performance.now();
      for (const slot of this.slots) {
        if (slot.dead || slot.jobs.length === 0 || slot.jobs[0].task.kind !== 'doc' || now - slot.since <= ms) continue;
        void slot.worker.terminate();
        this.lost(slot, new TaskTimeout(Math.round(now - slot.since)));
      }
    }, Math.min(1000, Math.max(50, ms / 4)));
    this.watchdog.unref();
  }

  constructor(
    readonly file: string,
    readonly size: number,
    readonly resourceLimits?: ResourceLimits,
    /** tasks sent to a thread ahead of its answers (1: one at a time) */
    readonly ahead = TASKS_AHEAD,
    /** more workerData for each thread started (and what of it to transfer) */
    private readonly spawnData?: () => { data: Record<string, unknown>; transferList: TransferListItem[] },
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const extra = this.spawnData?.();
    const worker = new Worker(this.file, {
      workerData: { ...extra?.data, [POOL_THREAD_MARK]: true },
      ...(extra ? { transferList: extra.transferList } : {}),
      ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}),
    });
    const slot: Slot = { worker, jobs: [], dead: false, since: 0 };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ok && reply.value !== null && typeof reply.value === 'object') this.senders.set(reply.value, slot);
      slot.since = performance.now();
      slot.jobs.shift()?.resolve(reply);
      this.pump();
    });
    worker.on('messageerror', (e) => {
      // a reply that could not be deserialised: that task fails, the thread goes on
      slot.jobs.shift()?.reject(e);
      this.pump();
    });
    worker.on('error', (e) => this.lost(slot, e));
    worker.on('exit', (code) => this.lost(slot, new Error(`worker thread exited (code ${code})`)));
    return slot;
  }

  /** a thread died: fail the task it worked on, queue the others again, start another thread in its place */
  private lost(slot: Slot, e: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    const [job, ...unstarted] = slot.jobs.splice(0);
    const i = this.slots.indexOf(slot);
    if (!this.destroyed && i >= 0) this.slots[i] = this.spawn();
    if (this.destroyed) for (const j of unstarted) j.reject(e);
    else this.queue.unshift(...unstarted);
    job?.reject(e);
    this.pump();
  }

  /** send queued tasks to the threads, the least loaded first */
  private pump(): void {
    for (let depth = 1; depth <= this.ahead; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (slot.dead || slot.jobs.length >= depth) continue;
        const job = this.queue.shift()!;
        if (slot.jobs.length === 0) slot.since = performance.now();
        slot.jobs.push(job);
        try {
          slot.worker.postMessage(job.task);
        } catch (e) {
          slot.jobs.pop();
          job.reject(e as Error);
        }
      }
    }
  }

  /**
   * Send a message that is not a task (no answer comes) to the thread whose answer's value is
   * `value`, if it is still alive; false when it is not.
   */
  sendBack(value: object, message: unknown, transferList: TransferListItem[] = []): boolean {
    const slot = this.senders.get(value);
    if (!slot || slot.dead || this.destroyed) return false;
    try {
      slot.worker.postMessage(message, transferList);
      return true;
    } catch {
      return false;
    }
  }

  /** run a task on the next free thread; rejects when the thread dies without answering */
  run(task: WorkerTask): Promise<WorkerReply> {
    if (this.destroyed) return Promise.reject(new Error('the thread pool was destroyed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  async destroy(): Promise<void> {
    this.taskTimeoutMs = null;
    this.destroyed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the thread pool was destroyed'));
    await Promise.all(this.slots.map((s) => {
      s.dead = true;
      for (const job of s.jobs.splice(0)) job.reject(new Error('the thread pool was destroyed'));
      return s.worker.terminate();
    }));
  }
}

/**
 * A fixed pool of worker threads that each build the pipeline once, when describe() asks them
 * all (or on their first document), and then process documents. The main thread only reads,
 * schedules and writes.
 */
export class DocPool {
  private readonly pool: ThreadPool;
  /** the pipeline every thread must build; set by the constructor or by describe() */
  expect: { id: string; rulesHash: string } | null;
  constructor(
    readonly source: PipelineSource,
    expect: { id: string; rulesHash: string } | null,
    readonly threads: number,
    /** old-generation heap limit of each thread, MB (0: V8's default) */
    readonly heapMb = DEFAULT_THREAD_HEAP_MB,
  ) {
    this.expect = expect;
    // two or more threads share one compromise (see people-service.ts)
    const entry = threads >= 2 ? peopleServiceEntry() : null;
    this.people = entry ? new PeopleService(entry) : null;
    const people = this.people;
    this.pool = new ThreadPool(
      workerEntry(), threads, heapMb > 0 ? { maxOldGenerationSizeMb: heapMb } : undefined, TASKS_AHEAD,
      people ? () => {
        const link = people.link();
        return { data: { [PEOPLE_LINK]: link }, transferList: [link.port] };
      } : undefined,
    );
  }

  /** the thread that answers compromise's people() for all of this pool's threads (2 or more) */
  private readonly people: PeopleService | null;

  private async run(task: WorkerTask): Promise<DocResult | EncodedDocResult | PipelineInfo> {
    let reply: WorkerReply;
    try {
      reply = await this.pool.run(task);
    } catch (e) {
      // no reply at all: the thread died (out of memory …); the pool starts a new one
      throw new WorkerCrash((e as Error)?.message ?? String(e), { cause: e });
    }
    if (!reply.ok) rethrow(reply.error);
    return reply.value;
  }

  private described: Promise<PipelineInfo> | null = null;

  /**
   * Have every thread build the pipeline now, at once (a thread would otherwise build it only
   * on its first document, while the others work), and say what it is: config errors (TE1xx)
   * surface here, as ThaiExtractErrors, and all threads must have built the same one. Asked
   * once; later calls get the same answer.
   */
  describe(): Promise<PipelineInfo> {
    this.described ??= (async () => {
      const task: WorkerTask = { kind: 'describe', pipeline: this.source };
      const infos = await Promise.all(Array.from({ length: this.threads }, () => this.run(task) as Promise<PipelineInfo>));
      const info = infos[0];
      for (const other of infos.slice(1)) checkSamePipeline(other, info, 'a worker thread');
      if (this.expect) checkSamePipeline(info, this.expect, 'a worker thread');
      else this.expect = { id: info.id, rulesHash: info.rulesHash };
      // the time budget is checked by the pipeline after each stage; a thread stuck inside one
      // stage for twice the budget is stopped, so one document cannot stall the run
      if (info.maxDocumentMs) this.pool.taskTimeoutMs = 2 * info.maxDocumentMs;
      return info;
    })();
    return this.described;
  }

  /**
   * process one document in a worker thread. The bytes are copied, not transferred: a task a
   * dead thread had not started goes to another thread with them (a copy of a release's few kB
   * costs microseconds), and the caller keeps them. With `encode` the thread also makes the
   * record's output text (see EncodedRecord): the result's `encoded` is set, and its `record` is
   * parsed from that text only if read.
   */
  async process(input: DocInput, encode?: { csv: boolean }): Promise<DocResult> {
    if (!this.expect) await this.describe();
    const r = (await this.run({ kind: 'doc', pipeline: this.source, expect: this.expect!, input, ...(encode ? { encode } : {}) })) as DocResult | EncodedDocResult;
    if (!r.ok || !('utf8' in r)) return r;
    // the buffer goes back to the thread that filled it, for its next record
    const buffer = r.utf8.bytes.buffer as ArrayBuffer;
    r.utf8.release = () => void this.pool.sendBack(r, { kind: 'spare', buffer } satisfies SpareBuffer, [buffer]);
    return lazyRecord(r);
  }

  private destroying: Promise<void> | null = null;

  /** stop the threads (idempotent: a second call waits for the first) */
  destroy(): Promise<void> {
    this.destroying ??= Promise.all([this.pool.destroy(), this.people?.destroy()]).then(() => {});
    return this.destroying;
  }
}
