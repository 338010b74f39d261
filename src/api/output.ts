/**
 * 'thai-extract/output': the files `thai-extract run` writes, for writing them from records
 * of your own (docs/records.md describes the files).
 */
export {
  OutputSink, OUTPUT_FORMATS, encodeRecord, tallyRecord, type OutputFormat, type ErrorLine, type EncodedRecord, type RecordTally,
} from '../output/writers.js';
export {
  csvHeader, csvRows, documentRows, entityRows, factRows, eventRows, participantRows,
  DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, EVENT_COLUMNS, PARTICIPANT_COLUMNS,
} from '../output/csv.js';
export { readManifest, MANIFEST_FILE, type Manifest } from '../pipeline/manifest.js';
export { lockOutput, LOCK_FILE, type LockOptions } from '../output/lock.js';
