#!/usr/bin/env node
// Writes candidate golden records for fixtures/<set>/*.txt into fixtures/expected/<set>/*.json
// and prints a review sheet (every entity and fact next to its Thai text) so a person can
// check them line by line before committing. Usage: npm run golden [-- --set seeds] [-- --check]
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline, processDocument } from '../dist/index.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : null;
const check = args.includes('--check');
const pipeline = loadPipeline('gov-press');
let changed = 0;
for (const set of ['seeds', 'corpus']) {
  if (only && set !== only) continue;
  const dir = path.join(root, 'fixtures', set);
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const out = processDocument(pipeline, { source: file, bytes: readFileSync(path.join(dir, file)) });
    if (!out.ok) {
      console.error(`${set}/${file}: FAILED ${out.message}`);
      process.exitCode = 1;
      continue;
    }
    const target = path.join(root, 'fixtures', 'expected', set, file.replace(/\.txt$/, '.json'));
    const json = JSON.stringify(out.record, null, 2) + '\n';
    const old = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (old === json) continue;
    changed++;
    console.log(`\n## ${set}/${file} ${old === null ? '(new)' : '(changed)'}`);
    const d = out.record.document;
    console.log(`title: ${d.title}\npublished: ${d.published} (${d.publishedRaw})\nsourceUrl: ${d.sourceUrl}`);
    for (const e of out.record.entities) {
      console.log(`${e.id}\t${e.type}\t[${e.start},${e.end})\t${e.text}\t→ ${e.canonical}${e.value ? ' ' + JSON.stringify(e.value) : ''}\t(${e.rule})`);
    }
    for (const f of out.record.facts) {
      console.log(`${f.id}\t${f.type}\t${f.actor?.text ?? '-'} (${f.position ?? '-'}) / ${f.event?.text ?? '-'} / ${f.date} / ${f.location ?? '-'} / ${f.mode ?? '-'}\t(${f.rule})`);
    }
    if (!check) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, json);
    }
  }
}
console.error(`${changed} golden file(s) ${check ? 'differ' : 'written'}; review them against the text before committing.`);
if (check && changed) process.exitCode = 1;
