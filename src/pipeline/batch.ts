import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import type { Doc, DocRecord } from '../doc/types.js';
import { writeFileAtomic } from '../output/atomic.js';
import { checkOutDir } from '../output/out-dir.js';
import { lockOutput } from '../output/lock.js';
import { OutputSink, addTally, countInto, tallyRecord, type OutputFormat, type RecordTally } from '../output/writers.js';
import { DEFAULT_MAX_INPUT_BYTES, findInputs, hashInputFile, readInputFile, type InputFile } from './inputs.js';
import type { Pipeline } from './load.js';
import {
  ResultStore, cleanStaleTemps, documentKey, isUpToDate, outputStats, readManifest, writeManifest, MANIFEST_FILE, MANIFEST_FORMAT,
  stampStillValid, fileStat, sameStat, type FileStat, type Manifest, type ManifestEntry, type PipelineStamp,
} from './manifest.js';
import { DocPool, TaskTimeout, WorkerCrash, buildPipelineFromSource, encodedOf, toDocResult, withEncoded, type DocResult, type PipelineInfo, type PipelineSource } from './pool.js';
// run.js (ajv and the records schema) is imported only when documents are processed here
import type { DocFailure, DocOutcome } from './run.js';

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
  /** source of the document that just finished */
  source: string;
  elapsedMs: number;
  /** documents taken unchanged from an earlier run (incremental runs) */
  reused?: number;
}

export interface BatchOptions {
  /**
   * the pipeline, built in this thread. May be left out when `threads` > 1: then only the
   * worker threads build it (from `pipelineSource`), and this thread never holds a copy.
   */
  pipeline?: Pipeline;
  /** files, folders (recursive *.txt) or globs — or an already expanded list */
  inputs: string[] | InputFile[];
  /** output folder; when omitted nothing is written and records are returned */
  out?: string;
  formats?: readonly OutputFormat[];
  /** documents read and processed at once (default 4, or 2 × threads); reads are bounded by it */
  concurrency?: number;
  onProgress?: (p: BatchProgress) => void;
  /**
   * called for every document outcome, in source order. Documents processed in worker threads
   * or reused from an earlier run carry a light `doc` (id, source, sha256, pipeline, diagnostics).
   */
  onDocument?: (o: DocOutcome) => void;
  /**
   * worker threads: 2 or more spreads documents over a pool of threads that each build the
   * pipeline from `pipelineSource` once; 0 or 1 (default) processes in this thread
   */
  threads?: number;
  /** how worker threads rebuild the pipeline; required when threads > 1 */
  pipelineSource?: PipelineSource;
  /**
   * keep a manifest and per-document results in `out` (see manifest.ts): a re-run skips
   * unchanged documents, rewrites outputs only when something changed, and completes an
   * interrupted run. Requires `out`.
   */
  incremental?: boolean;
  /** with `incremental`: ignore stored results and process every document again */
  force?: boolean;
  /** old-generation heap limit of each worker thread in MB (default 256; 0 = V8's default) */
  threadHeapMb?: number;
  /** called when a worker thread died on a document, which is then processed in this thread */
  onWorkerCrash?: (source: string, error: Error) => void;
  /** with `incremental`: what the pipeline was built from (loadPipelineStamped), kept in the manifest for checkUpToDate */
  pipelineStamp?: PipelineStamp;
  /**
   * the caller holds the lock on `out` (lockOutput). Otherwise a run with `out` takes it for its
   * duration, and throws TE402 when another run holds it (or waits, with `waitForLock`).
   */
  outputLocked?: boolean;
  /** wait for another run's lock on `out` to be released instead of throwing TE402 */
  waitForLock?: boolean;
  /** with `waitForLock`: called once when the run starts waiting, with a description of the run holding the lock */
  onLockWait?: (holder: string) => void;
  /**
   * stops the run: no new document is started, documents in flight are abandoned, the output
   * files are left as they were (their temporary files removed), results already computed stay
   * in the result store for the next run, and runBatch rejects with TE403
   */
  signal?: AbortSignal;
}

