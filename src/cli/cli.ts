import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolvePipelinePath } from '../pipeline/paths.js';
import { ThaiExtractError, isThaiExtractError } from '../errors.js';
// the pipeline modules (and through them every stage) are imported only when a command needs
// them: a no-change re-run of `run` is answered without loading them
import type { BatchProgress, BatchResult } from '../pipeline/batch.js';
import type { InputFile } from '../pipeline/inputs.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/writers.js';
import { checkOutDir } from '../output/out-dir.js';
import { COMMANDS, COMMAND_NAMES, commandHelp, nearest, overviewHelp, type CommandName } from './help.js';

/** CLI exit codes (all of them, with diff's, in docs/cli.md and docs/reliability.md) */
export const EXIT = {
  OK: 0, SOME_FAILED: 2, USAGE: 64, CONFIG: 78, INTERNAL: 70, CANT_WRITE: 73, UNAVAILABLE: 69, LOCKED: 75, SIGINT: 130, SIGTERM: 143,
} as const;
/** `thai-extract diff`'s exit codes, as diff(1)'s */
export const DIFF_EXIT = { SAME: 0, DIFFERENT: 1, TROUBLE: 2 } as const;

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

function usage(io: CliIO, message: string, cmd?: CommandName): number {
  const how = cmd
    ? `Usage: ${COMMANDS[cmd].usage}\nRun "thai-extract ${cmd} --help" for its options.`
    : 'Run "thai-extract --help" for usage.';
  io.stderr.write(`thai-extract: ${message}\n${how}\n`);
  return EXIT.USAGE;
}

/**
 * What is wrong with a subcommand's arguments, said for a person: an unknown option with the
 * known one nearest to it ("did you mean --concurrency?"), a missing value, a stray argument.
 */
function argumentProblem(cmd: CommandName, args: string[], config: ParseArgsConfig, e: Error & { code?: string }): string {
  const options = config.options ?? {};
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') break;
      if (!a.startsWith('-') || a === '-') continue;
      const name = a.startsWith('--') ? a.slice(2).split('=')[0] : a.slice(1, 2);
      const long = a.startsWith('--') ? name : shorts.get(name);
      if (long === undefined || !(long in options)) {
        const guess = nearest(name, Object.keys(options));
        return `${cmd}: unknown option ${a.split('=')[0]}${guess ? ` (did you mean --${guess}?)` : ''}`;
      }
      if (options[long].type === 'string' && !a.includes('=') && (a.startsWith('--') || a.length === 2)) i++; // its value
    }
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `${cmd}: unexpected argument ${JSON.stringify(e.message.match(/'(.*)'/)?.[1] ?? '')}: ${cmd} takes options only`;
  }
  return `${cmd}: ${e.message}`;
}

/** Parse a subcommand's arguments; a usage error (64) or --help (0) gives the exit code instead. */
function parseCommand<T extends ParseArgsConfig>(io: CliIO, cmd: CommandName, config: T): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    return usage(io, argumentProblem(cmd, [...(config.args ?? [])], config, e as Error), cmd);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(commandHelp(cmd));
    return EXIT.OK;
  }
  return parsed;
}

function reportError(io: CliIO, e: unknown): number {
  if (isThaiExtractError(e)) {
    // (an interrupted run's progress line is ended first)
    io.stderr.write(`${e.code === 'TE403' && io.stderr.isTTY ? '\n' : ''}thai-extract: ${e.message}\n`);
    if (e.isConfigError || e.code === 'TE450') return EXIT.CONFIG;
    if (e.isUsageError) return EXIT.USAGE;
    if (e.code === 'TE401') return EXIT.CANT_WRITE;
    if (e.code === 'TE402') return EXIT.LOCKED;
    if (e.code === 'TE403') return EXIT.SIGINT;
    if (e.code === 'TE404') return EXIT.UNAVAILABLE;
    return EXIT.INTERNAL;
  }
  throw e;
}

/**
 * Run `f` with SIGINT and SIGTERM turned into an abort of its signal: the run stops cleanly
 * (see BatchOptions.signal) and the exit code is 130 or 143. A second signal exits at once.
 */
