/**
 * Evaluation harness: compares records (from a pipeline run or a records.jsonl) with a folder
 * of gold annotations and reports precision / recall / F1 for the published date, persons,
 * dates, events and (person, event, date) participation triples.
 *
 * Gold format (one JSON file per document, `*.json`, docs/evaluation.md):
 *   {
 *     "input": "../seeds/000_x.txt",        // the document, relative to the gold file
 *     "id": "000_x",                        // optional; matches record.document.id (default: input file name without extension)
 *     "published": "2020-09-10" | null,
 *     "persons": ["เนวินธุ์ ช่อชัยทิพฐ์", {"name": "Houlin Zhao", "aliases": ["โฮ่วหลิน เจ้า"]}],
 *     "dates": ["2020-09-08", "2020-07"],   // distinct ISO values of the dates the text states
 *     "events": ["World Summit on the Information Society Forum 2020", {"name": "…", "aliases": ["WSIS 2020"]}],
 *     "participations": [{"person": "เนวินธุ์ ช่อชัยทิพฐ์", "event": "WSIS 2020", "date": "2020-09-08"}],
 *   }
 * Names match after normalisation (case, spaces, quotes, ฯ and punctuation ignored); a
 * person or event matches if any of its names or aliases equals the predicted canonical form
 * or the text of any mention that carries that canonical form.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import type { DocRecord, EntitySpan } from '../doc/types.js';
import { loadPipeline } from '../pipeline/load.js';
import { processDocument } from '../pipeline/run.js';

export type GoldName = string | { name: string; aliases?: string[] };

export interface GoldParticipation {
  person: string;
  event: string;
  date: string | null;
}

export interface GoldDoc {
  input: string;
  id?: string;
  published: string | null;
  persons: GoldName[];
  dates: string[];
  events: GoldName[];
  participations: GoldParticipation[];
  /** absolute path of the gold file (filled by the loader) */
  file?: string;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  documents: number;
  /** gold documents with no record (pipeline failure or absent from records.jsonl) */
  missing: string[];
  scores: Record<'published' | 'persons' | 'dates' | 'events' | 'participations', Score>;
  perDocument: { id: string; scores: Record<string, { tp: number; fp: number; fn: number }> }[];
}

