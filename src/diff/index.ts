/**
 * What changed between two runs' outputs, per document: the entities, events and facts
 * added, removed or changed, and the document's own fields (title, publication date …). For reviewing what a change of rules or pipeline did to a corpus
 * (`thai-extract diff OLD_OUT NEW_OUT`).
 *
 * Matching: entities by (type, start, end), compared on canonical, value and rule; facts by
 * (type, actor's canonical form, event's canonical form, date), compared on their other
 * fields; events (when records carry an `events` array) by (type, canonical name, date),
 * compared on their other fields. Entity ids are replaced by the entity's canonical form
 * before comparing (ids are renumbered when an entity appears before them), and ids and
 * evidence offsets are not compared. Several items with one key are paired in order; the
 * rest are added or removed.
 *
 * Both records files are read as streams, in the source order `run` writes them: memory
 * holds one pair of records at a time, and the differences found.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ThaiExtractError } from '../errors.js';
import type { DocRecord, Entity, Fact } from '../doc/types.js';

export type Change = 'added' | 'removed' | 'changed';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** one entity, event or fact added, removed or changed */
export interface ItemChange<T> {
  change: Change;
  /** the matching key, readable: `PERSON [12,25)`, `participation | actor | event | date` */
  key: string;
  /** the item in OLD_OUT (removed, changed) */
  old?: T;
  /** the item in NEW_OUT (added, changed) */
  new?: T;
  /** what differs (changed), after entity ids were replaced by canonical forms */
  fields?: FieldChange[];
}

export type DiffEvent = Record<string, unknown>;

export interface DocumentError {
  code: string;
  message: string;
}

export interface DocumentDiff {
  source: string;
  /**
   * added / removed: the document is in one output only; failed: processed before, failed
   * now; fixed: failed before, processed now; changed: its extraction (or its error code,
   * or its input) differs
   */
  status: 'added' | 'removed' | 'failed' | 'fixed' | 'changed';
  /** the input's sha256 differs (offsets of the two sides are then not comparable) */
  inputChanged: boolean;
  /** the document's error on each side (null: processed) */
  error?: { old: DocumentError | null; new: DocumentError | null };
  /** added / removed documents: what the side that has it found */
  counts?: { entities: number; events: number; facts: number };
  /** the record's document fields that differ: title, published, publishedRaw, sourceUrl, encoding */
  document: FieldChange[];
  entities: ItemChange<Entity>[];
  events: ItemChange<DiffEvent>[];
  facts: ItemChange<Fact>[];
}

export interface ChangeCounts {
  added: number;
  removed: number;
  changed: number;
}

export interface OutputsDiff {
  old: string;
  new: string;
  /** true when no document differs */
  identical: boolean;
  /** documents in either output */
  documents: number;
  totals: {
    documents: { differing: number; added: number; removed: number; failed: number; fixed: number };
    entities: ChangeCounts;
    events: ChangeCounts;
    facts: ChangeCounts;
  };
  /** whether any record on either side carries an `events` array */
  hasEvents: boolean;
  /** the documents that differ, in source order */
  changes: DocumentDiff[];
}

// ---------------------------------------------------------------- comparing two records

type Ids = Map<string, string>;

function idsOf(r: DocRecord): Ids {
  return new Map(r.entities.map((e) => [e.id, e.canonical]));
}

/** keys never compared: ids (renumbered between runs), and the evidence (its offsets or its text) */
const IGNORED = /^(id|evidence|evidenceText)$|(_id|Id)$/;
/** keys whose string value is an entity id: compared as that entity's canonical form */
const ENTITY_REF = new Set(['entity', 'person', 'counterpart']);

/** a value with entity ids replaced by canonical forms, ignored keys dropped, keys sorted */
function normalise(v: unknown, ids: Ids): unknown {
  if (Array.isArray(v)) return v.map((x) => normalise(x, ids));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    if (IGNORED.test(k)) continue;
    out[k] = normaliseField(k, (v as Record<string, unknown>)[k], ids);
  }
  return out;
}

