// A test-only stage for tests/reliability.test.ts, loadable by queue workers through
// PipelineSource.factoriesModule: on a text containing "SLOW" it busy-waits 60 s while the file
// named by TE_SLOW_MARK exists (a worker that holds a job, to be killed), else does nothing.
import { existsSync } from 'node:fs';

const fakeSlow = {
  name: 'fake-slow',
  description: 'busy-waits on texts containing SLOW while $TE_SLOW_MARK exists',
  reads: ['text'],
  adds: [],
  optionsSchema: { type: 'object', additionalProperties: false },
  create: () => (doc) => {
    const mark = process.env.TE_SLOW_MARK;
    if (doc.text.includes('SLOW') && mark && existsSync(mark)) {
      const until = Date.now() + 60_000;
      while (Date.now() < until) { /* held */ }
    }
    return doc;
  },
};

export const factories = { 'fake-slow': fakeSlow };
