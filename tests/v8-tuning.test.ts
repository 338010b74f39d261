// tuneV8ForBatch sets V8's interrupt budget once, and never over a budget given on node's
// command line (checked in child processes: V8 flags are process-wide).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOD = path.join(ROOT, 'dist/pipeline/v8-tuning.js');
if (!existsSync(MOD)) console.warn('tests/v8-tuning.test.ts SKIPPED — dist/ is not built; run "npm run build" first');

function child(nodeArgs: string[]): string {
  const code = `import(${JSON.stringify(pathToFileURL(MOD).href)}).then((m) => console.log(JSON.stringify([m.tuneV8ForBatch(), m.tuneV8ForBatch()])))`;
  const r = spawnSync(process.execPath, [...nodeArgs, '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return r.stdout.trim();
}

describe.skipIf(!existsSync(MOD))('tuneV8ForBatch', () => {
  it('sets the budget once', () => {
    expect(child([])).toBe('[true,false]');
  });
  it("leaves a budget given on node's command line alone", () => {
    expect(child(['--interrupt-budget=100000'])).toBe('[false,false]');
    expect(child(['--interrupt_budget=100000'])).toBe('[false,false]');
  });
});
