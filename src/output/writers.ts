import path from 'node:path';
import type { DocRecord } from '../doc/types.js';
import type { DocFailure } from '../pipeline/run.js';
import { AtomicFile } from './atomic.js';
import {
  DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, csvHeader, csvRows, documentRows, entityRows, factRows,
} from './csv.js';

/**
 * JSON.stringify(record), made once per record: the result journal and records.jsonl (and
 * records.json) write the same text, which is the larger part of a record's serialisation cost.
 */
const recordJsonMemo = new WeakMap<DocRecord, string>();
export function recordJson(record: DocRecord): string {
  let s = recordJsonMemo.get(record);
  if (s === undefined) {
    s = JSON.stringify(record);
    recordJsonMemo.set(record, s);
  }
  return s;
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

  writeRecord(r: DocRecord): void {
    const o = this.open;
    if (o['records.jsonl']) o['records.jsonl'].write(recordJson(r) + '\n');
    if (o['records.json']) o['records.json'].write((this.jsonCount++ ? ',\n' : '\n') + recordJson(r));
    if (o['documents.csv']) {
      o['documents.csv'].write(csvRows(documentRows(r)));
      o['entities.csv'].write(csvRows(entityRows(r)));
      o['facts.csv'].write(csvRows(factRows(r)));
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
