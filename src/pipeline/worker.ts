/**
 * Worker-thread entry (loaded by tinypool from dist/pipeline/worker.js). Each thread builds a
 * pipeline once per distinct description — dictionaries loaded, rules compiled — and keeps it
 * for every later document.
 */
import type { Pipeline } from './load.js';
import { buildPipelineFromSource, checkSamePipeline, toDocResult, type DocResult, type WorkerTask } from './pool.js';
import { processDocument, type DocInput } from './run.js';

/** Process one document and keep what crosses threads/processes (also used by queue workers). */
export function processToResult(pipeline: Pipeline, input: DocInput): DocResult {
  return toDocResult(processDocument(pipeline, input));
}

const pipelines = new Map<string, Promise<Pipeline>>();

function pipelineFor(task: WorkerTask): Promise<Pipeline> {
  const key = JSON.stringify(task.pipeline);
  let p = pipelines.get(key);
  if (!p) {
    p = buildPipelineFromSource(task.pipeline).then((built) => {
      checkSamePipeline(built, task.expect, 'a worker thread');
      return built;
    });
    pipelines.set(key, p);
  }
  return p;
}

export default async function processTask(task: WorkerTask): Promise<DocResult> {
  const pipeline = await pipelineFor(task);
  const input = task.input.bytes && !(task.input.bytes instanceof Uint8Array) ? { ...task.input, bytes: new Uint8Array(task.input.bytes as ArrayBufferLike) } : task.input;
  return processToResult(pipeline, input);
}
