import { stringify } from 'csv-stringify/sync';
import type { DocRecord } from '../doc/types.js';

/**
 * CSV views of records: one row per document, entity or fact, the document id on every row.
 * Files are UTF-8 with a BOM (so Excel shows Thai) and CRLF line ends; cells starting with
 * = + - @ tab or CR are prefixed with ' (formula injection).
 */

export const DOCUMENT_COLUMNS = [
  'document_id', 'source', 'sha256', 'encoding', 'title', 'published', 'published_raw', 'source_url', 'pipeline',
  'entities', 'facts', 'diagnostics',
] as const;

export const ENTITY_COLUMNS = ['document_id', 'entity_id', 'type', 'text', 'start', 'end', 'canonical', 'value', 'rule'] as const;

export const FACT_COLUMNS = [
  'document_id', 'fact_id', 'type', 'actor_entity', 'actor_text', 'role', 'position', 'event_entity', 'event_text',
  'date', 'location', 'mode', 'evidence_start', 'evidence_end', 'rule',
] as const;

type Row = (string | number | null)[];

export function documentRows(r: DocRecord): Row[] {
  const d = r.document;
  return [[d.id, d.source, d.sha256, d.encoding, d.title, d.published, d.publishedRaw, d.sourceUrl, d.pipeline,
    r.entities.length, r.facts.length, r.diagnostics.length]];
}

export function entityRows(r: DocRecord): Row[] {
  return r.entities.map((e) => [r.document.id, e.id, e.type, e.text, e.start, e.end, e.canonical,
    e.value === undefined ? null : JSON.stringify(e.value), e.rule]);
}

export function factRows(r: DocRecord): Row[] {
  return r.facts.map((f) => [r.document.id, f.id, f.type, f.actor?.entity ?? null, f.actor?.text ?? null, f.role, f.position,
    f.event?.entity ?? null, f.event?.text ?? null, f.date, f.location, f.mode, f.evidence.start, f.evidence.end, f.rule]);
}

/**
 * quote_record_delimiter: a cell holding a line break (an entity across two lines) is quoted.
 * csv-stringify leaves it off when record_delimiter is set, and then quotes a cell only for
 * the CRLF itself: a bare LF went out unquoted and split the row for Excel and CSV readers.
 */
const OPTIONS = {
  escape_formulas: true, record_delimiter: '\r\n', quote_record_delimiter: true, cast: { boolean: (v: boolean) => String(v) },
} as const;

/** the BOM and header line of a CSV file */
export function csvHeader(columns: readonly string[]): string {
  return '\ufeff' + stringify([columns as unknown as string[]], OPTIONS);
}

/** CSV lines for rows (no header) */
export function csvRows(rows: Row[]): string {
  return rows.length ? stringify(rows.map((r) => r.map((c) => (c === null ? '' : c))), OPTIONS) : '';
}
