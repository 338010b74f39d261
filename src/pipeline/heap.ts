/**
 * A heap-growth policy for one-thread batch runs.
 *
 * After each full garbage collection V8 lets a heap grow to `factor` × what survived before it
 * collects again. The factor is computed from the GC's speed, up to 4 when the heap may reach
 * 2 GB or more (Node's default limit here is ~4 GB) and only up to 1.3–2 below that. A
 * one-thread run keeps ~40 MB alive but, with the default limit, lets its heap grow to several
 * times that: 341 MB peak RSS over 10,000 releases, 412 MB over 30,000. V8's
 * `--heap-growing-percent=N` replaces the computed factor by 1 + N/100, and, unlike
 * `--max-old-space-size`, it is read every time V8 sets the next limit, so a running process
 * can set it (`v8.setFlagsFromString`) — no start-up flag, no second process.
 *
 * Worker threads are not its concern: each has its own 256 MB limit, and so a factor of at
 * most 1.3 already (forced to 1.5 they were slightly slower). V8 flags are per process, so the CLI's `run` sets it only when the pipeline runs in
 * the main thread (no worker threads), and only for the run; a library user who owns the
 * process may call it around runBatch (and must call end()). It does nothing when node was
 * started with a heap setting of its own (--heap-growing-percent, --max-old-space-size or
 * --max-heap-size, on the command line or in NODE_OPTIONS) or when THAI_EXTRACT_HEAP=default;
 * THAI_EXTRACT_HEAP=<percent> sets another percent (1..1000).
 */
import { setFlagsFromString } from 'node:v8';
import { ThaiExtractError } from '../errors.js';

/** the growth the CLI sets: 1.5 × the survivors (README "Memory over long runs") */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

const OWN_HEAP_FLAGS = ['--heap-growing-percent', '--max-old-space-size', '--max-heap-size', '--heap_growing_percent', '--max_old_space_size', '--max_heap_size'];

export interface HeapGrowth {
  /** the percent in force, or null when the policy left V8 alone */
  readonly percent: number | null;
  /** give V8 its own computed factor back (idempotent) */
  end(): void;
}

export interface HeapGrowthOptions {
  /** heap growing percent while active: a whole number from 1 to 1000 (default DEFAULT_HEAP_GROWING_PERCENT) */
  percent?: number;
}

/**
 * The percent the policy would set for a process started with `execArgv` and `env`, or null
 * when node was given a heap setting of its own or THAI_EXTRACT_HEAP=default.
 * THAI_EXTRACT_HEAP=<percent> overrides `percent` (empty: unset). Throws TE201 for a percent
 * (from either) that is not a whole number from 1 to 1000.
 */
export function heapGrowthPercent(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  percent: number = DEFAULT_HEAP_GROWING_PERCENT,
): number | null {
  const setting = env.THAI_EXTRACT_HEAP;
  if (setting === 'default') return null;
  const inRange = (p: number) => Number.isInteger(p) && p >= 1 && p <= 1000;
  if (setting !== undefined && setting !== '') {
    percent = /^\s*\d{1,4}\s*$/.test(setting) ? Number(setting) : NaN;
    if (!inRange(percent)) {
      throw new ThaiExtractError('TE201', 'THAI_EXTRACT_HEAP must be "default" or a heap growing percent from 1 to 1000', { value: setting });
    }
  }
  if (!inRange(percent)) {
    throw new ThaiExtractError('TE201', 'the heap growing percent must be a whole number from 1 to 1000', { value: percent });
  }
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => OWN_HEAP_FLAGS.some((f) => a === f || a.startsWith(f + '=')))) return null;
  return percent;
}

const untouched: HeapGrowth = { percent: null, end: () => {} };

/** set V8's heap growing factor to 1 + percent/100 until end() (see the module comment) */
export function limitHeapGrowth(options: HeapGrowthOptions = {}): HeapGrowth {
  const percent = heapGrowthPercent(process.execArgv, process.env, options.percent);
  if (percent === null) return untouched;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  let active = true;
  return {
    get percent() {
      return active ? percent : null;
    },
    end() {
      if (!active) return;
      active = false;
      setFlagsFromString('--heap-growing-percent=0');
    },
  };
}
