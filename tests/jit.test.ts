import { describe, expect, it } from 'vitest';
import { defaultInterruptBudget, startJitWarmup } from '../src/pipeline/jit.js';
import { restoreEnvAfterEach } from './helpers.js';

describe('JIT warm-up policy', () => {
  restoreEnvAfterEach('THAI_EXTRACT_JIT');

  it("knows V8's default budget on Node 20 (V8 11.3), and nothing for other V8 versions", () => {
    const known = process.versions.v8.startsWith('11.3.');
    expect(defaultInterruptBudget()).toEqual(known ? 67_584 : null);
  });

  it('is in force until `documents` are done, then (or on end()) gives V8 its default back', () => {
    delete process.env.THAI_EXTRACT_JIT;
    const w = startJitWarmup({ documents: 3 });
    const expected = defaultInterruptBudget() !== null;
    const seen = [w.active];
    w.progress(1);
    seen.push(w.active);
    w.progress(3);
    seen.push(w.active);
    w.end();
    seen.push(w.active);
    expect(seen).toEqual(expected ? [true, true, false, false] : [false, false, false, false]);
  });

  it('does nothing with THAI_EXTRACT_JIT=default or a factor of 1', () => {
    process.env.THAI_EXTRACT_JIT = 'default';
    const a = startJitWarmup();
    delete process.env.THAI_EXTRACT_JIT;
    const b = startJitWarmup({ factor: 1 });
    expect([a.active, b.active]).toEqual([false, false]);
  });
});
