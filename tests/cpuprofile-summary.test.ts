// The CPU-profile summaries of scripts/cpu-profile.mjs, on a small hand-made profile.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script module without type declarations
import { frameKey, inclusiveTimes, lineTicks, selfTimes, timesUnder } from '../scripts/cpuprofile-summary.mjs';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, scriptId: '1', columnNumber: 0 });

/**
 * (root) → main → a → b, and main → b (b also called directly), and (root) → (garbage collector).
 * Samples (µs): a 1000, b-under-a 3000, b-under-main 2000, main 500, gc 1500 → 8 ms in all.
 */
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1), children: [2, 6] },
    { id: 2, callFrame: frame('main', 'file:///p/dist/cli/main.js', 9), children: [3, 5] },
    { id: 3, callFrame: frame('a', 'file:///p/dist/stages/a.js', 0), children: [4], positionTicks: [{ line: 3, ticks: 2 }, { line: 1, ticks: 1 }] },
    { id: 4, callFrame: frame('b', 'file:///p/node_modules/x/b.js', 4), children: [] },
    { id: 5, callFrame: frame('b', 'file:///p/node_modules/x/b.js', 4), children: [] },
    { id: 6, callFrame: frame('(garbage collector)', '', -1), children: [] },
  ],
  samples: [3, 4, 4, 4, 5, 5, 2, 6],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 500, 1500],
};

describe('CPU profile summaries', () => {
  it('frameKey shortens the file to what follows src/, dist/ or node_modules/', () => {
    expect(profile.nodes.map((n) => frameKey(n.callFrame))).toEqual([
      '(root) :0', 'main dist/cli/main.js:10', 'a dist/stages/a.js:1', 'b node_modules/x/b.js:5', 'b node_modules/x/b.js:5',
      '(garbage collector) :0',
    ]);
  });

  it('selfTimes adds up a function’s nodes, largest first', () => {
    expect(selfTimes(profile)).toEqual([
      { key: 'b node_modules/x/b.js:5', ms: 5, share: 5 / 8 },
      { key: '(garbage collector) :0', ms: 1.5, share: 1.5 / 8 },
      { key: 'a dist/stages/a.js:1', ms: 1, share: 1 / 8 },
      { key: 'main dist/cli/main.js:10', ms: 0.5, share: 0.5 / 8 },
    ]);
    expect(selfTimes(profile, 1)).toEqual([{ key: 'b node_modules/x/b.js:5', ms: 5, share: 5 / 8 }]);
  });

  it('inclusiveTimes counts every sample under a function once', () => {
    expect(inclusiveTimes(profile, ['main', 'a', 'b', 'nothing'])).toEqual([
      { name: 'main', ms: 6.5, share: 6.5 / 8 },
      { name: 'a', ms: 4, share: 4 / 8 },
      { name: 'b', ms: 5, share: 5 / 8 },
      { name: 'nothing', ms: 0, share: 0 },
    ]);
  });

  it('timesUnder gives the self time of what ran under a function', () => {
    expect(timesUnder(profile, 'a')).toEqual([
      { key: 'b node_modules/x/b.js:5', ms: 3 },
      { key: 'a dist/stages/a.js:1', ms: 1 },
    ]);
  });

  it('lineTicks lists a function’s samples per line', () => {
    expect(lineTicks(profile, 'a')).toEqual([
      { line: 1, ticks: 1, share: 1 / 3 },
      { line: 3, ticks: 2, share: 2 / 3 },
    ]);
    expect(lineTicks(profile, 'a', 'elsewhere.js')).toEqual([]);
  });
});
