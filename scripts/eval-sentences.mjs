#!/usr/bin/env node
/**
 * Sentence-boundary precision / recall / F1 of the sentences stage, sentence counts on the
 * seeds, and splitting speed on the thaigov corpus. A measurement that prints tables, not a test.
 *
 *   npm run build && node scripts/eval-sentences.mjs [--dist dist] [--before DIR] [--ablate] [--errors N]
 *
 * Gold: ../shared/eval/seg/tud-news.txt, one news sentence per line (UD Thai-TUD, CC BY-SA 4.0),
 * with tud-news.ids.txt giving "<conllu file> TAB <sentence number> TAB <TNC document>" per line.
 * The lines are shuffled (two consecutive lines come from the same document no more often than
 * chance), so paragraphs are rebuilt: the lines of one TNC document in sentence-number order,
 * cut into paragraphs of PARA_SIZE sentences, joined with a single space (how Thai writes a
 * sentence end). A boundary is the offset where a gold sentence starts, paragraph starts
 * excluded. Paragraphs alternate between the halves: even-numbered ones are the dev half (rules
 * were tuned on it), odd-numbered ones the test half (reported).
 *
 * --before DIR: a second build (DIR/dist, with its own pipelines/ and data/ beside it) measured
 * side by side, e.g. a build of the previous commit. --ablate: F1 on both halves with each rule
 * of pipelines/gov-press/sentences.json removed in turn (and each numeric param varied).
 * --errors N: print N false and N missed boundaries of the dev half with their context.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const has = (name) => args.includes(name);
const PARA_SIZE = Number(opt('--para', '4'));
const SHARED = path.resolve(ROOT, opt('--shared', '../shared'));
const goldFile = path.join(SHARED, 'eval/seg/tud-news.txt');
const idsFile = path.join(SHARED, 'eval/seg/tud-news.ids.txt');
const corpusDir = path.join(SHARED, 'corpus/thaigov');
const seedsDir = path.join(ROOT, 'fixtures/seeds');

async function loadBuild(dir) {
  const dist = path.resolve(ROOT, dir);
  const need = ['stages/segment/index.js', 'stages/sentences/index.js'];
  for (const f of need) {
    if (!existsSync(path.join(dist, f))) {
      console.error(`eval-sentences: ${path.join(dist, f)} not found; run npm run build first`);
      process.exit(1);
    }
  }
  const seg = await import(pathToFileURL(path.join(dist, need[0])).href);
  const sent = await import(pathToFileURL(path.join(dist, need[1])).href);
  return { name: dir, segment: seg.segment, split: sent.splitSentences, loadRules: sent.loadDefaultSentenceRules };
}

// ---- gold paragraphs
function goldParagraphs() {
  const lines = readFileSync(goldFile, 'utf8').split('\n');
  const ids = readFileSync(idsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== ids.length) throw new Error(`tud-news: ${lines.length} lines but ${ids.length} ids`);
  let sameDoc = 0;
  for (let i = 1; i < ids.length; i++) if (ids[i][2] === ids[i - 1][2]) sameDoc++;
  const counts = new Map();
  for (const r of ids) counts.set(r[2], (counts.get(r[2]) ?? 0) + 1);
  let chance = 0;
  for (const n of counts.values()) chance += (n / ids.length) ** 2;
  const byDoc = new Map();
  ids.forEach((r, i) => {
    const s = lines[i].trim();
    if (!s) return;
    if (!byDoc.has(r[2])) byDoc.set(r[2], []);
    byDoc.get(r[2]).push({ n: Number(r[1]), s });
  });
  const paras = [];
  for (const doc of [...byDoc.keys()].sort()) {
    const sents = byDoc.get(doc).sort((a, b) => a.n - b.n).map((x) => x.s);
    for (let i = 0; i < sents.length; i += PARA_SIZE) {
      const group = sents.slice(i, i + PARA_SIZE);
      const starts = [];
      let text = '';
      for (const s of group) {
        if (text) text += ' ';
        starts.push(text.length);
        text += s;
      }
      paras.push({ doc, text, gold: starts.slice(1) });
    }
  }
  return { paras, sameDoc, expectedSameDoc: chance * (ids.length - 1), lines: ids.length };
}

function score(build, paras, rules) {
  let tp = 0, fp = 0, fn = 0;
  const errs = [];
  for (const p of paras) {
    const tokens = p.tokens ?? (p.tokens = build.segment(p.text));
    const sents = rules ? build.split(p.text, tokens, rules) : build.split(p.text, tokens);
    const pred = new Map(sents.slice(1).map((s) => [s.start, s]));
    const gold = new Set(p.gold);
    for (const [b] of pred) {
      if (gold.has(b)) tp++;
      else {
        fp++;
        errs.push({ kind: 'FP', p, at: b, rule: sents.find((s) => s.end <= b && b - s.end <= 2)?.rule });
      }
    }
    for (const b of gold) if (!pred.has(b)) {
      fn++;
      errs.push({ kind: 'FN', p, at: b });
    }
  }
  const P = tp / (tp + fp || 1), R = tp / (tp + fn || 1);
  return { tp, fp, fn, P, R, F: P + R ? (2 * P * R) / (P + R) : 0, errs };
}

const f3 = (x) => x.toFixed(3);
const median = (xs) => {
  if (!xs.length) return 0;
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

/** trivial references: split at every space outside brackets / at line breaks only */
function allSpaces(text) {
  const out = [];
  const re = /\S+/g;
  let m;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length, rule: 'every-space' });
  return out;
}
function linesOnly(text) {
  const t = text.trim();
  return t ? [{ start: text.indexOf(t), end: text.indexOf(t) + t.length, rule: 'line' }] : [];
}

