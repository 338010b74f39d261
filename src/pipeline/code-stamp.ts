import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { walk } from './inputs.js';

const RUNNING_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = path.resolve(RUNNING_DIR, '..');
/**
 * the compiled code (dist/) when it exists — worker threads always run it, so the main thread
 * and the threads agree even under vitest — else the running code (src/)
 */
const CODE_DIR = existsSync(path.join(PACKAGE_DIR, 'dist', 'index.js')) ? path.join(PACKAGE_DIR, 'dist') : RUNNING_DIR;

let cached: string | null = null;

/**
 * sha256 over the package version, the code (every .js/.json under dist/, or .ts under src/)
 * and the segmentation dictionary: part of every pipeline's rules hash, so results stored by
 * an incremental run are not reused after the code or the dictionary changed.
 */
export function codeStamp(): string {
  if (cached) return cached;
  const h = createHash('sha256');
  const files: string[] = [];
  walk(CODE_DIR, files, (f) => /\.(js|mjs|ts|json)$/.test(f) && !f.endsWith('.d.ts'));
  files.push(path.join(PACKAGE_DIR, 'package.json'), path.join(PACKAGE_DIR, 'data/dict/th-dict.bin'));
  for (const f of files.sort()) {
    h.update(path.relative(PACKAGE_DIR, f) + '\0');
    try {
      h.update(readFileSync(f));
    } catch {
      h.update('<missing>');
    }
    h.update('\n');
  }
  cached = h.digest('hex');
  return cached;
}
