#!/usr/bin/env node
// Batch benchmark: `npm run bench` (builds first). Runs the compiled CLI (`thai-extract run`)
// as a child process over the thaigov corpus (1,000 documents) and a 10x copy of it, with
// --concurrency 1 and 2, cold (empty output folder) and warm (the same run again: incremental,
// nothing changed), and prints a markdown table: documents/s, chars/s, wall time, peak RSS.
//
//   node scripts/bench.mjs [--corpus DIR] [--pipeline FILE|NAME] [--copies 10] [--repeat N] [--keep]
//
// Wall time is the whole command, Node start-up and pipeline loading included. Peak RSS is
// the child's maxRSS (main thread and worker threads together). With --repeat N every
// configuration is run N times, in rounds (every configuration once, then again …, so that
// a machine whose speed drifts affects them alike); the table gives the median run and the
// range of wall times, and the largest peak RSS. steal % is the hypervisor's share of the CPU
// time during the (median) run, from /proc/stat: on a shared virtual machine it tells a slow
// phase from a slow build. pipeline chars/s per thread divides by the summed time of the
// documents' pipelines (summary.json's processMs), the stages alone. CPU s is the child's
// user + system time (all threads), and chars per CPU s the throughput per core actually used;
// probe ms times a fixed JavaScript workload in this process just before each run: a rough
// sign of the host's speed at that moment (it showed some slow phases that steal time did not,
// and missed others). memory contention is scripts/contention-probe.mjs's factor, also taken just before
// each run: how much two threads doing memory-bound work at once slowed each other (1.00:
// not at all) — what a second thread can add depends on it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentionFactor } from './contention-probe.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(root, '../shared/corpus/thaigov') },
    pipeline: { type: 'string', default: 'gov-press' },
    copies: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const cli = path.join(root, 'dist/cli/cli.js');
if (!existsSync(cli)) {
  console.error('bench: dist/ is not built; run "npm run build" (npm run bench does)');
  process.exit(1);
}
if (!existsSync(values.corpus)) {
  console.error(
    `bench: needs a corpus of releases: ${values.corpus} does not exist (the thaigov corpus of the shared data ` +
      'folder ../shared, or --corpus DIR with .txt files); nothing measured',
  );
  process.exit(1);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'te-bench-'));
const copies = Number(values.copies);
const big = path.join(work, `corpus-x${copies}`);
for (let i = 0; i < copies; i++) cpSync(values.corpus, path.join(big, `copy${i}`), { recursive: true });

// a child that runs the CLI and reports its exit code and peak RSS on stdout
const CHILD = `
import { runCli } from ${JSON.stringify(cli)};
const code = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stderr, stderr: process.stderr });
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ code, maxRssKb: ru.maxRSS, cpuUs: ru.userCPUTime + ru.systemCPUTime }) + '\\n');
`;

// (a file, not `node -e`: worker threads inherit execArgv, and --input-type would break them)
const childFile = path.join(work, 'bench-child.mjs');
writeFileSync(childFile, CHILD);

/**
 * CPU ticks of the whole machine from /proc/stat (Linux): busy (user, nice, system, irq, softirq)
 * and steal — time a virtual CPU wanted to run but the hypervisor gave to someone else. On a
 * shared virtual machine the "slow phases" are steal: compare runs by it. null elsewhere.
 */
function cpuTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: f[0] + f[1] + f[2] + f[5] + f[6], steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/**
 * The machine's speed right now, roughly: milliseconds for a fixed single-thread JavaScript
 * workload (scanning a 1M-character Thai text and counting its 3-character pieces in a Map),
 * the best of 3, timed just before each run. On a shared virtual machine it may move with the
 * host while steal time stays at 0 — but a workload this small in cache does not see every slow
 * phase: compare builds side by side (bench:pair), not by it.
 */
