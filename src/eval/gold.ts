/**
 * The gold format: one JSON file per document, the format of `../shared/eval/gold-dev/`
 * (see docs/evaluation.md). A field that is absent was not annotated and is not scored for
 * that document (an empty array is scored: it says "there is none").
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import { EVENT_TYPES, type EventType } from '../doc/types.js';

export interface GoldPerson {
  name: string;
  honorific?: string | null;
  positions?: string[];
  aliases?: string[];
}

export interface GoldOrganisation {
  name: string;
  aliases?: string[];
}

export interface GoldEvent {
  name: string;
  aliases?: string[];
  type: EventType;
  date: string | null;
  end_date?: string | null;
  location?: string | null;
  mode?: 'online' | 'onsite' | 'hybrid' | null;
  /** person names as in persons[].name; chairs are also participants */
  participants: string[];
  chairs?: string[];
  organizations?: string[];
}

export interface GoldDoc {
  /** the document, relative to the gold file */
  input: string;
  /** the document's id (default: input file name without extension) */
  id?: string;
  file?: string;
  published?: string | null;
  title?: string;
  source_url?: string | null;
  persons?: GoldPerson[];
  organizations?: GoldOrganisation[];
  locations?: string[];
  dates?: string[];
  events?: GoldEvent[];
  /** absolute path of the gold JSON (filled by the loader) */
  goldFile?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MODES = new Set(['online', 'onsite', 'hybrid']);

function check(g: GoldDoc, file: string): void {
  const bad = (pointer: string, value: unknown, why: string): never => {
    throw new ThaiExtractError('TE108', `gold file: ${why}`, { file, pointer, value });
  };
  const isDay = (v: unknown) => typeof v === 'string' && ISO_DAY.test(v);
  const strings = (v: unknown, pointer: string) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) bad(pointer, v, `${pointer.slice(1)} must be an array of strings`);
    (v as unknown[]).forEach((x, i) => (typeof x === 'string' ? 0 : bad(`${pointer}/${i}`, x, 'must be a string')));
  };
  if (typeof g !== 'object' || g === null || Array.isArray(g)) bad('', g, 'not an object');
  if (typeof g.input !== 'string') bad('/input', g.input, 'input must be the document path, relative to the gold file');
  if (g.published !== undefined && g.published !== null && !isDay(g.published)) bad('/published', g.published, 'published must be YYYY-MM-DD or null');
  if (g.title !== undefined && typeof g.title !== 'string') bad('/title', g.title, 'title must be a string');
  for (const k of ['persons', 'organizations'] as const) {
    const list = g[k];
    if (list === undefined) continue;
    if (!Array.isArray(list)) bad(`/${k}`, list, `${k} must be an array of {name, aliases}`);
    list!.forEach((p, i) => {
      if (typeof p?.name !== 'string') bad(`/${k}/${i}/name`, p?.name, 'name must be a string');
      strings(p.aliases, `/${k}/${i}/aliases`);
    });
  }
  strings(g.locations, '/locations');
  strings(g.dates, '/dates');
  g.dates?.forEach((d, i) => (isDay(d) ? 0 : bad(`/dates/${i}`, d, 'a date is YYYY-MM-DD')));
  if (g.events !== undefined) {
    if (!Array.isArray(g.events)) bad('/events', g.events, 'events must be an array');
    g.events.forEach((e, i) => {
      const at = `/events/${i}`;
      if (typeof e?.name !== 'string') bad(`${at}/name`, e?.name, 'an event has a name');
      if (!(EVENT_TYPES as readonly string[]).includes(e.type)) bad(`${at}/type`, e.type, `type must be one of ${EVENT_TYPES.join(', ')}`);
      if (e.date !== null && !isDay(e.date)) bad(`${at}/date`, e.date, 'date must be YYYY-MM-DD or null');
      if (e.end_date != null && !isDay(e.end_date)) bad(`${at}/end_date`, e.end_date, 'end_date must be YYYY-MM-DD or null');
      if (e.mode != null && !MODES.has(e.mode)) bad(`${at}/mode`, e.mode, 'mode must be online, onsite, hybrid or null');
      if (!Array.isArray(e.participants)) bad(`${at}/participants`, e.participants, 'participants must be an array of person names');
      strings(e.participants, `${at}/participants`);
      strings(e.chairs, `${at}/chairs`);
      strings(e.organizations, `${at}/organizations`);
      strings(e.aliases, `${at}/aliases`);
    });
  }
}

function readJson(file: string): GoldDoc {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as GoldDoc;
  } catch (e) {
    throw new ThaiExtractError('TE108', `gold file is not valid JSON (${(e as Error).message})`, { file });
  }
}

/**
 * A subset of a gold folder: `LIST` (a file of names, one per line, as gold-dev's files.txt) or
 * `LIST:A-B` (its lines A to B, 1-based, inclusive).
 */
export interface GoldSubset {
  label: string;
  names: string[];
}

export function readSubset(spec: string): GoldSubset {
  const m = /^(.*?)(?::(\d+)-(\d+))?$/.exec(spec)!;
  const listFile = m[1];
  let lines: string[];
  try {
    lines = readFileSync(listFile, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  } catch (e) {
    throw new ThaiExtractError('TE201', `cannot read the --files list (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: listFile });
  }
  if (m[2]) {
    const a = Number(m[2]);
    const b = Number(m[3]);
    if (a < 1 || b < a || b > lines.length) {
      throw new ThaiExtractError('TE201', `--files range ${a}-${b} is outside the list's ${lines.length} lines`, { file: listFile, value: spec });
    }
    lines = lines.slice(a - 1, b);
  }
  return { label: m[2] ? `${path.basename(listFile)} ${m[2]}-${m[3]}` : path.basename(listFile), names: lines };
}

/** read every *.json of a folder (sorted by name) as gold documents, or only those a subset names */
export function loadGold(goldDir: string, subset?: GoldSubset): GoldDoc[] {
  let files: string[];
  try {
    files = readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new ThaiExtractError('TE201', `cannot read gold folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: goldDir });
  }
  if (subset) {
    // a list line names the gold file, or the document: x.txt → x.txt.json (gold-dev) or x.json
    const resolve = (n: string) => [n, `${n}.json`, `${n.replace(/\.[^.]+$/, '')}.json`].find((f) => f.endsWith('.json') && existsSync(path.join(goldDir, f))) ?? `${n}.json`;
    files = subset.names.map(resolve);
    const absent = files.filter((f) => !existsSync(path.join(goldDir, f)));
    if (absent.length) throw new ThaiExtractError('TE202', `the --files list names ${absent.length} document(s) with no gold file, e.g. ${absent[0]}`, { file: goldDir });
  }
  if (!files.length) throw new ThaiExtractError('TE202', 'no gold *.json files in the folder', { file: goldDir });
  return files.map((f) => {
    const file = path.resolve(goldDir, f);
    const g = readJson(file);
    check(g, file);
    return { ...g, goldFile: file };
  });
}

export function goldId(g: GoldDoc): string {
  return g.id ?? path.basename(g.input).replace(/\.[^.]+$/, '');
}

export function goldInputPath(g: GoldDoc): string {
  return path.resolve(path.dirname(g.goldFile ?? '.'), g.input);
}
