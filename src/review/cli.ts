import { commandHelp } from '../cli/help.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isThaiExtractError } from '../errors.js';
import type { InputFile } from '../pipeline/inputs.js';
// build.js (and the decoder it reads texts with) is loaded only when a page is built or checked:
// `run` imports this module for every run
import type { ReviewResult } from './build.js';

/** the --format value that asks `run` for the review page */
export const REVIEW_FORMAT = 'html';

/**
 * A run's --format list without `html`, which is not a file of the batch but the review page
 * built from its records after it: the records are written as records.jsonl when neither
 * jsonl nor json is listed.
 */
export function batchFormats(formats: string[]): { formats: string[]; review: boolean } {
  const review = formats.includes(REVIEW_FORMAT);
  const rest = formats.filter((f) => f !== REVIEW_FORMAT);
  if (review && !rest.includes('jsonl') && !rest.includes('json')) rest.push('jsonl');
  return { formats: rest, review };
}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function told(io: Io, out: string, r: ReviewResult): void {
  io.stderr.write(`review page: ${r.index} (${r.documents} documents, ${r.failed} failed, ${r.persons} persons)\n`);
  if (r.missingText.length) {
    const some = r.missingText.slice(0, 3).join(', ') + (r.missingText.length > 3 ? ' …' : '');
    io.stderr.write(`thai-extract: [TE442] the text of ${r.missingText.length} documents was not found or has changed since the run (${some}); their pages show the tables only. Give the input folder: thai-extract review ${out} --inputs DIR\n`);
  }
}

/**
 * After `run … --format …,html`: build OUT_DIR/review unless it is already built from the
 * records there. Without html, say so when an earlier review page is now older than the records.
 * Returns the exit code (the run's, or 70 when the page cannot be written).
 */
export async function reviewAfterRun(
  o: { out: string; review: boolean; files: InputFile[]; root: string | undefined; quiet: boolean; code: number },
  io: Io,
): Promise<number> {
  if (!o.review) {
    if (!o.quiet && existsSync(path.join(o.out, 'review', 'build.json')) && (await import('./build.js')).reviewIsStale(o.out)) {
      io.stderr.write(`thai-extract: ${path.join(o.out, 'review')} is from earlier records; rebuild it with: thai-extract review ${o.out}\n`);
    }
    return o.code;
  }
  const { buildReview, reviewIsCurrent } = await import('./build.js');
  if (reviewIsCurrent(o.out)) {
    if (!o.quiet) io.stderr.write(`review page: ${path.resolve(o.out, 'review', 'index.html')} (unchanged)\n`);
    return o.code;
  }
  try {
    const r = await buildReview({ out: o.out, files: o.files, inputRoot: o.root });
    if (!o.quiet) told(io, o.out, r);
    return o.code;
  } catch (e) {
    if (isThaiExtractError(e)) {
      io.stderr.write(`thai-extract: ${e.message}\n`);
      return 70;
    }
    throw e;
  }
}

const HELP = commandHelp('review');

/** `thai-extract review OUT_DIR [--inputs DIR]`; resolves to the exit code */
export async function reviewCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { inputs: { type: 'string', short: 'i' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr.write(`thai-extract: review: ${(e as Error).message}\n${HELP}`);
    return 64;
  }
  if (parsed.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr.write(`thai-extract: review: give one output folder\n${HELP}`);
    return 64;
  }
  const out = parsed.positionals[0];
  try {
    const { buildReview } = await import('./build.js');
    const r = await buildReview({ out, inputRoot: parsed.values.inputs });
    if (!parsed.values.quiet) told(io, out, r);
    return 0;
  } catch (e) {
    if (isThaiExtractError(e)) {
      io.stderr.write(`thai-extract: ${e.message}\n`);
      return e.code === 'TE440' ? 64 : 70;
    }
    throw e;
  }
}
