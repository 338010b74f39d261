import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ThaiExtractError, isThaiExtractError, type ErrorCode } from '../errors.js';
import type { Doc, DocHints, DocRecord } from '../doc/types.js';
import { buildRecord, validateRecord } from '../stages/validate/index.js';
import type { Pipeline } from './load.js';
import { defaultDocId } from '../doc/id.js';
import { tooLargeError } from './inputs.js';

/** One document to process: raw bytes (from a file) or an already decoded string. */
export interface DocInput {
  /** path relative to the input root, or any name the caller chooses */
  source: string;
  bytes?: Uint8Array;
  text?: string;
  /** document id; defaults to the source without its extension */
  id?: string;
  hints?: DocHints;
}

export interface DocSuccess {
  ok: true;
  source: string;
  record: DocRecord;
  /** the final Doc with every view (norm, zones, tokens, sentences …) */
  doc: Doc;
  ms: number;
}

export interface DocFailure {
  ok: false;
  source: string;
  /** the stage that failed, or null for input checks before any stage */
  stage: string | null;
  code: ErrorCode;
  message: string;
  ms: number;
}

export type DocOutcome = DocSuccess | DocFailure;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export { defaultDocId };

/** the Doc a pipeline starts from */
export function makeDoc(input: DocInput, pipeline: Pipeline): Doc {
  const doc: Doc = {
    id: input.id ?? defaultDocId(input.source),
    source: input.source,
    sha256: sha256Hex(input.bytes ?? input.text ?? ''),
    hints: input.hints ?? {},
    pipeline: pipeline.id,
    diagnostics: [],
  };
  if (input.bytes) doc.bytes = input.bytes;
  else if (input.text !== undefined) doc.text = input.text;
  return doc;
}

/** the package folder, removed from stack traces so errors.jsonl is the same on every machine */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function describeThrown(e: unknown): string {
  const text = (e as Error)?.stack ?? String(e);
  return text.split(pathToFileURL(PACKAGE_ROOT).href).join('').split(PACKAGE_ROOT).join('');
}

/** Run every stage on one document. Never throws for a document's own problems: returns a DocFailure. */
export function processDocument(pipeline: Pipeline, input: DocInput): DocOutcome {
  const t0 = performance.now();
  const fail = (stage: string | null, e: unknown): DocFailure => {
    const te = isThaiExtractError(e)
      ? e
      : new ThaiExtractError('TE305', `stage "${stage}" threw: ${describeThrown(e)}`, { file: input.source, stage: stage ?? undefined });
    return { ok: false, source: input.source, stage, code: te.code, message: te.message, ms: performance.now() - t0 };
  };
  const size = input.bytes ? input.bytes.length : input.text !== undefined ? Buffer.byteLength(input.text) : 0;
  if (size === 0) return fail(null, new ThaiExtractError('TE302', 'the document has no content', { file: input.source }));
  if (size > pipeline.maxInputBytes) {
    return fail(null, tooLargeError(input.source, size, pipeline.maxInputBytes));
  }
  let doc = makeDoc(input, pipeline);
  // the time budget: checked after each stage (every stage is linear in its input, so only a
  // very large or pathological document, or a starved machine, comes near it)
  const budget = pipeline.maxDocumentMs ?? Infinity;
  for (const stage of pipeline.stages) {
    try {
      doc = stage.run(doc);
    } catch (e) {
      return fail(stage.name, e);
    }
    const ms = performance.now() - t0;
    if (ms > budget) {
      return fail(stage.name, new ThaiExtractError(
        'TE311',
        `after stage "${stage.name}" the document had taken ${Math.round(ms)} ms, over the pipeline's time budget of ${budget} ms (maxDocumentMs): skipped; raise maxDocumentMs in the pipeline file to process it`,
        { file: input.source, stage: stage.name },
      ));
    }
  }
  try {
    if (!doc.record) {
      const record = buildRecord(doc, pipeline.id);
      validateRecord(record, doc.text ?? '', doc.source);
      doc = { ...doc, record };
    }
  } catch (e) {
    return fail('validate', e);
  }
  // the raw bytes are not needed past decoding; don't keep them alive in results
  const { bytes: _bytes, ...rest } = doc;
  return { ok: true, source: input.source, record: doc.record!, doc: rest, ms: performance.now() - t0 };
}

export interface ProcessTextOptions {
  /** document id (default "doc") */
  id?: string;
  /** publication date hint, YYYY-MM-DD */
  published?: string;
  /** a name for the document in records and errors (default "<text>") */
  source?: string;
}

/** Process one string; returns its record, or throws the document's ThaiExtractError. */
export function processText(pipeline: Pipeline, text: string, options: ProcessTextOptions = {}): DocRecord {
  return recordOrThrow(
    processDocument(pipeline, {
      source: options.source ?? '<text>',
      id: options.id ?? 'doc',
      text,
      hints: options.published ? { published: options.published } : {},
    }),
  );
}

export interface ProcessFileOptions {
  /** document id (default: `source` without its extension) */
  id?: string;
  /** publication date hint, YYYY-MM-DD */
  published?: string;
  /** the document's name in records and errors (default: the file's base name) */
  source?: string;
}

/**
 * Process one file as `thai-extract run` does: its bytes are decoded by the pipeline (UTF-8,
 * UTF-8 with BOM, TIS-620/windows-874), so `record.document.sha256` is the file's. Returns its
 * record, or throws the document's ThaiExtractError (TE301 unreadable, TE302 empty, TE303
 * binary or unknown encoding, TE304 too large, TE305–TE307 from the stages).
 */
export function processFile(pipeline: Pipeline, file: string, options: ProcessFileOptions = {}): DocRecord {
  const source = options.source ?? path.basename(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ThaiExtractError('TE301', `cannot read the file (${code})`, { file }, { cause: e });
  }
  return recordOrThrow(
    processDocument(pipeline, { source, id: options.id, bytes, hints: options.published ? { published: options.published } : {} }),
  );
}

function recordOrThrow(out: DocOutcome): DocRecord {
  if (!out.ok) {
    const prefix = `[${out.code}] ${out.source}: `;
    const detail = out.message.startsWith(prefix) ? out.message.slice(prefix.length) : out.message;
    throw new ThaiExtractError(out.code, detail, { file: out.source, stage: out.stage ?? undefined });
  }
  return out.record;
}
