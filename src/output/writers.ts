import path from 'node:path';
import type { DocRecord } from '../doc/types.js';
import type { DocFailure } from '../pipeline/run.js';
import { AtomicFile } from './atomic.js';
import {
  DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, EVENT_COLUMNS, PARTICIPANT_COLUMNS, csvHeader, csvRows, documentRows, entityRows, factRows, eventRows, participantRows,
  failureRows,
} from './csv.js';

/** a record's entity types, fact types and diagnostic codes, counted (for summary.json) */
export interface RecordTally {
  entities: Record<string, number>;
  /** events by type */
  events: Record<string, number>;
  facts: Record<string, number>;
  diagnostics: Record<string, number>;
}

/**
 * What the output files take of a record, made once per record: in the worker thread that
 * produced it (so that only strings cross to the main thread, not the record's object tree),
 * or in the main thread for a record processed there.
 */
export interface EncodedRecord {
  /** JSON.stringify(record): the text of records.jsonl, records.json and the result journal */
  json: string;
  /** the record's lines of the CSV files (CSV_FILES' order); null when CSV is not written */
  csv: [documents: string, entities: string, facts: string, events: string, participants: string] | null;
  tally: RecordTally;
  /**
   * The same text as UTF-8, when the record was encoded in a worker thread (see toUtf8): the
   * output files and the journal are written from these bytes, and `json` and `csv` are
   * decoded from them only if read.
   */
  utf8?: EncodedUtf8;
}

/** An encoded record's text as UTF-8 bytes: the JSON, a line feed, then the CSV lines. */
export interface EncodedUtf8 {
  bytes: Uint8Array;
  /** byte lengths: of the JSON, then (when CSV) of the lines of each CSV file (CSV_FILES' order) */
  lengths: number[];
  /**
   * Give the buffer back to the thread that made it, for its next record (the batch calls it
   * once the record is written; its text cannot be read afterwards). Without it, the buffers
   * of a long run pile up in the main thread until a garbage collection frees them.
   */
  release?: () => void;
}

/** the size of a new buffer for `n` bytes: a power of two, at least 64 KB (so that buffers are reused) */
function bufferSize(n: number): number {
  let size = 1 << 16;
  while (size < n) size *= 2;
  return size;
}

/** buffers given back kept for reuse, a thread (see toUtf8, keepSpare) */
const MAX_SPARE_BUFFERS = 8;

/** keep a buffer given back for a later toUtf8 (at most MAX_SPARE_BUFFERS of them) */
export function keepSpare(spare: ArrayBuffer[], buffer: ArrayBuffer): void {
  if (spare.length < MAX_SPARE_BUFFERS) spare.push(buffer);
}

/**
 * An encoded record's text as UTF-8, in a buffer of its own: one of `spare` (buffers given
 * back) big enough, else a new one. A worker thread sends these bytes (the buffer transferred,
 * not copied) instead of the strings, and the main thread writes them as they are to every
 * file: as strings, ~50 KB a release was received and encoded again for each file — most of
 * the main thread's garbage, on which V8 let its heap grow to ~5 times what it kept alive.
 */
export function toUtf8(e: EncodedRecord, spare: ArrayBuffer[] = []): EncodedUtf8 {
  const parts = e.csv ? [e.json, ...e.csv] : [e.json];
  const lengths = parts.map((p) => Buffer.byteLength(p, 'utf8'));
  let total = 1;
  for (const n of lengths) total += n;
  const k = spare.findIndex((b) => b.byteLength >= total);
  const ab = k >= 0 ? spare.splice(k, 1)[0] : new ArrayBuffer(bufferSize(total));
  const buf = Buffer.from(ab, 0, total);
  let at = buf.write(e.json, 0, 'utf8');
  buf[at++] = 0x0a;
  for (let j = 1; j < parts.length; j++) at += buf.write(parts[j], at, 'utf8');
  return { bytes: new Uint8Array(ab, 0, total), lengths };
}

/** The pieces of an encoded record's UTF-8 text (views of its buffer). */
export interface Utf8Parts {
  /** the JSON */
  json: Uint8Array;
  /** the JSON and its line feed (a records.jsonl line) */
  line: Uint8Array;
  /** the lines of each CSV file (CSV_FILES' order); null when CSV was not encoded */
  csv: Uint8Array[] | null;
}

export function utf8Parts({ bytes, lengths }: EncodedUtf8): Utf8Parts {
  if (bytes.buffer.byteLength === 0) throw new Error('the encoded record was released: its text can no longer be read');
  let csv: Uint8Array[] | null = null;
  if (lengths.length === 1 + CSV_FILES.length) {
    csv = [];
    let at = lengths[0] + 1;
    for (let k = 1; k < lengths.length; k++) csv.push(bytes.subarray(at, (at += lengths[k])));
  }
  return { json: bytes.subarray(0, lengths[0]), line: bytes.subarray(0, lengths[0] + 1), csv };
}

/** does an encoded record hold its CSV lines (without decoding them) */
export function hasCsv(e: EncodedRecord): boolean {
  return e.utf8 ? e.utf8.lengths.length === 1 + CSV_FILES.length : e.csv !== null;
}

/** the EncodedRecord of bytes made by toUtf8 (its `json` and `csv` decoded when first read) */
export function fromUtf8(utf8: EncodedUtf8, tally: RecordTally): EncodedRecord {
  const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
  let json: string | undefined;
  let csv: EncodedRecord['csv'] | undefined;
  return {
    tally,
    utf8,
    get json() {
      return (json ??= text(utf8Parts(utf8).json));
    },
    get csv() {
      if (csv === undefined) {
        const parts = utf8Parts(utf8).csv;
        csv = parts ? [text(parts[0]), text(parts[1]), text(parts[2]), text(parts[3]), text(parts[4])] : null;
      }
      return csv;
    },
  };
}

