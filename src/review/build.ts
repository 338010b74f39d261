import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ThaiExtractError } from '../errors.js';
import { decodeBytes } from '../stages/decode/decode.js';
import type { DocRecord, Entity } from '../doc/types.js';

/**
 * The review page: OUT_DIR/review/index.html and what it loads, built from the records of an
 * output folder (records.jsonl, else records.json), its errors.jsonl and the input texts.
 *
 *   review/index.html            the page (works from file://: classic scripts, no fetch)
 *   review/assets/review.{js,css}
 *   review/data/index.js         one row per document (records and failures), loaded at start
 *   review/data/persons.js       the persons view, loaded when it is opened
 *   review/data/docs/<n>.js      one document's record and decoded text, loaded when it is opened
 *   review/build.json            what the page was built from (records file stamp, input root)
 *
 * Records hold offsets into the decoded input, not the text: the text is read from the input
 * files (root + record.document.source), checked against record.document.sha256 and decoded as
 * the run decoded it. A file that is gone or changed keeps the text of the previous build when
 * that build had it for the same sha256; otherwise the document's page says TE442.
 */

export const REVIEW_DIR = 'review';
const BUILD_FILE = 'build.json';
const BUILD_FORMAT = 1;
const ASSETS = ['review.js', 'review.css'];
const ASSETS_DIR = fileURLToPath(new URL('../../src/review/assets/', import.meta.url));

export interface ReviewOptions {
  /** the output folder of a run */
  out: string;
  /** the folder the run's inputs were found in (record `source`s are relative to it) */
  inputRoot?: string;
  /** the run's input files (path by source); looked up before inputRoot */
  files?: { path: string; source: string }[];
}

export interface ReviewResult {
  /** absolute path of review/index.html */
  index: string;
  documents: number;
  failed: number;
  persons: number;
  /** documents whose text could not be found (their page says TE442) */
  missingText: string[];
}

/** what a build read, to tell whether the page is older than the records */
interface BuildInfo {
  format: number;
  records: FileStamp;
  errors: FileStamp | null;
  /** the input root, relative to the output folder */
  inputRoot: string | null;
}

interface FileStamp {
  file: string;
  size: number;
  mtimeMs: number;
}

