/**
 * A JIT warm-up policy for batch runs.
 *
 * V8 optimises a function once it has run a fixed amount of bytecode (its interrupt budget),
 * then throws the optimised code away when a later call meets a case the early calls never
 * showed it (a rare branch, an empty array, a new object shape) and optimises it again. Over
 * the first documents of a run this churn is most of the cost: on the 1,000 thaigov releases
 * one thread made ~430 TurboFan compilations and ~65 deoptimisations, and TurboFan took 31%
 * of all CPU of a 2-thread run. With 8× the budget for the first documents, functions are
 * optimised later, with fuller type feedback: ~170 compilations, ~14 deoptimisations. After
 * `documents` documents the budget goes back to V8's default, so that long runs reach the same
 * optimised code as without the policy (kept at 8× throughout, a 10,000-document run was ~5%
 * slower: warm code comes later).
 *
 * Measured with scripts/bench-pair.mjs (two runs at once, each pinned to its own core; README
 * "Benchmark"): 1,000 documents 7-25% faster (e.g. 16.2-17.6 s -> 12.9-13.4 s); 10,000
 * documents 2-3% slower (212.7 -> 216.1 s, 236.3 -> 242.5 s).
 *
 * V8 flags are per process: the CLI's `run` uses this; a library user can call it around
 * runBatch (and must call end()). It does nothing when the V8 default is not known for this
 * Node version, when node was started with its own --interrupt-budget, or when
 * THAI_EXTRACT_JIT=default.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default --interrupt-budget, by V8 version (Node 20: V8 11.3) */
const DEFAULT_BUDGETS: Record<string, number> = { '11.3': 67_584 };

export interface JitWarmup {
  /** is the larger budget in force */
  readonly active: boolean;
  /** tell it how many documents are done: the default budget comes back after `documents` */
  progress(done: number): void;
  /** put V8's default budget back now (idempotent) */
  end(): void;
}

export interface JitWarmupOptions {
  /** budget multiplier while warming up (default 8) */
  factor?: number;
  /** documents after which V8's default budget is restored (default 1,000) */
  documents?: number;
}

/** V8's default interrupt budget in this process, or null when unknown or overridden on the command line */
export function defaultInterruptBudget(): number | null {
  if (process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return null;
  const v = /^(\d+\.\d+)\./.exec(process.versions.v8)?.[1];
  return v !== undefined ? (DEFAULT_BUDGETS[v] ?? null) : null;
}

const inactive: JitWarmup = { active: false, progress: () => {}, end: () => {} };

export function startJitWarmup(options: JitWarmupOptions = {}): JitWarmup {
  const base = defaultInterruptBudget();
  const factor = options.factor ?? 8;
  const documents = options.documents ?? 1000;
  if (base === null || process.env.THAI_EXTRACT_JIT === 'default' || !(factor > 1)) return inactive;
  setFlagsFromString(`--interrupt-budget=${Math.round(base * factor)}`);
  let active = true;
  const end = () => {
    if (!active) return;
    active = false;
    setFlagsFromString(`--interrupt-budget=${base}`);
  };
  return {
    get active() {
      return active;
    },
    progress: (done: number) => {
      if (done >= documents) end();
    },
    end,
  };
}
