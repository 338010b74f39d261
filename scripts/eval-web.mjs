#!/usr/bin/env node
/**
 * Figures on the synthetic web pages (fixtures/web, or a folder given as the first argument, laid
 * out the same way: gold/*.json pointing at the pages): publication date right where the page
 * prints one, empty where it prints none, where it came from, title = headline, and the
 * persons / dates / events / participation scores of `thai-extract eval`.
 *
 *   npm run build && node scripts/eval-web.mjs [GOLD_DIR]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, formatReport, loadGold, loadPipeline, processDocument } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldDir = path.resolve(process.argv[2] ?? path.join(here, '../fixtures/web/gold'));
const pipeline = loadPipeline();
const gold = loadGold(goldDir);
let printed = 0, printedRight = 0, none = 0, noneEmpty = 0, fromRight = 0, titles = 0, titleRight = 0;
const rows = [];
const records = [];
for (const g of gold) {
  const file = path.resolve(path.dirname(g.file), g.input);
  const out = processDocument(pipeline, { source: path.basename(file), bytes: new Uint8Array(readFileSync(file)) });
  if (out.ok) records.push(out.record);
  const d = out.ok ? out.record.document : { published: null, publishedFrom: null, title: null };
  if (g.published !== null) {
    printed++;
    if (d.published === g.published) printedRight++;
  } else {
    none++;
    if (d.published === null) noneEmpty++;
  }
  if ((d.publishedFrom ?? null) === (g.publishedFrom ?? null)) fromRight++;
  if (typeof g.title === 'string') {
    titles++;
    if (d.title === g.title) titleRight++;
  }
  const ok = (b) => (b ? 'ok ' : 'BAD');
  rows.push(`${ok(d.published === g.published)} ${ok(d.title === g.title)} ${path.basename(file).padEnd(34)} published ${String(d.published).padEnd(10)} (${d.publishedFrom ?? '-'})${d.title === g.title ? '' : `\n        title ${JSON.stringify(d.title)}\n     expected ${JSON.stringify(g.title)}`}`);
}
const f = (a, b) => (b ? (a / b).toFixed(2) : 'n/a');
console.log(rows.join('\n'));
console.log('');
console.log(`pages: ${gold.length}`);
console.log(`published right, where the page prints one: ${printedRight}/${printed} = ${f(printedRight, printed)}`);
console.log(`published empty, where the page prints none: ${noneEmpty}/${none} = ${f(noneEmpty, none)}`);
console.log(`publishedFrom right: ${fromRight}/${gold.length} = ${f(fromRight, gold.length)}`);
console.log(`title = headline: ${titleRight}/${titles} = ${f(titleRight, titles)}`);
console.log('');
console.log(formatReport(evaluate(goldDir, records)));
