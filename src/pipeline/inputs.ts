import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

/** One input file found from the command-line inputs. */
export interface InputFile {
  /** absolute path */
  path: string;
  /** path relative to the input root, with "/" separators: the record's `source` */
  source: string;
}

const GLOB_CHARS = /[*?[]/;

/** the files a folder input takes: plain text and saved HTML pages */
const INPUT_EXTENSIONS = /\.(?:txt|html?)$/i;

/** glob → RegExp over "/"-separated relative paths: `**` any depth, `*` and `?` within a segment, [abc] classes */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** every file under `dir` (recursive, skipping node_modules and .git) that `filter` accepts, appended to `out` */
export function walk(dir: string, out: string[], filter: (abs: string) => boolean): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // `dir` is absolute and normalised (from path.resolve, or built here): joining by hand gives
  // what path.join would, without its normalising pass per file (~20 ms per 1,000 files here)
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const e of entries) {
    const abs = prefix + e.name;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') walk(abs, out, filter);
    } else if ((e.isFile() || e.isSymbolicLink()) && filter(abs)) out.push(abs);
  }
}

function commonDir(dirs: string[]): string {
  if (dirs.length === 0) return process.cwd();
  let parts = dirs[0].split(path.sep);
  for (const d of dirs.slice(1)) {
    const p = d.split(path.sep);
    let i = 0;
    while (i < parts.length && i < p.length && parts[i] === p[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

/**
 * Expand files, folders (recursive *.txt, *.html, *.htm) and globs into a sorted, de-duplicated list.
 * `source` is relative to the common root of the inputs (a folder argument is its own root;
 * a file's root is its folder; a glob's root is its non-glob prefix). Throws TE202 when an
 * input matches nothing.
 */
export function findInputs(inputs: string[], cwd = process.cwd()): { root: string; files: InputFile[] } {
  const found = new Set<string>();
  const roots: string[] = [];
  for (const input of inputs) {
    const before = found.size;
    if (GLOB_CHARS.test(input)) {
      const parts = input.split(/[\\/]/);
      const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
      const base = path.resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
      const re = globToRegExp(parts.slice(firstGlob).join('/'));
      const list: string[] = [];
      walk(base, list, (abs) => re.test(path.relative(base, abs).split(path.sep).join('/')));
      list.forEach((f) => found.add(f));
      roots.push(base);
    } else {
      const abs = path.resolve(cwd, input);
      let st;
      try {
        st = statSync(abs);
      } catch {
        throw new ThaiExtractError('TE202', 'input does not exist', { value: input });
      }
      if (st.isDirectory()) {
        const list: string[] = [];
        walk(abs, list, (f) => INPUT_EXTENSIONS.test(f));
        list.forEach((f) => found.add(f));
        roots.push(abs);
      } else {
        found.add(abs);
        roots.push(path.dirname(abs));
      }
    }
    if (found.size === before) throw new ThaiExtractError('TE202', 'input matches no .txt files', { value: input });
  }
  const root = commonDir(roots);
  const under = root.endsWith(path.sep) ? root : root + path.sep;
  // every file is under root: its source is the rest of its path (path.relative resolves both paths for each file)
  const files = [...found]
    .map((abs) => ({ path: abs, source: (abs.startsWith(under) ? abs.slice(under.length) : path.relative(root, abs)).split(path.sep).join('/') }))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { root, files };
}
