// Draft a gold file from the pipeline's current output: npx vite-node scripts/gold-draft.ts INPUT.txt OUT.json
// The draft must then be checked line by line against the Thai text and corrected by hand.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline } from '../src/pipeline/load.js';
import { processDocument } from '../src/pipeline/run.js';

const [input, out] = process.argv.slice(2);
const p = loadPipeline('gov-press');
const r = processDocument(p, { source: path.basename(input), bytes: new Uint8Array(readFileSync(input)) });
if (!r.ok) throw new Error(r.message);
const rec = r.record;
const uniq = <T,>(xs: T[]) => [...new Set(xs)];
const byId = new Map(rec.entities.map((e) => [e.id, e]));
const gold = {
  input: path.relative(path.dirname(out), input),
  published: rec.document.published,
  persons: uniq(rec.entities.filter((e) => e.type === 'PERSON').map((e) => e.canonical)),
  dates: uniq(rec.entities.filter((e) => e.type === 'DATE' && e.value?.iso).map((e) => e.value!.iso as string)),
  events: uniq(rec.entities.filter((e) => e.type === 'EVENT').map((e) => e.canonical)),
  participations: uniq(
    rec.facts
      .filter((f) => f.actor && byId.get(f.actor.entity)?.type === 'PERSON' && f.event)
      .map((f) => JSON.stringify({ person: byId.get(f.actor!.entity)!.canonical, event: byId.get(f.event!.entity)!.canonical, date: f.date })),
  ).map((s) => JSON.parse(s)),
};
if (existsSync(out)) throw new Error(`${out} exists: a gold file is edited by hand, not redrafted`);
writeFileSync(out, JSON.stringify(gold, null, 2) + '\n');