const after = await loadBuild(opt('--dist', 'dist'));
const before = opt('--before', null) ? await loadBuild(path.join(opt('--before'), 'dist')) : null;
const builds = before ? [before, after] : [after];

if (existsSync(goldFile) && existsSync(idsFile)) {
  const { paras, sameDoc, expectedSameDoc, lines } = goldParagraphs();
  const dev = paras.filter((_, i) => i % 2 === 0);
  const test = paras.filter((_, i) => i % 2 === 1);
  const nb = (ps) => ps.reduce((n, p) => n + p.gold.length, 0);
  console.log(`## Sentence boundaries on UD Thai-TUD news (${lines} sentences)\n`);
  console.log(`Consecutive lines from the same TNC document: ${sameDoc} of ${lines - 1} (chance: ${expectedSameDoc.toFixed(0)}), so the lines are shuffled;`);
  console.log(`paragraphs = ${PARA_SIZE} sentences of one document in sentence-number order, joined by one space.`);
  console.log(`dev half (even paragraphs, used for tuning): ${dev.length} paragraphs, ${nb(dev)} boundaries; test half (odd, reported): ${test.length} paragraphs, ${nb(test)} boundaries.\n`);
  console.log('| splitter | dev P | dev R | dev F1 | test P | test R | test F1 |');
  console.log('|---|---|---|---|---|---|---|');
  const row = (name, d, t) => console.log(`| ${name} | ${f3(d.P)} | ${f3(d.R)} | ${f3(d.F)} | ${f3(t.P)} | ${f3(t.R)} | ${f3(t.F)} |`);
  const ref = (fn) => ({ segment: after.segment, split: (text) => fn(text) });
  row('every space (reference)', score(ref(allSpaces), dev), score(ref(allSpaces), test));
  row('line breaks only (reference)', score(ref(linesOnly), dev), score(ref(linesOnly), test));
  for (const b of builds) row(b === after ? `${b.name} (this build)` : `${b.name} (before)`, score(b, dev), score(b, test));
  console.log('');

  if (has('--ablate')) {
    const rules = after.loadRules();
    const base = [score(after, dev, rules).F, score(after, test, rules).F];
    console.log('### Ablation (F1 with one rule removed; Δ = change against all rules)\n');
    console.log('| without | dev F1 | Δ dev | test F1 | Δ test |');
    console.log('|---|---|---|---|---|');
    for (const r of rules.rules) {
      const without = { ...rules, rules: rules.rules.filter((x) => x !== r) };
      const d = score(after, dev, without).F, t = score(after, test, without).F;
      console.log(`| ${r.id} | ${f3(d)} | ${(d - base[0] >= 0 ? '+' : '') + f3(d - base[0])} | ${f3(t)} | ${(t - base[1] >= 0 ? '+' : '') + f3(t - base[1])} |`);
    }
    const other = rules.default === 'keep' ? 'break' : 'keep';
    const flipped = { ...rules, default: other };
    console.log(`| default: ${other} (instead of ${rules.default}) | ${f3(score(after, dev, flipped).F)} | | ${f3(score(after, test, flipped).F)} | |`);
    // numeric conditions varied one at a time
    rules.rules.forEach((r, i) => {
      for (const sideName of ['prev', 'next']) {
        for (const [k, v] of Object.entries(r[sideName] ?? {})) {
          if (typeof v !== 'number' || k === 'chunk') continue;
          const vals = [...new Set([Math.max(1, v - 6), Math.max(1, v - 3), v, v + 3, v + 6, v + 10])];
          const cells = vals.map((x) => {
            const changed = { ...r, [sideName]: { ...r[sideName], [k]: x } };
            const rs = { ...rules, rules: rules.rules.map((y, j) => (j === i ? changed : y)) };
            return `${x}: ${f3(score(after, dev, rs).F)}/${f3(score(after, test, rs).F)}`;
          });
          console.log(`| ${r.id} ${sideName}.${k} = (dev/test F1) | ${cells.join(' · ')} | | | |`);
        }
      }
    });
    console.log('');
  }
  const nErr = Number(opt('--errors', '0'));
  if (nErr > 0) {
    const { errs } = score(after, dev);
    for (const kind of ['FP', 'FN']) {
      console.log(`### ${kind} (dev)`);
      for (const e of errs.filter((x) => x.kind === kind).slice(0, nErr)) {
        console.log(`${kind} ${e.rule ?? ''}\t${e.p.text.slice(Math.max(0, e.at - 40), e.at)} ‖ ${e.p.text.slice(e.at, e.at + 40)}`);
      }
    }
  }
} else {
  console.log(`eval-sentences: ${goldFile} not found (../shared is optional); boundary scores skipped.\n`);
}

