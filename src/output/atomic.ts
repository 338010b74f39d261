import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

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
      throw new ThaiExtractError('TE401', `cannot create output file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
    }
  }

  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    try {
      if (typeof chunk === 'string') writeSync(this.fd, chunk, null, 'utf8');
      else writeSync(this.fd, chunk);
    } catch (e) {
      throw new ThaiExtractError('TE401', `cannot write output (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: this.path });
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
      throw new ThaiExtractError('TE401', `cannot finish output file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: this.path });
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