/** case, whitespace, quotes, ฯ, dots, brackets and dashes do not count */
export function normName(s: string): string {
  return s
    .toLowerCase()
    .replace(/^(?:นาย|นางสาว|นาง|mr\.|ms\.|mrs\.|dr\.|ดร\.)\s*/u, '')
    .replace(/[\s"“”'‘’ฯ.()\[\]\-–—,:]/gu, '');
}

function names(g: GoldName): string[] {
  return typeof g === 'string' ? [g] : [g.name, ...(g.aliases ?? [])];
}

const ISO = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function checkGold(g: GoldDoc, file: string): void {
  const bad = (pointer: string, value: unknown, why: string) => {
    throw new ThaiExtractError('TE108', `gold file: ${why}`, { file, pointer, value });
  };
  if (typeof g !== 'object' || g === null) bad('', g, 'not an object');
  if (typeof g.input !== 'string') bad('/input', g.input, 'input must be a path');
  if (!(g.published === null || (typeof g.published === 'string' && ISO.test(g.published)))) bad('/published', g.published, 'published must be YYYY-MM-DD or null');
  for (const k of ['persons', 'dates', 'events', 'participations'] as const) if (!Array.isArray(g[k])) bad(`/${k}`, g[k], `${k} must be an array`);
  g.dates.forEach((d, i) => typeof d === 'string' && ISO.test(d) ? 0 : bad(`/dates/${i}`, d, 'a date is YYYY, YYYY-MM or YYYY-MM-DD'));
  g.participations.forEach((p, i) => {
    if (typeof p?.person !== 'string' || typeof p?.event !== 'string' || !(p.date === null || (typeof p.date === 'string' && ISO.test(p.date)))) {
      bad(`/participations/${i}`, p, 'a participation is {person, event, date}');
    }
  });
}

/** read every *.json of a folder (sorted by name) as gold documents */
export function loadGold(goldDir: string): GoldDoc[] {
  let files: string[];
  try {
    files = readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new ThaiExtractError('TE201', `cannot read gold folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: goldDir });
  }
  if (!files.length) throw new ThaiExtractError('TE202', 'no gold *.json files in the folder', { file: goldDir });
  return files.map((f) => {
    const file = path.resolve(goldDir, f);
    let g: GoldDoc;
    try {
      g = JSON.parse(readFileSync(file, 'utf8')) as GoldDoc;
    } catch (e) {
      throw new ThaiExtractError('TE108', `gold file is not valid JSON (${(e as Error).message})`, { file });
    }
    checkGold(g, file);
    return { ...g, file };
  });
}

export function goldId(g: GoldDoc): string {
  return g.id ?? path.basename(g.input).replace(/\.[^.]+$/, '');
}

export function goldInputPath(g: GoldDoc): string {
  return path.resolve(path.dirname(g.file ?? '.'), g.input);
}

/** greedy one-to-one matching of two lists by a predicate; returns the number of matched pairs */
function matchCount<G, P>(gold: G[], pred: P[], eq: (g: G, p: P) => boolean): number {
  const used = new Set<number>();
  let n = 0;
  for (const g of gold) {
    const j = pred.findIndex((p, k) => !used.has(k) && eq(g, p));
    if (j >= 0) {
      used.add(j);
      n++;
    }
  }
  return n;
}

interface PredEntity {
  canonical: string;
  forms: Set<string>;
}

/** group a record's entities of one type by canonical; every surface form of the group can match */
function groups(entities: EntitySpan[], type: string): PredEntity[] {
  const m = new Map<string, PredEntity>();
  for (const e of entities) {
    if (e.type !== type) continue;
    let g = m.get(e.canonical);
    if (!g) m.set(e.canonical, (g = { canonical: e.canonical, forms: new Set([normName(e.canonical)]) }));
    g.forms.add(normName(e.text));
    const sc = e.value?.surfaceCanonical;
    if (typeof sc === 'string') g.forms.add(normName(sc));
  }
  return [...m.values()];
}

const nameEq = (g: GoldName, p: PredEntity) => names(g).some((n) => p.forms.has(normName(n)));

function score(c: { tp: number; fp: number; fn: number }): Score {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1 };
}

/** compare one record with its gold annotation: true positives, false positives, false negatives per measure */
export function compareDoc(gold: GoldDoc, rec: DocRecord | undefined): Record<string, { tp: number; fp: number; fn: number }> {
  const ents = rec?.entities ?? [];
  const out: Record<string, { tp: number; fp: number; fn: number }> = {};
  // published
  const pp = rec?.document.published ?? null;
  const pTp = gold.published !== null && pp === gold.published ? 1 : 0;
  out.published = { tp: pTp, fp: pp !== null && !pTp ? 1 : 0, fn: gold.published !== null && !pTp ? 1 : 0 };
  // persons
  const persons = groups(ents, 'PERSON');
  const perTp = matchCount(gold.persons, persons, nameEq);
  out.persons = { tp: perTp, fp: persons.length - perTp, fn: gold.persons.length - perTp };
  // dates
  const predDates = [...new Set(ents.flatMap((e) => (e.type === 'DATE' && typeof e.value?.iso === 'string' ? [e.value.iso] : [])))];
  const goldDates = [...new Set(gold.dates)];
  const dTp = goldDates.filter((d) => predDates.includes(d)).length;
  out.dates = { tp: dTp, fp: predDates.length - dTp, fn: goldDates.length - dTp };
  // events
  const events = groups(ents, 'EVENT');
  const eTp = matchCount(gold.events, events, nameEq);
  out.events = { tp: eTp, fp: events.length - eTp, fn: gold.events.length - eTp };
  // (person, event, date) triples of facts whose actor is a PERSON and that name an event
  const byId = new Map(ents.map((e) => [e.id, e]));
  const canonGroup = (list: PredEntity[], id: string | undefined) => {
    const e = id ? byId.get(id) : undefined;
    return e ? list.find((g) => g.canonical === e.canonical) : undefined;
  };
  const triples: { person: PredEntity; event: PredEntity; date: string | null }[] = [];
  const seen = new Set<string>();
  for (const f of rec?.facts ?? []) {
    const a = f.actor ? byId.get(f.actor.entity) : undefined;
    if (!a || a.type !== 'PERSON' || !f.event) continue;
    const person = canonGroup(persons, f.actor!.entity);
    const event = canonGroup(events, f.event.entity);
    if (!person || !event) continue;
    const key = `${person.canonical}|${event.canonical}|${f.date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    triples.push({ person, event, date: f.date });
  }
  // a triple may name a person or event by any of its gold names or aliases
  const aliasesOf = (list: GoldName[], n: string): string[] => list.find((x) => names(x).some((y) => normName(y) === normName(n))) ? names(list.find((x) => names(x).some((y) => normName(y) === normName(n)))!) : [n];
  const goldTriples = gold.participations;
  const tTp = matchCount(
    goldTriples,
    triples,
    (g, p) =>
      aliasesOf(gold.persons, g.person).some((n) => p.person.forms.has(normName(n))) &&
      aliasesOf(gold.events, g.event).some((n) => p.event.forms.has(normName(n))) &&
      p.date === g.date,
  );
  out.participations = { tp: tTp, fp: triples.length - tTp, fn: goldTriples.length - tTp };
  return out;
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
    const out = processDocument(p, { source: path.basename(file), id: goldId(g), bytes: new Uint8Array(readFileSync(file)) });
    if (out.ok) records.push(out.record);
    else failed.push(`${goldId(g)}: ${out.message}`);
  }
  return { records, failed };
}

const MEASURES = ['published', 'persons', 'dates', 'events', 'participations'] as const;

/** score records (objects, or a records.jsonl path) against a gold folder */
export function evaluate(goldDir: string, records: DocRecord[] | string): EvalReport {
  const gold = loadGold(goldDir);
  const recs = typeof records === 'string' ? readRecords(records) : records;
  const byId = new Map(recs.map((r) => [r.document.id, r]));
  const bySource = new Map(recs.map((r) => [path.basename(r.document.source), r]));
  const totals = Object.fromEntries(MEASURES.map((m) => [m, { tp: 0, fp: 0, fn: 0 }])) as Record<(typeof MEASURES)[number], { tp: number; fp: number; fn: number }>;
  const perDocument: EvalReport['perDocument'] = [];
  const missing: string[] = [];
  for (const g of gold) {
    const id = goldId(g);
    const rec = byId.get(id) ?? bySource.get(path.basename(g.input));
    if (!rec) missing.push(id);
    const s = compareDoc(g, rec);
    perDocument.push({ id, scores: s });
    for (const m of MEASURES) {
      totals[m].tp += s[m].tp;
      totals[m].fp += s[m].fp;
      totals[m].fn += s[m].fn;
    }
  }
  return {
    documents: gold.length,
    missing,
    scores: Object.fromEntries(MEASURES.map((m) => [m, score(totals[m])])) as EvalReport['scores'],
    perDocument,
  };
}

/** the report as a fixed-width table */
export function formatReport(r: EvalReport): string {
  const rows = MEASURES.map((m) => {
    const s = r.scores[m];
    return `${m.padEnd(16)}${String(s.tp).padStart(5)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}${s.precision.toFixed(3).padStart(11)}${s.recall.toFixed(3).padStart(9)}${s.f1.toFixed(3).padStart(8)}`;
  });
  const head = `${'measure'.padEnd(16)}${'tp'.padStart(5)}${'fp'.padStart(5)}${'fn'.padStart(5)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'f1'.padStart(8)}`;
  const lines = [`documents: ${r.documents}${r.missing.length ? `  (no record for: ${r.missing.join(', ')})` : ''}`, head, '-'.repeat(head.length), ...rows];
  return lines.join('\n') + '\n';
}

/**
 * CLI entry (`thai-extract eval --gold DIR [--records FILE | --pipeline NAME]`): runs the pipeline
 * over the gold documents' inputs unless a records.jsonl is given, prints the table, returns the report.
 */
export async function evalCommand(
  args: { gold: string; records?: string; pipeline?: string },
  stdout: NodeJS.WritableStream,
): Promise<EvalReport> {
  if (!args.gold || !statSync(args.gold, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ThaiExtractError('TE201', '--gold must name a folder of gold *.json files', { value: args.gold });
  }
  let records: DocRecord[] | string;
  if (args.records) records = args.records;
  else {
    const run = recordsForGold(loadGold(args.gold), args.pipeline ?? 'gov-press');
    for (const f of run.failed) stdout.write(`failed: ${f}\n`);
    records = run.records;
  }
  const report = evaluate(args.gold, records);
  stdout.write(formatReport(report));
  return report;
}
