#!/usr/bin/env node
// The CLI entry. V8 is tuned for batch work before any of thai-extract's code is loaded (see
// pipeline/v8-tuning.ts), so that every function, in this thread and in worker threads, runs
// under the same tier-up budget.
import { tuneV8ForBatch } from '../pipeline/v8-tuning.js';

const argv = process.argv.slice(2);
if (argv[0] === 'run' || argv[0] === 'worker') tuneV8ForBatch();
const { runCli } = await import('./cli.js');

runCli(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`thai-extract: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 70;
  },
);
