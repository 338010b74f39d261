import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/pipeline/load.js';
import { processDocument } from '../src/pipeline/run.js';
import type { Doc } from '../src/doc/types.js';

/**
 * Offsets are sacred: over the seeds and (when ../shared is present) a sample of the
 * thaigov corpus, every document succeeds and every view of it points into the input text.
 */
const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/thaigov');
const pipeline = loadPipeline('gov-press');

function violations(doc: Doc): string[] {
  const text = doc.text!;
  const bad: string[] = [];
  const inText = (s: { start: number; end: number }) => Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length;
  if ((doc.tokens ?? []).map((t) => text.slice(t.start, t.end)).join('') !== text) bad.push('tokens do not cover the text');
  for (const t of doc.tokens ?? []) if (!inText(t) || t.start === t.end) bad.push(`token [${t.start},${t.end})`);
  for (const s of doc.sentences ?? []) if (!inText(s) || s.start === s.end) bad.push(`sentence [${s.start},${s.end})`);
  for (const z of doc.zones ?? []) if (!inText(z)) bad.push(`zone [${z.start},${z.end})`);
  for (const e of doc.record!.entities) if (text.slice(e.start, e.end) !== e.text) bad.push(`entity ${e.id} ${JSON.stringify(e.text)}`);
  const ids = new Set(doc.record!.entities.map((e) => e.id));
  for (const f of doc.record!.facts) {
    if (!inText(f.evidence)) bad.push(`fact ${f.id} evidence`);
    for (const r of [f.actor, f.event]) if (r && (!ids.has(r.entity) || doc.record!.entities.find((e) => e.id === r.entity)!.text !== r.text)) bad.push(`fact ${f.id} ref ${r.entity}`);
  }
  for (let i = 1; i < (doc.tokens ?? []).length; i++) if (doc.tokens![i].start !== doc.tokens![i - 1].end) bad.push(`token gap at ${doc.tokens![i].start}`);
  return bad;
}

function check(dir: string, files: string[]) {
  const problems: Record<string, string[]> = {};
  for (const f of files) {
    const out = processDocument(pipeline, { source: f, bytes: readFileSync(path.join(dir, f)) });
    if (!out.ok) problems[f] = [out.message];
    else {
      const v = violations(out.doc);
      if (v.length) problems[f] = v.slice(0, 5);
    }
  }
  return problems;
}

describe('offset invariants', () => {
  it('hold on every seed', () => {
    const dir = path.join(ROOT, 'fixtures/seeds');
    expect(check(dir, readdirSync(dir).filter((f) => f.endsWith('.txt')))).toEqual({});
  });

  it.skipIf(!existsSync(CORPUS))('hold on every 10th document of ../shared/corpus/thaigov (skipped without ../shared)', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort().filter((_, i) => i % 10 === 0);
    expect(files.length).toBe(100);
    expect(check(CORPUS, files)).toEqual({});
  });
});
