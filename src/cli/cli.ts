import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolvePipelinePath } from '../pipeline/paths.js';
import { ThaiExtractError, isThaiExtractError } from '../errors.js';
// the pipeline modules (and through them every stage) are imported only when a command needs
// them: a no-change re-run of `run` is answered without loading them
import type { BatchProgress, BatchResult } from '../pipeline/batch.js';
import type { InputFile } from '../pipeline/inputs.js';
import type { HeapGrowth } from '../pipeline/heap.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/writers.js';

/** CLI exit codes */
export const EXIT = { OK: 0, SOME_FAILED: 2, USAGE: 64, CONFIG: 78, INTERNAL: 70 } as const;

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

const HELP = `thai-extract — Thai press releases to validated structured records

Usage:
  thai-extract run <inputs…> --out DIR [options]
  thai-extract segment [--engine NAME] < text.txt
  thai-extract enqueue <inputs…> --queue redis://HOST:6379 --out DIR [--pipeline P]
  thai-extract worker --queue redis://HOST:6379 [--pipeline P] [--concurrency N]
  thai-extract collect --queue redis://HOST:6379 --out DIR [--timeout S]
  thai-extract eval --gold DIR [--records FILE | --pipeline FILE|NAME]
  thai-extract --help | --version

run: process files, folders (recursive *.txt, *.html, *.htm) or globs with a pipeline and write
  records.jsonl, documents.csv, entities.csv, facts.csv, errors.jsonl, summary.json
  (and records.json with --format json) into DIR. Files are written atomically and
  in source-path order whatever the concurrency.
  Runs are incremental: DIR/manifest.json and DIR/.thai-extract/ remember each
  document's result by input sha256 + pipeline + rules hash; a re-run processes only
  new or changed documents (and completes an interrupted one), --force redoes all.

enqueue/worker/collect: the same pipeline as BullMQ jobs on Redis, one job per document,
  any number of workers on any number of machines; collect writes the same files as run
  plus failed-jobs.jsonl. See the README ("Scaling out") for the Redis set-up.

Options (run):
  -o, --out DIR          output folder (required)
  -p, --pipeline FILE|NAME
                         pipeline file, or a bundled pipeline name (default: gov-press)
  -f, --format LIST      comma-separated: jsonl,csv,json (default: jsonl,csv)
  -c, --concurrency N    documents in flight at once (default: 4)
                         run: N >= 2 spreads documents over N worker threads and
                         keeps max(4, 2N) in flight; N = 1 processes everything in
                         one thread; run's default is one thread per 150 documents,
                         up to the number of cores
      --force            process every document again, ignoring earlier results
  -q, --quiet            no progress or summary on stderr

Options (enqueue, worker, collect):
      --queue URL        Redis URL, e.g. redis://127.0.0.1:6379 (required)
      --name NAME        queue name (default: thai-extract)
  -p, --pipeline FILE|NAME
                         enqueue: recorded in the batch; worker: the pipeline it runs
                         (must have the same id and rules hash as the enqueued batch)
  -c, --concurrency N    worker: jobs processed at once by this process (default: 1)
  -f, --format LIST      collect: as for run (default: jsonl,csv)
      --timeout S        collect: seconds to wait for unfinished jobs (default: 600)
      --batch ID         collect: batch to collect (default: the one DIR/queue-batch.json
                         names, else the last enqueued)

eval: precision/recall/F1 of published dates, persons, dates, events and (person, event,
  date) participation triples against a folder of gold files (format in the README); runs
  the pipeline over the gold documents unless --records gives a records.jsonl.

Options (segment):
  -e, --engine NAME      dict (default), wordcut or icu; one line in, tokens joined by | out

Environment:
  THAI_EXTRACT_JIT=default
                         run, worker: leave V8's optimisation thresholds alone (otherwise
                         functions run 8x longer before V8 optimises them, over the first
                         1,000 documents: less recompiling; see the README, "JIT warm-up")
  THAI_EXTRACT_HEAP=default | PERCENT
                         run without worker threads: leave V8's heap growth alone, or let the
                         heap grow PERCENT (1-1000) over what survived a collection instead
                         of 50 (see the README, "Memory over long runs")

Exit codes:
  0 all documents succeeded   2 some documents failed (the others are written)
  64 usage error              78 bad pipeline, rules or lexicons

Examples:
  thai-extract run fixtures/seeds --out output
  thai-extract run 'corpus/**/*.txt' --out out --concurrency 2 --format jsonl,json
  thai-extract run a.txt "b c.txt" --out out --pipeline ./my-pipeline.json
  thai-extract enqueue corpus --queue redis://10.0.0.5:6379 --out out   # then, anywhere:
  thai-extract worker --queue redis://10.0.0.5:6379                     # as many as you like
  thai-extract collect --queue redis://10.0.0.5:6379 --out out
  echo 'นายกรัฐมนตรีเดินทางไปเชียงใหม่' | thai-extract segment --engine icu
  jq -r '.entities[] | select(.type=="PERSON") | .canonical' output/records.jsonl
`;

