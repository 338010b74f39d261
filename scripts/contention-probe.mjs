#!/usr/bin/env node
// How much two busy threads slow each other down on this machine right now, for memory-bound
// work and for arithmetic: a chain of dependent loads through a 16 MB table (like the
// pipeline's trie walks, bigger than a core's L2 cache) and a register-only loop, each timed
// in one worker thread alone and then in two at once. The factor is the pair's mean time over
// the time alone (1.00: the threads do not slow each other; 2.00: as if one core).
// `npm run bench` prints the memory factor next to every run: on a shared virtual machine it
// moved between 1.0 and 7 within minutes, and it is
// what separates a two-thread run from twice a one-thread one.
//
//   node scripts/contention-probe.mjs [--rounds 3]
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const N = 1 << 22; // 4M entries, 16 MB
let table = null;
function chase(steps) {
  if (table === null) {
    // one random cycle through every entry (Sattolo), so that every load depends on the last
    table = new Int32Array(N);
    for (let i = 0; i < N; i++) table[i] = i;
    let seed = 12345;
    for (let i = N - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % i;
      const t = table[i]; table[i] = table[j]; table[j] = t;
    }
  }
  let p = 0;
  for (let i = 0; i < steps; i++) p = table[p];
  return p;
}
function spin(steps) {
  let x = 1, y = 2;
  for (let i = 0; i < steps; i++) { x = (Math.imul(x, 1664525) + 1013904223) | 0; y ^= x >>> 3; }
  return x ^ y;
}
const work = workerData.kind === 'memory' ? chase : spin;
work(workerData.steps >> 4); // warm-up (and the table built) before the start signal
const flag = new Int32Array(workerData.start);
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
const t = performance.now();
const r = work(workerData.steps);
parentPort.postMessage({ ms: performance.now() - t, r });
`;

const STEPS = { memory: 2_000_000, arithmetic: 100_000_000 };

/** ms each of `threads` workers took for the same work, started together */
async function timed(kind, threads) {
  const start = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData: { kind, steps: STEPS[kind], start } }));
  const results = workers.map((w) => new Promise((resolve, reject) => {
    w.on('error', reject);
    w.on('message', (m) => {
      if (m !== 'ready') resolve(m.ms);
    });
  }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const ms = await Promise.all(results);
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}

/**
 * The slow-down factor of two threads at once against one alone, for `kind` ('memory' or
 * 'arithmetic'): the median over `rounds` of (mean time of the pair) / (time alone), each
 * round timing the thread alone just before the pair.
 */
export async function contentionFactor(kind = 'memory', rounds = 3) {
  const factors = [];
  for (let k = 0; k < rounds; k++) {
    const [alone] = await timed(kind, 1);
    const pair = await timed(kind, 2);
    factors.push((pair[0] + pair[1]) / 2 / alone);
  }
  factors.sort((a, b) => a - b);
  return factors[(factors.length - 1) >> 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
  for (const kind of ['memory', 'arithmetic']) {
    console.log(`${kind}: two threads at once ${(await contentionFactor(kind, Number(values.rounds))).toFixed(2)}× the time of one alone`);
  }
}
