import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIFF_EXIT, EXIT, runCli } from '../src/cli/cli.js';
import { COMMANDS, COMMAND_NAMES, editDistance, nearest } from '../src/cli/help.js';
import { DOCUMENTS_PER_THREAD } from '../src/pipeline/batch.js';
import { captureIo as io, tmpDir } from './helpers.js';

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
    [['run', 'x.txt', '--out', 'o', '--format', 'xml'], 'thai-extract: run: --format must list jsonl, csv, json or html, got "xml"'],
    [['run', 'x.txt', '--out', 'o', '--concurrency', '0'], 'thai-extract: run: --concurrency must be an integer from 1 to 256, got "0"'],
    [['run', 'x.txt', '--out', 'o', '--bogus'], 'thai-extract: run: unknown option --bogus'],
    [['frobnicate'], 'thai-extract: unknown command "frobnicate"'],
    [['eval'], 'thai-extract: eval: --gold DIR is required'],
    [['eval', '--gold', '/no/such/gold'], 'thai-extract: [TE201] --gold must name a folder of gold *.json files: "/no/such/gold"'],
  ])('exit 64 on usage errors: %j', async (argv, message: string | RegExp) => {
    const t = io();
    expect(await runCli(argv, t.io)).toBe(64);
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

  it('each subcommand prints its own help; `help CMD` is `CMD --help`; no help points into the README', async () => {
    const texts: string[] = [];
    for (const cmd of COMMAND_NAMES) {
      const t = io();
      expect(await runCli([cmd, '--help'], t.io)).toBe(0);
      expect(t.out().split('\n')[0]).toBe(`Usage: ${COMMANDS[cmd].usage}`);
      const h = io();
      expect(await runCli(['help', cmd], h.io)).toBe(0);
      expect(h.out()).toBe(t.out());
      texts.push(t.out());
    }
    expect(new Set(texts).size).toBe(COMMAND_NAMES.length);
    const overview = io();
    await runCli(['--help'], overview.io);
    for (const text of [...texts, overview.out()]) expect(text).not.toMatch(/README/);
    // what --concurrency does, as runCommand and defaultThreads do it
    expect(texts[0]).toContain(`  -c, --concurrency N    worker threads: 1 = every document in the main thread; N >= 2 =
                         N threads, with max(4, 2N) documents read ahead (default: one
                         thread per 150 documents, at least 1, at most the number of cores)
`);
    expect(DOCUMENTS_PER_THREAD).toBe(150);
  });

  it('an unknown option: the nearest known one and the usage line; an unknown command: the nearest command', async () => {
    const t = io();
    expect(await runCli(['run', 'x.txt', '--out', 'o', '--concurency', '2'], t.io)).toBe(64);
    expect(t.err()).toBe(
      'thai-extract: run: unknown option --concurency (did you mean --concurrency?)\n' +
        'Usage: thai-extract run <inputs…> --out DIR [options]\nRun "thai-extract run --help" for its options.\n',
    );
    const cases: [string[], string][] = [
      [['run', 'x.txt', '--out=o', '--froce'], 'run: unknown option --froce (did you mean --force?)'],
      [['run', 'x.txt', '-o', 'o', '-x'], 'run: unknown option -x'],
      [['run', 'x.txt', '-p', 'p.json', '--quite'], 'run: unknown option --quite (did you mean --quiet?)'],
      [['eval', '--gold=g', '--record', 'r.jsonl'], 'eval: unknown option --record (did you mean --records?)'],
      [['worker', '--queue', 'redis://h', '--out', 'o'], 'worker: unknown option --out'],
      [['segment', 'x'], 'segment: unexpected argument "x": segment takes options only'],
      [['rnu'], 'unknown command "rnu" (did you mean run?)'],
      [['evaluate'], 'unknown command "evaluate" (did you mean eval?)'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['run', 'x.txt', '--outdir', 'o'], 'run: unknown option --outdir (did you mean --out?)'],
    ];
    for (const [argv, message] of cases) {
      const u = io();
      expect(await runCli(argv, u.io)).toBe(64);
      expect(u.err().split('\n')[0]).toBe(`thai-extract: ${message}`);
    }
    expect([nearest('concurency', ['concurrency', 'quiet']), nearest('conc', ['concurrency']), nearest('zz', ['out'])]).toEqual(['concurrency', 'concurrency', null]);
    expect([editDistance('force', 'froce'), editDistance('', 'abc'), editDistance('kitten', 'sitting')]).toEqual([1, 3, 3]);
  });

  it('--out naming a file (or a path through one) is TE460, exit 64, before anything runs', async () => {
    const s = setup();
    const file = path.join(s.dir, 'a-file');
    writeFileSync(file, 'x');
    for (const [out, what] of [[file, 'names a file, not a folder'], [path.join(file, 'sub'), `is inside ${file}, which is a file`]]) {
      const t = io();
      expect(await runCli(['run', s.inputs, '--out', out, '--pipeline', s.pipelineFile], t.io)).toBe(64);
      expect(t.err()).toBe(`thai-extract: [TE460] ${out}: --out ${what}; give a folder (it is created when missing)\n`);
    }
    // collect (and enqueue) check it before they connect to Redis
    const c = io();
    expect(await runCli(['collect', '--queue', 'redis://127.0.0.1:9', '--out', file], c.io)).toBe(64);
    expect(c.err()).toBe(`thai-extract: [TE460] ${file}: --out names a file, not a folder; give a folder (it is created when missing)\n`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a text without Thai: a warning in its record, in summary.json and on stderr; a no-change re-run says only that', async () => {
    const s = setup();
    writeFileSync(path.join(s.inputs, 'english.txt'), 'Press release\nThe minister met the ambassador.\n');
    rmSync(path.join(s.inputs, 'binary.txt'));
    const t = io();
    expect(await runCli(['run', s.inputs, '--out', s.out, '--pipeline', s.pipelineFile], t.io)).toBe(0);
    const lines = t.err().split('\n');
    expect(lines[0]).toBe('thai-extract: warning: 1 of 2 documents has no Thai text (the warning decode-no-thai in their records)');
    expect(lines[1]).toMatch(/^2\/2 documents written to .* \(0 failed\) in \d+\.\d\d s with mini@1\.0\.0$/);
    const rec = JSON.parse(readFileSync(path.join(s.out, 'records.jsonl'), 'utf8').split('\n')[0]);
    expect([rec.document.source, rec.diagnostics]).toEqual(['english.txt', [{
      level: 'warning', code: 'decode-no-thai',
      message: 'the text contains no Thai characters: little or nothing can be extracted from it; check that this is the file you meant',
    }]]);
    expect(JSON.parse(readFileSync(path.join(s.out, 'summary.json'), 'utf8')).counts.diagnostics).toEqual({ 'decode-no-thai': 1 });
    expect(readFileSync(path.join(s.out, 'documents.csv'), 'utf8').split('\r\n')[1]).toMatch(/^english,english\.txt,ok,.*,0,0,1,decode-no-thai,,$/);
    const again = io();
    expect(await runCli(['run', s.inputs, '--out', s.out, '--pipeline', s.pipelineFile], again.io)).toBe(0);
    expect(again.err()).toBe(
      'thai-extract: warning: 1 of 2 documents has no Thai text (the warning decode-no-thai in their records)\n' +
        `nothing changed since the last run: 2 documents (0 failed); the outputs in ${s.out} are current, none rewritten\n`,
    );
  });

  it('every exit code is in the table of docs/cli.md', () => {
    const doc = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('| exit code |'));
    for (const code of [...Object.values(EXIT), ...Object.values(DIFF_EXIT), 130, 143]) expect(table).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
