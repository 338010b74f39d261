import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeSync, writevSync } from 'node:fs';
import path from 'node:path';
import { codeStamp } from './code-stamp.js';
import { outputError, writeFileAtomic } from '../output/atomic.js';
import { pidAlive } from '../output/lock.js';
import { utf8Parts, type OutputFormat } from '../output/writers.js';
import type { DocResult } from './pool.js';

/**
 * Incremental runs. The output folder holds
 *
 *   manifest.json                      written last, atomically, by every completed run
 *   .thai-extract/results/<run>.jsonl  results (record or failure) a line each, keyed (ResultStore)
 *
 * A document's key is sha256(source, input sha256, pipeline id, rules hash): the same bytes at
 * the same path through the same pipeline and rule files give the same record. Every result
 * is appended to the run's journal as soon as its document is done, so a run killed at any
 * point (kill -9) leaves complete results (and at most one cut line, ignored) behind; the
 * next run reuses them and processes the rest. The aggregate outputs (records.jsonl, CSVs …) are always
 * rebuilt from the results in source order, so they come out byte-identical to an
 * uninterrupted run's. When every key and output file matches the manifest, nothing is
 * rewritten at all.
 */

export const MANIFEST_FILE = 'manifest.json';
export const RESULTS_DIR = path.join('.thai-extract', 'results');
export const MANIFEST_FORMAT = 1 as const;

export interface ManifestEntry {
  source: string;
  /** input sha256, null when the file could not be read */
  sha256: string | null;
  /** result key, null when the document has no stored result (unreadable input) */
  key: string | null;
  ok: boolean;
  /**
   * the file's size and times when it was hashed (see fileStat): a later run that finds the
   * same takes `sha256` as it is instead of reading and hashing the file again. Left out when
   * the file had changed within RACY_MS of being hashed.
   */
  stat?: FileStat;
}