const PROBE_TEXT = 'การประชุมคณะรัฐมนตรีที่ทำเนียบรัฐบาล นายกรัฐมนตรี '.repeat(20_000).slice(0, 1_000_000);
function probe() {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    const counts = new Map();
    let h = 0;
    for (let i = 0; i + 3 <= PROBE_TEXT.length; i += 3) {
      h = (h * 31 + PROBE_TEXT.charCodeAt(i)) | 0;
      const key = PROBE_TEXT.slice(i, i + 3);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (h === 42 && counts.size === 0) console.log(''); // keep the work
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

function run(inputs, out, concurrency) {
  const probeMs = probe();
  const ticks0 = cpuTicks();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [childFile, 'run', inputs, '--out', out, '--pipeline', values.pipeline, '--concurrency', String(concurrency), '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const ticks1 = cpuTicks();
  // steal as a share of the CPU time the machine was busy or robbed of during the run
  const stealPct = ticks0 && ticks1 ? (100 * (ticks1.steal - ticks0.steal)) / Math.max(1, ticks1.busy - ticks0.busy + ticks1.steal - ticks0.steal) : null;
  const line = r.stdout.trim().split('\n').pop();
  if (!line) throw new Error(`bench: the run failed:\n${r.stderr}`);
  const { code, maxRssKb, cpuUs } = JSON.parse(line);
  if (code !== 0 && code !== 2) throw new Error(`bench: the run exited ${code}:\n${r.stderr}`);
  const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
  return { wallMs, batchMs: summary.timings.wallMs, maxRssMb: maxRssKb / 1024, cpuMs: cpuUs / 1000, stealPct, probeMs, summary };
}

/** a contention factor as printed: ×1.23, or – when the probe failed */
const times = (x) => (Number.isFinite(x) ? `×${x.toFixed(2)}` : '–');

const corpora = [
  ['thaigov', values.corpus],
  [`thaigov x${copies}`, big],
];
const repeat = Math.max(1, Number(values.repeat) || 1);
/** runs per configuration key, in the order the configurations are first met */
const runs = new Map();
let pipelineId = '';
for (let round = 1; round <= repeat; round++) {
  for (const [name, dir] of corpora) {
    for (const c of values.concurrency.split(',').map(Number)) {
      const out = path.join(work, `out-${name.replace(/\W/g, '')}-c${c}`);
      for (const kind of ['cold', 'warm']) {
        // (a failed probe leaves the run unmeasured for contention, not the bench stopped)
        const contention = await contentionFactor('memory').catch(() => NaN);
        const m = { ...run(dir, out, c), contention };
        pipelineId = m.summary.pipeline;
        const key = JSON.stringify([name, c, kind]);
        if (!runs.has(key)) runs.set(key, []);
        runs.get(key).push(m);
        const steal = m.stealPct === null ? '' : `, steal ${m.stealPct.toFixed(0)}%`;
        process.stderr.write(`${name} c=${c} ${kind}${repeat > 1 ? ` (round ${round}/${repeat})` : ''}: ${(m.wallMs / 1000).toFixed(2)} s, CPU ${(m.cpuMs / 1000).toFixed(2)} s, probe ${m.probeMs.toFixed(0)} ms, memory contention ${times(m.contention)}${steal}\n`);
      }
      rmSync(out, { recursive: true, force: true });
    }
  }
}
const rows = [];
/** the median run of every configuration, for the targets below */
const medians = [];
for (const [key, ms] of runs) {
  const [name, c, kind] = JSON.parse(key);
  const sorted = [...ms].sort((a, b) => a.wallMs - b.wallMs);
  const m = sorted[(sorted.length - 1) >> 1]; // the median run (the lower one of an even count)
  const s = m.summary;
  const docs = s.documents.total;
  medians.push({ name, c, kind, docs, chars: s.chars, wallMs: m.wallMs, processMs: s.timings.processMs, maxRssMb: Math.max(...ms.map((x) => x.maxRssMb)), probeMs: m.probeMs, contention: m.contention });
  const wall = (m.wallMs / 1000).toFixed(2) + (ms.length > 1 ? ` (${(sorted[0].wallMs / 1000).toFixed(2)}–${(sorted[sorted.length - 1].wallMs / 1000).toFixed(2)})` : '');
  rows.push([
    name, c, kind, docs, s.chars.toLocaleString('en'), wall, kind === 'cold' ? (m.batchMs / 1000).toFixed(2) : '–',
    Math.round(docs / (m.wallMs / 1000)).toLocaleString('en'),
    Math.round(s.chars / (m.wallMs / 1000)).toLocaleString('en'),
    kind === 'cold' ? Math.round(s.chars / (m.wallMs / 1000) / c).toLocaleString('en') : '–',
    kind === 'cold' && s.timings.processMs > 0 ? Math.round(s.chars / (s.timings.processMs / 1000)).toLocaleString('en') : '–',
    (m.cpuMs / 1000).toFixed(2),
    kind === 'cold' ? Math.round(s.chars / (m.cpuMs / 1000)).toLocaleString('en') : '–',
    Math.max(...ms.map((x) => x.maxRssMb)).toFixed(0),
    m.stealPct === null ? '–' : m.stealPct.toFixed(0),
    m.probeMs.toFixed(0),
    times(m.contention),
  ]);
}
if (!values.keep) rmSync(work, { recursive: true, force: true });

const head = ['corpus', 'concurrency', 'run', 'documents', 'chars', 'wall s', 'batch s', 'docs/s', 'chars/s', 'chars/s per core', 'pipeline chars/s per thread', 'CPU s', 'chars per CPU s', 'peak RSS MB', 'steal %', 'probe ms', 'memory contention'];
console.log(`\nPipeline ${pipelineId} (${values.pipeline}); Node ${process.version}; ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}).`);
console.log(`wall = whole command incl. Node start-up and pipeline loading${repeat > 1 ? `, median of ${repeat} runs (range)` : ''}; batch = runBatch alone (summary.json); warm = the same command again with nothing changed (outputs are left untouched, so it has no batch figure); pipeline chars/s per thread = chars / the summed time of the documents' pipelines (summary.json timings.processMs: the stages alone, without reading, hashing, encoding or writing); CPU s = user + system time of the whole process (all its threads); chars per CPU s = chars / CPU s; probe ms = a fixed one-thread workload timed just before the run (the host's speed: lower is faster); memory contention = how much two threads doing memory-bound work at once slowed each other just before the run (1.00: not at all; scripts/contention-probe.mjs).\n`);
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map((h, i) => (i < 3 ? '---' : '---:')).join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// The issue's targets, judged on the runs above (median runs; docs/performance.md has the
// reference figures and says why one machine's speed varies by up to 2x from hour to hour).
const cold = medians.filter((m) => m.kind === 'cold');
const warm = medians.filter((m) => m.kind === 'warm');
const fmt = (n) => Math.round(n).toLocaleString('en');
const verdict = (ok) => (ok ? 'met' : '**not met**');
const targets = [];
const c2 = cold.find((m) => m.name === 'thaigov' && m.c === 2);
if (c2) targets.push([`${c2.docs.toLocaleString('en')} documents in under 10 s wall with --concurrency 2`, `${(c2.wallMs / 1000).toFixed(2)} s`, c2.docs === 1000 ? verdict(c2.wallMs < 10_000) : `(the target is for 1,000 documents)`]);
const peak = Math.max(...medians.map((m) => m.maxRssMb));
targets.push(['peak RSS under 400 MB', `${peak.toFixed(0)} MB (largest of all runs)`, verdict(peak < 400)]);
const growth = [];
for (const c of new Set(cold.map((m) => m.c))) {
  const [a, b] = [cold.find((m) => m.c === c && m.name === 'thaigov'), cold.find((m) => m.c === c && m.name !== 'thaigov')];
  if (a && b) growth.push({ c, a, b, ratio: b.maxRssMb / a.maxRssMb, docs: b.docs / a.docs });
}
if (growth.length) {
  targets.push([
    'memory flat as the corpus grows',
    growth.map((g) => `${g.c} thread${g.c > 1 ? 's' : ''}: ${g.a.maxRssMb.toFixed(0)} → ${g.b.maxRssMb.toFixed(0)} MB for ${g.docs}× the documents (×${g.ratio.toFixed(2)})`).join('; '),
    `${verdict(growth.every((g) => g.ratio < 2))} (a corpus held in memory would grow with the documents; docs/performance.md gives the live heap)`,
  ]);
}
const slowestWarm = Math.max(...warm.map((m) => m.wallMs));
if (warm.length) targets.push(['a no-change re-run under 1 s', `${(slowestWarm / 1000).toFixed(2)} s (slowest)`, verdict(slowestWarm < 1000)]);
const perCore = cold.map((m) => ({ m, whole: m.chars / (m.wallMs / 1000) / m.c, stages: m.processMs > 0 ? m.chars / (m.processMs / 1000) : 0 }));
/** the entry of xs (not empty) with the largest f */
const best = (xs, f) => xs.reduce((a, b) => (f(b) > f(a) ? b : a));
const bestWhole = best(perCore, (x) => x.whole);
const bestStages = best(perCore, (x) => x.stages);
const where = (x) => `${x.m.name}, ${x.m.c} thread${x.m.c > 1 ? 's' : ''}`;
targets.push([
  '≥ 1M chars/s per core for the full default pipeline, read as a whole run / cores',
  `${fmt(bestWhole.whole)} (best: ${where(bestWhole)})`, verdict(bestWhole.whole >= 1e6),
]);
targets.push([
  '… read as the stages\' own time per thread',
  `${fmt(bestStages.stages)} (best: ${where(bestStages)})`, verdict(bestStages.stages >= 1e6),
]);
// with every thread the runs used (on this 2-core machine: both cores busy)
const most = Math.max(...cold.map((m) => m.c));
if (most > 1) {
  const allCores = best(perCore.filter((x) => x.m.c === most), (x) => x.whole);
  targets.push([
    `… read as a whole run / cores, with ${most} threads`,
    `${fmt(allCores.whole)} (best: ${where(allCores)}; memory contention ${times(allCores.m.contention)} before it)`, verdict(allCores.whole >= 1e6),
  ]);
}
const probes = medians.map((m) => m.probeMs);
const contentions = medians.map((m) => m.contention).filter(Number.isFinite);
console.log(`\nTargets (issue 7). Host speed during these runs: probe ${Math.min(...probes).toFixed(0)}–${Math.max(...probes).toFixed(0)} ms (on this AMD EPYC host 11–13 ms in its fastest phase seen, 17–23 in its usual fast state, 27–39 in slow phases; the chars/s figures scale with it); memory contention ${contentions.length ? `×${Math.min(...contentions).toFixed(2)}–${Math.max(...contentions).toFixed(2)}` : 'not measured'} (1.00: two busy threads do not slow each other; the per-core figures with 2 threads fall as it rises).\n`);
console.log('| target | measured | |');
console.log('|---|---|---|');
for (const t of targets) console.log(`| ${t.join(' | ')} |`);
