import { parseArgs } from 'node:util';
import { ThaiExtractError, isThaiExtractError } from '../errors.js';
import { loadPipeline } from '../pipeline/load.js';
import { runBatch, type BatchProgress } from '../pipeline/batch.js';
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
  thai-extract --help | --version

run: process files, folders (recursive *.txt) or globs with a pipeline and write
  records.jsonl, documents.csv, entities.csv, facts.csv, errors.jsonl, summary.json
  (and records.json with --format json) into DIR. Files are written atomically and
  in source-path order whatever the concurrency.

Options (run):
  -o, --out DIR          output folder (required)
  -p, --pipeline FILE|NAME
                         pipeline file, or a bundled pipeline name (default: gov-press)
  -f, --format LIST      comma-separated: jsonl,csv,json (default: jsonl,csv)
  -c, --concurrency N    documents in flight at once (default: 4)
  -q, --quiet            no progress or summary on stderr

Options (segment):
  -e, --engine NAME      dict (default), wordcut or icu; one line in, tokens joined by | out

Exit codes:
  0 all documents succeeded   2 some documents failed (the others are written)
  64 usage error              78 bad pipeline, rules or lexicons

Examples:
  thai-extract run fixtures/seeds --out output
  thai-extract run 'corpus/**/*.txt' --out out --concurrency 2 --format jsonl,json
  thai-extract run a.txt "b c.txt" --out out --pipeline ./my-pipeline.json
  echo 'นายกรัฐมนตรีเดินทางไปเชียงใหม่' | thai-extract segment --engine icu
  jq -r '.entities[] | select(.type=="PERSON") | .canonical' output/records.jsonl
`;

function usage(io: CliIO, message: string): number {
  io.stderr.write(`thai-extract: ${message}\nRun "thai-extract --help" for usage.\n`);
  return EXIT.USAGE;
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
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        pipeline: { type: 'string', short: 'p' },
        format: { type: 'string', short: 'f' },
        concurrency: { type: 'string', short: 'c' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.OK;
  }
  if (positionals.length === 0) return usage(io, 'run: no inputs given');
  if (!values.out) return usage(io, 'run: --out DIR is required');
  const formats = (values.format ?? 'jsonl,csv').split(',').map((s) => s.trim()).filter(Boolean);
  const badFormat = formats.find((f) => !OUTPUT_FORMATS.includes(f as OutputFormat));
  if (badFormat || formats.length === 0) return usage(io, `run: --format must list jsonl, csv or json, got ${JSON.stringify(values.format)}`);
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return usage(io, `run: --concurrency must be an integer from 1 to 256, got ${JSON.stringify(values.concurrency)}`);
  }

  let pipeline;
  try {
    pipeline = loadPipeline(values.pipeline ?? 'gov-press');
  } catch (e) {
    return reportError(io, e);
  }
  const showProgress = !values.quiet && Boolean(io.stderr.isTTY);
  try {
    const { summary, failures } = await runBatch({
      pipeline,
      inputs: positionals,
      out: values.out,
      formats: formats as OutputFormat[],
      concurrency,
      onProgress: showProgress ? progressBar(io) : undefined,
    });
    if (!values.quiet) {
      for (const f of failures) io.stderr.write(`thai-extract: ${f.source}: ${f.message.split('\n')[0]}\n`);
      const d = summary.documents;
      io.stderr.write(
        `${d.succeeded}/${d.total} documents written to ${values.out} (${d.failed} failed) in ${(summary.timings.wallMs / 1000).toFixed(2)} s with ${pipeline.id}\n`,
      );
    }
    return summary.documents.failed ? EXIT.SOME_FAILED : EXIT.OK;
  } catch (e) {
    return reportError(io, e);
  }
}

async function segmentCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { engine: { type: 'string', short: 'e' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return EXIT.OK;
  }
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
  return usage(io, `unknown command ${JSON.stringify(cmd)}`);
}

export { ThaiExtractError };
