import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli.js';
import { buildReview, reviewIsCurrent } from '../src/review/build.js';
import { decodeBytes } from '../src/stages/decode/decode.js';
import { captureIo, tmpDir } from './helpers.js';
import { SEEDS, addSyntheticEvents, readRecords, seedRun } from './review-helpers.js';

/** the value a data file passes to TE_REVIEW.<name>(…) */
function data(file: string): any {
  const js = readFileSync(file, 'utf8');
  expect(js).toMatch(/^TE_REVIEW\.(index|doc|persons)\(/);
  return JSON.parse(js.slice(js.indexOf('(') + 1, js.lastIndexOf(')')));
}

describe('review page build (thai-extract run --format …,html; thai-extract review)', () => {
  let run: Awaited<ReturnType<typeof seedRun>>;
  beforeAll(async () => {
    run = await seedRun();
  });

  it('run --format jsonl,html writes the records and review/ with the page, its assets and one data file per document', () => {
    expect(run.code).toBe(2); // the binary document fails
    expect(run.err).toMatch(/review page: .*review\/index\.html \(6 documents, 1 failed, 8 persons\)\n$/);
    const dir = path.join(run.out, 'review');
    expect(readdirSync(dir).sort()).toEqual(['assets', 'build.json', 'data', 'index.html']);
    expect(readdirSync(path.join(dir, 'assets')).sort()).toEqual(['review.css', 'review.js']);
    expect(readdirSync(path.join(dir, 'data', 'docs')).sort()).toEqual(['0.js', '1.js', '2.js', '3.js', '4.js']);
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    // nothing from the network: every src/href is relative or data:
    for (const m of html.matchAll(/(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^(assets\/|data\/|data:|#)/);
    expect(readFileSync(path.join(dir, 'assets', 'review.css'), 'utf8')).not.toMatch(/url\(|@import/);
  });

  it('the index lists every document, failures with their code and message, in source order', () => {
    const index = data(path.join(run.out, 'review', 'data', 'index.js'));
    const recs = readRecords(run.out);
    expect(index.summary).toEqual({ pipeline: 'gov-press@0.1.0', documents: 6, failed: 1, records: 'records.jsonl' });
    expect(index.eventsArray).toBe(true);
    expect(index.columns).toEqual(['id', 'title', 'published', 'persons', 'events', 'facts', 'problems', 'file', 'sha256', 'entities', 'source']);
    expect(index.docs.map((r: any[]) => r[0])).toEqual([...recs.map((r) => r.document.id), 'zz-binary']);
    const first = index.docs[0];
    expect(first).toEqual([
      '000_6da2277b686c8378', recs[0].document.title, '2020-09-10', 2, 4, 5, [], 0, recs[0].document.sha256, 41, '000_6da2277b686c8378.txt',
    ]);
    const failed = index.docs[5];
    expect(failed.slice(0, 6)).toEqual(['zz-binary', null, null, 0, 0, 0]);
    expect(failed[6]).toHaveLength(1);
    expect(failed[6][0]).toMatch(/^TE303 \(decode\): zz-binary\.txt @4: NUL byte/);
    expect(failed.slice(7)).toEqual([null, null, 0, 'zz-binary.txt']);
  });

  it('a document file holds its record and the input text as the run decoded it', () => {
    const recs = readRecords(run.out);
    for (let n = 0; n < recs.length; n++) {
      const d = data(path.join(run.out, 'review', 'data', 'docs', `${n}.js`));
      expect(d.n).toBe(n);
      expect(d.record).toEqual(recs[n]);
      expect(d.textProblem).toBeNull();
      expect(d.text).toBe(decodeBytes(readFileSync(path.join(SEEDS, recs[n].document.source))).text);
      for (const e of recs[n].entities) expect(d.text.slice(e.start, e.end)).toBe(e.text);
    }
  });

  it('the persons view: canonical name → positions → events with dates and documents', () => {
    const persons = data(path.join(run.out, 'review', 'data', 'persons.js'));
    expect(persons.map((p: any) => [p.name, p.docs])).toEqual([
      ['เนวินธุ์ ช่อชัยทิพฐ์', [0, 1, 3]],
      ['Houlin Zhao', [0]],
      ['ชัยวุฒิ ธนาคมานุสรณ์', [2]],
      ['พุทธิพงษ์ ปุณณกันต์', [4]],
      ['ลี จอง โฮ', [2]],
      ['อัจฉรินทร์ พัฒนพันธ์ชัย', [4]],
      ['อาร์มิดา ซัลเซียะฮ์ อาลิสจะฮ์บานา', [2]],
      ['เอซ่า สาเรพูล', [2]],
    ]);
    const nevin = persons[0];
    // the position as written in a fact (ผู้ช่วยรมว.ดีอีเอส) is counted under its entity's canonical form
    expect(nevin.positions).toEqual([['ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', [0, 1, 3]]]);
    // events by date (undated last), then document; [event, date, role, document, event id]
    expect(nevin.events).toEqual([
      ['การประชุมระดับรัฐมนตรี การประชุม High-level Policy Sessions', '2020-07-23', 'participant', 0, 'v3'],
      ['การประชุมโต๊ะกลมระดับรัฐมนตรี', '2020-09-08', 'participant', 0, 'v1'],
      ['การประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ ๑', '2021-01-22', 'participant', 3, 'v1'],
      ['การประชุม World Summit on the Information Society Forum (WSIS) 2021 ของสหภาพโทรคมนาคมระหว่างประเทศ (ITU)', '2021-03-23', 'participant', 1, 'v2'],
      ['เวที WSIS Forum 2021', null, 'participant', 1, 'v1'],
      ['การประชุม ADGMIN ครั้งที่ ๑', null, 'participant', 3, 'v2'],
    ]);
    expect(persons[2].events).toEqual([
      ['การประชุมรัฐมนตรีดิจิทัลของภูมิภาคเอเซียแปซิฟิก Asia – Pacific Digital Ministerial Conference สมัยที่ 1', null, 'participant', 2, 'v1'],
      ['หารือทวิภาคีกับ', null, 'participant', 2, 'v2'],
    ]);
  });

  it('an unchanged re-run leaves the page as it is; review OUT_DIR rebuilds it with the remembered input folder', async () => {
    const index = path.join(run.out, 'review', 'index.html');
    expect(reviewIsCurrent(run.out)).toBe(true);
    const t = captureIo();
    expect(await runCli(['run', run.inputs, '--out', run.out, '--format', 'jsonl,html', '--concurrency', '1'], t.io)).toBe(2);
    expect(t.err()).toMatch(/\nreview page: .*review\/index\.html \(unchanged\)\n$/);
    const before = readFileSync(path.join(run.out, 'review', 'data', 'docs', '0.js'), 'utf8');
    const t2 = captureIo();
    expect(await runCli(['review', run.out], t2.io)).toBe(0);
    expect(t2.err()).toMatch(/^review page: .*\(6 documents, 1 failed, 8 persons\)\n$/);
    expect(existsSync(index)).toBe(true);
    expect(readFileSync(path.join(run.out, 'review', 'data', 'docs', '0.js'), 'utf8')).toBe(before);
  });

  it('records with an events array: events counted in the index and the persons view built from them', async () => {
    const out = path.join(tmpDir('te-review-ev-'), 'out');
    const t = captureIo();
    expect(await runCli(['run', SEEDS, '--out', out, '--format', 'jsonl', '--concurrency', '1', '--quiet'], t.io)).toBe(0);
    addSyntheticEvents(out);
    const r = await buildReview({ out, inputRoot: SEEDS });
    expect(r.missingText).toEqual([]);
    const index = data(path.join(out, 'review', 'data', 'index.js'));
    expect(index.eventsArray).toBe(true);
    expect(index.docs.map((d: any[]) => d[4])).toEqual([1, 0, 0, 0, 0]);
    const nevin = data(path.join(out, 'review', 'data', 'persons.js'))[0];
    expect(nevin.events).toEqual([['การประชุมโต๊ะกลมระดับรัฐมนตรี', '2020-09-08', 'participant', 0, 'v1']]);
  });

  it('a missing input keeps the text of the previous build; without one the page says TE442', async () => {
    const out = path.join(tmpDir('te-review-move-'), 'out');
    const inputs = path.join(path.dirname(out), 'in');
    const t = captureIo();
    expect(await runCli(['run', SEEDS, '--out', out, '--quiet', '--concurrency', '1'], t.io)).toBe(0);
    // no html yet, no --inputs: the input folder is not known
    let r = await buildReview({ out });
    expect(r.missingText).toHaveLength(5);
    expect(data(path.join(out, 'review', 'data', 'docs', '0.js')).textProblem).toMatch(
      /^TE442: the text of 000_6da2277b686c8378\.txt is not available: its input file was not found \(input folder unknown\) or has changed/,
    );
    const t2 = captureIo();
    expect(await runCli(['review', out], t2.io)).toBe(0);
    expect(t2.err()).toMatch(/\[TE442\] the text of 5 documents was not found .*thai-extract review .* --inputs DIR\n$/);
    // with the folder, then with the folder moved away: the texts stay
    const { cpSync } = await import('node:fs');
    cpSync(SEEDS, inputs, { recursive: true });
    r = await buildReview({ out, inputRoot: inputs });
    expect(r.missingText).toEqual([]);
    renameSync(inputs, inputs + '-moved');
    r = await buildReview({ out });
    expect(r.missingText).toEqual([]);
    expect(data(path.join(out, 'review', 'data', 'docs', '4.js')).text.length).toBeGreaterThan(1000);
    // a changed input (other bytes than the record's sha256) is not used
    rmSync(path.join(out, 'review'), { recursive: true });
    writeFileSync(path.join(inputs + '-moved', '000_6da2277b686c8378.txt'), 'ข่าวอื่น\n');
    r = await buildReview({ out, inputRoot: inputs + '-moved' });
    expect(r.missingText).toEqual(['000_6da2277b686c8378.txt']);
  });

  it('review of a folder without records is a usage error (TE440); bad arguments too', async () => {
    const t = captureIo();
    expect(await runCli(['review', tmpDir('te-review-empty-')], t.io)).toBe(64);
    expect(t.err()).toMatch(/^thai-extract: \[TE440\] .*: no records\.jsonl or records\.json to review: run thai-extract run … --out DIR first/);
    const t2 = captureIo();
    expect(await runCli(['review'], t2.io)).toBe(64);
    expect(t2.err()).toMatch(/^thai-extract: review: give one output folder\n/);
    const t3 = captureIo();
    expect(await runCli(['run', SEEDS, '--out', tmpDir(), '--format', 'html,pdf'], t3.io)).toBe(64);
    expect(t3.err()).toMatch(/--format must list jsonl, csv, json or html, got "html,pdf"/);
  });

  it('a run without html says when an earlier page is older than the records', async () => {
    const out = path.join(tmpDir('te-review-stale-'), 'out');
    expect(await runCli(['run', SEEDS, '--out', out, '--format', 'csv,html', '--quiet', '--concurrency', '1'], captureIo().io)).toBe(0);
    expect(existsSync(path.join(out, 'records.jsonl'))).toBe(true); // html needs the records: jsonl added
    const t = captureIo();
    expect(await runCli(['run', SEEDS, '--out', out, '--format', 'jsonl', '--force', '--concurrency', '1'], t.io)).toBe(0);
    expect(t.err()).toMatch(/thai-extract: .*review is from earlier records; rebuild it with: thai-extract review .*\n$/);
  });
});
