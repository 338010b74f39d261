import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

/** a pipeline's default `maxInputBytes`: larger inputs are refused (TE304) without being read */
export const DEFAULT_MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** One input file found from the command-line inputs. */
export interface InputFile {
  /** absolute path */
  path: string;
  /** path relative to the input root, with "/" separators: the record's `source` */
  source: string;
  /**
   * the path's bytes, when a name in it is not valid UTF-8 (`path` and `source` then show
   * U+FFFD for the bad bytes, and only these bytes open the file)
   */
  pathBytes?: Buffer;
}

/** what a non-regular file is, for messages */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function cannotRead(source: string, e: unknown): ThaiExtractError {
  return new ThaiExtractError('TE301', `cannot read input file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: source });
}

/** TE304: the document is larger than the pipeline's limit */
export function tooLargeError(source: string, size: number, limit: number): ThaiExtractError {
  return new ThaiExtractError('TE304', `${size} bytes is over the pipeline's limit of ${limit} bytes (maxInputBytes)`, { file: source, value: size });
}

/**
 * Open an input for reading if it is a regular file (stat first, then fstat of what was
 * opened): a FIFO, a device (a symlink to /dev/zero), a socket or a folder is never read —
 * reading would block forever or never end — and is a TE310 outcome. Opened non-blocking, so
 * that a FIFO swapped in after the stat cannot block the open either.
 */
function openRegular(p: string | Buffer, source: string): { fd: number; size: number } | ThaiExtractError {
  const notRegular = (st: Stats) =>
    new ThaiExtractError('TE310', `${kindOf(st)}, not a regular file: skipped (only regular files are read)`, { file: source });
  let st: Stats;
  try {
    st = statSync(p);
  } catch (e) {
    return cannotRead(source, e);
  }
  if (!st.isFile()) return notRegular(st);
  let fd: number;
  try {
    fd = openSync(p, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return cannotRead(source, e);
  }
  try {
    const st2 = fstatSync(fd);
    if (st2.isFile()) return { fd, size: st2.size };
    closeSync(fd);
    return notRegular(st2);
  } catch (e) {
    closeSync(fd);
    return cannotRead(source, e);
  }
}

/**
 * Read an input file, at most `limit` bytes: a regular file larger than that (by its size, or
 * by what reading finds when it grew) is TE304 without being read whole; anything else that is
 * not a regular file is TE310; a file that cannot be opened or read is TE301.
 */
export function readInputFile(file: InputFile, limit: number): Uint8Array | ThaiExtractError {
  const opened = openRegular(file.pathBytes ?? file.path, file.source);
  if (opened instanceof ThaiExtractError) return opened;
  const { fd, size } = opened;
  try {
    if (size > limit) return tooLargeError(file.source, size, limit);
    // one byte more than the size: a file that grew since its stat is read on
    let buf = Buffer.allocUnsafeSlow(size + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > limit) return tooLargeError(file.source, n, limit);
        const bigger = Buffer.allocUnsafeSlow(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > limit) return tooLargeError(file.source, n, limit);
    return buf.subarray(0, n);
  } catch (e) {
    return cannotRead(file.source, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * The sha256 of an input file, read in pieces (memory stays bounded however large it is), and
 * its stat; a TE301/TE310 error when it cannot be read or is not a regular file.
 */
export function hashInputFile(file: InputFile): { sha256: string; stat: Stats } | ThaiExtractError {
  const opened = openRegular(file.pathBytes ?? file.path, file.source);
  if (opened instanceof ThaiExtractError) return opened;
  const { fd, size } = opened;
  try {
    const stat = fstatSync(fd);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafeSlow(Math.min(size + 1, 1 << 20));
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      hash.update(buf.subarray(0, got));
    }
    return { sha256: hash.digest('hex'), stat };
  } catch (e) {
    return cannotRead(file.source, e);
  } finally {
    closeSync(fd);
  }
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

/**
 * The raw bytes of paths whose names are not valid UTF-8 (found by walk): as strings they hold
 * U+FFFD, which names no file, so they are opened by these bytes.
 */
export type RawPaths = Map<string, Buffer>;

/**
 * the names in `dir` that are not valid UTF-8: their decoded form (with U+FFFD) → their bytes
 * (read again as bytes only for a folder that has such a name)
 */
function rawNames(dirBytes: Buffer): Map<string, Buffer> {
  const names = new Map<string, Buffer>();
  try {
    for (const b of readdirSync(dirBytes, { encoding: 'buffer' })) {
      const s = b.toString('utf8');
      if (s.includes('\uFFFD') && !Buffer.from(s, 'utf8').equals(b)) names.set(s, b);
    }
  } catch {
    /* unreadable: walk reports nothing from it either */
  }
  return names;
}

/**
 * every file under `dir` (recursive, skipping node_modules and .git) that `filter` accepts,
 * appended to `out`; with `raw`, the bytes of paths that are not valid UTF-8 go there
 */
export function walk(dir: string, out: string[], filter: (abs: string) => boolean, raw?: RawPaths, dirBytes?: Buffer): void {
  let entries;
  try {
    entries = readdirSync(dirBytes ?? dir, { withFileTypes: true });
  } catch {
    return;
  }
  // `dir` is absolute and normalised (from path.resolve, or built here): joining by hand gives
  // what path.join would, without its normalising pass per file (~20 ms per 1,000 files here)
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  let bad: Map<string, Buffer> | null = null;
  for (const e of entries) {
    const abs = prefix + e.name;
    let bytes: Buffer | undefined;
    if (raw && (dirBytes || e.name.includes('\uFFFD'))) {
      const base = dirBytes ?? Buffer.from(dir, 'utf8');
      const sep = Buffer.from(dir.endsWith(path.sep) ? '' : path.sep);
      bad ??= e.name.includes('\uFFFD') ? rawNames(base) : null;
      bytes = Buffer.concat([base, sep, bad?.get(e.name) ?? Buffer.from(e.name, 'utf8')]);
    }
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') walk(abs, out, filter, raw, bytes);
    } else if (filter(abs)) {
      // FIFOs, devices, sockets too: reading them is refused (TE310), never silent
      out.push(abs);
      if (bytes && raw) raw.set(abs, bytes);
    }
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
  const raw: RawPaths = new Map();
  const roots: string[] = [];
  for (const input of inputs) {
    const before = found.size;
    if (GLOB_CHARS.test(input)) {
      const parts = input.split(/[\\/]/);
      const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
      const base = path.resolve(cwd, parts.slice(0, firstGlob).join('/') || '.');
      const re = globToRegExp(parts.slice(firstGlob).join('/'));
      const list: string[] = [];
      walk(base, list, (abs) => re.test(path.relative(base, abs).split(path.sep).join('/')), raw);
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
        walk(abs, list, (f) => INPUT_EXTENSIONS.test(f), raw);
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
    .map((abs): InputFile => {
      const source = (abs.startsWith(under) ? abs.slice(under.length) : path.relative(root, abs)).split(path.sep).join('/');
      const bytes = raw.get(abs);
      return bytes ? { path: abs, source, pathBytes: bytes } : { path: abs, source };
    })
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { root, files };
}
