/**
 * thai-extract — the library. Everything the CLI does is reachable from here.
 *
 *   import { loadPipeline, processText, runBatch } from 'thai-extract';
 *   const pipeline = loadPipeline();            // bundled "gov-press"
 *   const record = processText(pipeline, text, { published: '2020-09-10' });
 */
export * from './doc/types.js';
export { ViewBuilder, identityView, viewSpanToInput, viewToInputStart, inputToView, checkSpans } from './doc/offsets.js';
export { ThaiExtractError, isThaiExtractError, ERROR_CODES, type ErrorCode, type ErrorContext } from './errors.js';

export type { Stage, StageFactory, StageContext, JsonSchema } from './pipeline/stage.js';
export { defineStage } from './pipeline/stage.js';
export { makeStageContext, LoadedFiles } from './pipeline/context.js';
export {
  loadPipeline, createPipeline, resolvePipelinePath, bundledPipelineNames, BUNDLED_PIPELINES_DIR,
  DEFAULT_MAX_INPUT_BYTES, INITIAL_KEYS, type Pipeline, type PipelineSpec, type BuildOptions,
} from './pipeline/load.js';
export {
  processDocument, processText, makeDoc, defaultDocId, sha256Hex,
  type DocInput, type DocOutcome, type DocSuccess, type DocFailure, type ProcessTextOptions,
} from './pipeline/run.js';
export { runBatch, type BatchOptions, type BatchProgress, type BatchResult, type BatchSummary } from './pipeline/batch.js';
export { findInputs, globToRegExp, type InputFile } from './pipeline/inputs.js';

export { STAGE_FACTORIES } from './stages/index.js';
export { validateStage, buildRecord, validateRecord } from './stages/validate/index.js';

export { pipelineSchema, recordSchema, SCHEMAS_DIR } from './schemas/index.js';
export { compileSchema } from './schemas/ajv.js';

export { OutputSink, OUTPUT_FORMATS, type OutputFormat, type ErrorLine } from './output/writers.js';
export { AtomicFile, writeFileAtomic } from './output/atomic.js';
export {
  csvHeader, csvRows, documentRows, entityRows, factRows, DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS,
} from './output/csv.js';

export { runCli, EXIT, type CliIO } from './cli/cli.js';