/** what a file's identity is checked by before its sha256 is taken from the manifest */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * A file whose last change (mtime or ctime) is less than this before the moment it was stat'ed
 * gets no stat in the manifest: timestamps are as coarse as the kernel's clock tick (and 2 s on
 * some filesystems), so a second write in the same tick, after the file was read, would leave
 * size and times as they were (git's "racily clean" case). ctime cannot be set by tools that
 * copy times (cp -p, rsync -t, tar), so a file replaced with its old mtime is still seen.
 */
export const RACY_MS = 2_000;

/** the stat to record for a file (null when it changed too recently to be trusted later) */
export function fileStat(st: { size: number; mtimeMs: number; ctimeMs: number }, now: number): FileStat | null {
  return now - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS ? null : { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

export function sameStat(a: FileStat | undefined, b: FileStat | null): boolean {
  return !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  pipeline: string;
  rulesHash: string;
  formats: OutputFormat[];
  /** the output files the run wrote (summary.json's `files`) */
  files: string[];
  /**
   * each output file's identity once the run had renamed it into place (see outputStats): the
   * manifest describes exactly these files, so outputs another run replaced since (a partial
   * set of renames, a run into the same folder, an edit) make the next run rebuild them
   */
  outputs?: Record<string, OutputStat>;
  /** what the pipeline was built from (runs started from a pipeline file) */
  pipelineStamp?: PipelineStamp;
  documents: ManifestEntry[];
}

export function documentKey(source: string, sha256: string, pipelineId: string, rulesHash: string): string {
  return createHash('sha256').update(`${source}\0${sha256}\0${pipelineId}\0${rulesHash}`).digest('hex');
}

export function readManifest(outDir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
    return m && m.format === MANIFEST_FORMAT && Array.isArray(m.documents) ? m : null;
  } catch {
    return null;
  }
}

export function writeManifest(outDir: string, m: Manifest): void {
  // one entry a line: small diffs, and still plain JSON. Written in pieces of ~1,000 entries:
  // the whole text at once (10.6 MB for 30,000 releases, ~70 MB of strings while it was built
  // and written) was the peak of a long run's memory, at its very end.
  const head = JSON.stringify({ ...m, documents: [] }, null, 2).replace(/"documents": \[\]\n}$/, '');
  const docs = m.documents;
  writeFileAtomic(path.join(outDir, MANIFEST_FILE), (function* () {
    yield `${head}"documents": [\n`;
    for (let i = 0; i < docs.length; i += MANIFEST_CHUNK) {
      const lines = docs.slice(i, i + MANIFEST_CHUNK).map((d) => '    ' + JSON.stringify(d));
      yield lines.join(',\n') + (i + MANIFEST_CHUNK < docs.length ? ',\n' : '\n');
    }
    yield '  ]\n}\n';
  })());
}

/** manifest entries written at a time */
const MANIFEST_CHUNK = 1000;

/**
 * An output file's identity: size, modification time and inode (as strings: exact to the
 * nanosecond and beyond 2^53). Every output is written to a new temporary file and renamed
 * into place, so a file another run wrote has another inode even when size and time agree.
 */
export interface OutputStat {
  size: string;
  mtimeNs: string;
  ino: string;
}

/** the identity of a file, or null when it is missing or not a regular file */
export function outputStat(file: string): OutputStat | null {
  try {
    const st = statSync(file, { bigint: true });
    return st.isFile() ? { size: String(st.size), mtimeNs: String(st.mtimeNs), ino: String(st.ino) } : null;
  } catch {
    return null;
  }
}

/** the identity of every output file, as the manifest records it */
export function outputStats(outDir: string, files: string[]): Record<string, OutputStat> {
  const out: Record<string, OutputStat> = {};
  for (const f of files) {
    const st = outputStat(path.join(outDir, f));
    if (st) out[f] = st;
  }
  return out;
}

/**
 * true when a completed run with the same pipeline, formats and document keys left every
 * output in place: each file is the very file the manifest recorded (same inode, size and
 * modification time), not merely present
 */
export function isUpToDate(outDir: string, old: Manifest | null, next: Omit<Manifest, 'files'>): boolean {
  if (!old || old.pipeline !== next.pipeline || old.rulesHash !== next.rulesHash) return false;
  if (old.formats.join(',') !== next.formats.join(',') || old.documents.length !== next.documents.length) return false;
  for (let i = 0; i < old.documents.length; i++) {
    const a = old.documents[i];
    const b = next.documents[i];
    if (a.source !== b.source || a.sha256 !== b.sha256 || a.key !== b.key || a.key === null) return false;
  }
  const recorded = old.outputs;
  if (!recorded) return false;
  return old.files.every((f) => {
    const want = recorded[f];
    const got = outputStat(path.join(outDir, f));
    return !!want && !!got && want.size === got.size && want.mtimeNs === got.mtimeNs && want.ino === got.ino;
  });
}

/** where a stored line is: journal file, byte offset, byte length (without the newline) */
interface LineAt {
  file: string;
  offset: number;
  length: number;
}

/**
 * A result's journal line, `{"key":…,"result":…}` and a line feed, as UTF-8 pieces to write in
 * one go. The result as the journal keeps it: a successful one as {ok, source, record, chars},
 * its record from the encoded text when there is one (the bytes records.jsonl gets too, not
 * serialised again), a failure without its `ms`.
 */
function journalLine(key: string, r: DocResult): Uint8Array[] {
  const head = `{"key":${JSON.stringify(key)},"result":`;
  if (!r.ok) {
    const { ms: _ms, ...stored } = r;
    return [Buffer.from(`${head}${JSON.stringify(stored)}}\n`, 'utf8')];
  }
  const utf8 = r.encoded?.utf8;
  const record = utf8 ? utf8Parts(utf8).json : Buffer.from(r.encoded?.json ?? JSON.stringify(r.record), 'utf8');
  return [
    Buffer.from(`${head}{"ok":true,"source":${JSON.stringify(r.source)},"record":`, 'utf8'),
    record,
    Buffer.from(`,"chars":${JSON.stringify(r.chars)}}}\n`, 'utf8'),
  ];
}

/** a new journal's name: zero-padded time (so names sort oldest first), pid, optional suffix */
function journalName(suffix = ''): string {
  return `${String(Date.now()).padStart(15, '0')}-${process.pid}${suffix}.jsonl`;
}

/**
 * Per-document results, appended to journal files: `.thai-extract/results/<run>.jsonl`, one
 * line `{"key":"<64 hex>","result":{…}}` a document. Each run appends to a journal of its
 * own, one write a line, as soon as the document is done; a run killed mid-write (kill -9)
 * leaves at most one unterminated last line, which is ignored. One file per run instead of
 * one per document: creating and renaming 1,000 small files cost the main thread ~0.65 s a
 * run. The index (key → journal, offset, length) is built on first use by scanning the
 * journals' line heads (the result JSON is parsed only when read); a later journal's line
 * wins. `compact()`, called after a completed run, rewrites the live results into one journal
 * and deletes the others, so dropped results do not accumulate.
 */
export class ResultStore {
  readonly dir: string;
  private index: Map<string, LineAt> | null = null;
  private fds = new Map<string, number>();
  private own: { file: string; fd: number; size: number; lines: number } | null = null;
  private dirty = false;
  constructor(readonly outDir: string) {
    this.dir = path.join(outDir, RESULTS_DIR);
  }

  /** journal files, oldest first (names start with a zero-padded time) */
  private journals(): string[] {
    try {
      return readdirSync(this.dir).filter((f) => /^[0-9]+-[0-9]+(?:-c)?\.jsonl$/.test(f)).sort();
    } catch {
      return [];
    }
  }

  private fdOf(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(path.join(this.dir, file), 'r');
      this.fds.set(file, fd);
    }
    return fd;
  }

  private load(): Map<string, LineAt> {
    if (this.index) return this.index;
    const index = new Map<string, LineAt>();
    const HEAD = '{"key":"';
    for (const file of this.journals()) {
      let fd: number;
      try {
        fd = this.fdOf(file);
      } catch {
        continue;
      }
      // stream through the file, remembering where each complete line starts
      const buf = Buffer.allocUnsafe(1 << 20);
      let carry = Buffer.alloc(0);
      let pos = 0; // file offset of carry[0]
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos + carry.length);
        if (n === 0) break;
        const chunk = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
        let lineStart = 0;
        for (let nl = chunk.indexOf(10, 0); nl >= 0; nl = chunk.indexOf(10, lineStart)) {
          const line = chunk.subarray(lineStart, nl);
          if (line.length > HEAD.length + 66 && line.toString('latin1', 0, HEAD.length) === HEAD) {
            const key = line.toString('latin1', HEAD.length, HEAD.length + 64);
            index.set(key, { file, offset: pos + lineStart, length: nl - lineStart });
          }
          lineStart = nl + 1;
        }
        carry = Buffer.from(chunk.subarray(lineStart));
        pos += lineStart;
      }
    }
    this.index = index;
    return index;
  }

  /** keys with a stored result */
  keys(): string[] {
    return [...this.load().keys()];
  }

  private rawLine(key: string): Buffer | null {
    const at = this.load().get(key);
    if (!at) return null;
    try {
      const b = Buffer.allocUnsafe(at.length);
      return readSync(this.fdOf(at.file), b, 0, at.length, at.offset) === at.length ? b : null;
    } catch {
      return null;
    }
  }

  /** the stored result, or null (absent or unreadable: then it is simply recomputed) */
  read(key: string): DocResult | null {
    const raw = this.rawLine(key);
    if (!raw) return null;
    try {
      const line = JSON.parse(raw.toString('utf8')) as { key: string; result: DocResult };
      return line.key === key && line.result && typeof line.result === 'object' ? { ...line.result, ms: 0 } : null;
    } catch {
      return null;
    }
  }

  /** append one result to this run's journal (one write: a kill leaves whole lines or a cut last one) */
  write(key: string, r: DocResult): void {
    const index = this.load();
    if (!this.own) {
      const file = journalName();
      try {
        mkdirSync(this.dir, { recursive: true });
        this.own = { file, fd: openSync(path.join(this.dir, file), 'a+'), size: 0, lines: 0 };
      } catch (e) {
        throw outputError(e, path.join(this.dir, file), 'create the result store');
      }
      this.fds.set(file, this.own.fd);
    }
    const parts = journalLine(key, r);
    let length = 0;
    for (const p of parts) length += p.length;
    try {
      // (a short write, as on a full disk, leaves a cut last line: ignored when read)
      const n = writevSync(this.own.fd, parts, this.own.size);
      if (n !== length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    } catch (e) {
      throw outputError(e, path.join(this.dir, this.own.file), 'write the result store');
    }
    index.set(key, { file: this.own.file, offset: this.own.size, length: length - 1 });
    this.own.size += length;
    this.own.lines++;
  }

  remove(key: string): void {
    if (this.load().delete(key)) this.dirty = true;
  }

  /**
   * Keep only `live` keys: when the journals hold anything else (dropped results, lines
   * written twice, several journals), copy the live lines into one new journal (written
   * through a temporary file and renamed) and delete the old ones. A kill in between leaves
   * both, which is harmless (same lines). When this run's own journal already holds exactly
   * the live results, one line each (a run that processed every document: --force, a new
   * pipeline), nothing is copied: the other journals are deleted (copying 10,000 releases'
   * results cost the main thread ~0.15 s at the end of a run, with the workers done).
   */
  compact(live: Iterable<string>): void {
    const index = this.load();
    const keep = [...new Set(live)].filter((k) => index.has(k));
    const files = this.journals();
    if (!this.dirty && files.length <= 1 && keep.length === index.size) return;
    const own = this.own;
    if (own && own.lines === keep.length && keep.every((k) => index.get(k)!.file === own.file)) {
      this.close();
      this.removeJournals(files.filter((f) => f !== own.file));
      this.index = new Map(keep.map((k) => [k, index.get(k)!]));
      this.dirty = false;
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    const name = journalName('-c');
    const tmp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    const next = new Map<string, LineAt>();
    let size = 0;
    try {
      const fd = openSync(tmp, 'w');
      try {
        for (const k of keep) {
          const raw = this.rawLine(k);
          if (!raw) continue;
          writeSync(fd, raw);
          writeSync(fd, '\n');
          next.set(k, { file: name, offset: size, length: raw.length });
          size += raw.length + 1;
        }
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path.join(this.dir, name));
    } catch (e) {
      // the journals as they were are kept: nothing is lost, the next run compacts them
      rmSync(tmp, { force: true });
      throw outputError(e, tmp, 'compact the result store');
    }
    this.close();
    this.removeJournals(files.filter((f) => f !== name));
    this.index = next;
    this.dirty = false;
  }

  /** delete journal files (and the earlier layout: one file per result in two-hex-digit shards) */
  private removeJournals(files: string[]): void {
    for (const f of files) rmSync(path.join(this.dir, f), { force: true });
    for (const e of readdirSync(this.dir, { withFileTypes: true })) {
      if (e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)) rmSync(path.join(this.dir, e.name), { recursive: true, force: true });
    }
  }

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    this.fds.clear();
    this.own = null;
  }
}

