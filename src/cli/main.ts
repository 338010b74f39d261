#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`thai-extract: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 70;
  },
);