/** the value of field `k`, normalised (an entity id as the entity's canonical form) */
function normaliseField(k: string, x: unknown, ids: Ids): unknown {
  return ENTITY_REF.has(k) && typeof x === 'string' && ids.has(x) ? ids.get(x) : normalise(x, ids);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** the fields of two items that differ, among `fields` (all keys of both, when null) */
function fieldChanges(a: Record<string, unknown>, b: Record<string, unknown>, oldIds: Ids, newIds: Ids, skip: ReadonlySet<string>, fields: readonly string[] | null): FieldChange[] {
  const keys = fields ?? [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k) && !IGNORED.test(k));
  const out: FieldChange[] = [];
  for (const k of keys) {
    const x = normaliseField(k, a[k], oldIds);
    const y = normaliseField(k, b[k], newIds);
    if (!same(x, y)) out.push({ field: k, old: x ?? null, new: y ?? null });
  }
  return out;
}

/** match two lists by key (several with one key paired in order) and list what was added, removed or changed */
function matchItems<T extends object>(
  olds: readonly T[], news: readonly T[], key: (x: T, ids: Ids) => string, compare: (a: T, b: T) => FieldChange[], oldIds: Ids, newIds: Ids,
): ItemChange<T>[] {
  const byKey = new Map<string, T[]>();
  for (const x of olds) {
    const k = key(x, oldIds);
    const list = byKey.get(k);
    if (list) list.push(x);
    else byKey.set(k, [x]);
  }
  const out: ItemChange<T>[] = [];
  for (const y of news) {
    const k = key(y, newIds);
    const x = byKey.get(k)?.shift();
    if (x === undefined) out.push({ change: 'added', key: k, new: y });
    else {
      const fields = compare(x, y);
      if (fields.length) out.push({ change: 'changed', key: k, old: x, new: y, fields });
    }
  }
  for (const [k, rest] of byKey) for (const x of rest) out.push({ change: 'removed', key: k, old: x });
  // in text order (removed before added at one place, as diff(1) does)
  const rank = { removed: 0, added: 1, changed: 2 } as const;
  return out
    .map((c, i) => ({ c, i, at: position((c.new ?? c.old)!) }))
    .sort((a, b) => a.at - b.at || rank[a.c.change] - rank[b.c.change] || a.i - b.i)
    .map((x) => x.c);
}

/** where an item is in its text: its start, else its (first) evidence span's start */
function position(x: object): number {
  const o = x as { start?: unknown; evidence?: { start?: unknown } | { start?: unknown }[] };
  if (typeof o.start === 'number') return o.start;
  const ev = Array.isArray(o.evidence) ? o.evidence[0] : o.evidence;
  return typeof ev?.start === 'number' ? ev.start : 0;
}

const DOCUMENT_FIELDS = ['title', 'published', 'publishedRaw', 'sourceUrl', 'encoding'] as const;
const ENTITY_FIELDS = ['canonical', 'value', 'rule'] as const;
const FACT_KEY_FIELDS = new Set(['type', 'actor', 'event', 'date']);
const EVENT_KEY_FIELDS = new Set(['type', 'name', 'canonical', 'date', 'start', 'end']);

function entityKey(e: Entity): string {
  return `${e.type} [${e.start},${e.end})`;
}

function refName(ref: { entity?: string; text?: string } | null | undefined, ids: Ids): string {
  if (!ref) return '-';
  return (ref.entity !== undefined ? ids.get(ref.entity) : undefined) ?? ref.text ?? '-';
}

function factKey(f: Fact, ids: Ids): string {
  return [f.type, refName(f.actor, ids), refName(f.event, ids), f.date ?? '-'].join(' | ');
}

function eventKey(e: DiffEvent): string {
  const name = e.canonical ?? e.name ?? e.text;
  return [e.type ?? '-', typeof name === 'string' ? name : '-', e.date ?? '-'].join(' | ');
}