/** m[k] += n (from 0) */
export function countInto(m: Record<string, number>, k: string, n = 1): void {
  m[k] = (m[k] ?? 0) + n;
}

/** add a tally into a running one (summary.json's counts) */
export function addTally(into: RecordTally, t: RecordTally): void {
  for (const [k, n] of Object.entries(t.entities)) countInto(into.entities, k, n);
  for (const [k, n] of Object.entries(t.events ?? {})) countInto(into.events, k, n);
  for (const [k, n] of Object.entries(t.facts)) countInto(into.facts, k, n);
  for (const [k, n] of Object.entries(t.diagnostics)) countInto(into.diagnostics, k, n);
}

/** a record's entity types, fact types and diagnostic codes, counted */
export function tallyRecord(record: DocRecord): RecordTally {
  const tally: RecordTally = { entities: {}, events: {}, facts: {}, diagnostics: {} };
  for (const e of record.entities) countInto(tally.entities, e.type);
  for (const e of record.events ?? []) countInto(tally.events, e.type);
  for (const f of record.facts) countInto(tally.facts, f.type);
  for (const d of record.diagnostics) countInto(tally.diagnostics, d.code);
  return tally;
}

/** a record's output text (and its CSV lines when `csv`) and its counts */
export function encodeRecord(record: DocRecord, csv: boolean): EncodedRecord {
  return {
    json: JSON.stringify(record),
    csv: csv
      ? [csvRows(documentRows(record)), csvRows(entityRows(record)), csvRows(factRows(record)), csvRows(eventRows(record)), csvRows(participantRows(record))]
      : null,
    tally: tallyRecord(record),
  };
}

/** the CSV files, in the order of EncodedRecord.csv */
const CSV_FILES = ['documents.csv', 'entities.csv', 'facts.csv', 'events.csv', 'participants.csv'] as const;

export type OutputFormat = 'jsonl' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jsonl', 'csv', 'json'];

/** the per-document failure line of errors.jsonl */
export interface ErrorLine {
  source: string;
  stage: string | null;
  code: string;
  message: string;
}

/**
 * Streams records (in the order given) into the output files of a batch run, each through
 * a temporary file renamed into place by `commit()`:
 * records.jsonl, records.json, documents.csv, entities.csv, facts.csv, events.csv, participants.csv, errors.jsonl.
 */
export class OutputSink {
  readonly files: string[] = [];
  private readonly open: Record<string, AtomicFile> = {};
  private jsonCount = 0;

  constructor(readonly outDir: string, readonly formats: readonly OutputFormat[]) {
    const add = (name: string, head = '') => {
      const f = new AtomicFile(path.join(outDir, name));
      this.open[name] = f;
      this.files.push(name);
      if (head) f.write(head);
    };
    try {
      if (formats.includes('jsonl')) add('records.jsonl');
      if (formats.includes('json')) add('records.json', '[');
      if (formats.includes('csv')) {
        add('documents.csv', csvHeader(DOCUMENT_COLUMNS));
        add('entities.csv', csvHeader(ENTITY_COLUMNS));
        add('facts.csv', csvHeader(FACT_COLUMNS));
        add('events.csv', csvHeader(EVENT_COLUMNS));
        add('participants.csv', csvHeader(PARTICIPANT_COLUMNS));
      }
      add('errors.jsonl');
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** does this sink write CSV files (then encodeRecord must be asked for CSV lines) */
  get csv(): boolean {
    return this.open['documents.csv'] !== undefined;
  }

  writeRecord(r: DocRecord): void {
    this.writeEncoded(encodeRecord(r, this.csv));
  }

  /**
   * write a record encoded by encodeRecord (with CSV lines when this sink writes CSV): from its
   * UTF-8 bytes when it has them, else from its strings — the same bytes either way
   */
  writeEncoded(e: EncodedRecord): void {
    const o = this.open;
    const u = e.utf8 ? utf8Parts(e.utf8) : null;
    if (o['records.jsonl']) o['records.jsonl'].write(u ? u.line : e.json + '\n');
    if (o['records.json']) {
      o['records.json'].write(this.jsonCount++ ? ',\n' : '\n');
      o['records.json'].write(u ? u.json : e.json);
    }
    if (o['documents.csv']) {
      const csv = u ? u.csv : e.csv;
      if (!csv) throw new Error('OutputSink.writeEncoded: the record was encoded without its CSV lines');
      for (let k = 0; k < CSV_FILES.length; k++) if (csv[k].length > 0) o[CSV_FILES[k]].write(csv[k]);
    }
  }

  /** a failed document: its line of errors.jsonl, and its row of documents.csv (status failed) */
  writeError(f: DocFailure | ErrorLine): void {
    const line: ErrorLine = { source: f.source, stage: f.stage, code: f.code, message: f.message };
    this.open['errors.jsonl'].write(JSON.stringify(line) + '\n');
    this.open['documents.csv']?.write(csvRows(failureRows(f)));
  }

  commit(): void {
    if (this.open['records.json']) this.open['records.json'].write(this.jsonCount ? '\n]\n' : ']\n');
    for (const f of Object.values(this.open)) f.commit();
  }

  abort(): void {
    for (const f of Object.values(this.open)) f.abort();
  }
}
