import { statSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

/**
 * Throws TE460 when `out` cannot be an output folder because it, or a folder on its path,
 * is a file (a missing folder is fine: it is created). Checked before any work, so the
 * error names the option instead of a file the run would have failed to create inside it.
 */
export function checkOutDir(out: string, option = '--out'): void {
  for (let p = path.resolve(out); ; p = path.dirname(p)) {
    let st;
    try {
      st = statSync(p, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') continue; // a file above it: found further up
      return; // unreadable (permissions …): creating the output files says why
    }
    if (st && !st.isDirectory()) {
      const what = p === path.resolve(out) ? 'names a file, not a folder' : `is inside ${p}, which is a file`;
      throw new ThaiExtractError('TE460', `${option} ${what}; give a folder (it is created when missing)`, { file: out });
    }
    if (st || p === path.dirname(p)) return;
  }
}