function eventsOf(r: DocRecord): DiffEvent[] {
  const ev = (r as unknown as { events?: unknown }).events;
  return Array.isArray(ev) ? (ev as DiffEvent[]) : [];
}

/** What differs between two records of one document (entities, events, facts); null when nothing does. */
export function diffRecords(a: DocRecord, b: DocRecord): DocumentDiff | null {
  const oldIds = idsOf(a);
  const newIds = idsOf(b);
  const entities = matchItems(a.entities, b.entities, entityKey,
    (x, y) => fieldChanges(x as never, y as never, oldIds, newIds, new Set(), ENTITY_FIELDS), oldIds, newIds);
  const events = matchItems(eventsOf(a), eventsOf(b), eventKey,
    (x, y) => fieldChanges(x, y, oldIds, newIds, EVENT_KEY_FIELDS, null), oldIds, newIds);
  const facts = matchItems(a.facts, b.facts, factKey,
    (x, y) => fieldChanges(x as never, y as never, oldIds, newIds, FACT_KEY_FIELDS, null), oldIds, newIds);
  const document = fieldChanges(a.document, b.document, oldIds, newIds, new Set(), DOCUMENT_FIELDS);
  const inputChanged = a.document.sha256 !== b.document.sha256;
  if (!inputChanged && document.length + entities.length + events.length + facts.length === 0) return null;
  return { source: b.document.source, status: 'changed', inputChanged, document, entities, events, facts };
}

// ---------------------------------------------------------------- reading two outputs

/** one document of an output: its record, or its error */
interface Entry {
  source: string;
  record?: DocRecord;
  error?: DocumentError;
}

interface Side {
  /** the records file read */
  file: string;
  errors: Map<string, DocumentError>;
}

function cannotRead(what: string, detail: string): ThaiExtractError {
  return new ThaiExtractError('TE461', detail, { file: what });
}

/** the records file of an output folder (records.jsonl, else records.json), or the file given */
function locate(out: string): Side {
  let st;
  try {
    st = statSync(out);
  } catch {
    throw cannotRead(out, 'no such folder or file; give a folder written by `thai-extract run` (or its records.jsonl)');
  }
  const dir = st.isDirectory() ? out : path.dirname(out);
  let file = out;
  if (st.isDirectory()) {
    const found = ['records.jsonl', 'records.json'].map((f) => path.join(out, f)).find((f) => existsSync(f));
    if (!found) throw cannotRead(out, 'holds no records.jsonl or records.json; give a folder written by `thai-extract run`');
    file = found;
  }
  const errors = new Map<string, DocumentError>();
  const errorsFile = path.join(dir, 'errors.jsonl');
  if (existsSync(errorsFile)) {
    readFileSync(errorsFile, 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const e = JSON.parse(line) as { source: string; code: string; message: string };
        errors.set(e.source, { code: e.code, message: String(e.message).split('\n')[0] });
      } catch {
        throw cannotRead(errorsFile, `line ${i + 1} is not JSON`);
      }
    });
  }
  return { file, errors };
}

/** the records of a records file, in the order written (checked: source order) */
async function* readRecords(file: string): AsyncGenerator<DocRecord> {
  let prev: string | null = null;
  const check = (r: DocRecord, where: string): DocRecord => {
    const source = r?.document?.source;
    if (typeof source !== 'string' || !Array.isArray(r.entities) || !Array.isArray(r.facts)) {
      throw cannotRead(file, `${where} is not a thai-extract record (document.source, entities and facts)`);
    }
    if (prev !== null && !(prev < source)) {
      throw cannotRead(file, `${where}: records are not in source order (${JSON.stringify(source)} after ${JSON.stringify(prev)}), as \`thai-extract run\` writes them`);
    }
    prev = source;
    return r;
  };
  if (file.endsWith('.json')) {
    let all: DocRecord[];
    try {
      all = JSON.parse(readFileSync(file, 'utf8')) as DocRecord[];
    } catch {
      throw cannotRead(file, 'is not JSON');
    }
    if (!Array.isArray(all)) throw cannotRead(file, 'is not a JSON array of records');
    for (let i = 0; i < all.length; i++) yield check(all[i], `record ${i + 1}`);
    return;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let r: DocRecord;
    try {
      r = JSON.parse(line) as DocRecord;
    } catch {
      throw cannotRead(file, `line ${n} is not JSON`);
    }
    yield check(r, `line ${n}`);
  }
}

