#!/usr/bin/env node
// Times every stage of a pipeline over a folder of documents (one thread) and prints a table.
// With --passes N the same documents are processed N times in the same process and a table is
// printed per pass: pass 1 is cold (JIT warm-up included), later passes show warm speed.
// Usage: npm run profile:stages [-- DIR …] or node scripts/profile-stages.mjs [DIR=../shared/corpus/thaigov] [--pipeline FILE|NAME] [--limit N] [--passes N]
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? fileURLToPath(new URL('../../shared/corpus/thaigov', import.meta.url));
if (!existsSync(dir)) {
  console.error(`profile-stages: needs a folder of releases: ${dir} does not exist (the thaigov corpus of the shared data folder ../shared, or give DIR)`);
  process.exit(1);
}
if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.error('profile-stages: dist/ is not built; run "npm run build" (npm run profile:stages does)');
  process.exit(1);
}
const { loadPipeline } = await import('../dist/pipeline/load.js');
const { makeDoc } = await import('../dist/pipeline/run.js');
const { findInputs } = await import('../dist/pipeline/inputs.js');
const t0 = performance.now();
const pipeline = loadPipeline(opt('--pipeline', 'gov-press'));
const loadMs = performance.now() - t0;
const files = findInputs([dir]).files.slice(0, Number(opt('--limit', 1e9)));
const passes = Math.max(1, Number(opt('--passes', 1)));
for (let pass = 1; pass <= passes; pass++) {
  const times = new Map(pipeline.stages.map((s) => [s.name, 0]));
  let chars = 0;
  for (const f of files) {
    let doc = makeDoc({ source: f.source, bytes: readFileSync(f.path) }, pipeline);
    for (const s of pipeline.stages) {
      const t = performance.now();
      try {
        doc = s.run(doc);
      } catch (e) {
        console.error(`${f.source}: ${s.name}: ${e.message}`);
        break;
      }
      times.set(s.name, times.get(s.name) + performance.now() - t);
    }
    chars += doc.text?.length ?? 0;
  }
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  console.log(`${pass > 1 ? '\n' : ''}pipeline ${pipeline.id}: load ${loadMs.toFixed(0)} ms; ${files.length} docs, ${chars} chars${passes > 1 ? `; pass ${pass} of ${passes}` : ''}\n`);
  console.log('| stage | ms | share | chars/s |\n|---|---:|---:|---:|');
  for (const [name, ms] of times) console.log(`| ${name} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)}% | ${Math.round(chars / (ms / 1000)).toLocaleString('en')} |`);
  console.log(`| **all** | ${total.toFixed(0)} | 100% | ${Math.round(chars / (total / 1000)).toLocaleString('en')} |`);
}
