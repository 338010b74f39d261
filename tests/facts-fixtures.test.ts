import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/pipeline/load.js';
import { processDocument } from '../src/pipeline/run.js';
import { factView } from '../src/eval/facts-view.js';
import { goldId, goldInputPath, loadGold } from '../src/eval/index.js';

const GOLD = path.resolve(__dirname, '../fixtures/gold');
const gold = loadGold(GOLD);
const pipeline = loadPipeline('gov-press');

describe('facts regression fixtures (fixtures/gold/*.json `facts`, reviewed against the Thai text)', () => {
  it('has the 5 seeds and 10 corpus documents', () => {
    expect(readdirSync(GOLD).filter((f) => f.endsWith('.json')).length).toBe(15);
    expect(gold.filter((g) => g.input.startsWith('../seeds/')).length).toBe(5);
  });
  it.each(gold.map((g) => ({ id: goldId(g), g })))('$id', ({ g }) => {
    const file = goldInputPath(g);
    const out = processDocument(pipeline, { source: path.basename(file), bytes: new Uint8Array(readFileSync(file)) });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const text = out.doc.text!;
    expect(out.record.facts.map((f) => factView(f))).toEqual(g.facts);
    // every fact's evidence holds its trigger's sentence and every reference resolves to an entity
    for (const f of out.record.facts) {
      expect(f.evidence.end).toBeGreaterThan(f.evidence.start);
      const ids = new Set(out.record.entities.map((e) => e.id));
      for (const r of [f.actor, f.event]) if (r) expect([ids.has(r.entity), text.includes(r.text)]).toEqual([true, true]);
    }
  });
});
