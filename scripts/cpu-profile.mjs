#!/usr/bin/env node
// Where the pipeline's time goes, from V8 CPU profiles. Needs a build (npm run build).
//
//   node scripts/cpu-profile.mjs record [DIR] [--pipeline NAME|FILE] [--warmup 2] [--passes 4] [--out FILE]
//       runs the pipeline over DIR (default ../shared/corpus/thaigov) --warmup times unprofiled
//       (JIT warm-up), then --passes times under the profiler; writes FILE (default
//       warm.cpuprofile). `node --cpu-prof dist/cli/main.js run …` profiles a whole cold run.
//   node scripts/cpu-profile.mjs self FILE [--top 40]        self time per function
//   node scripts/cpu-profile.mjs incl FILE NAME…             inclusive time of functions by name
//   node scripts/cpu-profile.mjs under FILE NAME [--top 20]  self time of what runs under NAME
//   node scripts/cpu-profile.mjs lines FILE NAME [--file S]  samples per source line of NAME
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { corpusPass } from './corpus-pass.mjs';
import { inclusiveTimes, lineTicks, selfTimes, timesUnder } from './cpuprofile-summary.mjs';

const { values: o, positionals: [cmd, ...rest] } = parseArgs({
  allowPositionals: true,
  options: {
    pipeline: { type: 'string', default: 'gov-press' },
    warmup: { type: 'string', default: '2' },
    passes: { type: 'string', default: '4' },
    out: { type: 'string', default: 'warm.cpuprofile' },
    top: { type: 'string' },
    file: { type: 'string', default: '' },
  },
});
const load = (f) => JSON.parse(readFileSync(f, 'utf8'));
const ms = (x) => x.toFixed(1).padStart(9);
const pct = (x) => `${(100 * x).toFixed(1).padStart(5)}%`;

if (cmd === 'record') {
  const { Session } = await import('node:inspector/promises');
  // (what a run does per document, as the CLI calls it; profile-stages.mjs times the stages one by one)
  const { docs, pass } = await corpusPass(o.pipeline, rest[0]);
  for (let i = 0; i < Number(o.warmup); i++) pass();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const t = performance.now();
  for (let i = 0; i < Number(o.passes); i++) pass();
  const wall = performance.now() - t;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(o.out, JSON.stringify(profile));
  console.log(`${docs.length} documents, ${o.warmup} warm-up passes, ${o.passes} profiled passes in ${wall.toFixed(0)} ms: ${o.out}`);
} else if (cmd === 'self') {
  for (const r of selfTimes(load(rest[0]), Number(o.top ?? 40))) console.log(`${ms(r.ms)} ms ${pct(r.share)}  ${r.key}`);
} else if (cmd === 'incl') {
  for (const r of inclusiveTimes(load(rest[0]), rest.slice(1))) console.log(`${ms(r.ms)} ms ${pct(r.share)}  ${r.name}`);
} else if (cmd === 'under') {
  for (const r of timesUnder(load(rest[0]), rest[1], Number(o.top ?? 20))) console.log(`${ms(r.ms)} ms  ${r.key}`);
} else if (cmd === 'lines') {
  for (const r of lineTicks(load(rest[0]), rest[1], o.file)) console.log(`${String(r.ticks).padStart(7)} ${pct(r.share)}  line ${r.line}`);
} else {
  console.error('usage: node scripts/cpu-profile.mjs record|self|incl|under|lines … (see the head of this file)');
  process.exit(64);
}
