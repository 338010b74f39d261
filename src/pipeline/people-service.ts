/**
 * One thread that answers compromise's people() for all the worker threads of a pool
 * (see stages/entities/people.ts), so that compromise is loaded once per run, not once per
 * thread: ~0.7 s of CPU each thread saves (in memory it is about even: the service thread's
 * own heap and code against the compromise each thread no longer holds).
 *
 * The call stays synchronous for the entity stage: the asking thread posts the phrase on its
 * own MessagePort to the service, then blocks in Atomics.wait on a shared flag; the service
 * answers on the port, then sets and notifies the flag; the asker wakes and takes the answer
 * off its port with receiveMessageOnPort (the answer is queued before the flag is set). The
 * calls are rare (~1 in 10 releases asks one) and short, so a blocked asker costs little.
 *
 * When the service is gone (its thread died, or the pool is being destroyed) the main thread
 * sets every flag to DEAD; an asker that finds DEAD, or waits longer than CALL_TIMEOUT_MS,
 * loads compromise itself and answers its own calls from then on. Either way the answers
 * are compromise's, so the records do not depend on where it ran.
 */
import { MessageChannel, Worker, parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { peopleHere, setPeopleProvider, type Person } from '../stages/entities/people.js';

/** marks the service thread (this module then serves the ports it is sent) */
export const PEOPLE_SERVICE_MARK = 'thai-extract:people-service';

const IDLE = 0;
const ANSWERED = 1;
const DEAD = 2;

/** a thread's message that its pipeline will ask (not a phrase: phrases are Latin text) */
const WARM = '\u0000warm';

/**
 * The service thread's heap: compromise keeps ~9 MB alive and a call makes little garbage, so
 * small generations keep the thread's memory small (V8's defaults let it grow to tens of MB
 * before collecting). Should it still run out, it dies and every thread answers its own calls.
 */
const SERVICE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/** an asker gives up on the service after this long (it then loads compromise itself) */
export const CALL_TIMEOUT_MS = 60_000;

/**
 * This module's compiled file, dist/pipeline/people-service.js — also when this module runs
 * from src/ (vitest, TypeScript loaders) — or null when it has not been built.
 */
export function peopleServiceEntry(): string | null {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/pipeline/people-service.js');
  return existsSync(file) ? file : null;
}

/** what a pool thread is given to reach the service (in its workerData, the port transferred) */
export interface PeopleLink {
  port: MessagePort;
  /** one Int32: IDLE, ANSWERED or DEAD */
  flag: SharedArrayBuffer;
}

type Answer = { ok: true; people: Person[] } | { ok: false; message: string };

/** the main thread's side: the service thread, and the links it gave out */
export class PeopleService {
  private readonly worker: Worker;
  private readonly flags: Int32Array[] = [];
  private dead = false;

  /** `entry`: this module compiled (worker threads cannot load .ts; see peopleServiceEntry) */
  constructor(entry: string) {
    this.worker = new Worker(entry, { workerData: { [PEOPLE_SERVICE_MARK]: true }, resourceLimits: SERVICE_LIMITS });
    this.worker.unref();
    this.worker.on('error', () => this.markDead());
    this.worker.on('exit', () => this.markDead());
  }

  /** a new link for one pool thread (give `port` in the transfer list) */
  link(): PeopleLink {
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const view = new Int32Array(flag);
    this.flags.push(view);
    if (this.dead) Atomics.store(view, 0, DEAD);
    else this.worker.postMessage({ port: port1, flag }, [port1]);
    return { port: port2, flag };
  }

  /** wake every asker with DEAD: from now on each answers its own calls */
  private markDead(): void {
    if (this.dead) return;
    this.dead = true;
    for (const f of this.flags) {
      Atomics.store(f, 0, DEAD);
      Atomics.notify(f, 0);
    }
  }

  async destroy(): Promise<void> {
    this.markDead();
    await this.worker.terminate();
  }
}

/**
 * In a pool thread: answer people() through the service from now on. The port is never
 * started (no listener): answers are only ever taken off it with receiveMessageOnPort.
 */
export function usePeopleService(link: PeopleLink): void {
  const flag = new Int32Array(link.flag);
  link.port.unref();
  let gone = false;
  let warmed = false;
  const warm = () => {
    if (warmed || gone) return;
    warmed = true;
    link.port.postMessage(WARM); // not answered
  };
  setPeopleProvider((text: string): Person[] => {
    if (!gone) {
      if (Atomics.load(flag, 0) !== DEAD) {
        link.port.postMessage(text);
        const woke = Atomics.wait(flag, 0, IDLE, CALL_TIMEOUT_MS);
        const got = receiveMessageOnPort(link.port)?.message as Answer | undefined;
        if (woke !== 'timed-out' && got) {
          Atomics.compareExchange(flag, 0, ANSWERED, IDLE);
          if (got.ok) return got.people;
          throw new Error(got.message);
        }
      }
      gone = true;
    }
    return peopleHere(text);
  }, warm);
}

// the service thread: serve each link it is sent, one call at a time. On a thread's WARM (its
// pipeline will ask) it loads compromise and has it compile its tagger at once, while the
// pool's threads are still building their pipelines: an asker would otherwise wait ~1 s on
// its first call, with its core idle. A pool whose pipeline never asks never loads it.
if (parentPort && (workerData as Record<string, unknown> | null)?.[PEOPLE_SERVICE_MARK] === true) {
  let warmed = false;
  parentPort.on('message', ({ port, flag }: { port: MessagePort; flag: SharedArrayBuffer }) => {
    const view = new Int32Array(flag);
    port.on('message', (text: string) => {
      if (text === WARM) {
        if (!warmed) {
          warmed = true;
          try {
            peopleHere('Mr. John Smith met Dr. Jane Doe in Bangkok.');
          } catch {
            // (an error shows again on the first real call, and is answered as such)
          }
        }
        return;
      }
      let answer: Answer;
      try {
        answer = { ok: true, people: peopleHere(text) };
      } catch (e) {
        answer = { ok: false, message: (e as Error)?.message ?? String(e) };
      }
      port.postMessage(answer);
      Atomics.store(view, 0, ANSWERED);
      Atomics.notify(view, 0);
    });
  });
}