async function withSignals(f: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  let got: NodeJS.Signals | null = null;
  const on = (sig: NodeJS.Signals) => {
    if (got) {
      void import('../output/lock.js').then((l) => l.releaseAllLocks()).finally(() => process.exit(sig === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT));
      return;
    }
    got = sig;
    controller.abort();
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  try {
    const code = await f(controller.signal);
    return got && code === EXIT.SIGINT ? (got === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT) : code;
  } finally {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  }
}

function progressBar(io: CliIO) {
  let last = 0;
  return (p: BatchProgress) => {
    const now = Date.now();
    if (p.done !== p.total && now - last < 100) return;
    last = now;
    const width = 24;
    const filled = Math.round((p.done / p.total) * width);
    const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} docs  ${rate.toFixed(1)} docs/s${p.failed ? `  ${p.failed} failed` : ''}`;
    io.stderr.write(`\r${line}\x1b[K${p.done === p.total ? '\n' : ''}`);
  };
}

async function runCommand(argv: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  const parsed = parseCommand(io, 'run', {
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      pipeline: { type: 'string', short: 'p' },
      format: { type: 'string', short: 'f' },
      concurrency: { type: 'string', short: 'c' },
      quiet: { type: 'boolean', short: 'q' },
      force: { type: 'boolean' },
      wait: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usage(io, 'run: no inputs given', 'run');
  if (!values.out) return usage(io, 'run: --out DIR is required', 'run');
  // html: the review page, built from the records after the run (src/review)
  const { batchFormats, reviewAfterRun } = await import('../review/cli.js');
  const { formats, review } = batchFormats((values.format ?? 'jsonl,csv').split(',').map((s) => s.trim()).filter(Boolean));
  const badFormat = formats.find((f) => !OUTPUT_FORMATS.includes(f as OutputFormat));
  if (badFormat || formats.length === 0) return usage(io, `run: --format must list jsonl, csv, json or html, got ${JSON.stringify(values.format)}`, 'run');
  let concurrency = values.concurrency === undefined ? 0 : Number(values.concurrency);
  if (values.concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
    return usage(io, `run: --concurrency must be an integer from 1 to 256, got ${JSON.stringify(values.concurrency)}`, 'run');
  }

  try {
    checkOutDir(values.out);
  } catch (e) {
    return reportError(io, e);
  }
  const pipelineArg = values.pipeline ?? 'gov-press';
  const showProgress = !values.quiet && Boolean(io.stderr.isTTY);
  const report = (result: BatchResult): Promise<number> =>
    reviewAfterRun({ out: values.out!, review, files: typeof inputs[0] === 'string' ? [] : (inputs as InputFile[]), root: inputRoot, quiet: Boolean(values.quiet), code: reportRun(result) }, io);
  const reportRun = ({ summary, failures, incremental }: BatchResult): number => {
    if (!values.quiet) {
      const d = summary.documents;
      for (const f of failures) io.stderr.write(`thai-extract: ${f.source}: ${f.message.split('\n')[0]}\n`);
      const noThai = summary.counts.diagnostics['decode-no-thai'];
      if (noThai) io.stderr.write(`thai-extract: warning: ${noThai} of ${d.total} documents ${noThai === 1 ? 'has' : 'have'} no Thai text (the warning decode-no-thai in their records)\n`);
      const failed = `${d.failed} failed${d.failed ? ', see errors.jsonl' : ''}`;
      if (incremental?.upToDate) {
        io.stderr.write(`nothing changed since the last run: ${d.total} documents (${failed}); the outputs in ${values.out} are current, none rewritten\n`);
      } else {
        if (incremental && incremental.reused > 0) io.stderr.write(`${incremental.reused} unchanged documents reused, ${incremental.processed} processed\n`);
        io.stderr.write(
          `${d.succeeded}/${d.total} documents written to ${values.out} (${failed}) in ${(summary.timings.wallMs / 1000).toFixed(2)} s with ${summary.pipeline}\n`,
        );
      }
    }
    return summary.documents.failed ? EXIT.SOME_FAILED : EXIT.OK;
  };
  // the input files, found once: for the no-change check, to size the default --concurrency,
  // and for the run
  let inputs: string[] | InputFile[] = positionals;
  let inputRoot: string | undefined;
  try {
    const found = (await import('../pipeline/inputs.js')).findInputs(positionals);
    if (found.files.length > 0) ({ files: inputs, root: inputRoot } = found);
  } catch {
    // (bad inputs, or none: checkUpToDate or runBatch reports them, as given)
  }
  const onLockWait = values.quiet ? undefined : (holder: string) => void io.stderr.write(`thai-extract: waiting for the run into ${values.out} to end (${holder})\n`);
  // a no-change re-run is recognised before the pipeline is built
  const { checkUpToDate, runBatch } = await import('../pipeline/batch.js');
  if (!values.force) {
    try {
      const quick = await checkUpToDate({ inputs, out: values.out, pipelineFile: resolvePipelinePath(pipelineArg), formats: formats as OutputFormat[], waitForLock: values.wait, onLockWait });
      if (quick) return report(quick);
    } catch (e) {
      return reportError(io, e);
    }
  }
  if (concurrency === 0) {
    // no --concurrency: as many threads as the batch pays for, up to the number of cores
    const { defaultThreads } = await import('../pipeline/batch.js');
    concurrency = defaultThreads(typeof inputs[0] === 'string' ? 0 : inputs.length, availableParallelism());
  }
  const { loadPipelineStamped, compiledWorkerAvailable } = await import('../pipeline/pool.js');
  const bar = showProgress ? progressBar(io) : undefined;
  // with worker threads only they build the pipeline (this thread never holds a copy);
  // otherwise it is built here. Either way a bad pipeline stops the run before any document.
  const threads = concurrency > 1 && compiledWorkerAvailable() ? concurrency : 0;
  let pipeline;
  let stamp;
  try {
    if (!threads) ({ pipeline, stamp } = await loadPipelineStamped(pipelineArg));
  } catch (e) {
    return reportError(io, e);
  }
  try {
    return report(
      await runBatch({
        pipeline,
        inputs,
        out: values.out,
        formats: formats as OutputFormat[],
        threads,
        pipelineSource: { file: pipelineArg },
        concurrency: Math.max(4, concurrency * 2),
        incremental: true,
        force: Boolean(values.force),
        pipelineStamp: stamp,
        waitForLock: values.wait,
        onLockWait,
        signal,
        onWorkerCrash: values.quiet ? undefined : (source, e) =>
          void io.stderr.write(`thai-extract: ${source}: a worker thread died (${e.message.split('\n')[0]}); processing it in the main thread\n`),
        onProgress: bar,
      }),
    );
  } catch (e) {
    return reportError(io, e);
  }
}

async function segmentCli(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(io, 'segment', { args: argv, options: { engine: { type: 'string', short: 'e' }, help: { type: 'boolean', short: 'h' } } });
  if (typeof parsed === 'number') return parsed;
  try {
    const { segmentCommand } = await import('./segment.js');
    await segmentCommand({ engine: parsed.values.engine }, io.stdin, io.stdout);
    return EXIT.OK;
  } catch (e) {
    if (isThaiExtractError(e) && e.code === 'TE111') {
      io.stderr.write(`thai-extract: ${e.message}\n`);
      return EXIT.USAGE;
    }
    return reportError(io, e);
  }
}

/** the options of enqueue, worker and collect (as their help lists them) */
const QUEUE_OPTIONS = {
  enqueue: ['queue', 'name', 'out', 'pipeline', 'quiet', 'help'],
  worker: ['queue', 'name', 'pipeline', 'concurrency', 'lock-ms', 'quiet', 'help'],
  collect: ['queue', 'name', 'out', 'format', 'timeout', 'batch', 'quiet', 'help'],
} as const;

async function queueCli(cmd: 'enqueue' | 'worker' | 'collect', argv: string[], io: CliIO): Promise<number> {
  const all = {
    queue: { type: 'string' },
    name: { type: 'string' },
    out: { type: 'string', short: 'o' },
    pipeline: { type: 'string', short: 'p' },
    concurrency: { type: 'string', short: 'c' },
    timeout: { type: 'string' },
    batch: { type: 'string' },
    'lock-ms': { type: 'string' },
    format: { type: 'string', short: 'f' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parsed = parseCommand(io, cmd, {
    args: argv,
    allowPositionals: cmd === 'enqueue',
    options: Object.fromEntries(QUEUE_OPTIONS[cmd].map((k) => [k, all[k]])) as typeof all, // (only the command's own: the others are unknown options)
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.queue) return usage(io, `${cmd}: --queue redis://HOST:PORT is required`, cmd);
  if (cmd !== 'worker' && !values.out) return usage(io, `${cmd}: --out DIR is required`, cmd);
  if (cmd === 'enqueue' && positionals.length === 0) return usage(io, 'enqueue: no inputs given', cmd);
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return usage(io, `${cmd}: --concurrency must be an integer from 1 to 256, got ${JSON.stringify(values.concurrency)}`, cmd);
  }
  const lockMs = values['lock-ms'] === undefined ? undefined : Number(values['lock-ms']);
  if (lockMs !== undefined && !(Number.isInteger(lockMs) && lockMs >= 1000)) {
    return usage(io, `${cmd}: --lock-ms must be an integer of at least 1000, got ${JSON.stringify(values['lock-ms'])}`, cmd);
  }
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!(timeout >= 0)) return usage(io, `${cmd}: --timeout must be a number of seconds, got ${JSON.stringify(values.timeout)}`, cmd);
  const log = values.quiet ? () => {} : (line: string) => void io.stderr.write(`${line}\n`);
  try {
    if (values.out) checkOutDir(values.out);
  } catch (e) {
    return reportError(io, e);
  }
  const where = values.queue.replace(/\/\/[^@/]*@/, '//***@'); // never log a password
  try {
    const q = await import('../queue/index.js');
    const conn = { url: values.queue, name: values.name };
    if (cmd === 'enqueue') {
      const r = await q.enqueue({ ...conn, inputs: positionals, out: values.out!, pipeline: values.pipeline ?? 'gov-press' });
      log(`enqueued ${r.jobs} documents as batch ${r.batch} on ${where} (${r.pipeline})`);
      return EXIT.OK;
    }
    if (cmd === 'worker') {
      const w = await q.startWorker({ ...conn, pipeline: values.pipeline ?? 'gov-press', concurrency, log, lockMs });
      log(`worker ${w.id} waiting for jobs on ${where} with ${w.pipeline.id} (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => void w.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return EXIT.OK;
    }
    const formats = (values.format ?? 'jsonl,csv').split(',').map((s) => s.trim()).filter(Boolean);
    if (formats.length === 0 || formats.some((f) => !OUTPUT_FORMATS.includes(f as OutputFormat))) {
      return usage(io, `collect: --format must list jsonl, csv or json, got ${JSON.stringify(values.format)}`, cmd);
    }
    const r = await q.collect({ ...conn, out: values.out!, batch: values.batch, timeoutMs: timeout * 1000, formats: formats as OutputFormat[] });
    for (const f of r.failedJobs) log(`thai-extract: ${f.source}: job failed after ${f.attempts} attempts: ${f.reason.split('\n')[0]}`);
    const d = r.summary.documents;
    log(`${d.succeeded}/${d.total} documents of batch ${r.batch} written to ${values.out} (${d.failed} failed, ${r.failedJobs.length} failed jobs)`);
    return d.failed ? EXIT.SOME_FAILED : EXIT.OK;
  } catch (e) {
    return reportError(io, e);
  }
}

async function evalCli(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(io, 'eval', {
    args: argv,
    options: {
      gold: { type: 'string', short: 'g' },
      records: { type: 'string', short: 'r' },
      pipeline: { type: 'string', short: 'p' },
      files: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (!values.gold) return usage(io, 'eval: --gold DIR is required', 'eval');
  try {
    const { evalCommand } = await import('../eval/index.js');
    await evalCommand({ gold: values.gold, records: values.records, pipeline: values.pipeline, files: values.files, json: values.json }, io.stdout);
    return EXIT.OK;
  } catch (e) {
    return reportError(io, e);
  }
}

async function diffCli(argv: string[], io: CliIO): Promise<number> {
  const config = { args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } } as const;
  // diff's exit codes are diff(1)'s: 0 the same, 1 different, 2 trouble (a usage error too)
  const parsed = parseCommand(io, 'diff', config);
  if (typeof parsed === 'number') return parsed === EXIT.USAGE ? DIFF_EXIT.TROUBLE : parsed;
  if (parsed.positionals.length !== 2) {
    usage(io, `diff: give two output folders (OLD_OUT NEW_OUT), got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? '' : 's'}`, 'diff');
    return DIFF_EXIT.TROUBLE;
  }
  const [oldOut, newOut] = parsed.positionals;
  try {
    const { diffOutputs, formatDiff } = await import('../diff/index.js');
    const d = await diffOutputs(oldOut, newOut);
    io.stdout.write(parsed.values.json ? JSON.stringify(d, null, 2) + '\n' : formatDiff(d));
    return d.identical ? DIFF_EXIT.SAME : DIFF_EXIT.DIFFERENT;
  } catch (e) {
    if (!isThaiExtractError(e)) throw e;
    io.stderr.write(`thai-extract: ${e.message}\n`);
    return DIFF_EXIT.TROUBLE;
  }
}

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    // `thai-extract help run` is `thai-extract run --help`
    const topic = COMMAND_NAMES.find((c) => c === rest[0]);
    io.stdout.write(cmd === 'help' && topic ? commandHelp(topic) : overviewHelp());
    return cmd === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (cmd === '--version' || cmd === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return EXIT.OK;
  }
  if (cmd === 'run') return withSignals((signal) => runCommand(rest, io, signal));
  if (cmd === 'segment') return segmentCli(rest, io);
  if (cmd === 'eval') return evalCli(rest, io);
  if (cmd === 'review') return (await import('../review/cli.js')).reviewCommand(rest, io);
  if (cmd === 'enqueue' || cmd === 'worker' || cmd === 'collect') return queueCli(cmd, rest, io);
  if (cmd === 'diff') return diffCli(rest, io);
  const guess = nearest(cmd, COMMAND_NAMES);
  return usage(io, `unknown command ${JSON.stringify(cmd)}${guess ? ` (did you mean ${guess}?)` : ''}`);
}

export { ThaiExtractError };
