import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/pipeline/load.js';
import { processDocument } from '../src/pipeline/run.js';

/**
 * Golden records: fixtures/<set>/<name>.txt → fixtures/expected/<set>/<name>.json.
 * The expected files are written by `npm run golden` and reviewed by a person against the
 * Thai text (see fixtures/README.md) before they are committed; this test compares exactly.
 */
const ROOT = path.resolve(__dirname, '..');
const SETS = ['seeds', 'corpus'].filter((s) => existsSync(path.join(ROOT, 'fixtures', s)));
const pipeline = loadPipeline('gov-press');

for (const set of SETS) {
  const dir = path.join(ROOT, 'fixtures', set);
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  describe(`golden records: fixtures/${set}`, () => {
    it.each(files)('%s', (file) => {
      const expectedFile = path.join(ROOT, 'fixtures', 'expected', set, file.replace(/\.txt$/, '.json'));
      const out = processDocument(pipeline, { source: file, bytes: readFileSync(path.join(dir, file)) });
      if (!out.ok) throw new Error(`${file} failed: ${out.message}`);
      if (!existsSync(expectedFile)) throw new Error(`no golden file ${expectedFile}: run "npm run golden" and review it`);
      expect(out.record).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  });
}
