#!/usr/bin/env node
/**
 * Entity-level precision / recall / F1 of the entities stage on ThaiNER 1.5 test
 * (../shared/eval/ner/thainer-1.5-test.spans.jsonl), per type, exact span and overlap.
 * Prints a table; it is a measurement, not a test.
 *
 *   npm run build && node scripts/eval-ner.mjs [--dist dist] [--file path] [--limit N]
 *
 * Type mapping (ours → ThaiNER): PERSON→PERSON, ORG→ORGANIZATION, LOCATION→LOCATION,
 * LOCATION with value.kind "venue" → FACILITY. POSITION, EVENT and PROJECT have no ThaiNER
 * counterpart and are not scored; ThaiNER's DATE/TIME/MONEY/… belong to the numbers-dates stage.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const dist = path.resolve(ROOT, opt('--dist', 'dist'));
const file = path.resolve(ROOT, opt('--file', '../shared/eval/ner/thainer-1.5-test.spans.jsonl'));
const limit = Number(opt('--limit', '0')) || Infinity;
if (!existsSync(file)) {
  console.log(`eval-ner: ${file} not found (../shared is optional); nothing to measure.`);
  process.exit(0);
}
if (!existsSync(path.join(dist, 'stages/entities/extract.js'))) {
  console.error(`eval-ner: ${dist} has no compiled entities stage; run \`npm run build\` first (or pass --dist).`);
  process.exit(1);
}
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { extractEntities } = await load('stages/entities/extract.js');
const { compileRules } = await load('stages/entities/compile.js');
const { makeStageContext } = await load('pipeline/context.js');
const { identityView } = await load('doc/offsets.js');
const { segment } = await load('stages/segment/index.js');

const ctx = makeStageContext({ pipelineName: 'gov-press', pipelineFile: '<eval>', baseDir: path.join(ROOT, 'pipelines'), pointer: '/stages/6/options' });
const R = compileRules(ctx, 'gov-press/entities/rules.json');

const TYPES = ['PERSON', 'ORGANIZATION', 'LOCATION', 'FACILITY'];
const mapType = (e) => {
  if (e.type === 'PERSON') return 'PERSON';
  if (e.type === 'ORG') return 'ORGANIZATION';
  if (e.type === 'LOCATION') return e.value?.kind === 'venue' ? 'FACILITY' : 'LOCATION';
  return null;
};
const zero = () => ({ gold: 0, pred: 0, exact: 0, overlapP: 0, overlapG: 0 });
const stats = Object.fromEntries(TYPES.map((t) => [t, zero()]));

const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const t0 = performance.now();
let n = 0;
let chars = 0;
for (const line of lines) {
  if (n >= limit) break;
  n++;
  const { text, entities: goldAll } = JSON.parse(line);
  chars += text.length;
  const gold = goldAll.filter((g) => TYPES.includes(g.label));
  const pred = extractEntities({ text, norm: identityView(text), tokens: segment(text, { engine: 'dict' }) }, R)
    .map((e) => ({ start: e.start, end: e.end, label: mapType(e) }))
    .filter((e) => e.label);
  for (const t of TYPES) {
    const g = gold.filter((x) => x.label === t);
    const p = pred.filter((x) => x.label === t);
    const s = stats[t];
    s.gold += g.length;
    s.pred += p.length;
    const gk = new Set(g.map((x) => `${x.start}:${x.end}`));
    s.exact += p.filter((x) => gk.has(`${x.start}:${x.end}`)).length;
    s.overlapP += p.filter((x) => g.some((y) => x.start < y.end && y.start < x.end)).length;
    s.overlapG += g.filter((y) => p.some((x) => x.start < y.end && y.start < x.end)).length;
  }
}
const ms = performance.now() - t0;
const f = (x) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');
const prf = (tp, pred, gold) => {
  const p = pred ? tp / pred : NaN;
  const r = gold ? tp / gold : NaN;
  return [p, r, p + r ? (2 * p * r) / (p + r) : NaN];
};
console.log(`ThaiNER 1.5 test: ${n} sentences, ${chars} chars, ${(ms / 1000).toFixed(1)} s (${Math.round(chars / (ms / 1000))} chars/s)`);
console.log('| type | gold | pred | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |');
console.log('|---|---|---|---|---|---|---|---|---|');
const tot = zero();
for (const t of TYPES) {
  const s = stats[t];
  for (const k of Object.keys(tot)) tot[k] += s[k];
  const [ep, er, ef] = prf(s.exact, s.pred, s.gold);
  const op = s.pred ? s.overlapP / s.pred : NaN;
  const or = s.gold ? s.overlapG / s.gold : NaN;
  console.log(`| ${t} | ${s.gold} | ${s.pred} | ${f(ep)} | ${f(er)} | ${f(ef)} | ${f(op)} | ${f(or)} | ${f(op + or ? (2 * op * or) / (op + or) : NaN)} |`);
}
const [ep, er, ef] = prf(tot.exact, tot.pred, tot.gold);
const op = tot.overlapP / tot.pred;
const or = tot.overlapG / tot.gold;
console.log(`| all four | ${tot.gold} | ${tot.pred} | ${f(ep)} | ${f(er)} | ${f(ef)} | ${f(op)} | ${f(or)} | ${f((2 * op * or) / (op + or))} |`);
