// The command line shared by the two-build comparisons (bench-pair.mjs, bench-stages-ab.mjs):
// --a DIR and --b DIR (built checkouts, default this one) and --corpus DIR, plus each script's own.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** parsed --a, --b, --corpus and the given options (node:util parseArgs form) */
export function abArgs(options) {
  return parseArgs({
    options: {
      a: { type: 'string', default: projectRoot },
      b: { type: 'string', default: projectRoot },
      corpus: { type: 'string', default: path.resolve(projectRoot, '../shared/corpus/thaigov') },
      ...options,
    },
  }).values;
}
