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
export {
  runBatch, checkUpToDate, defaultThreads, DOCUMENTS_PER_THREAD, type BatchOptions, type BatchProgress, type BatchResult, type BatchSummary, type IncrementalStats,
} from './pipeline/batch.js';
export { readManifest, MANIFEST_FILE, type Manifest, type PipelineStamp } from './pipeline/manifest.js';
export type { PipelineSource } from './pipeline/pool.js';
export { codeStamp } from './pipeline/code-stamp.js';
export { startJitWarmup, defaultInterruptBudget, type JitWarmup, type JitWarmupOptions } from './pipeline/jit.js';
export { limitHeapGrowth, heapGrowthPercent, DEFAULT_HEAP_GROWING_PERCENT, type HeapGrowth, type HeapGrowthOptions } from './pipeline/heap.js';
export { evaluate, loadGold, compareDoc, formatReport, normName, type EvalReport, type GoldDoc } from './eval/index.js';
export { findInputs, globToRegExp, type InputFile } from './pipeline/inputs.js';

export { STAGE_FACTORIES } from './stages/index.js';
export { decodeStage, decodeBytes, extractHtml, looksLikeHtml, type Decoded, type HtmlExtract } from './stages/decode/index.js';
export {
  normaliseStage, normalise, normaliseString, thaiToArabicDigits, joinSplitWords, type DigitMode, type NormaliseOptions,
} from './stages/normalise/index.js';
export { zonesStage, ZONES_RULES_SCHEMA } from './stages/zones/index.js';
export {
  segmentStage, segment, createSegmenter, tokensToInput, ENGINES, DEFAULT_ENGINE, type Segmenter, type SegmentOptions,
} from './stages/segment/index.js';
export { sentencesStage, splitSentences, loadDefaultSentenceRules, type Sentence, type SentenceRules } from './stages/sentences/index.js';
export { numbersDatesStage } from './stages/numbers-dates/index.js';
export { entitiesStage, extractEntities, resolveOverlaps, compileRules, Trie } from './stages/entities/index.js';
export { factsStage, extractFacts, FACT_TYPES } from './stages/facts/index.js';
export { validateStage, buildRecord, validateRecord } from './stages/validate/index.js';

/** the Thai numbers/dates normaliser, also importable alone as 'thai-extract/numbers-dates' */
export {
  thaiDigitsToArabic, arabicToThaiDigits, beToCe, ceToBe, parseThaiNumber, wordsToNumber, parseThaiDate,
  findDates, findTimes, findNumbers, findUrls, analyse, createNormaliser, defaultNormaliser, Normaliser,
  type FoundItem, type AnalyseOptions, type AnalyseResult,
} from './thai-numbers-dates/index.js';

export { pipelineSchema, recordSchema, SCHEMAS_DIR } from './schemas/index.js';
export { compileSchema } from './schemas/ajv.js';

export {
  OutputSink, OUTPUT_FORMATS, encodeRecord, tallyRecord, type OutputFormat, type ErrorLine, type EncodedRecord, type EncodedUtf8, type RecordTally,
} from './output/writers.js';
export { AtomicFile, writeFileAtomic } from './output/atomic.js';
export {
  csvHeader, csvRows, documentRows, entityRows, factRows, DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS,
} from './output/csv.js';

export { runCli, EXIT, type CliIO } from './cli/cli.js';
