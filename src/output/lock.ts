import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, rmdirSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';

/**
 * The lock on an output folder: `<out>/.thai-extract/lock`, created exclusively (O_EXCL) by a
 * run, holding its pid, host and start time, and removed when the run ends. A second run into
 * the same folder fails at once with TE402 (or, asked to wait, polls until the lock is free):
 * two runs writing the same files and the same result store would each report success while
 * the last rename won. A lock left by a process that is gone (kill -9) on this host is taken
 * over; one from another host is never taken over (its pid cannot be checked).
 */
export const LOCK_FILE = path.join('.thai-extract', 'lock');

/** an unreadable lock file (its writer killed between creating and filling it) is stale after this */
const EMPTY_LOCK_STALE_MS = 10_000;

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** lock files this process holds, each with whether taking it created the output folder */
const held = new Map<string, boolean>();

/** is process `pid` (on this host) alive */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return typeof v?.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** is the lock at `file` left by a run that is gone */
function isStale(file: string, info: LockInfo | null): boolean {
  if (!info) {
    try {
      return Date.now() - statSync(file).mtimeMs > EMPTY_LOCK_STALE_MS;
    } catch {
      return true; // gone meanwhile
    }
  }
  return info.host === hostname() && !pidAlive(info.pid);
}

function tryCreate(file: string, retried = false): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // the folder was just removed by a run that ended (see release): made again, tried once more
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !retried) {
      mkdirSync(path.dirname(file), { recursive: true });
      return tryCreate(file, true);
    }
    throw new ThaiExtractError('TE401', `cannot create the output folder's lock file (${(e as NodeJS.ErrnoException).code ?? 'error'}): check that the folder is writable, or choose another --out`, { file });
  }
  try {
    const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    writeSync(fd, JSON.stringify(info) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

export interface LockOptions {
  /** wait for the run holding the lock to end instead of failing (polls every `pollMs`) */
  wait?: boolean;
  pollMs?: number;
  /** called once when the run starts waiting, with the holder's description */
  onWait?: (holder: string) => void;
}

function describe(info: LockInfo | null): string {
  return info ? `pid ${info.pid} on ${info.host}, since ${info.started}` : 'a run that is starting';
}

/**
 * Lock the output folder `out` for this process; resolves to the function that releases it.
 * Throws TE402 when another live run holds it (unless `wait`).
 */
export async function lockOutput(out: string, options: LockOptions = {}): Promise<() => void> {
  const dir = path.resolve(out);
  const file = path.join(dir, LOCK_FILE);
  const created = !existsSync(dir);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    throw new ThaiExtractError('TE401', `cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? 'error'}): check the path and its permissions, or choose another --out`, { file: dir });
  }
  let told = false;
  for (;;) {
    if (tryCreate(file)) break;
    const info = readLock(file);
    if (isStale(file, info)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!options.wait) {
      throw new ThaiExtractError(
        'TE402',
        `the output folder is in use by another run (${describe(info)}): wait for it to end, add --wait to wait for it, or choose another --out (if no such run is alive, delete ${file})`,
        { file: dir },
      );
    }
    if (!told) options.onWait?.(describe(info));
    told = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
  held.set(file, created);
  return () => release(file);
}

function release(file: string): void {
  const created = held.get(file);
  if (created === undefined) return;
  held.delete(file);
  const info = readLock(file);
  if (info && info.pid === process.pid && info.host === hostname()) rmSync(file, { force: true });
  // only when empty: a run without a result store leaves no .thai-extract folder, and a run
  // that stopped before writing anything no output folder it created
  for (const d of created ? [path.dirname(file), path.dirname(path.dirname(file))] : [path.dirname(file)]) {
    try {
      rmdirSync(d);
    } catch {
      break; // not empty
    }
  }
}

/** release every lock this process holds (on a signal, before exiting) */
export function releaseAllLocks(): void {
  for (const file of [...held.keys()]) release(file);
}
