import { stringify } from 'csv-stringify/sync';
import type { DocRecord } from '../doc/types.js';
import { defaultDocId } from '../doc/id.js';
import { readableText } from '../doc/text.js';

/**
 * CSV views of records: one row per document, entity, fact, event or (event, participant), the
 * document id on every row.
 * Files are UTF-8 with a BOM (so Excel shows Thai) and CRLF line ends; cells starting with
 * = + - @ tab or CR are prefixed with ' (formula injection).
 */

export const DOCUMENT_COLUMNS = [
  'document_id', 'source', 'status', 'sha256', 'encoding', 'title', 'published', 'published_raw', 'source_url', 'pipeline',
  'entities', 'events', 'facts', 'diagnostics', 'warnings', 'error_code', 'error_message',
] as const;

/** the entity columns up to `rule`, then the common fields of `value` flattened, then `value` as JSON (all of it) */
export const ENTITY_COLUMNS = [
  'document_id', 'entity_id', 'type', 'text', 'start', 'end', 'canonical', 'rule',
  'iso', 'iso_end', 'amount', 'amount_end', 'unit', 'person', 'kind', 'value',
] as const;

export const FACT_COLUMNS = [
  'document_id', 'fact_id', 'type', 'actor_entity', 'actor_text', 'actor_canonical', 'actor_type', 'role', 'position',
  'event_id', 'event_name', 'event_entity', 'event_text', 'counterpart', 'date', 'location', 'mode',
  'evidence_start', 'evidence_end', 'evidence_text', 'rule',
] as const;

export const EVENT_COLUMNS = [
  'document_id', 'event_id', 'type', 'status', 'name', 'date', 'end_date', 'location', 'mode',
  'participants', 'chairs', 'organisations', 'name_start', 'name_end', 'rule',
] as const;

export const PARTICIPANT_COLUMNS = [
  'document_id', 'event_id', 'event_type', 'event_name', 'event_date', 'entity_id', 'participant', 'text', 'participant_type', 'role', 'position',
] as const;

type Row = (string | number | null)[];

/** a document processed: status ok, its counts, the codes of its warning diagnostics */
export function documentRows(r: DocRecord): Row[] {
  const d = r.document;
  const warnings = r.diagnostics.filter((x) => x.level === 'warning').map((x) => x.code);
  return [[d.id, d.source, 'ok', d.sha256, d.encoding, d.title, d.published, d.publishedRaw, d.sourceUrl, d.pipeline,
    r.entities.length, (r.events ?? []).length, r.facts.length, r.diagnostics.length, [...new Set(warnings)].join(' '), null, null]];
}

/** a document that failed: status failed, its error code and the first line of its message (all of it in errors.jsonl) */
export function failureRows(f: { source: string; code: string; message: string }): Row[] {
  return [[defaultDocId(f.source), f.source, 'failed', null, null, null, null, null, null, null,
    null, null, null, null, null, f.code, f.message.split('\n')[0]]];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * The common fields of an entity's value: `iso`/`iso_end` (DATE, TIME), `amount`/`amount_end`
 * and `unit` (NUMBER, MONEY — the currency code —, PERCENT), `person` (the canonical name of
 * a POSITION's holder), `kind` (LOCATION and other lexicon kinds).
 */
function flatValue(v: Record<string, unknown> | undefined): Row {
  if (!v) return [null, null, null, null, null, null, null];
  return [str(v.iso), str(v.end), num(v.value), num(v.end), str(v.unit), str(v.personCanonical), str(v.kind)];
}

export function entityRows(r: DocRecord): Row[] {
  return r.entities.map((e) => [r.document.id, e.id, e.type, e.text, e.start, e.end, e.canonical, e.rule,
    ...flatValue(e.value), e.value === undefined ? null : JSON.stringify(e.value)]);
}

/** a cell an analyst groups by: zero-width characters out, spaces collapsed */
function clean(s: string | null | undefined): string | null {
  return s == null ? null : readableText(s);
}

export function factRows(r: DocRecord): Row[] {
  const byId = new Map(r.entities.map((e) => [e.id, e]));
  const events = new Map((r.events ?? []).map((e) => [e.id, e]));
  return r.facts.map((f) => {
    const actor = f.actor ? byId.get(f.actor.entity) : undefined;
    const ev = typeof f.eventId === 'string' ? events.get(f.eventId) : undefined;
    const counterpart = f.counterpart as { entity: string; text: string } | null | undefined;
    const evidence = typeof f.evidenceText === 'string' ? f.evidenceText : null;
    return [r.document.id, f.id, f.type, f.actor?.entity ?? null, f.actor?.text ?? null, clean(actor?.canonical), actor ? actor.type : null,
      f.role, clean(f.position), ev?.id ?? null, clean(ev?.canonical ?? null), f.event?.entity ?? null, f.event?.text ?? null,
      counterpart ? clean(counterpart.text) : null, f.date, clean(f.location), f.mode, f.evidence.start, f.evidence.end, evidence, f.rule];
  });
}

export function eventRows(r: DocRecord): Row[] {
  const names = (ps: { canonical: string }[]) => ps.map((p) => p.canonical).join('; ');
  return (r.events ?? []).map((e) => [r.document.id, e.id, e.type, e.status, clean(e.canonical), e.date, e.endDate, clean(e.location), e.mode,
    names(e.participants), names(e.participants.filter((p) => p.role === 'chair')), e.organisations.map((o) => clean(o.text)).join('; '),
    e.start ?? null, e.end ?? null, e.rule]);
}

export function participantRows(r: DocRecord): Row[] {
  const rows: Row[] = [];
  for (const e of r.events ?? []) {
    for (const p of e.participants) {
      rows.push([r.document.id, e.id, e.type, clean(e.canonical), e.date, p.entity, p.canonical, p.text, p.actorType, p.role, clean(p.position)]);
    }
  }
  return rows;
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
