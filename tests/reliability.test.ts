/**
 * Issue 27 — nothing stale, nothing hung: each fault reproduced (stale outputs after a partial
 * set of renames, special files, superlinear stages, a full disk, two runs into one folder,
 * signals, Redis nobody listens on, odd encodings and file names) and its coded outcome.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../src/pipeline/load.js';
import { runBatch } from '../src/pipeline/batch.js';
import { FAKE_FACTORIES, FAKE_SPEC, tmpDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const pipeline = createPipeline(FAKE_SPEC, { factories: FAKE_FACTORIES });
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const OUTPUTS = ['records.jsonl', 'documents.csv', 'entities.csv', 'facts.csv', 'errors.jsonl', 'summary.json'];
const noTimings = (s: string) => ({ ...JSON.parse(s), timings: null });

function corpus(prefix: string, n: number, tag: string): string {
  const dir = tmpDir(`te-rel-${prefix}-`);
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `${tag}${i}.txt`), `หัวข้อ ${tag} ${i}\nhttps://example.go.th/${tag}/${i}\n`);
  return dir;
}

function snapshot(out: string): Record<string, string> {
  return Object.fromEntries(OUTPUTS.map((f) => [f, f === 'summary.json' ? JSON.stringify(noTimings(read(out, f))) : read(out, f)]));
}

describe('1. the manifest describes exactly the output files on disk', () => {
  it('a partial set of renames by another run is detected and redone, not reported as up to date', async () => {
    const a = corpus('a', 3, 'a');
    const b = corpus('b', 4, 'b');
    const out = tmpDir('te-rel-out-');
    await runBatch({ pipeline, inputs: [a], out, incremental: true });
    const before = snapshot(out);
    // run B into a folder of its own, then two of its outputs renamed into `out` — what a run
    // killed (or failing with EPERM/ENOSPC) between its renames leaves behind
    const outB = tmpDir('te-rel-outb-');
    await runBatch({ pipeline, inputs: [b], out: outB, incremental: true });
    for (const f of ['records.jsonl', 'documents.csv']) renameSync(path.join(outB, f), path.join(out, f));
    expect(read(out, 'records.jsonl')).toContain('b0.txt');
    const again = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(again.incremental).toMatchObject({ upToDate: false, reused: 3, processed: 0 });
    expect(snapshot(out)).toEqual(before);
    // and now it is up to date
    const third = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(third.incremental?.upToDate).toBe(true);
  });

  it('an output replaced by a copy of the same size and time is still seen', async () => {
    const a = corpus('a2', 2, 'a');
    const out = tmpDir('te-rel-out-');
    await runBatch({ pipeline, inputs: [a], out, incremental: true });
    const f = path.join(out, 'entities.csv');
    const text = readFileSync(f);
    rmSync(f);
    writeFileSync(f, text);
    const again = await runBatch({ pipeline, inputs: [a], out, incremental: true });
    expect(again.incremental?.upToDate).toBe(false);
  });
});
