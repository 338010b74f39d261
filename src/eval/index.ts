/**
 * Evaluation harness: compares records (from a pipeline run or a records.jsonl) with a folder
 * of gold annotations in the gold-dev format (src/eval/gold.ts, docs/evaluation.md) and reports
 * precision / recall / F1 for the published date, title, persons, organisations, locations,
 * dates, events (and per event type), chairs and participation.
 *
 * Names match leniently: after normalisation (case, spaces, quotes, ฯ, punctuation and a leading
 * honorific ignored) two names match when they are equal or one contains the other and the
 * shorter has at least 4 characters and half the longer's length. A gold name matches a
 * predicted entity group when any of its names or aliases matches the group's canonical form or
 * the text of any of its mentions.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import { EVENT_TYPES, type DocRecord, type EntitySpan, type EventRecord } from '../doc/types.js';
import { loadPipeline } from '../pipeline/load.js';
import { processDocument } from '../pipeline/run.js';
import { goldId, goldInputPath, loadGold, readSubset, type GoldDoc, type GoldEvent, type GoldSubset } from './gold.js';

export { loadGold, readSubset, goldId, goldInputPath, type GoldDoc, type GoldEvent, type GoldSubset } from './gold.js';

export interface Count {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score extends Count {
  precision: number;
  recall: number;
  f1: number;
}

export const MEASURES = [
  'published', 'title', 'persons', 'organisations', 'locations', 'dates',
  'events', 'chairs', 'participation', 'person_date',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface EventTypeTally {
  /** gold events of this type */
  gold: number;
  /** of them, matched by a predicted event */
  found: number;
  /** of the found, the predicted type is right */
  typeRight: number;
  /** predicted events of this type */
  predicted: number;
}

export interface EvalReport {
  label: string;
  documents: number;
  /** gold documents with no record (pipeline failure or absent from records.jsonl) */
  missing: string[];
  scores: Record<Measure, Score>;
  /** per gold event type; `all` sums them */
  eventTypes: Record<string, EventTypeTally>;
  /** matched events whose date (start) equals the gold date */
  eventDateRight: number;
  perDocument: { id: string; scores: Partial<Record<Measure, Count>> }[];
}

const HONORIFIC = /^(?:นาย|นางสาว|นาง|mr\.?|ms\.?|mrs\.?|dr\.?|ดร\.)\s*/u;

