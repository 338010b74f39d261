import { setFlagsFromString } from 'node:v8';

/**
 * V8's tier-up budget for batch work. With the default (132 kB of bytecode run before a
 * function is optimised), one thread over the 1,000 thaigov documents spends about 6 s in
 * TurboFan's background compile threads (summed from --trace-opt) against 4.7 s of pipeline
 * work: big functions (extractEntities, normalise) are optimised early, deoptimised by rare
 * branches, and optimised again — on a 2-core machine those threads take CPU from the
 * worker threads. With 300 kB: 407 → 236 TurboFan compilations for the same run, and the
 * 1,000 documents with --concurrency 2 took 6.2-7.3 s wall instead of 7.3-8.1 s with the
 * default (runs alternated; this machine's timings vary by ±15% between minutes).
 */
export const BATCH_INTERRUPT_BUDGET = 300_000;

let tuned = false;

/**
 * Set V8's interrupt budget for batch runs (process-wide, so worker threads started later
 * inherit it) unless node was started with its own --interrupt-budget. The CLI calls it for `run` and `worker`; library users may call it
 * once before their first batch. Returns whether it set the flag.
 */
export function tuneV8ForBatch(): boolean {
  if (tuned) return false;
  tuned = true;
  // (NODE_OPTIONS cannot carry V8 flags such as this one: only node's command line can)
  if (process.execArgv.some((a) => /^--interrupt[-_]budget\b/.test(a))) return false;
  setFlagsFromString(`--interrupt-budget=${BATCH_INTERRUPT_BUDGET}`);
  return true;
}
