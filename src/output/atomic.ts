import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

const WHY: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EBUSY: 'the file is busy (open in another program?)',
};

/**
 * TE401 for a failed write: names the file, the system's error and what to do. A run that
 * stops on it leaves the output files of the previous run as they were (each output is
 * renamed into place only once complete, and the manifest, written last, describes exactly
 * the files in place), and the documents it finished stay in the result store.
 */
export function outputError(e: unknown, file: string, doing: string): ThaiExtractError {
  const code = (e as NodeJS.ErrnoException)?.code ?? 'error';
  const why = WHY[code] ? `${code}, ${WHY[code]}` : code;
  return new ThaiExtractError(
    'TE401',
    `cannot ${doing} (${why}): free some space or fix the folder's permissions, or choose another --out, then run the same command again (documents already done are not redone)`,
    { file },
    { cause: e },
  );
}

/**
 * A file written through a temporary sibling and renamed into place on `commit()`,
 * so readers never see a half-written output. `abort()` removes the temporary file.
 */
export class AtomicFile {
  readonly path: string;
  readonly tmpPath: string;
  private fd: number | null;

  constructor(file: string) {
    this.path = file;
    this.tmpPath = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      this.fd = openSync(this.tmpPath, 'w');
    } catch (e) {
      throw outputError(e, file, 'create output file');
    }
  }

  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    try {
      if (typeof chunk === 'string') writeSync(this.fd, chunk, null, 'utf8');
      else writeSync(this.fd, chunk);
    } catch (e) {
      throw outputError(e, this.path, 'write output');
    }
  }

  commit(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmpPath, this.path);
    } catch (e) {
      throw outputError(e, this.path, 'finish output file');
    }
  }

  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    rmSync(this.tmpPath, { force: true });
  }
}

/** write a whole file atomically: its text, or its pieces in order (made as they are written) */
export function writeFileAtomic(file: string, content: string | Iterable<string>): void {
  const f = new AtomicFile(file);
  try {
    if (typeof content === 'string') f.write(content);
    else for (const piece of content) f.write(piece);
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}
