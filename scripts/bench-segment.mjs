#!/usr/bin/env node
/**
 * Segmentation benchmark (prints figures; not a test). Run `npm run bench:segment`
 * (builds first) or `node scripts/bench-segment.mjs [--engines dict,icu] [--quick]`.
 *
 * Word-level precision/recall/F1: a predicted word counts when a gold word has exactly the
 * same character span; space tokens are left out on both sides (every engine gets them
 * right, they would only inflate the figures). Gold: ../shared/eval/seg/ (wisesight-1000:
 * `.label`, tud-news: `.seg.txt`, `|` between words); the input of each line is its gold
 * words joined, so the check never depends on how the raw `.txt` escapes characters.
 * Throughput: characters per second on one core, best of several passes, line by line for
 * the eval sets and document by document for the thaigov corpus. Cold start: a fresh Node
 * process importing the library and building the segmenter (dictionary load included).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.THAI_EXTRACT_SHARED ?? path.resolve(root, '../shared');
const lib = path.join(root, 'dist/stages/segment/index.js');
if (!existsSync(path.join(shared, 'eval/seg'))) {
  console.error(
    `bench-segment: needs the segmentation gold sets in ${shared}/eval/seg (the shared data folder ../shared; ` +
      'set THAI_EXTRACT_SHARED=DIR for another place); nothing measured',
  );
  process.exit(1);
}
if (!existsSync(lib)) {
  console.error('bench-segment: dist/ is not built; run "npm run build" (npm run bench:segment does)');
  process.exit(1);
}
const { createSegmenter, ENGINES } = await import(lib);

const args = process.argv.slice(2);
const engIdx = args.indexOf('--engines');
const engines = engIdx >= 0 ? args[engIdx + 1].split(',') : [...ENGINES];
const quick = args.includes('--quick');

function loadGold(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const words = l.split('|').filter((w) => w.length > 0);
      return { text: words.join(''), words };
    });
}

const sets = [
  { name: 'wisesight-1000', lines: loadGold(path.join(shared, 'eval/seg/wisesight-1000-samples-tokenised.label')) },
  { name: 'tud-news', lines: loadGold(path.join(shared, 'eval/seg/tud-news.seg.txt')) },
];

function spans(words, text) {
  const out = new Set();
  let p = 0;
  for (const w of words) {
    const e = p + w.length;
    if (text.slice(p, e).trim() !== '') out.add(p * 100000 + e);
    p = e;
  }
  return out;
}

function score(seg, lines) {
  let tp = 0, np = 0, ng = 0;
  for (const { text, words } of lines) {
    const gold = spans(words, text);
    const pred = new Set();
    for (const t of seg(text)) if (text.slice(t.start, t.end).trim() !== '') pred.add(t.start * 100000 + t.end);
    ng += gold.size;
    np += pred.size;
    for (const s of pred) if (gold.has(s)) tp++;
  }
  const p = tp / np, r = tp / ng;
  return { p, r, f: (2 * p * r) / (p + r) };
}

function throughput(seg, texts, minMs = quick ? 200 : 1000) {
  let chars = 0;
  for (const t of texts) chars += t.length;
  let best = Infinity;
  let spent = 0;
  for (let pass = 0; pass < 20 && (pass < 3 || spent < minMs); pass++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) seg(t);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    spent += ms;
    best = Math.min(best, ms);
  }
  return (chars / best) * 1000;
}

function coldStart(engine) {
  const script = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(lib)});
    const seg = m.createSegmenter({ engine: ${JSON.stringify(engine)} });
    seg('ทดสอบการตัดคำภาษาไทย');
    console.log(performance.now() - t0);`;
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()));
  }
  return Math.min(...runs);
}

const corpusDir = path.join(shared, 'corpus/thaigov');
const corpus = existsSync(corpusDir)
  ? readdirSync(corpusDir).sort().map((f) => readFileSync(path.join(corpusDir, f), 'utf8'))
  : [];

const fmtF = (x) => x.toFixed(3);
const fmtR = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${Math.round(x / 1e3)}k`);
const rows = [];
for (const engine of engines) {
  const cold = quick ? NaN : coldStart(engine);
  const seg = createSegmenter({ engine });
  const row = { engine, cold };
  for (const set of sets) {
    row[set.name] = score(seg, set.lines);
    row[set.name + ':cps'] = throughput(seg, set.lines.map((l) => l.text));
  }
  row.corpus = corpus.length && !quick ? throughput(seg, corpus, 2000) : NaN;
  rows.push(row);
  console.error(`${engine} done`);
}

const corpusChars = corpus.reduce((a, t) => a + t.length, 0);
console.log(`Word-level P / R / F1 (space tokens excluded) and one-core throughput, Node ${process.version}.`);
console.log(`Corpus: ${corpus.length} thaigov documents, ${corpusChars} chars.\n`);
console.log('| engine | wisesight-1000 P / R / F1 | tud-news P / R / F1 | chars/s wisesight | chars/s tud-news | chars/s corpus | cold start ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const w = r['wisesight-1000'], t = r['tud-news'];
  console.log(
    `| ${r.engine} | ${fmtF(w.p)} / ${fmtF(w.r)} / **${fmtF(w.f)}** | ${fmtF(t.p)} / ${fmtF(t.r)} / **${fmtF(t.f)}** | ` +
      `${fmtR(r['wisesight-1000:cps'])} | ${fmtR(r['tud-news:cps'])} | ${Number.isNaN(r.corpus) ? '-' : fmtR(r.corpus)} | ` +
      `${Number.isNaN(r.cold) ? '-' : r.cold.toFixed(0)} |`,
  );
}
