import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli.js';
import { tmpDir } from './helpers.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => out, err: () => err };
}

function setup() {
  const dir = tmpDir('te-cli-');
  const inputs = path.join(dir, 'in');
  mkdirSync(inputs);
  writeFileSync(path.join(inputs, 'ok.txt'), 'ข่าว\r\nเนื้อหา\r\n');
  writeFileSync(path.join(inputs, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
  const pipelineFile = path.join(dir, 'mini.json');
  writeFileSync(pipelineFile, JSON.stringify({ name: 'mini', version: '1.0.0', stages: [{ stage: 'decode' }, { stage: 'normalise' }, { stage: 'validate' }] }));
  return { dir, inputs, pipelineFile, out: path.join(dir, 'out') };
}

describe('thai-extract CLI', () => {
  it('exit 0 when every document succeeds', async () => {
    const s = setup();
    const t = io();
    const code = await runCli(['run', path.join(s.inputs, 'ok.txt'), '--out', s.out, '--pipeline', s.pipelineFile], t.io);
    expect(code).toBe(0);
    const rec = JSON.parse(readFileSync(path.join(s.out, 'records.jsonl'), 'utf8'));
    expect(rec.document).toEqual({
      id: 'ok', source: 'ok.txt', sha256: rec.document.sha256, encoding: 'utf-8', title: null, published: null,
      publishedRaw: null, publishedFrom: null, sourceUrl: null, pipeline: 'mini@1.0.0',
    });
    expect(t.err()).toMatch(/^1\/1 documents written to .* \(0 failed\) in \d+\.\d\d s with mini@1\.0\.0\n$/);
  });

  it('exit 2 when some documents fail; the others are written and the failure is reported', async () => {
    const s = setup();
    const t = io();
    const code = await runCli(['run', s.inputs, '--out', s.out, '--pipeline', s.pipelineFile, '--concurrency', '2'], t.io);
    expect(code).toBe(2);
    expect(readFileSync(path.join(s.out, 'records.jsonl'), 'utf8').split('\n').length).toBe(2);
    const err = JSON.parse(readFileSync(path.join(s.out, 'errors.jsonl'), 'utf8'));
    expect([err.source, err.stage, err.code]).toEqual(['binary.txt', 'decode', 'TE303']);
    expect(t.err().split('\n')[0]).toBe(`thai-extract: binary.txt: ${err.message.split('\n')[0]}`);
  });

  it.each([
    [['run'], 'thai-extract: run: no inputs given'],
    [['run', 'x.txt'], 'thai-extract: run: --out DIR is required'],
    [['run', 'x.txt', '--out', 'o', '--format', 'xml'], 'thai-extract: run: --format must list jsonl, csv or json, got "xml"'],
    [['run', 'x.txt', '--out', 'o', '--concurrency', '0'], 'thai-extract: run: --concurrency must be an integer from 1 to 256, got "0"'],
    [['run', 'x.txt', '--out', 'o', '--bogus'], /^thai-extract: Unknown option '--bogus'/],
    [['frobnicate'], 'thai-extract: unknown command "frobnicate"'],
    [['eval'], 'thai-extract: eval: --gold DIR is required'],
    [['eval', '--gold', '/no/such/gold'], 'thai-extract: [TE201] --gold must name a folder of gold *.json files: "/no/such/gold"'],
  ])('exit 64 on usage errors: %j', async (argv, message: string | RegExp) => {
    const t = io();
    expect(await runCli(argv, t.io)).toBe(64);
    // Node's own wording for unknown options varies between versions: match its stable prefix
    if (typeof message === 'string') expect(t.err().split('\n')[0]).toBe(message);
    else expect(t.err().split('\n')[0]).toMatch(message);
  });

  it('exit 64 when an input does not exist', async () => {
    const s = setup();
    const t = io();
    expect(await runCli(['run', path.join(s.dir, 'nope'), '--out', s.out, '--pipeline', s.pipelineFile], t.io)).toBe(64);
    expect(t.err()).toBe(`thai-extract: [TE202] input does not exist: ${JSON.stringify(path.join(s.dir, 'nope'))}\n`);
  });

  it('exit 78 on a bad pipeline, before any document is processed', async () => {
    const s = setup();
    writeFileSync(s.pipelineFile, JSON.stringify({ name: 'mini', version: '1.0.0', stages: [{ stage: 'validate' }, { stage: 'decode' }] }));
    const t = io();
    expect(await runCli(['run', s.inputs, '--out', s.out, '--pipeline', s.pipelineFile], t.io)).toBe(78);
    expect(t.err()).toBe(
      `thai-extract: [TE106] ${s.pipelineFile} #/stages/0/stage: stage "validate" reads "text" but no earlier stage adds it: "validate"\n`,
    );
    expect(() => readFileSync(path.join(s.out, 'records.jsonl'))).toThrow(/ENOENT/);
  });

  it('--help prints usage with examples', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('thai-extract run fixtures/seeds --out output\n');
    expect(t.out().split('\n')[0]).toBe('thai-extract — Thai press releases to validated structured records');
  });
});
