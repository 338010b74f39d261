import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNING_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = path.resolve(RUNNING_DIR, '..');
/**
 * the compiled code (dist/) when it exists — worker threads always run it, so the main thread
 * and the threads agree even under vitest — else the running code (src/)
 */
const CODE_DIR = existsSync(path.join(PACKAGE_DIR, 'dist', 'index.js')) ? path.join(PACKAGE_DIR, 'dist') : RUNNING_DIR;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(js|mjs|ts|json)$/.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.endsWith('.map')) out.push(p);
  }
}

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
  walk(CODE_DIR, files);
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
