import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPipelineNames, createPipeline, loadPipeline } from '../src/pipeline/load.js';
import { ThaiExtractError } from '../src/errors.js';
import { FAKE_FACTORIES, FAKE_SPEC, tmpDir } from './helpers.js';

function errorOf(f: () => unknown): { code: string; message: string; context: unknown } {
  try {
    f();
  } catch (e) {
    if (e instanceof ThaiExtractError) return { code: e.code, message: e.message, context: e.context };
    throw e;
  }
  throw new Error('did not throw');
}

const build = (spec: unknown) => () => createPipeline(spec, { factories: FAKE_FACTORIES, file: 'p.json' });

describe('pipeline loading', () => {
  it('builds a valid pipeline with its id and stages in order', () => {
    const p = build(FAKE_SPEC)();
    expect({ id: p.id, stages: p.stages.map((s) => [s.name, s.reads, s.adds]) }).toEqual({
      id: 'fake@1.2.3',
      stages: [
        ['fake-decode', ['bytes'], ['text', 'encoding']],
        ['fake-meta', ['text'], ['meta', 'entities']],
        ['validate', ['text'], ['record']],
      ],
    });
    expect(p.rulesHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'unknown stage',
      { ...FAKE_SPEC, stages: [{ stage: 'fake-decode' }, { stage: 'tokenise' }] },
      'TE104',
      '[TE104] p.json #/stages/1/stage: unknown stage (known: ',
    ],
    [
      'bad option value',
      { ...FAKE_SPEC, stages: [{ stage: 'fake-decode' }, { stage: 'fake-meta', options: { title: 'last-line' } }] },
      'TE105',
      '[TE105] p.json #/stages/1/options/title: stage "fake-meta": must be equal to one of the allowed values ("first-line"): "last-line"',
    ],
    [
      'unknown option',
      { ...FAKE_SPEC, stages: [{ stage: 'fake-decode', options: { fast: true } }] },
      'TE105',
      '[TE105] p.json #/stages/0/options/fast: stage "fake-decode": unknown property "fast": true',
    ],
    [
      'impossible order',
      { ...FAKE_SPEC, stages: [{ stage: 'fake-meta' }, { stage: 'fake-decode' }] },
      'TE106',
      '[TE106] p.json #/stages/0/stage: stage "fake-meta" reads "text" but no earlier stage adds it: "fake-meta"',
    ],
    ['schema: no stages', { name: 'x', version: '1.0.0', stages: [] }, 'TE103', '[TE103] p.json #/stages: must NOT have fewer than 1 items: []'],
    ['schema: bad version', { ...FAKE_SPEC, version: 'one' }, 'TE103', '[TE103] p.json #/version: must match pattern "^[0-9]+\\.[0-9]+\\.[0-9]+$": "one"'],
    ['schema: extra key', { ...FAKE_SPEC, stage: [] }, 'TE103', '[TE103] p.json #/stage: unknown property "stage": []'],
  ])('rejects %s with a coded error naming file and pointer', (_name, spec, code, message) => {
    const e = errorOf(build(spec));
    expect(e.code).toBe(code);
    expect(e.message.startsWith(message)).toBe(true);
  });

  it('lists the bundled pipelines', () => {
    expect(bundledPipelineNames()).toEqual(['gov-press']);
  });

  it('reports unreadable and invalid pipeline files', () => {
    const dir = tmpDir();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    expect(errorOf(() => loadPipeline(bad)).code).toBe('TE102');
    expect(errorOf(() => loadPipeline(path.join(dir, 'missing.json'))).message).toBe(
      `[TE101] ${path.join(dir, 'missing.json')}: cannot read pipeline file (ENOENT): ${JSON.stringify(path.join(dir, 'missing.json'))}`,
    );
    expect(errorOf(() => loadPipeline('no such name!')).code).toBe('TE101');
  });
});