function usage(io: CliIO, message: string): number {
  io.stderr.write(`thai-extract: ${message}\nRun "thai-extract --help" for usage.\n`);
  return EXIT.USAGE;
}

/** Parse a subcommand's arguments; a usage error (64) or --help (0) gives the exit code instead. */
function parseCommand<T extends ParseArgsConfig>(io: CliIO, config: T): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(HELP);
    return EXIT.OK;
  }
  return parsed;
}

function reportError(io: CliIO, e: unknown): number {
  if (isThaiExtractError(e)) {
    io.stderr.write(`thai-extract: ${e.message}\n`);
    if (e.isConfigError) return EXIT.CONFIG;
    if (e.isUsageError) return EXIT.USAGE;
    return EXIT.INTERNAL;
  }
  throw e;
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

async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(io, {
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      pipeline: { type: 'string', short: 'p' },
      format: { type: 'string', short: 'f' },
      concurrency: { type: 'string', short: 'c' },
      quiet: { type: 'boolean', short: 'q' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usage(io, 'run: no inputs given');
  if (!values.out) return usage(io, 'run: --out DIR is required');
  const formats = (values.format ?? 'jsonl,csv').split(',').map((s) => s.trim()).filter(Boolean);
  const badFormat = formats.find((f) => !OUTPUT_FORMATS.includes(f as OutputFormat));
  if (badFormat || formats.length === 0) return usage(io, `run: --format must list jsonl, csv or json, got ${JSON.stringify(values.format)}`);
  let concurrency = values.concurrency === undefined ? 0 : Number(values.concurrency);
  if (values.concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
    return usage(io, `run: --concurrency must be an integer from 1 to 256, got ${JSON.stringify(values.concurrency)}`);
  }

  const pipelineArg = values.pipeline ?? 'gov-press';
  const showProgress = !values.quiet && Boolean(io.stderr.isTTY);
  const report = ({ summary, failures, incremental }: BatchResult): number => {
    if (!values.quiet) {
      if (incremental && incremental.reused > 0) {
        io.stderr.write(
          incremental.upToDate
            ? `nothing changed since the last run: ${incremental.reused} documents, outputs left as they were\n`
            : `${incremental.reused} unchanged documents reused, ${incremental.processed} processed\n`,
        );
      }
      for (const f of failures) io.stderr.write(`thai-extract: ${f.source}: ${f.message.split('\n')[0]}\n`);
      const d = summary.documents;
      io.stderr.write(
        `${d.succeeded}/${d.total} documents written to ${values.out} (${d.failed} failed) in ${(summary.timings.wallMs / 1000).toFixed(2)} s with ${summary.pipeline}\n`,
      );
    }
    return summary.documents.failed ? EXIT.SOME_FAILED : EXIT.OK;
  };
  // the input files, found once: for the no-change check, to size the default --concurrency,
  // and for the run
  let inputs: string[] | InputFile[] = positionals;
  try {
    const found = (await import('../pipeline/inputs.js')).findInputs(positionals).files;
    if (found.length > 0) inputs = found;
  } catch {
    // (bad inputs, or none: checkUpToDate or runBatch reports them, as given)
  }
  // a no-change re-run is recognised before the pipeline is built
  const { checkUpToDate, runBatch } = await import('../pipeline/batch.js');
  if (!values.force) {
    try {
      const quick = await checkUpToDate({ inputs, out: values.out, pipelineFile: resolvePipelinePath(pipelineArg), formats: formats as OutputFormat[] });
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
  // V8 optimises later over the first documents (less recompiling; see pipeline/jit.ts)
  const { startJitWarmup } = await import('../pipeline/jit.js');
  const jit = startJitWarmup();
  const bar = showProgress ? progressBar(io) : undefined;
  // with worker threads only they build the pipeline (this thread never holds a copy);
  // otherwise it is built here. Either way a bad pipeline stops the run before any document.
  const threads = concurrency > 1 && compiledWorkerAvailable() ? concurrency : 0;
  let pipeline;
  let stamp;
  let heap: HeapGrowth | undefined;
  try {
    // when the pipeline runs in this thread, its heap grows 1.5x its survivors, not up to 4x
    // (see pipeline/heap.ts); a bad THAI_EXTRACT_HEAP is an error either way
    const { limitHeapGrowth, heapGrowthPercent } = await import('../pipeline/heap.js');
    if (threads) heapGrowthPercent();
    else {
      heap = limitHeapGrowth();
      ({ pipeline, stamp } = await loadPipelineStamped(pipelineArg));
    }
  } catch (e) {
    jit.end();
    heap?.end();
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
        onWorkerCrash: values.quiet ? undefined : (source, e) =>
          void io.stderr.write(`thai-extract: ${source}: a worker thread died (${e.message.split('\n')[0]}); processing it in the main thread\n`),
        onProgress: (p) => {
          jit.progress(p.done);
          bar?.(p);
        },
      }),
    );
  } catch (e) {
    return reportError(io, e);
  } finally {
    jit.end();
    heap?.end();
  }
}

async function segmentCli(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(io, { args: argv, options: { engine: { type: 'string', short: 'e' }, help: { type: 'boolean', short: 'h' } } });
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

async function queueCli(cmd: 'enqueue' | 'worker' | 'collect', argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(io, {
    args: argv,
    allowPositionals: cmd === 'enqueue',
    options: {
      queue: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string', short: 'o' },
      pipeline: { type: 'string', short: 'p' },
      concurrency: { type: 'string', short: 'c' },
      timeout: { type: 'string' },
      batch: { type: 'string' },
      format: { type: 'string', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.queue) return usage(io, `${cmd}: --queue redis://HOST:PORT is required`);
  if (cmd !== 'worker' && !values.out) return usage(io, `${cmd}: --out DIR is required`);
  if (cmd === 'enqueue' && positionals.length === 0) return usage(io, 'enqueue: no inputs given');
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return usage(io, `${cmd}: --concurrency must be an integer from 1 to 256, got ${JSON.stringify(values.concurrency)}`);
  }
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!(timeout >= 0)) return usage(io, `${cmd}: --timeout must be a number of seconds, got ${JSON.stringify(values.timeout)}`);
  const log = values.quiet ? () => {} : (line: string) => void io.stderr.write(`${line}\n`);
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
      // as in run: V8 optimises later over the first 1,000 jobs (see pipeline/jit.ts)
      const { startJitWarmup } = await import('../pipeline/jit.js');
      const jit = startJitWarmup();
      let done = 0;
      const w = await q.startWorker({ ...conn, pipeline: values.pipeline ?? 'gov-press', concurrency, log });
      w.worker.on('completed', () => jit.progress(++done));
      log(`worker ${w.id} waiting for jobs on ${where} with ${w.pipeline.id} (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => void w.close().then(() => jit.end()).then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return EXIT.OK;
    }
    const formats = (values.format ?? 'jsonl,csv').split(',').map((s) => s.trim()).filter(Boolean);
    if (formats.length === 0 || formats.some((f) => !OUTPUT_FORMATS.includes(f as OutputFormat))) {
      return usage(io, `collect: --format must list jsonl, csv or json, got ${JSON.stringify(values.format)}`);
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
  const parsed = parseCommand(io, {
    args: argv,
    options: {
      gold: { type: 'string', short: 'g' },
      records: { type: 'string', short: 'r' },
      pipeline: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (!values.gold) return usage(io, 'eval: --gold DIR is required');
  try {
    const { evalCommand } = await import('../eval/index.js');
    await evalCommand({ gold: values.gold, records: values.records, pipeline: values.pipeline }, io.stdout);
    return EXIT.OK;
  } catch (e) {
    return reportError(io, e);
  }
}

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(HELP);
    return cmd === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (cmd === '--version' || cmd === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return EXIT.OK;
  }
  if (cmd === 'run') return runCommand(rest, io);
  if (cmd === 'segment') return segmentCli(rest, io);
  if (cmd === 'eval') return evalCli(rest, io);
  if (cmd === 'enqueue' || cmd === 'worker' || cmd === 'collect') return queueCli(cmd, rest, io);
  return usage(io, `unknown command ${JSON.stringify(cmd)}`);
}

export { ThaiExtractError };