function stamp(out: string, file: string): FileStamp | null {
  try {
    const st = statSync(path.join(out, file));
    return { file, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

function sameStamp(a: FileStamp | null | undefined, b: FileStamp | null | undefined): boolean {
  return (!a && !b) || (!!a && !!b && a.file === b.file && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

function readBuildInfo(out: string): BuildInfo | null {
  try {
    const b = JSON.parse(readFileSync(path.join(out, REVIEW_DIR, BUILD_FILE), 'utf8')) as BuildInfo;
    return b && b.format === BUILD_FORMAT ? b : null;
  } catch {
    return null;
  }
}

/** the records file of an output folder (records.jsonl, else records.json), or null */
function recordsFile(out: string): string | null {
  for (const f of ['records.jsonl', 'records.json']) if (existsSync(path.join(out, f))) return f;
  return null;
}

/** the input root remembered by the last build of OUT_DIR's review page, or null */
export function rememberedInputRoot(out: string): string | null {
  const b = readBuildInfo(out);
  return b?.inputRoot != null ? path.resolve(out, b.inputRoot) : null;
}

/** is OUT_DIR/review built from the records and errors that are there now */
export function reviewIsCurrent(out: string): boolean {
  const b = readBuildInfo(out);
  const rec = recordsFile(out);
  return !!b && !!rec && existsSync(path.join(out, REVIEW_DIR, 'index.html'))
    && sameStamp(b.records, stamp(out, rec)) && sameStamp(b.errors, stamp(out, 'errors.jsonl'))
    && ASSETS.every((a) => sameFile(path.join(ASSETS_DIR, a), path.join(out, REVIEW_DIR, 'assets', a)));
}

function sameFile(a: string, b: string): boolean {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/** does OUT_DIR hold a review page that is older than its records */
export function reviewIsStale(out: string): boolean {
  return readBuildInfo(out) !== null && !reviewIsCurrent(out);
}

async function* readRecords(out: string, file: string): AsyncGenerator<DocRecord> {
  const full = path.join(out, file);
  if (file.endsWith('.json')) {
    for (const r of JSON.parse(readFileSync(full, 'utf8')) as DocRecord[]) yield r;
    return;
  }
  const lines = createInterface({ input: createReadStream(full, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as DocRecord;
    } catch {
      throw new ThaiExtractError('TE440', `line ${n} is not a JSON record; run thai-extract again to rewrite it`, { file: full });
    }
  }
}

interface ErrorLine {
  source: string;
  stage: string | null;
  code: string;
  message: string;
}

function readErrors(out: string): ErrorLine[] {
  let text: string;
  try {
    text = readFileSync(path.join(out, 'errors.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const list: ErrorLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      list.push(JSON.parse(line) as ErrorLine);
    } catch {
      // a cut line: shown as what it is rather than dropped
      list.push({ source: '(errors.jsonl)', stage: null, code: 'TE440', message: `unreadable line: ${line.slice(0, 120)}` });
    }
  }
  return list;
}

/** the text of a document as the run decoded it, when its input file is there with the same bytes */
function inputText(file: string | undefined, sha256: string): string | null {
  if (!file) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) return null;
  try {
    return decodeBytes(bytes, file).text;
  } catch {
    return null;
  }
}

/** the texts of the previous build, by document id, with the sha256 they belong to */
function previousTexts(dir: string): Map<string, { sha256: string; file: string }> {
  const found = new Map<string, { sha256: string; file: string }>();
  try {
    const index = unwrap(readFileSync(path.join(dir, 'data', 'index.js'), 'utf8')) as IndexData;
    for (const row of index.docs) if (row[COL.file] !== null) found.set(row[COL.id] as string, { sha256: row[COL.sha256] as string, file: path.join(dir, 'data', 'docs', `${row[COL.file]}.js`) });
  } catch {
    // no previous build
  }
  return found;
}

/** a data file's JSON: `TE_REVIEW.<name>(<json>);` */
function wrap(name: string, value: unknown): string {
  return `TE_REVIEW.${name}(${JSON.stringify(value)});\n`;
}

function unwrap(js: string): unknown {
  return JSON.parse(js.slice(js.indexOf('(') + 1, js.lastIndexOf(')')));
}

/** the columns of an index row */
const COL = { id: 0, title: 1, published: 2, persons: 3, events: 4, facts: 5, problems: 6, file: 7, sha256: 8, entities: 9, source: 10 } as const;
type IndexRow = [id: string, title: string | null, published: string | null, persons: number, events: number, facts: number,
  problems: string[], file: number | null, sha256: string | null, entities: number, source: string];

interface IndexData {
  columns: string[];
  /** whether the records carry an `events` array (else the events column counts EVENT entities) */
  eventsArray: boolean;
  summary: { pipeline: string | null; documents: number; failed: number; records: string };
  docs: IndexRow[];
}

/** the events of a record, when the run wrote them (records made before the events stage have none) */
interface ReviewEvent {
  id: string;
  type: string;
  name: string | null;
  canonical: string | null;
  status?: string;
  date: string | null;
  endDate?: string | null;
  participants?: { entity?: string | null; text?: string; canonical?: string | null; position?: string | null; role?: string }[];
}

interface PersonAcc {
  name: string;
  docs: Set<number>;
  positions: Map<string, Set<number>>;
  events: Map<string, [event: string, date: string | null, role: string | null, doc: number, ref: string]>;
}

function addPerson(persons: Map<string, PersonAcc>, name: string): PersonAcc {
  let p = persons.get(name);
  if (!p) persons.set(name, (p = { name, docs: new Set(), positions: new Map(), events: new Map() }));
  return p;
}

/** add one record's persons, positions and events to the run's persons view */
function collectPersons(persons: Map<string, PersonAcc>, rec: DocRecord, n: number): number {
  const byId = new Map<string, Entity>();
  const names = new Set<string>();
  for (const e of rec.entities) {
    byId.set(e.id, e);
    if (e.type === 'PERSON') {
      const name = e.canonical || e.text;
      names.add(name);
      addPerson(persons, name).docs.add(n);
    }
  }
  const personOf = (entity: string | null | undefined): string | null => {
    const e = entity ? byId.get(entity) : undefined;
    return e && e.type === 'PERSON' ? e.canonical || e.text : null;
  };
  // a position as written (facts, event participants) → its POSITION entity's canonical form
  const positionCanonical = new Map<string, string>();
  for (const e of rec.entities) if (e.type === 'POSITION' && e.canonical) positionCanonical.set(e.text, e.canonical);
  const addPosition = (person: string, written: string | null | undefined) => {
    if (!written) return;
    const position = positionCanonical.get(written) ?? written;
    const p = addPerson(persons, person);
    let docs = p.positions.get(position);
    if (!docs) p.positions.set(position, (docs = new Set()));
    docs.add(n);
  };
  for (const e of rec.entities) {
    const v = e.value as { personCanonical?: string; person?: string } | undefined;
    if (e.type === 'POSITION' && v) {
      const person = personOf(v.person) ?? v.personCanonical;
      if (person) addPosition(person, e.canonical || e.text);
    }
  }
  const events = (rec as { events?: ReviewEvent[] }).events;
  if (Array.isArray(events)) {
    for (const ev of events) {
      for (const pt of ev.participants ?? []) {
        const person = personOf(pt.entity); // participants that are PERSON entities (not organisations or countries)
        if (!person) continue;
        addPosition(person, pt.position);
        const name = ev.canonical ?? ev.name ?? ev.type;
        const p = addPerson(persons, person);
        p.docs.add(n);
        p.events.set(`${n}\0${ev.id}\0${pt.role}`, [name, ev.date, pt.role ?? null, n, ev.id]);
      }
    }
  }
  for (const f of rec.facts) {
    const person = personOf(f.actor?.entity);
    if (!person) continue;
    addPosition(person, f.position);
    if (Array.isArray(events)) continue; // the events array says it already (facts point at its events)
    const ev = f.event ? byId.get(f.event.entity) : undefined;
    const name = ev ? ev.canonical || ev.text : f.event?.text ?? `(${f.type}, no event named)`;
    persons.get(person)!.events.set(`${n}\0${f.id}`, [name, f.date, f.role ?? null, n, f.id]);
  }
  return names.size;
}

/** "TE303: message" of a failure; the codes of a record's warning and error diagnostics */
function problems(rec: DocRecord): string[] {
  const counts = new Map<string, number>();
  for (const d of rec.diagnostics) if (d.level !== 'info') counts.set(`${d.level} ${d.code}`, (counts.get(`${d.level} ${d.code}`) ?? 0) + 1);
  return [...counts].map(([k, c]) => (c > 1 ? `${k} ×${c}` : k));
}

function writeFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new ThaiExtractError('TE441', `cannot write the review page: ${(e as Error).message}`, { file }, { cause: e });
  }
}

/**
 * Build OUT_DIR/review from the output folder's records. The page is built in a folder of its
 * own and renamed into place, so a failed build leaves the previous page as it was.
 */
export async function buildReview(opts: ReviewOptions): Promise<ReviewResult> {
  const out = path.resolve(opts.out);
  const rec = recordsFile(out);
  if (!rec) {
    throw new ThaiExtractError('TE440', 'no records.jsonl or records.json to review: run thai-extract run … --out DIR first (with --format jsonl or json)', { file: out });
  }
  const recStamp = stamp(out, rec)!;
  const errStamp = stamp(out, 'errors.jsonl');
  const final = path.join(out, REVIEW_DIR);
  const tmp = path.join(out, `.${REVIEW_DIR}.tmp-${process.pid}`);
  const inputRoot = opts.inputRoot ? path.resolve(opts.inputRoot) : rememberedInputRoot(out);
  const bySource = new Map((opts.files ?? []).map((f) => [f.source, f.path]));
  const previous = previousTexts(final);
  let summary: { pipeline?: string } = {};
  try {
    summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { pipeline?: string };
  } catch {
    // summary.json is optional here
  }

  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(path.join(tmp, 'data', 'docs'), { recursive: true });
    mkdirSync(path.join(tmp, 'assets'));
    for (const a of ASSETS) copyFileSync(path.join(ASSETS_DIR, a), path.join(tmp, 'assets', a));
    copyFileSync(path.join(ASSETS_DIR, 'index.html'), path.join(tmp, 'index.html'));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new ThaiExtractError('TE441', `cannot write the review page: ${(e as Error).message}`, { file: tmp }, { cause: e });
  }

  try {
    const rows: IndexRow[] = [];
    const persons = new Map<string, PersonAcc>();
    const missingText: string[] = [];
    let eventsArray = false;
    let n = 0;
    for await (const r of readRecords(out, rec)) {
      const d = r.document;
      let text = inputText(bySource.get(d.source) ?? (inputRoot ? path.join(inputRoot, d.source) : undefined), d.sha256);
      if (text === null) {
        const old = previous.get(d.id);
        if (old && old.sha256 === d.sha256) {
          try {
            text = (unwrap(readFileSync(old.file, 'utf8')) as { text: string | null }).text;
          } catch {
            text = null;
          }
        }
      }
      if (text === null) missingText.push(d.source);
      const events = (r as { events?: unknown[] }).events;
      if (Array.isArray(events)) eventsArray = true;
      const eventCount = Array.isArray(events) ? events.length : new Set(r.entities.filter((e) => e.type === 'EVENT').map((e) => e.canonical || e.text)).size;
      const personCount = collectPersons(persons, r, n);
      writeFile(path.join(tmp, 'data', 'docs', `${n}.js`), wrap('doc', {
        n, record: r, text,
        textProblem: text === null
          ? `TE442: the text of ${d.source} is not available: its input file was not found${inputRoot || bySource.size ? '' : ' (input folder unknown)'} or has changed since the run (sha256 differs). Rebuild with thai-extract review OUT_DIR --inputs DIR.`
          : null,
      }));
      rows.push([d.id, d.title, d.published, personCount, eventCount, r.facts.length, problems(r), n, d.sha256, r.entities.length, d.source]);
      n++;
    }
    const errors = readErrors(out);
    for (const e of errors) {
      // "TE303 (decode): file @4: …" (the message's own "[TE303] " left out)
      const message = e.message.split('\n')[0].replace(`[${e.code}] `, '');
      rows.push([e.source.replace(/\.[^./]*$/, ''), null, null, 0, 0, 0, [`${e.code}${e.stage ? ` (${e.stage})` : ''}: ${message}`], null, null, 0, e.source]);
    }
    rows.sort((a, b) => (a[COL.source] < b[COL.source] ? -1 : a[COL.source] > b[COL.source] ? 1 : 0));
    const index: IndexData = {
      columns: Object.keys(COL),
      eventsArray,
      summary: { pipeline: summary.pipeline ?? null, documents: rows.length, failed: errors.length, records: rec },
      docs: rows,
    };
    writeFile(path.join(tmp, 'data', 'index.js'), wrap('index', index));
    const personList = [...persons.values()]
      .map((p) => ({
        name: p.name,
        docs: [...p.docs].sort((a, b) => a - b),
        positions: [...p.positions].map(([pos, docs]) => [pos, [...docs].sort((a, b) => a - b)]),
        // by date, undated last; then by document
        events: [...p.events.values()].sort((a, b) => ((a[1] ?? '~') < (b[1] ?? '~') ? -1 : (a[1] ?? '~') > (b[1] ?? '~') ? 1 : a[3] - b[3])),
      }))
      .sort((a, b) => b.docs.length - a.docs.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    writeFile(path.join(tmp, 'data', 'persons.js'), wrap('persons', personList));
    const info: BuildInfo = {
      format: BUILD_FORMAT, records: recStamp, errors: errStamp,
      inputRoot: inputRoot ? path.relative(out, inputRoot) || '.' : null,
    };
    writeFile(path.join(tmp, BUILD_FILE), JSON.stringify(info, null, 2) + '\n');
    try {
      rmSync(final, { recursive: true, force: true });
      renameSync(tmp, final);
    } catch (e) {
      throw new ThaiExtractError('TE441', `cannot write the review page: ${(e as Error).message}`, { file: final }, { cause: e });
    }
    return { index: path.join(final, 'index.html'), documents: rows.length, failed: errors.length, persons: personList.length, missingText };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