/** a side's documents in source order: its records merged with its errors */
async function* entries(side: Side): AsyncGenerator<Entry> {
  const errors = [...side.errors.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let k = 0;
  for await (const record of readRecords(side.file)) {
    const source = record.document.source;
    for (; k < errors.length && errors[k][0] < source; k++) yield { source: errors[k][0], error: errors[k][1] };
    if (k < errors.length && errors[k][0] === source) k++; // a record wins over a stale error line
    yield { source, record };
  }
  for (; k < errors.length; k++) yield { source: errors[k][0], error: errors[k][1] };
}

function countsOf(r: DocRecord) {
  return { entities: r.entities.length, events: eventsOf(r).length, facts: r.facts.length };
}

function compareEntries(a: Entry | null, b: Entry | null): DocumentDiff | null {
  const empty = { document: [], entities: [], events: [], facts: [] };
  if (!b) return { source: a!.source, status: 'removed', inputChanged: false, ...(a!.record ? { counts: countsOf(a!.record) } : { error: { old: a!.error!, new: null } }), ...empty };
  if (!a) return { source: b.source, status: 'added', inputChanged: false, ...(b.record ? { counts: countsOf(b.record) } : { error: { old: null, new: b.error! } }), ...empty };
  if (a.record && b.record) return diffRecords(a.record, b.record);
  const error = { old: a.error ?? null, new: b.error ?? null };
  if (a.record) return { source: b.source, status: 'failed', inputChanged: false, error, ...empty };
  if (b.record) return { source: b.source, status: 'fixed', inputChanged: false, error, ...empty };
  return a.error!.code === b.error!.code ? null : { source: b.source, status: 'changed', inputChanged: false, error, ...empty };
}

/**
 * Compare two outputs of `thai-extract run` (folders, or their records files) document by
 * document. Throws TE461 when one cannot be read.
 */
export async function diffOutputs(oldOut: string, newOut: string): Promise<OutputsDiff> {
  const [sa, sb] = [locate(oldOut), locate(newOut)];
  const ia = entries(sa);
  const ib = entries(sb);
  let a = (await ia.next()).value ?? null;
  let b = (await ib.next()).value ?? null;
  const counts = () => ({ added: 0, removed: 0, changed: 0 });
  const result: OutputsDiff = {
    old: oldOut, new: newOut, identical: true, documents: 0,
    totals: { documents: { differing: 0, added: 0, removed: 0, failed: 0, fixed: 0 }, entities: counts(), events: counts(), facts: counts() },
    hasEvents: false,
    changes: [],
  };
  try {
    while (a || b) {
      let d: DocumentDiff | null;
      const take = !a ? 'b' : !b ? 'a' : a.source < b.source ? 'a' : b.source < a.source ? 'b' : 'both';
      if ([a, b].some((e) => e?.record && Array.isArray((e.record as unknown as { events?: unknown }).events))) result.hasEvents = true;
      if (take === 'a') d = compareEntries(a, null);
      else if (take === 'b') d = compareEntries(null, b);
      else d = compareEntries(a, b);
      result.documents++;
      if (take !== 'b') a = (await ia.next()).value ?? null;
      if (take !== 'a') b = (await ib.next()).value ?? null;
      if (!d) continue;
      result.changes.push(d);
      const t = result.totals;
      t.documents.differing++;
      if (d.status !== 'changed') t.documents[d.status]++;
      for (const kind of ['entities', 'events', 'facts'] as const) for (const c of d[kind]) t[kind][c.change]++;
    }
  } finally {
    // one side failed: close the other's file too
    await Promise.allSettled([ia.return(undefined), ib.return(undefined)]);
  }
  result.identical = result.changes.length === 0;
  return result;
}

// ---------------------------------------------------------------- text

const q = (v: unknown) => JSON.stringify(v ?? null);

function fieldsText(fields: FieldChange[]): string {
  return fields.map((f) => `${f.field} ${q(f.old)} → ${q(f.new)}`).join('; ');
}

/** an item added or removed: its key, then for an entity its text and canonical form, and the rule */
function itemText(key: string, x: Record<string, unknown>): string {
  const entity = typeof x.text === 'string' && typeof x.canonical === 'string' && typeof x.start === 'number' ? ` ${q(x.text)} → ${q(x.canonical)}` : '';
  return `${key}${entity}${typeof x.rule === 'string' ? ` (${x.rule})` : ''}`;
}

function itemLines<T>(label: string, changes: ItemChange<T>[]): string[] {
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  return changes.map((c) =>
    c.change === 'changed'
      ? `  ~ ${label} ${c.key}${typeof (c.new as { text?: unknown }).text === 'string' && label === 'entity' ? ` ${q((c.new as Entity).text)}` : ''}: ${fieldsText(c.fields!)}`
      : `  ${mark[c.change]} ${label} ${itemText(c.key, (c.new ?? c.old) as Record<string, unknown>)}`,
  );
}

function errorText(e: DocumentError | null | undefined): string {
  return e ? e.message || e.code : 'processed';
}

function countsText(t: ChangeCounts): string {
  return `+${t.added} -${t.removed} ~${t.changed}`;
}

/** the readable text of a diff (what `thai-extract diff` prints) */
export function formatDiff(d: OutputsDiff): string {
  if (d.identical) return `no differences: ${d.documents} documents, the same entities${d.hasEvents ? ', events' : ''} and facts in ${d.old} and ${d.new}\n`;
  const lines: string[] = [`--- ${d.old}`, `+++ ${d.new}`];
  for (const c of d.changes) {
    const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
    const counts = c.counts
      ? ` (${n(c.counts.entities, 'entity', 'entities')}, ${d.hasEvents ? `${n(c.counts.events, 'event', 'events')}, ` : ''}${n(c.counts.facts, 'fact', 'facts')})`
      : '';
    if (c.status === 'added') lines.push(`+ ${c.source}: document added${c.error ? `, failed: ${errorText(c.error.new)}` : counts}`);
    else if (c.status === 'removed') lines.push(`- ${c.source}: document removed${c.error ? ` (it had failed: ${errorText(c.error.old)})` : counts}`);
    else if (c.status === 'failed') lines.push(`! ${c.source}: fails now: ${errorText(c.error!.new)}`);
    else if (c.status === 'fixed') lines.push(`✓ ${c.source}: processed now (it failed: ${errorText(c.error!.old)})`);
    else if (c.error) lines.push(`! ${c.source}: fails differently: ${errorText(c.error.old)} → ${errorText(c.error.new)}`);
    else {
      lines.push(`${c.source}${c.inputChanged ? ' (the input changed: offsets differ)' : ''}`);
      if (c.document.length) lines.push(`  ~ document: ${fieldsText(c.document)}`);
      lines.push(...itemLines('entity', c.entities), ...itemLines('event', c.events), ...itemLines('fact', c.facts));
    }
  }
  const t = d.totals;
  const docs = [
    t.documents.added && `${t.documents.added} added`, t.documents.removed && `${t.documents.removed} removed`,
    t.documents.failed && `${t.documents.failed} failing now`, t.documents.fixed && `${t.documents.fixed} processed now`,
  ].filter(Boolean);
  lines.push(
    '',
    `${t.documents.differing} of ${d.documents} documents differ${docs.length ? ` (${docs.join(', ')})` : ''}: ` +
      `entities ${countsText(t.entities)}${d.hasEvents ? `, events ${countsText(t.events)}` : ''}, facts ${countsText(t.facts)}`,
  );
  return lines.join('\n') + '\n';
}
