import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/cli.js';
import type { DocRecord } from '../src/doc/types.js';
import { captureIo, tmpDir } from './helpers.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SEEDS = path.join(ROOT, 'fixtures/seeds');

/** the seeds plus a document that fails (binary), in a folder of their own */
export function seedInputs(): string {
  const dir = tmpDir('te-review-in-');
  for (const f of readdirSync(SEEDS)) writeFileSync(path.join(dir, f), readFileSync(path.join(SEEDS, f)));
  writeFileSync(path.join(dir, 'zz-binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
  return dir;
}

export function readRecords(out: string): DocRecord[] {
  return readFileSync(path.join(out, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DocRecord);
}

/**
 * Give the first seed's record an `events` array of the shape the events stage writes (made by
 * hand from its own entities and first fact), and point that fact at it.
 */
export function addSyntheticEvents(out: string): void {
  const recs = readRecords(out);
  for (const x of recs) (x as DocRecord & { events?: unknown[] }).events = [];
  const r = recs[0] as DocRecord & { events?: unknown[] };
  const f = r.facts[0];
  const ev = r.entities.find((e) => e.id === f.event!.entity)!;
  const actor = r.entities.find((e) => e.id === f.actor!.entity)!;
  const org = r.entities.find((e) => e.type === 'ORG')!;
  r.events = [{
    id: 'v1', type: 'meeting', name: ev.text, canonical: ev.canonical, start: ev.start, end: ev.end, status: 'happened',
    date: f.date, endDate: null, location: null, mode: f.mode,
    participants: [{ entity: actor.id, text: actor.text, canonical: actor.canonical, position: f.position, role: 'participant' }],
    organisations: [{ entity: org.id, text: org.text, canonical: org.canonical }],
    evidence: [f.evidence, { start: ev.start, end: ev.end }], rule: 'test.synthetic',
  }];
  (f as typeof f & { eventId?: string }).eventId = 'v1';
  writeFileSync(path.join(out, 'records.jsonl'), recs.map((x) => JSON.stringify(x)).join('\n') + '\n');
}

/** run the seeds (and a failing document) with --format jsonl,html; returns the folders */
export async function seedRun(): Promise<{ inputs: string; out: string; code: number; err: string }> {
  const inputs = seedInputs();
  const out = path.join(tmpDir('te-review-out-'), 'out');
  const t = captureIo();
  const code = await runCli(['run', inputs, '--out', out, '--format', 'jsonl,html', '--concurrency', '1'], t.io);
  return { inputs, out, code, err: t.err() };
}
