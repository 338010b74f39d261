#!/usr/bin/env node
// npm run eval: the fixtures' gold (regression figures), then gold-dev's two halves when
// ../shared is present (tune on lines 1-40 of its files.txt, check on 41-60).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalCommand } from '../dist/eval/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);
const pipeline = extra[0];
process.stdout.write('== fixtures/gold (regression: their gold was drafted from the pipeline\'s output) ==\n');
await evalCommand({ gold: path.join(root, 'fixtures/gold'), pipeline }, process.stdout);
const dev = path.resolve(root, '../shared/eval/gold-dev');
if (!existsSync(path.join(dev, 'files.txt'))) {
  process.stdout.write(`\ngold-dev skipped: it needs ${dev}/ (the shared data folder beside the project)\n`);
} else {
  process.stdout.write('\n== gold-dev (annotated by hand): tune on 1-40, check on 41-60 ==\n');
  const list = path.join(dev, 'files.txt');
  await evalCommand({ gold: dev, pipeline, files: [`${list}:1-40`, `${list}:41-60`] }, process.stdout);
}