// ---- seeds
console.log('## Seeds (whole files, segment + split)\n');
console.log(`| seed | chars | ${builds.map((b) => `${b === after ? 'after' : 'before'}: sentences | median length`).join(' | ')} |`);
console.log(`|---|---|${builds.map(() => '---|---').join('|')}|`);
for (const f of readdirSync(seedsDir).sort()) {
  const text = readFileSync(path.join(seedsDir, f), 'utf8');
  const cells = builds.map((b) => {
    const s = b.split(text, b.segment(text));
    return `${s.length} | ${median(s.map((x) => x.end - x.start))}`;
  });
  console.log(`| ${f} | ${text.length} | ${cells.join(' | ')} |`);
}
console.log('');

// ---- speed
if (existsSync(corpusDir)) {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort();
  const docs = files.map((f) => readFileSync(path.join(corpusDir, f), 'utf8'));
  const chars = docs.reduce((n, d) => n + d.length, 0);
  console.log(`## Speed on corpus/thaigov (${docs.length} documents, ${(chars / 1e6).toFixed(2)}M chars; splitting only, tokens made beforehand)\n`);
  console.log('| build | sentences | median length | ms (best of 5) | chars/s |');
  console.log('|---|---|---|---|---|');
  for (const b of builds) {
    const toks = docs.map((d) => b.segment(d));
    let best = Infinity, n = 0;
    const lens = [];
    for (let rep = 0; rep < 5; rep++) {
      const t0 = process.hrtime.bigint();
      const out = [];
      for (let i = 0; i < docs.length; i++) out.push(b.split(docs[i], toks[i]));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      best = Math.min(best, ms);
      if (rep === 0) for (const o of out) for (const s of o) { n++; lens.push(s.end - s.start); }
    }
    console.log(`| ${b === after ? 'after' : 'before'} | ${n} | ${median(lens)} | ${best.toFixed(0)} | ${((chars / best) * 1000 / 1e6).toFixed(1)}M |`);
  }
}
