import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codeStamp } from './code-stamp.js';
import { writeFileAtomic } from '../output/atomic.js';
import type { OutputFormat } from '../output/writers.js';
import type { DocResult } from './pool.js';

/**
 * Incremental runs. The output folder holds
 *
 *   manifest.json                     written last, atomically, by every completed run
 *   .thai-extract/results/ab/<key>.json   one result per document (record or failure)
 *
 * A document's key is sha256(source, input sha256, pipeline id, rules hash): the same bytes at
 * the same path through the same pipeline and rule files give the same record. Every result
 * file is written through a temporary file and renamed as soon as its document is done, so a
 * run killed at any point (kill -9) leaves only complete results behind; the next run reuses
 * them and processes the rest. The aggregate outputs (records.jsonl, CSVs …) are always
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
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  pipeline: string;
  rulesHash: string;
  formats: OutputFormat[];
  /** the output files the run wrote (summary.json's `files`) */
  files: string[];
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
  // one entry a line: small diffs, and still plain JSON
  const docs = m.documents.map((d) => '    ' + JSON.stringify(d)).join(',\n');
  const head = JSON.stringify({ ...m, documents: [] }, null, 2).replace(/"documents": \[\]\n}$/, '');
  writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${head}"documents": [\n${docs}${docs ? '\n' : ''}  ]\n}\n`);
}

/** true when a completed run with the same pipeline, formats and document keys left every output in place */
export function isUpToDate(outDir: string, old: Manifest | null, next: Omit<Manifest, 'files'>): boolean {
  if (!old || old.pipeline !== next.pipeline || old.rulesHash !== next.rulesHash) return false;
  if (old.formats.join(',') !== next.formats.join(',') || old.documents.length !== next.documents.length) return false;
  for (let i = 0; i < old.documents.length; i++) {
    const a = old.documents[i];
    const b = next.documents[i];
    if (a.source !== b.source || a.sha256 !== b.sha256 || a.key !== b.key || a.key === null) return false;
  }
  return old.files.every((f) => existsSync(path.join(outDir, f)));
}

/** Per-document results, one small JSON file each, sharded by the key's first two hex digits. */
export class ResultStore {
  readonly dir: string;
  private readonly made = new Set<string>();
  constructor(readonly outDir: string) {
    this.dir = path.join(outDir, RESULTS_DIR);
  }

  file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** the stored result, or null (absent or unreadable: then it is simply recomputed) */
  read(key: string): DocResult | null {
    let raw: string;
    try {
      raw = readFileSync(this.file(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const r = JSON.parse(raw) as DocResult;
      return { ...r, ms: 0 };
    } catch {
      return null;
    }
  }

  /** write through a temporary file and rename: a reader (or a later run) never sees half a result */
  write(key: string, r: DocResult): void {
    const file = this.file(key);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    const { ms: _ms, ...stored } = r;
    const tmp = path.join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, file);
  }

  remove(key: string): void {
    rmSync(this.file(key), { force: true });
  }
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temporary files left by killed runs (".name.<pid>.tmp" whose process is gone). */
export function cleanStaleTemps(outDir: string): number {
  let n = 0;
  const sweep = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const m = /^\..+\.(\d+)\.tmp$/.exec(e.name);
      if (e.isFile() && m && !pidAlive(Number(m[1]))) {
        rmSync(path.join(dir, e.name), { force: true });
        n++;
      }
    }
  };
  sweep(outDir);
  let shards: string[] = [];
  try {
    shards = readdirSync(path.join(outDir, RESULTS_DIR));
  } catch {
    /* no results yet */
  }
  for (const s of shards) sweep(path.join(outDir, RESULTS_DIR, s));
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