export interface BatchSummary {
  pipeline: string;
  rulesHash: string;
  documents: { total: number; succeeded: number; failed: number };
  counts: { entities: Record<string, number>; events: Record<string, number>; facts: Record<string, number>; diagnostics: Record<string, number> };
  errors: Record<string, number>;
  chars: number;
  files: string[];
  /**
   * wall-clock figures, and the worker threads the run used (0: all in the calling thread): the
   * one part of the outputs that differs between runs over the same inputs
   */
  timings: { wallMs: number; processMs: number; docsPerSecond: number; charsPerSecond: number; threads: number };
}

export interface IncrementalStats {
  /** documents whose stored result was reused */
  reused: number;
  /** documents processed by this run */
  processed: number;
  /** stored results dropped because their document changed or disappeared */
  removed: number;
  /** true when nothing changed and no output file was rewritten */
  upToDate: boolean;
  /**
   * inputs read and hashed to see whether they changed; the others had the size and times the
   * manifest recorded with their sha256, which was taken from there (see ManifestEntry.stat)
   */
  hashed: number;
}

export interface BatchResult {
  summary: BatchSummary;
  /** records in source order (only when `out` is not given) */
  records?: DocRecord[];
  failures: DocFailure[];
  /** incremental runs only */
  incremental?: IncrementalStats;
}

