#!/usr/bin/env node
// Compare two built checkouts stage by stage IN ONE PROCESS: both load their pipeline, then
// every document goes through build A and build B one after the other (A B for one document,
// B A for the next …), every stage's time summed per pass over the corpus. Both builds see the
// machine at the same speed within milliseconds, so differences of a few percent in one stage
// show, where whole runs on this drifting machine hide them (`npm run bench:pair` sees 5–10%).
// Passes 1–2 (JIT warm-up) are left out of the summary; it prints, per stage, the best and the
// median pass of each build and b/a.
//
//   node scripts/bench-stages-ab.mjs --a ../old --b . [--corpus DIR] [--passes 10] [--pipeline NAME]
//
// The inputs are read once; every pass starts from the bytes (decode included). Outputs are not
// compared here: check them with two `run`s and `cmp` (see the README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { abArgs } from './ab-args.mjs';

const values = abArgs({
  passes: { type: 'string', default: '10' },
  pipeline: { type: 'string', default: 'gov-press' },
});
const passes = Math.max(4, Number(values.passes));

async function load(root) {
  const lib = await import(pathToFileURL(path.join(path.resolve(root), 'dist/index.js')).href);
  const pipeline = lib.loadPipeline(values.pipeline);
  return { lib, pipeline };
}
const sides = { a: await load(values.a), b: await load(values.b) };
const files = sides.a.lib.findInputs([values.corpus]).files;
const inputs = files.map((f) => ({ source: f.source, bytes: readFileSync(f.path) }));
const names = sides.a.pipeline.stages.map((s) => s.name);
if (names.join() !== sides.b.pipeline.stages.map((s) => s.name).join()) {
  console.error('bench-stages-ab: the two pipelines have different stages');
  process.exit(1);
}

/** one document through a build's stages: its ms added to `ms` */
function runDoc(side, input, ms) {
  const { lib, pipeline } = side;
  let doc = lib.makeDoc(input, pipeline);
  for (let k = 0; k < pipeline.stages.length; k++) {
    const t0 = performance.now();
    doc = pipeline.stages[k].run(doc);
    ms[k] += performance.now() - t0;
  }
}

const got = { a: [], b: [] };
for (let p = 0; p < passes; p++) {
  const ms = { a: new Float64Array(names.length), b: new Float64Array(names.length) };
  inputs.forEach((input, i) => {
    for (const s of (i + p) % 2 === 0 ? ['a', 'b'] : ['b', 'a']) runDoc(sides[s], input, ms[s]);
  });
  got.a.push(ms.a);
  got.b.push(ms.b);
  process.stderr.write(`pass ${p + 1}/${passes}\r`);
}
process.stderr.write('\n');

const summary = (list, k) => {
  const v = list.slice(2).map((ms) => (k < 0 ? ms.reduce((x, y) => x + y, 0) : ms[k])).sort((x, y) => x - y);
  return { best: v[0], median: v[v.length >> 1] };
};
console.log(`a = ${path.resolve(values.a)}; b = ${path.resolve(values.b)}; ${inputs.length} documents; passes ${passes} (1-2 left out)`);
console.log('| stage | a best ms | b best ms | b/a best | a median ms | b median ms | b/a median |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (let k = -1; k < names.length; k++) {
  const a = summary(got.a, k);
  const b = summary(got.b, k);
  const f = (x) => x.toFixed(0);
  console.log(`| ${k < 0 ? 'all' : names[k]} | ${f(a.best)} | ${f(b.best)} | ${(b.best / a.best).toFixed(3)} | ${f(a.median)} | ${f(b.median)} | ${(b.median / a.median).toFixed(3)} |`);
}
