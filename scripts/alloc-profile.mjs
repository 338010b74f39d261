#!/usr/bin/env node
// Where the pipeline allocates, from V8's sampling heap profiler (objects that died young
// included): bytes allocated per function over one warm pass. Needs a build (npm run build).
//
//   node scripts/alloc-profile.mjs [DIR] [--pipeline NAME|FILE] [--warmup 2] [--top 30] [--interval 4096]
//
// A function's bytes are those allocated while it was the innermost JavaScript frame (code
// inlined into it counts as its own). Built-ins (exec, sort, Map#set …) are listed as
// "name <- caller". The sampling interval is the mean number of bytes between samples.
import { parseArgs } from 'node:util';
import { corpusPass } from './corpus-pass.mjs';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pipeline: { type: 'string', default: 'gov-press' },
    warmup: { type: 'string', default: '2' },
    top: { type: 'string', default: '30' },
    interval: { type: 'string', default: '4096' },
  },
});
const { Session } = await import('node:inspector/promises');
const { docs, pass } = await corpusPass(o.pipeline, positionals[0]);
for (let i = 0; i < Number(o.warmup); i++) pass();

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: Number(o.interval),
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const chars = pass();
const { profile } = await session.post('HeapProfiler.getSamplingProfile');
await session.post('HeapProfiler.stopSampling');

const where = (f) => `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
const bytes = new Map();
let total = 0;
const walk = (node, parent) => {
  if (node.selfSize > 0) {
    const f = node.callFrame;
    const builtin = f.url === '' && parent && parent.callFrame.url !== '';
    const key = builtin ? `${f.functionName} <- ${parent.callFrame.functionName || '(anonymous)'} ${where(parent.callFrame)}` : `${f.functionName || '(anonymous)'} ${where(f)}`;
    bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const c of node.children) walk(c, node);
};
walk(profile.head, null);
console.log(`${docs.length} documents, ${chars.toLocaleString('en')} characters: ${(total / 1e6).toFixed(0)} MB allocated in one warm pass (${(total / Math.max(1, chars)).toFixed(0)} bytes a character)`);
for (const [k, v] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(o.top))) {
  console.log(`${(v / 1e6).toFixed(1).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
