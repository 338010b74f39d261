// The packed tarball as a user installs it: what it ships, and a CommonJS and an ES-module
// consumer of it (require('thai-extract') works on every supported Node: 20.19+, 22.12+ and 24
// load an ES module without top-level await through require). The consumer's node_modules
// gets the tarball unpacked plus links to this checkout's copies of the runtime dependencies
// (no registry needed); bullmq is left out, as for a user who never scales out.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(path.join(ROOT, 'dist/index.js'));
if (!built) console.warn('tests/package.test.ts: SKIPPED — dist/ is not built; run "npm run build" first');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe.skipIf(!built)('the packed package (skipped without a build)', () => {
  let work = '';
  let files: string[] = [];
  let consumer = '';

  beforeAll(() => {
    work = tmpDir('te-pack-');
    // --ignore-scripts: dist/ is already built (prepare would build it again)
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
    files = info.files.map((f) => f.path);
    consumer = path.join(work, 'consumer');
    const pkgDir = path.join(consumer, 'node_modules', 'thai-extract');
    mkdirSync(pkgDir, { recursive: true });
    execFileSync('tar', ['xzf', path.join(work, info.filename), '-C', pkgDir, '--strip-components=1']);
    const deps = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    for (const d of deps) {
      // a scoped package (@mozilla/readability) needs its scope's folder first
      mkdirSync(path.dirname(path.join(consumer, 'node_modules', d)), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', d), path.join(consumer, 'node_modules', d), 'dir');
    }
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
  }, 120_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (file: string, source: string) => {
    writeFileSync(path.join(consumer, file), source);
    return spawnSync(process.execPath, [file], { cwd: consumer, encoding: 'utf8' });
  };

  it('ships the built dictionary, not the word lists it was built from, and no source maps', () => {
    expect(files).toContain('data/dict/th-dict.bin');
    expect(files).toContain('data/dict/sources/wordcut/LICENSE');
    expect(files.filter((f) => f.startsWith('data/dict/sources/') && f.endsWith('.txt'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/')).sort()).toEqual([
      'src/review/assets/index.html', 'src/review/assets/review.css', 'src/review/assets/review.js',
      'src/schemas/pipeline.schema.json', 'src/schemas/record.schema.json',
    ]);
    // every file the exports map and the bin name is in the tarball
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string> };
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const t of [...targets, ...Object.values(pkg.bin)]) expect(files).toContain(t.replace(/^\.\//, ''));
  });

  it('works from a CommonJS consumer: require() of the entry point and every subpath', () => {
    const r = run(
      'use.cjs',
      `const te = require('thai-extract');
const { findDates } = require('thai-extract/numbers-dates');
const stages = require('thai-extract/stages');
const output = require('thai-extract/output');
require('thai-extract/queue');
const pipeline = te.loadPipeline();
const record = te.processText(pipeline, 'วันนี้ (8 กันยายน 2563) นายเนวินธุ์ ช่อชัยทิพฐ์ เข้าร่วมการประชุม WSIS Forum 2020', { published: '2020-09-08' });
console.log(JSON.stringify({
  persons: record.entities.filter((e) => e.type === 'PERSON').map((e) => e.canonical),
  facts: record.facts.map((f) => f.type + ' ' + f.date),
  date: findDates('10 ก.ย. 2563')[0].canonical,
  stages: Object.keys(stages.STAGE_FACTORIES).length,
  columns: output.FACT_COLUMNS.length > 0,
}));`,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      persons: ['เนวินธุ์ ช่อชัยทิพฐ์'], facts: ['participation 2020-09-08'], date: '2020-09-10', stages: 10, columns: true,
    });
  });

  it('type-checks and runs in a TypeScript project compiled to CommonJS ("module": "nodenext")', () => {
    writeFileSync(
      path.join(consumer, 'typed.ts'),
      `import { loadPipeline, processText, type Entity } from 'thai-extract';
const record = processText(loadPipeline(), 'นายเนวินธุ์ ช่อชัยทิพฐ์ เข้าร่วมการประชุม WSIS Forum 2020');
const person: Entity | undefined = record.entities.find((e) => e.type === 'PERSON');
// narrowed on type, value has the PERSON shape
if (person?.type === 'PERSON') console.log(person.value?.given, record.facts.map((f) => f.type).join(','));
`,
    );
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--module', 'nodenext', '--strict', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types'), '--outDir', 'out', 'typed.ts'], { cwd: consumer, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(readFileSync(path.join(consumer, 'out/typed.js'), 'utf8')).toMatch(/require\("thai-extract"\)/);
    const r = spawnSync(process.execPath, ['out/typed.js'], { cwd: consumer, encoding: 'utf8' });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: 'เนวินธุ์ participation\n', stderr: '' });
  }, 120_000);

  it('works from an ES-module consumer', () => {
    const r = run('use.mjs', `import { loadPipeline, processText } from 'thai-extract';
console.log(processText(loadPipeline(), 'นายเนวินธุ์ ช่อชัยทิพฐ์ เข้าร่วมการประชุม WSIS Forum 2020').entities.length);`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('2\n');
  });

  it('without the optional bullmq, the queue says which package to install (TE450; the CLI exits 78)', () => {
    const r = run('queue.cjs', `require('thai-extract/queue').enqueue({ url: 'redis://127.0.0.1:1', inputs: ['x'], out: 'o' })
  .catch((e) => console.log(e.code + ' ' + e.message));`);
    expect(r.stdout).toBe('TE450 [TE450] the queue commands need the optional package bullmq: run "npm install bullmq" where thai-extract is installed: "bullmq"\n');
    const cli = spawnSync(process.execPath, ['node_modules/thai-extract/dist/cli/main.js', 'collect', '--queue', 'redis://127.0.0.1:1', '--out', 'o'], { cwd: consumer, encoding: 'utf8' });
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({
      status: 78,
      stderr: 'thai-extract: [TE450] the queue commands need the optional package bullmq: run "npm install bullmq" where thai-extract is installed: "bullmq"\n',
    });
  });

  it('the installed command answers --version', () => {
    const r = spawnSync(process.execPath, ['node_modules/thai-extract/dist/cli/main.js', '--version'], { cwd: consumer, encoding: 'utf8' });
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
});
