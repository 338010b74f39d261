/**
 * Worker-thread entry (dist/pipeline/worker.js, started by the ThreadPool in pool.ts). Each
 * thread builds a pipeline once per distinct description — dictionaries loaded, rules
 * compiled — and keeps it for every later document. Queue workers import processToResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isThaiExtractError } from '../errors.js';
import type { Pipeline } from './load.js';
import type { PipelineStamp } from './manifest.js';
import {
  PEOPLE_LINK, POOL_THREAD_MARK, buildPipelineFromSource, checkSamePipeline, loadPipelineStamped, toDocResult,
  type DocResult, type PipelineSource, type SpareBuffer, type WorkerReply, type WorkerTask,
} from './pool.js';
import { processDocument, type DocInput } from './run.js';
import { encodeRecord, keepSpare, toUtf8 } from '../output/writers.js';
import { usePeopleService, type PeopleLink } from './people-service.js';

/** Process one document and keep what crosses threads/processes (also used by queue workers). */
export function processToResult(pipeline: Pipeline, input: DocInput): DocResult {
  return toDocResult(processDocument(pipeline, input));
}

const pipelines = new Map<string, Promise<{ pipeline: Pipeline; stamp?: PipelineStamp }>>();

function pipelineFor(source: PipelineSource): Promise<{ pipeline: Pipeline; stamp?: PipelineStamp }> {
  const key = JSON.stringify(source);
  let p = pipelines.get(key);
  if (!p) {
    p = 'file' in source ? loadPipelineStamped(source.file) : buildPipelineFromSource(source).then((pipeline) => ({ pipeline }));
    pipelines.set(key, p);
  }
  return p;
}

/** the reply for an error that is not a ThaiExtractError: its stack */
function failureReply(e: unknown): WorkerReply {
  return { ok: false, error: { message: (e as Error)?.stack ?? String(e) } };
}

/** buffers the main thread gave back (SpareBuffer), for the next records' text; a few are enough */
const spare: ArrayBuffer[] = [];

export default async function processTask(task: WorkerTask): Promise<WorkerReply> {
  try {
    const { pipeline, stamp } = await pipelineFor(task.pipeline);
    if (task.kind === 'describe') return { ok: true, value: { id: pipeline.id, rulesHash: pipeline.rulesHash, file: pipeline.file, maxInputBytes: pipeline.maxInputBytes, maxDocumentMs: pipeline.maxDocumentMs, ...(stamp ? { stamp } : {}) } };
    checkSamePipeline(pipeline, task.expect, 'a worker thread');
    const input = task.input.bytes && !(task.input.bytes instanceof Uint8Array) ? { ...task.input, bytes: new Uint8Array(task.input.bytes as ArrayBufferLike) } : task.input;
    const r = processToResult(pipeline, input);
    if (!task.encode || !r.ok) return { ok: true, value: r };
    const encoded = encodeRecord(r.record, task.encode.csv);
    return { ok: true, value: { ok: true, source: r.source, chars: r.chars, ms: r.ms, utf8: toUtf8(encoded, spare), tally: encoded.tally } };
  } catch (e) {
    if (isThaiExtractError(e)) return { ok: false, error: { code: e.code, message: e.message, context: JSON.parse(JSON.stringify(e.context)) } };
    return failureReply(e);
  }
}

// a thread of a pool of two or more: compromise's people() from the pool's shared thread
const link = (workerData as Record<string, unknown> | null)?.[PEOPLE_LINK] as PeopleLink | undefined;
if (link) usePeopleService(link);

// a pool thread: tasks one at a time, answered in the order they came (the pool sends up to
// TASKS_AHEAD before the first is answered, and matches answers to tasks by that order)
const port = parentPort;
if (port && (workerData as Record<string, unknown> | null)?.[POOL_THREAD_MARK] === true) {
  let last: Promise<void> = Promise.resolve();
  port.on('message', (task: WorkerTask | SpareBuffer) => {
    if (task.kind === 'spare') {
      keepSpare(spare, task.buffer);
      return;
    }
    // (processTask answers its errors as data; nothing here may reject, or every later task
    // in the chain would be skipped and the pool would wait for their answers forever)
    last = last.then(async () => {
      const reply = await processTask(task);
      try {
        // an encoded record's bytes move to the main thread (transferred: not copied)
        const v = reply.ok ? (reply.value as { utf8?: { bytes: Uint8Array } }) : undefined;
        port.postMessage(reply, v?.utf8 ? [v.utf8.bytes.buffer as ArrayBuffer] : []);
      } catch (e) {
        // a result that cannot be cloned: report it as this document's error
        try {
          port.postMessage(failureReply(e));
        } catch {
          // the port is gone: the thread is being terminated
        }
      }
    });
  });
}
