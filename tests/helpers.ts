import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, it } from 'vitest';
import type { Doc } from '../src/doc/types.js';
import { defineStage, type StageFactory } from '../src/pipeline/stage.js';

export function tmpDir(prefix = 'te-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** streams for runCli, and what was written to stdout and stderr */
export function captureIo() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

/** after each test of the enclosing describe, put environment variable `name` back as it was */
export function restoreEnvAfterEach(name: string): void {
  const saved = process.env[name];
  afterEach(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
}

/** tiny stand-in stages so pipeline mechanics can be tested without the Thai stages */
export const fakeDecode = defineStage<Record<string, never>>({
  name: 'fake-decode',
  description: 'utf-8 decode',
  reads: ['bytes'],
  adds: ['text', 'encoding'],
  optionsSchema: { type: 'object', additionalProperties: false },
  create: () => (doc: Doc): Doc => {
    if (doc.text !== undefined) return { ...doc, encoding: 'string' };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(doc.bytes);
    return { ...doc, text, encoding: 'utf-8' };
  },
});

export const fakeMeta = defineStage<{ title?: 'first-line' }>({
  name: 'fake-meta',
  description: 'first line is the title; "boom" in the text throws',
  reads: ['text'],
  adds: ['meta', 'entities'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { title: { enum: ['first-line'] } } },
  create: () => (doc: Doc): Doc => {
    const text = doc.text!;
    if (text.includes('boom')) throw new Error('boom found');
    const nl = text.indexOf('\n');
    const title = nl < 0 ? text : text.slice(0, nl);
    const entities = [...text.matchAll(/https?:\/\/\S+/g)].map((m) => ({
      id: '', type: 'URL' as const, text: m[0], start: m.index!, end: m.index! + m[0].length, canonical: m[0], rule: 'fake.url',
    }));
    return { ...doc, meta: { title, published: null, publishedRaw: null, sourceUrl: entities[0]?.text ?? null }, entities };
  },
});

export const FAKE_FACTORIES: Record<string, StageFactory<any>> = { 'fake-decode': fakeDecode, 'fake-meta': fakeMeta };

export const FAKE_SPEC = {
  name: 'fake',
  version: '1.2.3',
  stages: [{ stage: 'fake-decode' }, { stage: 'fake-meta', options: { title: 'first-line' } }, { stage: 'validate' }],
};

/**
 * `it.each` over cases read from the shared data folder (../shared). Without the data there are
 * no cases to list: one skipped test then stands for the group, named after it and the missing
 * data, so that the run's summary counts the group as skipped instead of losing it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function itEachShared(present: boolean, needs: string, cases: readonly unknown[], name: string, fn: (...args: any[]) => void): void {
  if (present) (it.each as (c: readonly unknown[]) => (n: string, f: (...args: any[]) => void) => void)(cases)(name, fn); // eslint-disable-line @typescript-eslint/no-explicit-any
  else it.skip(`${name.replace(/%[a-z#%]/g, '…')}: every case (needs ${needs}, which is absent)`, () => {});
}
