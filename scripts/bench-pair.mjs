#!/usr/bin/env node
// Compare two builds (or two settings) of the CLI by running them AT THE SAME TIME, each
// pinned to its own core with taskset, one thread each: both see the machine at the same
// speed, which alternating runs on this drifting machine do not guarantee. Every round swaps
// the cores. Prints wall and user CPU seconds per round and the medians.
//
//   node scripts/bench-pair.mjs --a ../old --b . [--corpus DIR] [--rounds 2] [--env-a K=V,…] [--env-b K=V,…]
//
// --a/--b: checkouts with a built dist/ (default: this one for both, e.g. to compare two
// settings of an environment variable through --env-a/--env-b). --corpus: a folder of releases
// (default ../shared/corpus/thaigov).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    a: { type: 'string', default: root },
    b: { type: 'string', default: root },
    corpus: { type: 'string', default: path.resolve(root, '../shared/corpus/thaigov') },
    rounds: { type: 'string', default: '2' },
    'env-a': { type: 'string', default: '' },
    'env-b': { type: 'string', default: '' },
  },
});
if (!existsSync(values.corpus)) {
  console.error(`bench-pair: needs a corpus folder: ${values.corpus} does not exist (the shared data folder ../shared, or --corpus DIR)`);
  process.exit(1);
}
for (const side of [values.a, values.b]) {
  if (!existsSync(path.join(side, 'dist/cli/main.js'))) {
    console.error(`bench-pair: ${side} has no dist/cli/main.js: run "npm run build" there first`);
    process.exit(1);
  }
}
// K=V pairs; V may hold '=' itself (NODE_OPTIONS=--max-old-space-size=256)
const envOf = (s) => Object.fromEntries(s.split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const sides = [
  { name: 'a', root: path.resolve(values.a), env: envOf(values['env-a']) },
  { name: 'b', root: path.resolve(values.b), env: envOf(values['env-b']) },
];
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.availableParallelism() >= 2;
if (!pinned) console.warn('bench-pair: taskset or a second core is missing: the runs are not pinned');

function runOne(side, core, out) {
  const cli = path.join(side.root, 'dist/cli/main.js');
  const args = [cli, 'run', values.corpus, '--out', out, '--concurrency', '1', '--quiet'];
  const [cmd, argv] = pinned ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { env: { ...process.env, ...side.env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve({ code, wall: (performance.now() - t0) / 1000 });
    });
  });
}

const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor((xs.length - 1) / 2)];
const walls = { a: [], b: [] };
const rounds = Number(values.rounds);
console.log(`corpus ${values.corpus}; a = ${sides[0].root} ${JSON.stringify(sides[0].env)}; b = ${sides[1].root} ${JSON.stringify(sides[1].env)}`);
console.log('| round | a core | a wall s | b core | b wall s |\n|---:|---:|---:|---:|---:|');
for (let r = 0; r < rounds; r++) {
  const cores = r % 2 === 0 ? [0, 1] : [1, 0];
  const outs = sides.map(() => mkdtempSync(path.join(os.tmpdir(), 'te-pair-')));
  const res = await Promise.all(sides.map((s, k) => runOne(s, cores[k], outs[k])));
  for (const o of outs) rmSync(o, { recursive: true, force: true });
  res.forEach((x, k) => {
    if (x.code !== 0 && x.code !== 2) throw new Error(`side ${sides[k].name} exited with ${x.code}`);
    walls[sides[k].name].push(x.wall);
  });
  console.log(`| ${r + 1} | ${cores[0]} | ${res[0].wall.toFixed(2)} | ${cores[1]} | ${res[1].wall.toFixed(2)} |`);
}
console.log(`median wall: a ${median(walls.a).toFixed(2)} s, b ${median(walls.b).toFixed(2)} s (b/a ${(median(walls.b) / median(walls.a)).toFixed(3)})`);
