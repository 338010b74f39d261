/**
 * 'thai-extract/stages': the pieces of a pipeline, for writing a stage of your own or running
 * one step alone — the Doc and its views, the offset helpers, every stage factory and the pure
 * function behind it. See docs/architecture.md.
 */
export * from '../doc/types.js';
export { ViewBuilder, identityView, viewSpanToInput, viewToInputStart, inputToView, checkSpans } from '../doc/offsets.js';

export type { Stage, StageFactory, StageContext, JsonSchema } from '../pipeline/stage.js';
export { defineStage } from '../pipeline/stage.js';
export { makeStageContext, LoadedFiles } from '../pipeline/context.js';
export { resolvePipelinePath, BUNDLED_PIPELINES_DIR, DEFAULT_MAX_INPUT_BYTES, INITIAL_KEYS } from '../pipeline/load.js';
export { makeDoc, defaultDocId, sha256Hex } from '../pipeline/run.js';
export { findInputs, type InputFile } from '../pipeline/inputs.js';
export { compileSchema } from '../schemas/ajv.js';

export { STAGE_FACTORIES } from '../stages/index.js';
export { decodeStage, decodeBytes, extractHtml, looksLikeHtml, type Decoded, type HtmlExtract } from '../stages/decode/index.js';
export {
  normaliseStage, normalise, normaliseString, thaiToArabicDigits, joinSplitWords, type DigitMode, type NormaliseOptions,
} from '../stages/normalise/index.js';
export { zonesStage, ZONES_RULES_SCHEMA } from '../stages/zones/index.js';
export {
  segmentStage, segment, createSegmenter, tokensToInput, ENGINES, DEFAULT_ENGINE, type Segmenter, type SegmentOptions,
} from '../stages/segment/index.js';
export { sentencesStage, splitSentences, loadDefaultSentenceRules, type Sentence, type SentenceRules } from '../stages/sentences/index.js';
export { numbersDatesStage } from '../stages/numbers-dates/index.js';
export { entitiesStage, extractEntities, resolveOverlaps, compileRules } from '../stages/entities/index.js';
export { factsStage, extractFacts } from '../stages/facts/index.js';
export { eventsStage, extractEvents, compileEventRules, eventRulesSchema } from '../stages/events/index.js';
export { validateStage, buildRecord, validateRecord } from '../stages/validate/index.js';