/** case, whitespace, zero-width characters, quotes, ฯ, dots, brackets and dashes do not count */
export function normName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/gu, '')
    .replace(HONORIFIC, '')
    .replace(/[\s"“”'‘’ฯ.()\[\]\-–—,:]/gu, '');
}

/** equal, or one contains the other with the shorter ≥ 4 characters and ≥ half the longer */
export function lenientEq(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.length >= 4 && s.length * 2 >= l.length && l.includes(s);
}

/** greedy one-to-one matching; returns the matched (gold index, predicted index) pairs */
function match<G, P>(gold: G[], pred: P[], eq: (g: G, p: P) => boolean): [number, number][] {
  const used = new Set<number>();
  const pairs: [number, number][] = [];
  gold.forEach((g, i) => {
    const j = pred.findIndex((p, k) => !used.has(k) && eq(g, p));
    if (j >= 0) {
      used.add(j);
      pairs.push([i, j]);
    }
  });
  return pairs;
}

function count(gold: number, pred: number, tp: number): Count {
  return { tp, fp: pred - tp, fn: gold - tp };
}

function score(c: Count): Score {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

interface Group {
  canonical: string;
  forms: string[];
}

/** a record's entities of some types grouped by canonical form; every surface form of a group can match */
function groups(entities: EntitySpan[], types: string[]): Group[] {
  const m = new Map<string, Set<string>>();
  for (const e of entities) {
    if (!types.includes(e.type)) continue;
    let forms = m.get(e.canonical);
    if (!forms) m.set(e.canonical, (forms = new Set([normName(e.canonical)])));
    forms.add(normName(e.text));
    const sc = e.value?.surfaceCanonical;
    if (typeof sc === 'string') forms.add(normName(sc));
  }
  return [...m].map(([canonical, forms]) => ({ canonical, forms: [...forms].filter(Boolean) }));
}

const namesMatch = (names: string[], forms: string[]) => names.some((n) => forms.some((f) => lenientEq(normName(n), f)));

/** the events of a record; records written before events existed give one event per (event entity, date) of their facts */
export function recordEvents(rec: DocRecord): EventRecord[] {
  if (rec.events) return rec.events;
  const byId = new Map(rec.entities.map((e) => [e.id, e]));
  const m = new Map<string, EventRecord>();
  for (const f of rec.facts) {
    const ev = f.event ? byId.get(f.event.entity) : undefined;
    const key = `${ev?.canonical ?? ''}|${f.date}`;
    let e = m.get(key);
    if (!e) {
      const type = f.type === 'signing' ? 'signing' : f.type === 'award' || f.type === 'nomination' ? 'award' : 'meeting';
      m.set(key, (e = {
        id: `v${m.size + 1}`, type, name: ev?.text ?? null, canonical: ev?.canonical ?? null, status: 'happened',
        date: f.date, endDate: null, location: f.location, mode: f.mode, participants: [], organisations: [], evidence: [f.evidence], rule: f.rule,
      }));
    }
    const a = f.actor ? byId.get(f.actor.entity) : undefined;
    if (a) {
      e.participants.push({
        entity: a.id, text: a.text, canonical: a.canonical, position: f.position, role: f.role ?? 'participant',
        actorType: a.type === 'PERSON' ? 'person' : a.type === 'LOCATION' ? 'location' : a.type === 'POSITION' ? 'position' : 'organisation',
      });
    }
  }
  return [...m.values()];
}

function eventNameScore(g: GoldEvent, p: EventRecord): number {
  if (!p.name) return 0;
  const pn = [normName(p.name), p.canonical ? normName(p.canonical) : ''].filter(Boolean);
  let best = 0;
  for (const n of [g.name, ...(g.aliases ?? [])].map(normName)) {
    for (const x of pn) {
      if (x === n) return 1;
      const [s, l] = x.length <= n.length ? [x, n] : [n, x];
      if (s.length >= 6 && l.includes(s)) best = Math.max(best, 0.8);
    }
  }
  return best;
}

/** compare one record with its gold annotation: true positives, false positives, false negatives per measure */
export function compareDoc(gold: GoldDoc, rec: DocRecord | undefined, types?: Record<string, EventTypeTally>): { counts: Partial<Record<Measure, Count>>; eventDateRight: number } {
  const ents = rec?.entities ?? [];
  const out: Partial<Record<Measure, Count>> = {};
  if (gold.published !== undefined) {
    const pp = rec?.document.published ?? null;
    const tp = gold.published !== null && pp === gold.published ? 1 : 0;
    out.published = { tp, fp: pp !== null && !tp ? 1 : 0, fn: gold.published !== null && !tp ? 1 : 0 };
  }
  if (gold.title !== undefined) {
    const pt = rec?.document.title ? normName(rec.document.title) : '';
    const gt = normName(gold.title);
    // a site prefix before the headline ("site-section-headline") does not count
    const tp = pt && (pt === gt || pt.endsWith(gt)) ? 1 : 0;
    out.title = { tp, fp: pt && !tp ? 1 : 0, fn: tp ? 0 : 1 };
  }
  const persons = groups(ents, ['PERSON']);
  const personNames = (name: string): string[] => {
    const g = gold.persons?.find((p) => [p.name, ...(p.aliases ?? [])].some((n) => normName(n) === normName(name)));
    return g ? [g.name, ...(g.aliases ?? [])] : [name];
  };
  if (gold.persons) {
    const tp = match(gold.persons, persons, (g, p) => namesMatch([g.name, ...(g.aliases ?? [])], p.forms)).length;
    out.persons = count(gold.persons.length, persons.length, tp);
  }
  if (gold.organizations) {
    const orgs = groups(ents, ['ORG']);
    const tp = match(gold.organizations, orgs, (g, p) => namesMatch([g.name, ...(g.aliases ?? [])], p.forms)).length;
    out.organisations = count(gold.organizations.length, orgs.length, tp);
  }
  if (gold.locations) {
    const locs = groups(ents, ['LOCATION']);
    const tp = match(gold.locations, locs, (g, p) => namesMatch([g], p.forms)).length;
    out.locations = count(gold.locations.length, locs.length, tp);
  }
  if (gold.dates) {
    const pred = new Set<string>();
    for (const e of ents) {
      if (e.type !== 'DATE' || e.value?.precision !== 'day') continue;
      if (typeof e.value.iso === 'string') pred.add(e.value.iso);
      if (typeof e.value.end === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.value.end)) pred.add(e.value.end);
    }
    const g = [...new Set(gold.dates)];
    out.dates = count(g.length, pred.size, g.filter((d) => pred.has(d)).length);
  }
  let eventDateRight = 0;
  if (gold.events) {
    // the gold lists events that happened or are scheduled: a planned one is not scored
    const pred = rec ? recordEvents(rec).filter((e) => e.status !== 'planned') : [];
    const byCanon = new Map(persons.map((p) => [p.canonical, p]));
    const personForms = (p: EventRecord['participants'][number]) => {
      const forms = new Set([normName(p.canonical), normName(p.text), ...(byCanon.get(p.canonical)?.forms ?? [])]);
      return [...forms].filter(Boolean);
    };
    const predPersons = pred.map((e) => {
      const seen = new Set<string>();
      return e.participants.filter((p) => p.actorType === 'person' && !seen.has(p.canonical) && seen.add(p.canonical));
    });
    const shares = (g: GoldEvent, pi: number) => g.participants.some((n) => predPersons[pi].some((p) => namesMatch(personNames(n), personForms(p))));
    // candidate pairs, best first
    const cands: { gi: number; pi: number; s: number }[] = [];
    gold.events.forEach((g, gi) => pred.forEach((p, pi) => {
      const name = eventNameScore(g, p);
      const dateEq = g.date !== null && g.date === p.date;
      const shared = shares(g, pi);
      if (name > 0 || (dateEq && (shared || g.type === p.type))) cands.push({ gi, pi, s: name + (dateEq ? 0.5 : 0) + (shared ? 0.5 : 0) + (g.type === p.type ? 0.25 : 0) });
    }));
    cands.sort((a, b) => b.s - a.s || a.gi - b.gi || a.pi - b.pi);
    const gUsed = new Map<number, number>();
    const pUsed = new Set<number>();
    for (const c of cands) {
      if (gUsed.has(c.gi) || pUsed.has(c.pi)) continue;
      gUsed.set(c.gi, c.pi);
      pUsed.add(c.pi);
    }
    out.events = count(gold.events.length, pred.length, gUsed.size);
    if (types) {
      gold.events.forEach((g, gi) => {
        const t = (types[g.type] ??= { gold: 0, found: 0, typeRight: 0, predicted: 0 });
        t.gold++;
        const pi = gUsed.get(gi);
        if (pi !== undefined) {
          t.found++;
          if (pred[pi].type === g.type) t.typeRight++;
        }
      });
      for (const p of pred) (types[p.type] ??= { gold: 0, found: 0, typeRight: 0, predicted: 0 }).predicted++;
    }
    // chairs and participation: (person, event) pairs within matched events; participation also needs the date right
    let chairTp = 0;
    let partTp = 0;
    for (const [gi, pi] of gUsed) {
      const g = gold.events[gi];
      if (pred[pi].date === g.date) eventDateRight++;
      const eq = (n: string, p: EventRecord['participants'][number]) => namesMatch(personNames(n), personForms(p));
      chairTp += match(g.chairs ?? [], predPersons[pi].filter((p) => p.role === 'chair'), eq).length;
      if (pred[pi].date === g.date) partTp += match(g.participants, predPersons[pi], eq).length;
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // chairs are scored where the gold says who chaired (a `chairs` array on every event)
    if (gold.events.every((g) => Array.isArray(g.chairs))) out.chairs = count(sum(gold.events.map((g) => g.chairs?.length ?? 0)), sum(predPersons.map((ps) => ps.filter((p) => p.role === 'chair').length)), chairTp);
    out.participation = count(sum(gold.events.map((g) => g.participants.length)), sum(predPersons.map((ps) => ps.length)), partTp);
    // (person, date) pairs across the document, whatever the event
    const gPairs = new Map<string, { names: string[]; date: string | null }>();
    for (const g of gold.events) for (const n of g.participants) gPairs.set(`${normName(n)}|${g.date}`, { names: personNames(n), date: g.date });
    const pPairs = new Map<string, { forms: string[]; date: string | null }>();
    pred.forEach((e, pi) => predPersons[pi].forEach((p) => pPairs.set(`${p.canonical}|${e.date}`, { forms: personForms(p), date: e.date })));
    const pdTp = match([...gPairs.values()], [...pPairs.values()], (g, p) => g.date === p.date && namesMatch(g.names, p.forms)).length;
    out.person_date = count(gPairs.size, pPairs.size, pdTp);
  }
  return { counts: out, eventDateRight };
}

function readRecords(file: string): DocRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ThaiExtractError('TE201', `cannot read records file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as DocRecord;
      } catch (e) {
        throw new ThaiExtractError('TE201', `records line ${i + 1} is not JSON (${(e as Error).message})`, { file });
      }
    });
}

/** run a pipeline over the gold documents' inputs */
export function recordsForGold(gold: GoldDoc[], pipeline = 'gov-press'): { records: DocRecord[]; failed: string[] } {
  const p = loadPipeline(pipeline);
  const records: DocRecord[] = [];
  const failed: string[] = [];
  for (const g of gold) {
    const file = goldInputPath(g);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      failed.push(`${goldId(g)}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const out = processDocument(p, { source: path.basename(file), id: goldId(g), bytes });
    if (out.ok) records.push(out.record);
    else failed.push(`${goldId(g)}: ${out.message}`);
  }
  return { records, failed };
}

/** score records (objects, or a records.jsonl path) against a gold folder, or the part of it a subset names */
export function evaluate(goldDir: string, records: DocRecord[] | string, subset?: GoldSubset): EvalReport {
  return evaluateGold(loadGold(goldDir, subset), records, subset?.label ?? path.basename(path.resolve(goldDir)));
}

export function evaluateGold(gold: GoldDoc[], records: DocRecord[] | string, label: string): EvalReport {
  const recs = typeof records === 'string' ? readRecords(records) : records;
  const byId = new Map(recs.map((r) => [r.document.id, r]));
  const bySource = new Map(recs.map((r) => [path.basename(r.document.source), r]));
  const totals = Object.fromEntries(MEASURES.map((m) => [m, { tp: 0, fp: 0, fn: 0 }])) as Record<Measure, Count>;
  const eventTypes: Record<string, EventTypeTally> = {};
  let eventDateRight = 0;
  const perDocument: EvalReport['perDocument'] = [];
  const missing: string[] = [];
  for (const g of gold) {
    const id = goldId(g);
    const rec = byId.get(id) ?? bySource.get(path.basename(g.input));
    if (!rec) missing.push(id);
    const { counts, eventDateRight: edr } = compareDoc(g, rec, eventTypes);
    eventDateRight += edr;
    perDocument.push({ id, scores: counts });
    for (const m of MEASURES) {
      const c = counts[m];
      if (!c) continue;
      totals[m].tp += c.tp;
      totals[m].fp += c.fp;
      totals[m].fn += c.fn;
    }
  }
  return {
    label,
    documents: gold.length,
    missing,
    scores: Object.fromEntries(MEASURES.map((m) => [m, score(totals[m])])) as Record<Measure, Score>,
    eventTypes,
    eventDateRight,
    perDocument,
  };
}

const LABELS: Record<Measure, string> = {
  published: 'published', title: 'title', persons: 'persons', organisations: 'organisations', locations: 'locations', dates: 'dates',
  events: 'events', chairs: 'chairs', participation: 'participation (person, event, date)', person_date: 'participation (person, date)',
};

/** the report as a fixed-width table */
export function formatReport(r: EvalReport): string {
  const w = 38;
  const head = `${'measure'.padEnd(w)}${'tp'.padStart(5)}${'fp'.padStart(5)}${'fn'.padStart(5)}${'P'.padStart(8)}${'R'.padStart(8)}${'F1'.padStart(8)}`;
  const rows = MEASURES.filter((m) => r.scores[m].tp + r.scores[m].fp + r.scores[m].fn > 0).map((m) => {
    const s = r.scores[m];
    return `${LABELS[m].padEnd(w)}${String(s.tp).padStart(5)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}${s.precision.toFixed(3).padStart(8)}${s.recall.toFixed(3).padStart(8)}${s.f1.toFixed(3).padStart(8)}`;
  });
  const lines = [
    `${r.label}: ${r.documents} documents${r.missing.length ? `  (no record for: ${r.missing.join(', ')})` : ''}`,
    head, '-'.repeat(head.length), ...rows,
  ];
  const found = r.scores.events.tp;
  if (found + r.scores.events.fn > 0) {
    const typeRight = Object.values(r.eventTypes).reduce((a, t) => a + t.typeRight, 0);
    lines.push(`events found, by gold type: ${EVENT_TYPES.filter((t) => r.eventTypes[t]?.gold).map((t) => `${t} ${r.eventTypes[t].found}/${r.eventTypes[t].gold}`).join(', ')}`);
    lines.push(`found events with the right type: ${typeRight}/${found}${found ? ` (${(typeRight / found).toFixed(3)})` : ''}; with the right date: ${r.eventDateRight}/${found}`);
    lines.push(`predicted events by type: ${EVENT_TYPES.filter((t) => r.eventTypes[t]?.predicted).map((t) => `${t} ${r.eventTypes[t].predicted}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * CLI entry (`thai-extract eval --gold DIR [--files LIST[:A-B]]… [--records FILE | --pipeline NAME] [--json]`):
 * runs the pipeline over the gold documents' inputs unless a records.jsonl is given, prints one
 * table per subset (or one for the whole folder), returns the reports.
 */
export async function evalCommand(
  args: { gold: string; records?: string; pipeline?: string; files?: string[]; json?: boolean },
  stdout: NodeJS.WritableStream,
): Promise<EvalReport[]> {
  if (!args.gold || !statSync(args.gold, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ThaiExtractError('TE201', '--gold must name a folder of gold *.json files', { value: args.gold });
  }
  const subsets: (GoldSubset | undefined)[] = args.files?.length ? args.files.map(readSubset) : [undefined];
  const reports: EvalReport[] = [];
  for (const subset of subsets) {
    const gold = loadGold(args.gold, subset);
    let records: DocRecord[] | string;
    if (args.records) records = args.records;
    else {
      const run = recordsForGold(gold, args.pipeline ?? 'gov-press');
      for (const f of run.failed) stdout.write(`failed: ${f}\n`);
      records = run.records;
    }
    reports.push(evaluateGold(gold, records, subset?.label ?? path.basename(path.resolve(args.gold))));
  }
  if (args.json) stdout.write(JSON.stringify(reports.map(({ perDocument, ...r }) => ({ ...r, perDocument })), null, 2) + '\n');
  else stdout.write(reports.map(formatReport).join('\n'));
  return reports;
}
