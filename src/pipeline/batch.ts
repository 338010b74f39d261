import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { ThaiExtractError } from '../errors.js';
import type { DocRecord } from '../doc/types.js';
import { writeFileAtomic } from '../output/atomic.js';
import { OutputSink, type OutputFormat } from '../output/writers.js';
import { findInputs, type InputFile } from './inputs.js';
import type { Pipeline } from './load.js';
import { processDocument, type DocFailure, type DocOutcome } from './run.js';

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
  /** source of the document that just finished */
  source: string;
  elapsedMs: number;
}

export interface BatchOptions {
  pipeline: Pipeline;
  /** files, folders (recursive *.txt) or globs — or an already expanded list */
  inputs: string[] | InputFile[];
  /** output folder; when omitted nothing is written and records are returned */
  out?: string;
  formats?: readonly OutputFormat[];
  /** documents read and processed at once (default 4) */
  concurrency?: number;
  onProgress?: (p: BatchProgress) => void;
  /** called for every document outcome, in source order */
  onDocument?: (o: DocOutcome) => void;
}

export interface BatchSummary {
  pipeline: string;
  rulesHash: string;
  documents: { total: number; succeeded: number; failed: number };
  counts: { entities: Record<string, number>; facts: Record<string, number>; diagnostics: Record<string, number> };
  errors: Record<string, number>;
  chars: number;
  files: string[];
  /** wall-clock figures: the one part of the outputs that differs between identical runs */
  timings: { wallMs: number; processMs: number; docsPerSecond: number; charsPerSecond: number };
}

export interface BatchResult {
  summary: BatchSummary;
  /** records in source order (only when `out` is not given) */
  records?: DocRecord[];
  failures: DocFailure[];
}

function inc(m: Record<string, number>, k: string, n = 1) {
  m[k] = (m[k] ?? 0) + n;
}

function sortKeys(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

async function readInput(file: InputFile): Promise<Uint8Array | DocFailure> {
  try {
    return await readFile(file.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const err = new ThaiExtractError('TE301', `cannot read input file (${code})`, { file: file.source });
    return { ok: false, source: file.source, stage: null, code: err.code, message: err.message, ms: 0 };
  }
}

/**
 * Run a pipeline over many documents. Documents are read with bounded concurrency, processed,
 * and written in source order whatever the concurrency, so two runs give the same files (but
 * for summary.json's `timings`). A failing document is reported (errors.jsonl, `failures`)
 * and the batch goes on. Configuration and input-discovery problems throw before anything runs.
 */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const t0 = performance.now();
  const { pipeline } = options;
  const formats = options.formats ?? ['jsonl', 'csv'];
  const files: InputFile[] =
    options.inputs.length && typeof options.inputs[0] !== 'string'
      ? (options.inputs as InputFile[])
      : findInputs(options.inputs as string[]).files;
  if (files.length === 0) throw new ThaiExtractError('TE202', 'no input documents', { value: options.inputs });

  const sink = options.out ? new OutputSink(options.out, formats) : null;
  const records: DocRecord[] | undefined = sink ? undefined : [];
  const failures: DocFailure[] = [];
  const counts = { entities: {} as Record<string, number>, facts: {} as Record<string, number>, diagnostics: {} as Record<string, number> };
  const errors: Record<string, number> = {};
  let chars = 0;
  let processMs = 0;
  let done = 0;
  let failedSoFar = 0;

  // results arrive in any order; they are written strictly in source order
  const pending = new Map<number, DocOutcome>();
  let next = 0;
  const flush = () => {
    while (pending.has(next)) {
      const o = pending.get(next)!;
      pending.delete(next);
      next++;
      options.onDocument?.(o);
      if (o.ok) {
        sink?.writeRecord(o.record);
        records?.push(o.record);
        chars += o.doc.text?.length ?? 0;
        for (const e of o.record.entities) inc(counts.entities, e.type);
        for (const f of o.record.facts) inc(counts.facts, f.type);
        for (const d of o.record.diagnostics) inc(counts.diagnostics, d.code);
      } else {
        sink?.writeError(o);
        failures.push(o);
        inc(errors, o.code);
      }
    }
  };

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  try {
    await Promise.all(
      files.map((file, i) =>
        limit(async () => {
          const bytes = await readInput(file);
          const outcome: DocOutcome = bytes instanceof Uint8Array ? processDocument(pipeline, { source: file.source, bytes }) : bytes;
          processMs += outcome.ms;
          if (!outcome.ok) failedSoFar++;
          pending.set(i, outcome);
          flush();
          done++;
          options.onProgress?.({
            done,
            total: files.length,
            failed: failedSoFar,
            source: file.source,
            elapsedMs: performance.now() - t0,
          });
        }),
      ),
    );
  } catch (e) {
    sink?.abort();
    throw e;
  }

  const wallMs = performance.now() - t0;
  const summary: BatchSummary = {
    pipeline: pipeline.id,
    rulesHash: pipeline.rulesHash,
    documents: { total: files.length, succeeded: files.length - failures.length, failed: failures.length },
    counts: { entities: sortKeys(counts.entities), facts: sortKeys(counts.facts), diagnostics: sortKeys(counts.diagnostics) },
    errors: sortKeys(errors),
    chars,
    files: sink ? [...sink.files, 'summary.json'] : [],
    timings: {
      wallMs: Math.round(wallMs),
      processMs: Math.round(processMs),
      docsPerSecond: Math.round((files.length / wallMs) * 1000 * 10) / 10,
      charsPerSecond: Math.round((chars / wallMs) * 1000),
    },
  };
  if (sink && options.out) {
    try {
      sink.commit();
      writeFileAtomic(path.join(options.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    } catch (e) {
      sink.abort();
      throw e;
    }
  }
  return { summary, records, failures };
}
