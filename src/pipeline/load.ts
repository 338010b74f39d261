import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import type { DocKey } from '../doc/types.js';
import { STAGE_FACTORIES } from '../stages/index.js';
import { compileSchema, firstSchemaError } from '../schemas/ajv.js';
import { pipelineSchema } from '../schemas/index.js';
import { codeStamp } from './code-stamp.js';
import { DEFAULT_MAX_INPUT_BYTES } from './inputs.js';
import { BUNDLED_PIPELINES_DIR, resolvePipelinePath } from './paths.js';
import { LoadedFiles, makeStageContext } from './context.js';
import type { Stage, StageFactory } from './stage.js';

/** The parsed content of a pipeline file (src/schemas/pipeline.schema.json). */
export interface PipelineSpec {
  name: string;
  version: string;
  description?: string;
  maxInputBytes?: number;
  maxDocumentMs?: number;
  stages: { stage: string; options?: Record<string, unknown>; comment?: string }[];
}

/** A loaded, checked pipeline: its stages are built and ready to run. */
export interface Pipeline {
  name: string;
  version: string;
  /** "name@version", written into every record */
  id: string;
  description: string;
  /** absolute path of the pipeline file, or "<inline>" */
  file: string;
  stages: Stage[];
  /** sha256 over the pipeline spec, every rule/lexicon file its stages loaded, and the code (codeStamp) */
  rulesHash: string;
  maxInputBytes: number;
  /** the time budget of one document (TE311 past it; checked after each stage) */
  maxDocumentMs: number;
}

/** a pipeline's default `maxDocumentMs` (a release takes a few ms; the slowest seen, with JIT warm-up, ~3 s) */
export const DEFAULT_MAX_DOCUMENT_MS = 30_000;

export { DEFAULT_MAX_INPUT_BYTES };

/** keys a fresh Doc has before any stage runs */
export const INITIAL_KEYS: readonly DocKey[] = ['bytes'];

export { BUNDLED_PIPELINES_DIR, resolvePipelinePath, bundledPipelineNames } from './paths.js';

/** Load, validate and build a pipeline from a file path or a bundled name (default "gov-press"). */
export function loadPipeline(fileOrName = 'gov-press', options: BuildOptions = {}): Pipeline {
  const file = resolvePipelinePath(fileOrName);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ThaiExtractError('TE101', `cannot read pipeline file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
      file,
      value: fileOrName,
    });
  }
  let spec: unknown;
  try {
    spec = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (e) {
    throw new ThaiExtractError('TE102', (e as Error).message, { file });
  }
  return createPipeline(spec, { ...options, file, baseDir: path.dirname(file) });
}

export interface BuildOptions {
  /** absolute path used in error messages; "<inline>" by default */
  file?: string;
  /** folder rule/lexicon paths are resolved against; the bundled pipelines folder by default */
  baseDir?: string;
  /** extra or overriding stage factories, by name */
  factories?: Record<string, StageFactory<any>>;
}

/**
 * Validate a pipeline spec and build its stages. Throws ThaiExtractError
 * (TE103 schema, TE104 unknown stage, TE105 bad option, TE106 impossible order,
 * TE107-TE111 from the stages' rule files) naming the file and JSON pointer.
 */
export function createPipeline(spec: unknown, options: BuildOptions = {}): Pipeline {
  const file = options.file ?? '<inline>';
  const baseDir = options.baseDir ?? BUNDLED_PIPELINES_DIR;
  const factories = { ...STAGE_FACTORIES, ...(options.factories ?? {}) };

  const validate = compileSchema(pipelineSchema);
  if (!validate(spec)) {
    const err = firstSchemaError(validate.errors, spec);
    throw new ThaiExtractError('TE103', err.message, { file, pointer: err.pointer, value: err.value });
  }
  const s = spec as PipelineSpec;

  // 1. every stage exists and its options are valid; 2. the order is possible — all before building anything
  const available = new Set<DocKey>(INITIAL_KEYS);
  const checked: { factory: StageFactory<any>; options: Record<string, unknown>; pointer: string }[] = [];
  s.stages.forEach((entry, i) => {
    const pointer = `/stages/${i}`;
    const factory = Object.prototype.hasOwnProperty.call(factories, entry.stage) ? factories[entry.stage] : undefined;
    if (!factory) {
      throw new ThaiExtractError('TE104', `unknown stage (known: ${Object.keys(factories).join(', ')})`, {
        file,
        pointer: `${pointer}/stage`,
        value: entry.stage,
      });
    }
    const opts = entry.options ?? {};
    const v = compileSchema(factory.optionsSchema);
    if (!v(opts)) {
      const err = firstSchemaError(v.errors, opts);
      throw new ThaiExtractError('TE105', `stage "${entry.stage}": ${err.message}`, {
        file,
        pointer: `${pointer}/options${err.pointer}`,
        value: err.value,
      });
    }
    const missing = factory.reads.filter((k) => !available.has(k));
    if (missing.length) {
      throw new ThaiExtractError(
        'TE106',
        `stage "${entry.stage}" reads ${missing.map((k) => `"${k}"`).join(', ')} but no earlier stage adds ${missing.length > 1 ? 'them' : 'it'}`,
        { file, pointer: `${pointer}/stage`, value: entry.stage },
      );
    }
    for (const k of factory.adds) available.add(k);
    checked.push({ factory, options: opts, pointer });
  });

  const loaded = new LoadedFiles();
  const stages: Stage[] = checked.map(({ factory, options: opts, pointer }) => {
    const ctx = makeStageContext({ pipelineName: s.name, pipelineFile: file, baseDir, pointer: `${pointer}/options`, loaded });
    const run = factory.create(opts, ctx);
    return { name: factory.name, reads: factory.reads, adds: factory.adds, run };
  });
  loaded.files.set('<pipeline>', sha256Json(s));
  loaded.files.set('<code>', codeStamp());

  return {
    name: s.name,
    version: s.version,
    id: `${s.name}@${s.version}`,
    description: s.description ?? '',
    file,
    stages,
    rulesHash: loaded.hash(),
    maxInputBytes: s.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
    maxDocumentMs: s.maxDocumentMs ?? DEFAULT_MAX_DOCUMENT_MS,
  };
}

function sha256Json(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex');
}