/** Remove temporary files left by killed runs (".name.<pid>.tmp" whose process is gone). */
export function cleanStaleTemps(outDir: string): number {
  let n = 0;
  for (const dir of [outDir, path.join(outDir, RESULTS_DIR)]) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = /^\..+\.(\d+)\.tmp$/.exec(e.name);
      if (e.isFile() && m && !pidAlive(Number(m[1]))) {
        rmSync(path.join(dir, e.name), { force: true });
        n++;
      }
    }
  }
  return n;
}

/**
 * What a pipeline was built from: its file and every data file its stages loaded through
 * ctx.loadFile, each with its sha256. When none of them changed, the pipeline's id and rules
 * hash are the ones recorded, so a no-change re-run can be recognised without building the
 * pipeline (loading dictionaries and compiling rules takes longer than the check itself).
 * The code that built it is part of the stamp too: new code means the results are redone.
 */
export interface PipelineStamp {
  file: string;
  files: Record<string, string>;
  /** codeStamp() of the code that built the pipeline */
  code: string;
}

export function sha256File(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** true when the pipeline file and every data file it loaded are as the stamp recorded */
export function stampStillValid(stamp: PipelineStamp | undefined, file: string): boolean {
  if (!stamp || stamp.file !== path.resolve(file) || stamp.code !== codeStamp()) return false;
  return Object.entries(stamp.files).every(([f, sha]) => sha !== '' && sha256File(f) === sha);
}