function sortKeys(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function failureOf(file: InputFile, err: ThaiExtractError): DocFailure {
  return { ok: false, source: file.source, stage: null, code: err.code, message: err.message, ms: 0 };
}

/**
 * Read one input, at most `limit` bytes (see readInputFile: special files are never read, a
 * file over the limit is refused without being read whole). Synchronously: release files are
 * a few kB, and a synchronous read of a cached file takes ~20 µs, where fs.promises'
 * open/fstat/read/close round trips through the libuv pool cost the main thread ~1 ms a file
 * under load (1.2 s of a 1,000-document run with two worker threads, measured), time the
 * worker threads then wait for. Still async in signature: callers await it.
 */
async function readInput(file: InputFile, limit: number): Promise<Uint8Array | DocFailure> {
  const got = readInputFile(file, limit);
  return got instanceof ThaiExtractError ? failureOf(file, got) : got;
}

/**
 * Writes document results, in the order given, into the output files (or keeps the records)
 * and tallies the summary. Shared by runBatch and the queue's `collect`.
 */
export class BatchAssembler {
  readonly sink: OutputSink | null;
  readonly records: DocRecord[] | undefined;
  readonly failures: DocFailure[] = [];
  private readonly counts: RecordTally = { entities: {}, events: {}, facts: {}, diagnostics: {} };
  private readonly errors: Record<string, number> = {};
  chars = 0;
  total = 0;

  constructor(readonly out: string | undefined, formats: readonly OutputFormat[]) {
    this.sink = out ? new OutputSink(out, formats) : null;
    this.records = this.sink ? undefined : [];
  }

  add(r: DocResult): void {
    this.total++;
    if (r.ok) {
      let tally: RecordTally;
      if (this.sink) {
        // a result from a worker thread carries its encoded record (its `record` is then never parsed)
        const encoded = encodedOf(r, this.sink.csv);
        this.sink.writeEncoded(encoded);
        tally = encoded.tally;
      } else {
        this.records!.push(r.record);
        tally = tallyRecord(r.record);
      }
      this.chars += r.chars;
      addTally(this.counts, tally);
    } else {
      this.sink?.writeError(r);
      this.failures.push(r);
      countInto(this.errors, r.code);
    }
  }

  summary(pipeline: { id: string; rulesHash: string }, wallMs: number, processMs: number, threads = 0): BatchSummary {
    return {
      pipeline: pipeline.id,
      rulesHash: pipeline.rulesHash,
      documents: { total: this.total, succeeded: this.total - this.failures.length, failed: this.failures.length },
      counts: { entities: sortKeys(this.counts.entities), events: sortKeys(this.counts.events), facts: sortKeys(this.counts.facts), diagnostics: sortKeys(this.counts.diagnostics) },
      errors: sortKeys(this.errors),
      chars: this.chars,
      files: this.sink ? [...this.sink.files, 'summary.json'] : [],
      timings: {
        wallMs: Math.round(wallMs),
        processMs: Math.round(processMs),
        docsPerSecond: Math.round((this.total / wallMs) * 1000 * 10) / 10,
        charsPerSecond: Math.round((this.chars / wallMs) * 1000),
        threads,
      },
    };
  }

  /** commit the output files and write summary.json (atomically) */
  commit(summary: BatchSummary): void {
    if (!this.sink || !this.out) return;
    try {
      this.sink.commit();
      writeFileAtomic(path.join(this.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    } catch (e) {
      this.sink.abort();
      throw e;
    }
  }

  abort(): void {
    this.sink?.abort();
  }
}

function lightOutcome(r: DocResult, pipelineId: string): DocOutcome {
  if (!r.ok) return r;
  const d = r.record.document;
  const doc: Doc = { id: d.id, source: d.source, sha256: d.sha256, hints: {}, pipeline: pipelineId, diagnostics: r.record.diagnostics };
  return { ok: true, source: r.source, record: r.record, doc, ms: r.ms };
}

/**
 * Run fn(0 … count-1) with at most `limit` calls in flight, started in index order. Unlike
 * mapping every index to a p-limit task up front, nothing is allocated per document ahead of
 * time (memory stays flat as the corpus grows); the first error stops new calls and rejects.
 */
export async function forEachLimited(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let cursor = 0;
  let failed = false;
  const runner = async () => {
    while (!failed && cursor < count) {
      const i = cursor++;
      try {
        await fn(i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  // not `await Promise.all(runners)`: V8 would add "async Promise.all (index N)" — which runner
  // took the document — to the async stack of errors, and stage errors carry their stack into
  // errors.jsonl, which must not depend on scheduling
  const n = Math.max(1, Math.min(limit, count));
  await new Promise<void>((resolve, reject) => {
    let live = n;
    for (let r = 0; r < n; r++) runner().then(() => (--live === 0 ? resolve() : undefined), reject);
  });
}

/** the sha256 of every input, by index (null for one that cannot be read: its failure is in preFailures) */
interface Hashed {
  shas: (string | null)[];
  /** the stat recorded with each sha256 (see ManifestEntry.stat) */
  stats: (FileStat | null)[];
  preFailures: Map<number, DocFailure>;
  /** files whose sha256 was taken from the previous manifest (same size and times), not read */
  trusted: number;
  /** the previous manifest's entry of each such file (its key holds if the pipeline is the same) */
  before: (ManifestEntry | null)[];
}

/**
 * Hash every input. A file whose size and times are those the previous manifest recorded with
 * its sha256 is not read: the sha256 is taken from there (a no-change re-run of 10,000
 * releases then stats them instead of reading and hashing 30 MB).
 */
async function hashFiles(files: InputFile[], concurrency: number, previous: Manifest | null): Promise<Hashed> {
  const preFailures = new Map<number, DocFailure>();
  const shas: (string | null)[] = new Array(files.length).fill(null);
  const stats: (FileStat | null)[] = new Array(files.length).fill(null);
  const trustedEntries: (ManifestEntry | null)[] = new Array(files.length).fill(null);
  const known = new Map<string, ManifestEntry>();
  for (const e of previous?.documents ?? []) if (e.stat && e.sha256) known.set(e.source, e);
  let trusted = 0;
  await forEachLimited(files.length, Math.max(4, concurrency), async (i) => {
    const file = files[i];
    let stat: FileStat | null = null;
    try {
      stat = fileStat(statSync(file.pathBytes ?? file.path), Date.now());
    } catch {
      // unreadable: hashInputFile says why
    }
    const before = known.get(file.source);
    if (before && sameStat(before.stat, stat)) {
      shas[i] = before.sha256;
      stats[i] = stat;
      trustedEntries[i] = before;
      trusted++;
      return;
    }
    const got = hashInputFile(file);
    if (got instanceof ThaiExtractError) preFailures.set(i, failureOf(file, got));
    else {
      shas[i] = got.sha256;
      stats[i] = stat;
    }
  });
  return { shas, stats, preFailures, trusted, before: trustedEntries };
}

/**
 * The manifest entries of hashed inputs, keyed for a pipeline. A file whose sha256 came from
 * `previous` keeps its key there when the pipeline is the same (the key is a hash of source,
 * sha256, pipeline id and rules hash: 10,000 of them took ~65 ms here).
 */
function keyedEntries(files: InputFile[], hashed: Hashed, pipelineId: string, rulesHash: string, previous: Manifest | null): ManifestEntry[] {
  const samePipeline = previous !== null && previous.pipeline === pipelineId && previous.rulesHash === rulesHash;
  return files.map((file, i) => {
    const sha = hashed.shas[i];
    const stat = hashed.stats[i];
    if (sha === null) return { source: file.source, sha256: null, key: null, ok: false };
    const before = samePipeline ? hashed.before[i] : null;
    const key = before?.key ?? documentKey(file.source, sha, pipelineId, rulesHash);
    return { source: file.source, sha256: sha, key, ok: true, ...(stat ? { stat } : {}) };
  });
}

/**
 * Nothing changed, but inputs that had no trustworthy stat in the manifest (changed within
 * RACY_MS of an earlier run) may have one now: then the manifest alone is written again, with
 * them, so that later runs need not read those files either. (No output file is touched.)
 */
function recordNewStats(out: string, m: Manifest, hashed: Hashed): void {
  let gained = false;
  const documents = m.documents.map((d, i) => {
    const stat = hashed.stats[i];
    if (!stat || sameStat(d.stat, stat)) return d;
    gained = true;
    return { ...d, stat };
  });
  if (gained) writeManifest(out, { ...m, documents });
}

async function upToDateResult(
  out: string, m: Manifest, store: ResultStore, hashed: Hashed, t0: number,
  options: Pick<BatchOptions, 'onDocument' | 'onProgress'>,
): Promise<BatchResult> {
  recordNewStats(out, m, hashed);
  const preFailures = hashed.preFailures;
  const old = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as BatchSummary;
  const failures: DocFailure[] = [];
  m.documents.forEach((e, i) => {
    if (e.ok && !options.onDocument) return;
    const r = e.key ? store.read(e.key) : preFailures.get(i);
    if (r && options.onDocument) options.onDocument(lightOutcome(r, m.pipeline));
    if (r && !r.ok) failures.push(r);
  });
  store.close();
  const n = m.documents.length;
  const wallMs = performance.now() - t0;
  options.onProgress?.({ done: n, total: n, failed: failures.length, source: m.documents[n - 1]?.source ?? '', elapsedMs: wallMs, reused: n });
  return {
    summary: {
      ...old,
      timings: { wallMs: Math.round(wallMs), processMs: 0, docsPerSecond: Math.round((n / wallMs) * 1000 * 10) / 10, charsPerSecond: Math.round((old.chars / wallMs) * 1000), threads: 0 },
    },
    failures,
    incremental: { reused: n, processed: 0, removed: 0, upToDate: true, hashed: n - hashed.trusted },
  };
}

/**
 * The no-change fast path of an incremental run, without building the pipeline: when the
 * manifest in `out` records a pipeline stamp that still holds (same pipeline file, same data
 * files) and every input, the formats and the output files match it, returns what runBatch
 * would return; otherwise null (then build the pipeline and call runBatch).
 */
export async function checkUpToDate(options: {
  inputs: string[] | InputFile[];
  out: string;
  pipelineFile: string;
  formats?: readonly OutputFormat[];
  onDocument?: BatchOptions['onDocument'];
  onProgress?: BatchOptions['onProgress'];
  /** the caller holds the lock on `out` (see BatchOptions.outputLocked) */
  outputLocked?: boolean;
  waitForLock?: boolean;
  onLockWait?: (holder: string) => void;
}): Promise<BatchResult | null> {
  // no manifest, nothing to check (and no folder to lock)
  if (!existsSync(path.join(options.out, MANIFEST_FILE))) return null;
  return withOutputLock(options, () => checkUpToDateLocked(options));
}

/** run `f` holding the lock on `out` (unless there is no `out`, or the caller holds it) */
async function withOutputLock<T>(
  o: { out?: string; outputLocked?: boolean; waitForLock?: boolean; onLockWait?: (holder: string) => void }, f: () => Promise<T>,
): Promise<T> {
  if (!o.out || o.outputLocked) return f();
  // `out` naming a file is a usage error (TE460), found before the lock would try to make it a folder
  checkOutDir(o.out, 'runBatch: `out`');
  const release = await lockOutput(o.out, { wait: o.waitForLock, onWait: o.onLockWait });
  try {
    return await f();
  } finally {
    release();
  }
}

async function checkUpToDateLocked(options: Parameters<typeof checkUpToDate>[0]): Promise<BatchResult | null> {
  const t0 = performance.now();
  const m = readManifest(options.out);
  if (!m || !stampStillValid(m.pipelineStamp, options.pipelineFile)) return null;
  const files: InputFile[] =
    options.inputs.length && typeof options.inputs[0] !== 'string'
      ? (options.inputs as InputFile[])
      : findInputs(options.inputs as string[]).files;
  const formats = options.formats ?? ['jsonl', 'csv'];
  const hashed = await hashFiles(files, 8, m);
  const entries = keyedEntries(files, hashed, m.pipeline, m.rulesHash, m);
  const next = { format: MANIFEST_FORMAT, pipeline: m.pipeline, rulesHash: m.rulesHash, formats: [...formats], documents: entries };
  if (!isUpToDate(options.out, m, next)) return null;
  return upToDateResult(options.out, m, new ResultStore(options.out), hashed, t0, options);
}

/** how often a run with a `signal` lets the event loop turn (see runWith) */
const SIGNAL_POLL_MS = 50;

/** documents a worker thread should have for its start-up to pay off (see defaultThreads) */
export const DOCUMENTS_PER_THREAD = 150;

/**
 * The worker threads worth starting for a batch of `documents` when the caller did not say:
 * one per DOCUMENTS_PER_THREAD documents, up to `cores`; 1 means no worker threads (all in
 * the calling thread). Each thread pays its own start-up (pipeline, compromise, JIT warm-up:
 * ~1 s here) and warms up alone, so on the 2-core machine of the README one thread was as fast
 * or faster up to ~200–300 thaigov releases (50: 2.75 vs 3.10–3.21 s; 200: 3.79–4.44 vs
 * 4.16–4.79 s; 400: 6.40 vs 6.23 s).
 */
export function defaultThreads(documents: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(documents / DOCUMENTS_PER_THREAD)));
}

/**
 * Run a pipeline over many documents. Documents are read with bounded concurrency, processed
 * (in this thread, or in a pool of worker threads with `threads`), and written in source order
 * whatever the concurrency, so two runs give the same files (but for summary.json's `timings`).
 * A failing document is reported (errors.jsonl, `failures`) and the batch goes on.
 * Configuration and input-discovery problems throw before anything runs.
 */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  // the inputs are found before the output folder is locked (a usage error touches nothing)
  const inputs: InputFile[] =
    options.inputs.length && typeof options.inputs[0] !== 'string'
      ? (options.inputs as InputFile[])
      : findInputs(options.inputs as string[]).files;
  return withOutputLock(options, () => runBatchLocked({ ...options, inputs }));
}

async function runBatchLocked(options: BatchOptions): Promise<BatchResult> {
  const t0 = performance.now();
  const files: InputFile[] =
    options.inputs.length && typeof options.inputs[0] !== 'string'
      ? (options.inputs as InputFile[])
      : findInputs(options.inputs as string[]).files;
  if (files.length === 0) throw new ThaiExtractError('TE202', 'no input documents', { value: options.inputs });
  if (options.out) checkOutDir(options.out, 'runBatch: `out`');
  const asked = Math.max(0, Math.floor(options.threads ?? 0));
  // without a pipeline here, even a single document goes to a (one-thread) pool
  const threads = options.pipeline ? Math.min(files.length, asked) : Math.max(1, Math.min(files.length, asked));
  const usePool = threads > 1 || !options.pipeline;
  if (usePool && !options.pipelineSource) {
    throw new ThaiExtractError('TE201', options.pipeline
      ? 'runBatch: `threads` needs a `pipelineSource` the worker threads can build the pipeline from'
      : 'runBatch: give a `pipeline`, or a `pipelineSource` for worker threads');
  }
  if (options.incremental && !options.out) throw new ThaiExtractError('TE201', 'runBatch: `incremental` needs `out`');
  // with threads, the pool's first thread builds the pipeline and says what it is (TE1xx errors surface here)
  const pool = usePool
    ? new DocPool(options.pipelineSource!, options.pipeline ? { id: options.pipeline.id, rulesHash: options.pipeline.rulesHash } : null, threads, options.threadHeapMb)
    : null;
  const described = pool?.describe();
  // an incremental run hashes every input before the first document (to know what changed):
  // meanwhile the threads start and build the pipeline (~0.8 s here), this thread would only wait
  const previous = options.incremental && options.out ? readManifest(options.out) : null;
  // (--force: every input is read and hashed again, none taken on its size and times)
  const hashing = options.incremental && options.out ? hashFiles(files, options.concurrency ?? 4, options.force ? null : previous) : null;
  hashing?.catch(() => {}); // awaited in runWith; not an unhandled rejection when describe fails first
  let info: PipelineInfo;
  try {
    info = described ? await described : { id: options.pipeline!.id, rulesHash: options.pipeline!.rulesHash };
  } catch (e) {
    await pool?.destroy();
    throw e;
  }
  // inputs are read up to the pipeline's size limit (a larger one is refused unread)
  const maxInputBytes = options.pipeline?.maxInputBytes ?? info.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const pipeline = { id: info.id, rulesHash: info.rulesHash, maxInputBytes };
  const pipelineStamp = options.pipelineStamp ?? info.stamp;
  try {
    return await runWith(options, files, threads, pipeline, pipelineStamp, pool, hashing && { hashing, previous }, t0);
  } finally {
    await pool?.destroy();
  }
}

async function runWith(
  options: BatchOptions, files: InputFile[], threads: number, pipeline: { id: string; rulesHash: string; maxInputBytes: number },
  pipelineStamp: PipelineStamp | undefined, pool: DocPool | null,
  /** incremental runs: the inputs' hashing (started before the pipeline was known) and the manifest found in `out` */
  incremental: { hashing: Promise<Hashed>; previous: Manifest | null } | null,
  t0: number,
): Promise<BatchResult> {
  const formats = options.formats ?? ['jsonl', 'csv'];
  const encode = options.out ? { csv: formats.includes('csv') } : undefined;
  const concurrency = Math.max(1, options.concurrency ?? (threads > 1 ? threads * 2 : 4));

  // ---- incremental: hash every input first, to know what changed before writing anything
  let store: ResultStore | null = null;
  let entries: ManifestEntry[] | null = null;
  let oldManifest: Manifest | null = null;
  let hashed: Hashed | null = null;
  const preFailures = new Map<number, DocFailure>();
  if (incremental && options.out) {
    cleanStaleTemps(options.out);
    store = new ResultStore(options.out);
    oldManifest = incremental.previous;
    hashed = await incremental.hashing;
    entries = keyedEntries(files, hashed, pipeline.id, pipeline.rulesHash, oldManifest);
    for (const [i, f] of hashed.preFailures) preFailures.set(i, f);
    const next = { format: MANIFEST_FORMAT, pipeline: pipeline.id, rulesHash: pipeline.rulesHash, formats: [...formats], documents: entries };
    if (!options.force && oldManifest && isUpToDate(options.out, oldManifest, next)) {
      return upToDateResult(options.out, oldManifest, store, hashed, t0, options);
    }
  }

  const { processDocument } = await import('./run.js');
  const assembler = new BatchAssembler(options.out, formats);
  let processMs = 0;
  let done = 0;
  let failedSoFar = 0;
  let reused = 0;
  let processed = 0;

  // results arrive in any order; they are written strictly in source order
  const pending = new Map<number, { result: DocResult; outcome?: DocOutcome }>();
  let next = 0;
  // documents may finish out of order: don't run ahead of the next one to write by more than
  // `window`, so that what waits in `pending` stays bounded (memory flat as the corpus grows)
  const window = concurrency * 4;
  let flushed: (() => void) | null = null;
  let flushedP: Promise<void> | null = null;
  const nextFlush = () => (flushedP ??= new Promise<void>((r) => (flushed = r)));
  // set when the run stops early (an error, a full disk, a signal): documents still in flight
  // then write nothing more, and a worker thread torn down under one is not a crash to recover
  let stopped = false;
  const flush = () => {
    if (stopped) return;
    if (pending.has(next) && flushed) {
      (flushed as () => void)();
      flushed = null;
      flushedP = null;
    }
    while (pending.has(next)) {
      const { result, outcome } = pending.get(next)!;
      pending.delete(next);
      next++;
      options.onDocument?.(outcome ?? lightOutcome(result, pipeline.id));
      assembler.add(result);
      // written (files and journal): a worker's buffer goes back to it — unless onDocument may
      // still read the record, which is parsed from that buffer
      if (result.ok && !options.onDocument) result.encoded?.utf8?.release?.();
    }
  };

  // buffers for the UTF-8 text of records made in this thread (see withEncoded)
  const spareBuffers: ArrayBuffer[] = [];
  const processOne = async (file: InputFile, i: number): Promise<{ result: DocResult; outcome?: DocOutcome }> => {
    const got = await resultOf(file, i);
    if (entries) entries[i] = { ...entries[i], ok: got.result.ok };
    return got;
  };
  let fallback: Promise<Pipeline> | null = null;
  const processHere = async (source: string, bytes: Uint8Array, crash: WorkerCrash): Promise<DocResult> => {
    options.onWorkerCrash?.(source, crash);
    fallback ??= options.pipeline ? Promise.resolve(options.pipeline) : buildPipelineFromSource(options.pipelineSource!);
    return toDocResult(processDocument(await fallback, { source, bytes }));
  };
  const resultOf = async (file: InputFile, i: number): Promise<{ result: DocResult; outcome?: DocOutcome }> => {
    const pre = preFailures.get(i);
    if (pre) return { result: pre };
    const key = entries?.[i].key ?? null;
    if (store && key && !options.force) {
      const stored = store.read(key);
      if (stored) {
        reused++;
        return { result: stored };
      }
    }
    const bytes = await readInput(file, pipeline.maxInputBytes);
    if (!(bytes instanceof Uint8Array)) return { result: bytes };
    processed++;
    const sha = store ? sha256Hex(bytes) : null;
    let result: DocResult;
    let outcome: DocOutcome | undefined;
    if (pool) {
      try {
        result = await pool.process({ source: file.source, bytes }, encode);
      } catch (e) {
        if (!(e instanceof WorkerCrash) || stopped) throw e;
        if (e.cause instanceof TaskTimeout) {
          // stuck in one stage past twice the time budget: its thread was stopped; redoing it
          // here would stall the run
          const err = new ThaiExtractError('TE311', `${e.cause.message}, over twice the pipeline's time budget (maxDocumentMs): its worker thread was stopped; raise maxDocumentMs in the pipeline file to process it`, { file: file.source });
          result = failureOf(file, err);
        } else {
          // the thread died on this document (out of memory): process it here instead, so the
          // outputs are the same as with any other concurrency
          result = await processHere(file.source, bytes, e);
        }
      }
    } else {
      outcome = processDocument(options.pipeline!, { source: file.source, bytes });
      result = toDocResult(outcome);
    }
    // the record's output text, made once for the output files and the journal (a worker thread made it already)
    if (encode) result = withEncoded(result, encode.csv, spareBuffers);
    if (store && entries) {
      if (sha !== entries[i].sha256) {
        // the file changed since it was hashed: key the result by the bytes processed (the
        // recorded stat is not theirs)
        const { stat: _stale, ...entry } = entries[i];
        entries[i] = { ...entry, sha256: sha!, key: documentKey(file.source, sha!, pipeline.id, pipeline.rulesHash) };
      }
      const k = entries[i].key!;
      if (stopped) throw new Error('the run has stopped');
      store.write(k, result);
    }
    return { result, outcome };
  };

  try {
    const signal = options.signal;
    const interrupted = () => {
      const kept = store ? `; the ${done} documents done are kept in ${path.join(options.out!, '.thai-extract')} and are not redone: run the same command again to resume` : '';
      return new ThaiExtractError('TE403', `the run was interrupted after ${done} of ${files.length} documents: the output files were left as they were${kept}`, { ...(options.out ? { file: options.out } : {}), done, total: files.length });
    };
    if (signal?.aborted) throw interrupted();
    // documents processed in this thread are synchronous: the event loop (and a signal's
    // handler) gets a turn every SIGNAL_POLL_MS
    let turn = performance.now();
    const all = forEachLimited(files.length, concurrency, async (i) => {
      if (signal && performance.now() - turn > SIGNAL_POLL_MS) {
        await new Promise((r) => setImmediate(r));
        turn = performance.now();
      }
      if (signal?.aborted) throw interrupted();
      const file = files[i];
      while (i - next >= window) await nextFlush();
      const got = await processOne(file, i);
      processMs += got.result.ms;
      if (!got.result.ok) failedSoFar++;
      pending.set(i, got);
      flush();
      done++;
      options.onProgress?.({
        done,
        total: files.length,
        failed: failedSoFar,
        source: file.source,
        elapsedMs: performance.now() - t0,
        ...(store ? { reused } : {}),
      });
    });
    // a signal stops the run at once: documents in flight are abandoned (their threads end with the pool)
    await (signal
      ? new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(interrupted());
          signal.addEventListener('abort', onAbort, { once: true });
          all.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
        })
      : all);
  } catch (e) {
    stopped = true;
    assembler.abort();
    store?.close();
    throw e;
  }

  // every document is done: the threads stop while the output files are finished (their
  // teardown, 70–130 ms for 10,000 documents, overlaps the final writes; runBatch awaits it)
  pool?.destroy().catch(() => {});
  const wallMs = performance.now() - t0;
  const summary = assembler.summary(pipeline, wallMs, processMs, pool ? threads : 0);
  assembler.commit(summary);

  let removed = 0;
  if (store && entries && options.out) {
    const documents = entries;
    writeManifest(options.out, {
      format: MANIFEST_FORMAT, pipeline: pipeline.id, rulesHash: pipeline.rulesHash, formats: [...formats], files: summary.files,
      outputs: outputStats(options.out, summary.files),
      ...(pipelineStamp ? { pipelineStamp } : {}), documents,
    });
    // drop results no document points at any more
    const live = new Set(documents.map((d) => d.key));
    for (const d of oldManifest?.documents ?? []) {
      if (d.key && !live.has(d.key)) {
        store.remove(d.key);
        removed++;
      }
    }
    try {
      store.compact(documents.flatMap((d) => (d.key ? [d.key] : [])));
    } catch {
      // (a full disk: the outputs and the manifest are complete; the journals stay as they are,
      // and the next run compacts them)
    }
    store.close();
  }
  return {
    summary,
    records: assembler.records,
    failures: assembler.failures,
    ...(store ? { incremental: { reused, processed, removed, upToDate: false, hashed: hashed ? files.length - hashed.trusted : files.length } } : {}),
  };
}
