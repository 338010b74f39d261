import path from 'node:path';
import type { DocRecord } from '../doc/types.js';
import type { DocFailure } from '../pipeline/run.js';
import { AtomicFile } from './atomic.js';
import {
  DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, csvHeader, csvRows, documentRows, entityRows, factRows,
} from './csv.js';

/** a record's entity types, fact types and diagnostic codes, counted (for summary.json) */
export interface RecordTally {
  entities: Record<string, number>;
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
  /** the record's lines of documents.csv, entities.csv and facts.csv; null when CSV is not written */
  csv: [documents: string, entities: string, facts: string] | null;
  tally: RecordTally;
}

/** m[k] += n (from 0) */
export function countInto(m: Record<string, number>, k: string, n = 1): void {
  m[k] = (m[k] ?? 0) + n;
}

/** add a tally into a running one (summary.json's counts) */
export function addTally(into: RecordTally, t: RecordTally): void {
  for (const [k, n] of Object.entries(t.entities)) countInto(into.entities, k, n);
  for (const [k, n] of Object.entries(t.facts)) countInto(into.facts, k, n);
  for (const [k, n] of Object.entries(t.diagnostics)) countInto(into.diagnostics, k, n);
}

/** a record's entity types, fact types and diagnostic codes, counted */
export function tallyRecord(record: DocRecord): RecordTally {
  const tally: RecordTally = { entities: {}, facts: {}, diagnostics: {} };
  for (const e of record.entities) countInto(tally.entities, e.type);
  for (const f of record.facts) countInto(tally.facts, f.type);
  for (const d of record.diagnostics) countInto(tally.diagnostics, d.code);
  return tally;
}

/** a record's output text (and its CSV lines when `csv`) and its counts */
export function encodeRecord(record: DocRecord, csv: boolean): EncodedRecord {
  return {
    json: JSON.stringify(record),
    csv: csv ? [csvRows(documentRows(record)), csvRows(entityRows(record)), csvRows(factRows(record))] : null,
    tally: tallyRecord(record),
  };
}

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
 * records.jsonl, records.json, documents.csv, entities.csv, facts.csv, errors.jsonl.
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

  /** write a record encoded by encodeRecord (with CSV lines when this sink writes CSV) */
  writeEncoded(e: EncodedRecord): void {
    const o = this.open;
    if (o['records.jsonl']) o['records.jsonl'].write(e.json + '\n');
    if (o['records.json']) o['records.json'].write((this.jsonCount++ ? ',\n' : '\n') + e.json);
    if (o['documents.csv']) {
      if (!e.csv) throw new Error('OutputSink.writeEncoded: the record was encoded without its CSV lines');
      o['documents.csv'].write(e.csv[0]);
      o['entities.csv'].write(e.csv[1]);
      o['facts.csv'].write(e.csv[2]);
    }
  }

  writeError(f: DocFailure | ErrorLine): void {
    const line: ErrorLine = { source: f.source, stage: f.stage, code: f.code, message: f.message };
    this.open['errors.jsonl'].write(JSON.stringify(line) + '\n');
  }

  commit(): void {
    if (this.open['records.json']) this.open['records.json'].write(this.jsonCount ? '\n]\n' : ']\n');
    for (const f of Object.values(this.open)) f.commit();
  }

  abort(): void {
    for (const f of Object.values(this.open)) f.abort();
  }
}
