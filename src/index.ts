/**
 * thai-extract — the library. The common path:
 *
 *   import { loadPipeline, processText, processFile, runBatch } from 'thai-extract';
 *   const pipeline = loadPipeline();                       // the bundled "gov-press"
 *   const record = processText(pipeline, text, { published: '2020-09-10' });
 *   const fromFile = processFile(pipeline, 'release.txt');  // bytes decoded as `run` does
 *   await runBatch({ pipeline, inputs: ['corpus/'], out: 'out' });
 *
 * Stage-level pieces are under 'thai-extract/stages', the CSV/JSON writers under
 * 'thai-extract/output', the Thai numbers/dates normaliser under 'thai-extract/numbers-dates',
 * the BullMQ queue under 'thai-extract/queue' (docs/architecture.md lists them).
 */

// pipelines
export {
  loadPipeline, createPipeline, bundledPipelineNames, type Pipeline, type PipelineSpec, type BuildOptions,
} from './pipeline/load.js';

// one document
export {
  processText, processFile, processDocument,
  type ProcessTextOptions, type ProcessFileOptions, type DocInput, type DocOutcome, type DocSuccess, type DocFailure,
} from './pipeline/run.js';

// batches
export {
  runBatch, type BatchOptions, type BatchProgress, type BatchResult, type BatchSummary, type IncrementalStats,
} from './pipeline/batch.js';
export type { PipelineSource } from './pipeline/pool.js';
export { OUTPUT_FORMATS, type OutputFormat } from './output/writers.js';

// what changed between two runs (thai-extract diff)
export { diffOutputs, formatDiff, type OutputsDiff, type DocumentDiff, type ItemChange, type FieldChange } from './diff/index.js';

// the review page (thai-extract review)
export { buildReview, type ReviewOptions, type ReviewResult } from './review/build.js';

// evaluation against gold files
export { evaluate, loadGold, formatReport, type EvalReport, type GoldDoc, type GoldEvent } from './eval/index.js';

// the records (src/schemas/record.schema.json)
export {
  ENTITY_TYPES, FACT_TYPES, EVENT_TYPES,
  type DocRecord, type Entity, type EntityType, type Fact, type FactType, type EntityRef, type Diagnostic, type DiagnosticLevel,
  type EventRecord, type EventType, type EventStatus, type EventParticipant,
  type Span, type PersonValue, type PositionValue, type NameValue, type DateValue, type TimeValue, type NumberValue, type UrlValue,
} from './doc/types.js';
export { recordSchema, pipelineSchema } from './schemas/index.js';

// errors
export { ThaiExtractError, isThaiExtractError, ERROR_CODES, type ErrorCode, type ErrorContext } from './errors.js';
