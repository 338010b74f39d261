#!/usr/bin/env node
// Survey of the zones stage over a folder of releases (default ../shared/corpus/thaigov):
// how many documents got a title, dateline, source URL/agency; how often each rule fired;
// which body lines look like unclassified furniture (short, non-Thai, or repeated across
// documents); and a check of the zone invariants. Prints a report; asserts nothing.
//
//   npm run build && node scripts/zones-survey.mjs [DIR] [--rules pipelines/gov-press/zones.json]
// THAI_EXTRACT_DIST=<dir> uses another build output than ./dist.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.env.THAI_EXTRACT_DIST ?? path.join(root, 'dist'));
const args = process.argv.slice(2);
const rulesArg = args.indexOf('--rules');
const rulesFile = rulesArg >= 0 ? args.splice(rulesArg, 2)[1] : path.join(root, 'pipelines/gov-press/zones.json');
const dir = path.resolve(args[0] ?? path.join(root, '../shared/corpus/thaigov'));
if (!existsSync(dir)) {
  console.log(`zones-survey: ${dir} not found; nothing to survey`);
  process.exit(0);
}
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { decodeBytes } = await load('stages/decode/decode.js');
const { normalise } = await load('stages/normalise/normalise.js');
const { compileZoneRules, findZones } = await load('stages/zones/zones.js');
const rules = compileZoneRules(JSON.parse(readFileSync(rulesFile, 'utf8')), rulesFile);

const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const count = { docs: 0, title: 0, dateline: 0, sourceUrl: 0, agency: 0, header: 0, body: 0, errors: 0, invariantFailures: 0 };
const ruleHits = new Map();
const bodyLineDocs = new Map(); // collapsed body line -> set of docs
const suspicious = [];
const teasers = [];
const noDateline = [];
const noTitle = [];
const started = process.hrtime.bigint();
let chars = 0;

for (const f of files) {
  count.docs++;
  let text;
  try {
    text = decodeBytes(new Uint8Array(readFileSync(path.join(dir, f))), f).text;
  } catch (e) {
    count.errors++;
    console.log(`error ${f}: ${e.message}`);
    continue;
  }
  chars += text.length;
  const view = normalise(text);
  const { zones, meta } = findZones(text, view, rules);
  if (meta.title) count.title++;
  else noTitle.push(f);
  if (meta.sourceUrl) count.sourceUrl++;
  if (meta.agency) count.agency++;
  if (zones.some((z) => z.kind === 'dateline')) count.dateline++;
  else noDateline.push(f);
  if (zones.some((z) => z.kind === 'header')) count.header++;
  if (zones.some((z) => z.kind === 'body')) count.body++;
  for (const z of zones) ruleHits.set(z.rule, (ruleHits.get(z.rule) ?? 0) + 1);
  for (const z of zones) if (z.rule === 'teaser-headline') teasers.push(`${f}: ${text.slice(z.start, z.end)}`);

  // invariants: sorted, disjoint, trimmed, and every visible view char inside exactly one zone
  let ok = true;
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i];
    if (!(z.start < z.end) || (i > 0 && zones[i - 1].end > z.start)) ok = false;
    if (/^\s|\s$/.test(text.slice(z.start, z.end))) ok = false;
  }
  const covered = new Uint8Array(text.length);
  for (const z of zones) covered.fill(1, z.start, z.end);
  for (let i = 0; i < view.text.length; i++) {
    if (/\s/.test(view.text[i])) continue;
    for (let k = view.starts[i]; k < view.ends[i]; k++) if (!covered[k]) ok = false;
  }
  if (!ok) {
    count.invariantFailures++;
    console.log(`invariant failure: ${f}`);
  }

  // body lines that look like furniture
  for (const z of zones) {
    if (z.kind !== 'body') continue;
    for (const raw of text.slice(z.start, z.end).split(/\r?\n|\r/)) {
      const line = raw.replace(/[\s\u200b\ufeff]+/g, ' ').trim();
      if (!line) continue;
      if (!bodyLineDocs.has(line)) bodyLineDocs.set(line, new Set());
      bodyLineDocs.get(line).add(f);
      const thai = (line.match(/[\u0e01-\u0e5b]/g) ?? []).length;
      if (line.length <= 25 || (thai === 0 && line.length <= 60 && !/^\d/.test(line))) suspicious.push(line);
    }
  }
}
const secs = Number(process.hrtime.bigint() - started) / 1e9;
const pct = (n) => `${n} (${((100 * n) / Math.max(1, count.docs)).toFixed(1)}%)`;
console.log(`\nzones survey of ${dir}`);
console.log(`documents            ${count.docs} (${count.errors} decode errors), ${(chars / 1e6).toFixed(2)}M chars, ${(chars / secs / 1e6).toFixed(2)}M chars/s decode+normalise+zones`);
for (const k of ['header', 'title', 'dateline', 'sourceUrl', 'agency', 'body']) console.log(`with ${k.padEnd(16)}${pct(count[k])}`);
console.log(`invariant failures   ${count.invariantFailures}`);
console.log('\nzones per rule');
for (const [r, n] of [...ruleHits.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${r}`);
if (noTitle.length) console.log(`\nno title (${noTitle.length}): ${noTitle.slice(0, 10).join(', ')}`);
if (noDateline.length) console.log(`\nno dateline (${noDateline.length}): ${noDateline.slice(0, 10).join(', ')}`);
console.log(`\nteaser headlines (${teasers.length}):`);
for (const t of teasers.slice(0, 30)) console.log(`  ${t.slice(0, 160)}`);
const repeated = [...bodyLineDocs.entries()].filter(([, s]) => s.size >= 3).sort((a, b) => b[1].size - a[1].size);
console.log(`\nbody lines repeated in 3+ documents (${repeated.length}):`);
for (const [l, s] of repeated.slice(0, 40)) console.log(`  ${String(s.size).padStart(4)}  ${l.slice(0, 100)}`);
const sus = new Map();
for (const l of suspicious) sus.set(l, (sus.get(l) ?? 0) + 1);
console.log(`\nshort or non-Thai body lines (${suspicious.length}, ${sus.size} distinct), most frequent:`);
for (const [l, n] of [...sus.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${String(n).padStart(4)}  ${l.slice(0, 100)}`);
