// thai-extract diff (src/diff): two outputs compared per document, as text and JSON, with its exit codes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli.js';
import { diffOutputs, diffRecords, formatDiff } from '../src/diff/index.js';
import type { DocRecord, Entity, Fact } from '../src/doc/types.js';
import { captureIo as io, tmpDir } from './helpers.js';

function rec(source: string, entities: Partial<Entity>[], facts: Partial<Fact>[] = [], extra: Record<string, unknown> = {}, sha = 'a'.repeat(64)): DocRecord {
  return {
    document: {
      id: source.replace(/\.txt$/, ''), source, sha256: sha, encoding: 'utf-8', title: null, published: null, publishedRaw: null, sourceUrl: null, pipeline: 'p@1',
    },
    entities: entities.map((e, i) => ({ id: `e${i + 1}`, canonical: e.text, rule: 'r', ...e }) as Entity),
    facts: facts.map((f, i) => ({
      id: `f${i + 1}`, type: 'participation', actor: null, role: null, position: null, event: null, date: null, location: null, mode: null,
      evidence: { start: 0, end: 10 }, rule: 'f.r', ...f,
    }) as Fact),
    events: [],
    diagnostics: [],
    ...extra,
  };
}

const person: Partial<Entity> = { type: 'PERSON', text: 'นายกอ', start: 0, end: 5, canonical: 'กอ', rule: 'person-honorific' };
const date = (iso: string): Partial<Entity> => ({ type: 'DATE', text: '1 ม.ค. 63', start: 11, end: 20, canonical: iso, value: { iso, precision: 'day', era: 'BE' }, rule: 'date.dmy' });
const position = (personId: string): Partial<Entity> => ({
  type: 'POSITION', text: 'รมต.', start: 6, end: 10, canonical: 'รัฐมนตรี', value: { head: 'รัฐมนตรี', person: personId, personCanonical: 'กอ' }, rule: 'position',
});

function output(records: DocRecord[], errors: { source: string; code: string; message: string }[] = []): string {
  const dir = tmpDir('te-diff-');
  writeFileSync(path.join(dir, 'records.jsonl'), records.map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileSync(path.join(dir, 'errors.jsonl'), errors.map((e) => JSON.stringify({ stage: null, ...e }) + '\n').join(''));
  return dir;
}

const OLD = [
  rec('a.txt', [person, position('e1'), date('2020-01-01')],
    [{ type: 'participation', actor: { entity: 'e1', text: 'นายกอ' }, role: 'participant', date: '2020-01-01', evidence: { start: 0, end: 20 } }],
    { events: [{ id: 'v1', type: 'meeting', canonical: 'การประชุม ก', date: '2020-01-01', participants: [{ entity: 'e1', role: 'participant' }] }] }),
  rec('b.txt', [person]),
  rec('c.txt', [person]),
  rec('e.txt', [person, date('2020-01-01')]),
  rec('g.txt', [person]),
];
const OLD_ERRORS = [{ source: 'd.txt', code: 'TE303', message: '[TE303] d.txt @4: NUL byte: binary file: "0x00"' }];

const NEW = [
  // an ORG before the person: every entity id moves up by one (not a difference by itself)
  rec('a.txt', [{ type: 'ORG', text: 'กระทรวง', start: 0, end: 3, canonical: 'กระทรวง', rule: 'org-lexicon' }, person, position('e2'), date('2020-01-02')],
    [
      { type: 'participation', actor: { entity: 'e2', text: 'นายกอ' }, role: 'chair', date: '2020-01-01', evidence: { start: 0, end: 20 } },
      { type: 'speaker', actor: { entity: 'e2', text: 'นายกอ' }, role: 'speaker', date: '2020-01-02', evidence: { start: 21, end: 30 } },
    ],
    { events: [{ id: 'v1', type: 'meeting', canonical: 'การประชุม ก', date: '2020-01-01', participants: [{ entity: 'e2', role: 'chair' }] }] }),
  rec('b.txt', [person]),
  rec('d.txt', [person]),
  rec('f.txt', [person]),
  rec('g.txt', [person], [], {}, 'b'.repeat(64)),
];
NEW[0].document.title = 'ข่าวการประชุม'; // (null before)
const NEW_ERRORS = [{ source: 'c.txt', code: 'TE305', message: '[TE305] c.txt: stage "entities" threw: Error: x\n    at stack' }];

const EXPECTED_TEXT = (a: string, b: string) => `--- ${a}
+++ ${b}
a.txt
  ~ document: title null → "ข่าวการประชุม"
  + entity ORG [0,3) "กระทรวง" → "กระทรวง" (org-lexicon)
  ~ entity DATE [11,20) "1 ม.ค. 63": canonical "2020-01-01" → "2020-01-02"; value {"era":"BE","iso":"2020-01-01","precision":"day"} → {"era":"BE","iso":"2020-01-02","precision":"day"}
  ~ event meeting | การประชุม ก | 2020-01-01: participants [{"entity":"กอ","role":"participant"}] → [{"entity":"กอ","role":"chair"}]
  ~ fact participation | กอ | - | 2020-01-01: role "participant" → "chair"
  + fact speaker | กอ | - | 2020-01-02 (f.r)
! c.txt: fails now: [TE305] c.txt: stage "entities" threw: Error: x
✓ d.txt: processed now (it failed: [TE303] d.txt @4: NUL byte: binary file: "0x00")
- e.txt: document removed (2 entities, 0 events, 0 facts)
+ f.txt: document added (1 entity, 0 events, 0 facts)
g.txt (the input changed: offsets differ)

6 of 7 documents differ (1 added, 1 removed, 1 failing now, 1 processed now): entities +1 -0 ~1, events +0 -0 ~1, facts +1 -0 ~1
`;

describe('diffOutputs', () => {
  it('lists per document the entities, events and facts added, removed or changed, in text order', async () => {
    const [a, b] = [output(OLD, OLD_ERRORS), output(NEW, NEW_ERRORS)];
    const d = await diffOutputs(a, b);
    expect(formatDiff(d)).toBe(EXPECTED_TEXT(a, b));
    expect([d.identical, d.documents, d.hasEvents]).toEqual([false, 7, true]);
    expect(d.totals).toEqual({
      documents: { differing: 6, added: 1, removed: 1, failed: 1, fixed: 1 },
      entities: { added: 1, removed: 0, changed: 1 },
      events: { added: 0, removed: 0, changed: 1 },
      facts: { added: 1, removed: 0, changed: 1 },
    });
    expect(d.changes.map((c) => [c.source, c.status, c.inputChanged])).toEqual([
      ['a.txt', 'changed', false], ['c.txt', 'failed', false], ['d.txt', 'fixed', false], ['e.txt', 'removed', false], ['f.txt', 'added', false], ['g.txt', 'changed', true],
    ]);
    const a1 = d.changes[0];
    expect(a1.facts[0]).toEqual({
      change: 'changed', key: 'participation | กอ | - | 2020-01-01', old: OLD[0].facts[0], new: NEW[0].facts[0],
      fields: [{ field: 'role', old: 'participant', new: 'chair' }],
    });
    expect(a1.entities.map((c) => [c.change, c.key])).toEqual([['added', 'ORG [0,3)'], ['changed', 'DATE [11,20)']]);
    expect(a1.document).toEqual([{ field: 'title', old: null, new: 'ข่าวการประชุม' }]);
    expect(d.changes[1].error).toEqual({ old: null, new: { code: 'TE305', message: '[TE305] c.txt: stage "entities" threw: Error: x' } });
  });

  it('the same outputs: identical, and says so', async () => {
    const a = output(OLD, OLD_ERRORS);
    const d = await diffOutputs(a, output(OLD, OLD_ERRORS));
    expect([d.identical, d.changes, d.totals.documents.differing]).toEqual([true, [], 0]);
    expect(formatDiff({ ...d, new: 'b' })).toBe(`no differences: 6 documents, the same entities, events and facts in ${a} and b\n`);
  });

  it('several facts with one key are paired in order; a failure with another code is a change', async () => {
    const f = (role: string): Partial<Fact> => ({ type: 'participation', actor: { entity: 'e1', text: 'นายกอ' }, role });
    const a = output([rec('a.txt', [person], [f('participant'), f('participant')])], [{ source: 'b.txt', code: 'TE303', message: '[TE303] b' }]);
    const b = output([rec('a.txt', [person], [f('participant'), f('chair'), f('host')])], [{ source: 'b.txt', code: 'TE304', message: '[TE304] b' }]);
    expect(formatDiff(await diffOutputs(a, b))).toBe(`--- ${a}\n+++ ${b}\na.txt
  + fact participation | กอ | - | - (f.r)
  ~ fact participation | กอ | - | -: role "participant" → "chair"
! b.txt: fails differently: [TE303] b → [TE304] b

2 of 2 documents differ: entities +0 -0 ~0, events +0 -0 ~0, facts +1 -0 ~1
`);
  });

  it('reads records.json when there is no records.jsonl, or a records file given instead of a folder', async () => {
    const a = output(OLD);
    const b = tmpDir('te-diff-');
    writeFileSync(path.join(b, 'records.json'), JSON.stringify(OLD));
    expect((await diffOutputs(a, b)).identical).toBe(true);
    expect((await diffOutputs(path.join(a, 'records.jsonl'), b)).identical).toBe(true);
  });

  it('an output that cannot be read, or records out of source order: TE461 naming the file', async () => {
    const a = output(OLD);
    const empty = tmpDir('te-diff-');
    await expect(diffOutputs(a, empty)).rejects.toThrow(`[TE461] ${empty}: holds no records.jsonl or records.json; give a folder written by \`thai-extract run\``);
    await expect(diffOutputs(a, path.join(empty, 'nope'))).rejects.toThrow(`[TE461] ${path.join(empty, 'nope')}: no such folder or file`);
    const swapped = output([OLD[1], OLD[0]]);
    await expect(diffOutputs(a, swapped)).rejects.toThrow(
      `[TE461] ${path.join(swapped, 'records.jsonl')}: line 2: records are not in source order ("a.txt" after "b.txt"), as \`thai-extract run\` writes them`,
    );
    mkdirSync(path.join(empty, 'x'));
    writeFileSync(path.join(empty, 'x', 'records.jsonl'), `${JSON.stringify(OLD[0])}\nnot json\n`);
    await expect(diffOutputs(a, path.join(empty, 'x'))).rejects.toThrow(`[TE461] ${path.join(empty, 'x', 'records.jsonl')}: line 2 is not JSON`);
    writeFileSync(path.join(empty, 'x', 'records.jsonl'), '{"document":{"source":"a.txt"}}\n');
    await expect(diffOutputs(a, path.join(empty, 'x'))).rejects.toThrow(
      `[TE461] ${path.join(empty, 'x', 'records.jsonl')}: line 1 is not a thai-extract record (document.source, entities and facts)`,
    );
  });
});

describe('diffRecords', () => {
  it('null for the same extraction; entity ids renumbered are not a difference', () => {
    expect(diffRecords(OLD[1], OLD[1])).toBe(null);
    const shifted = rec('a.txt', [{ type: 'URL', text: 'x', start: 30, end: 31 }, person, position('e2')]);
    const d = diffRecords(rec('a.txt', [person, position('e1')]), shifted)!;
    expect(d.entities.map((c) => [c.change, c.key])).toEqual([['added', 'URL [30,31)']]);
  });
});

describe('thai-extract diff', () => {
  it('exit 1 and the text when outputs differ, 0 when not; --json prints the same as one object', async () => {
    const [a, b] = [output(OLD, OLD_ERRORS), output(NEW, NEW_ERRORS)];
    const t = io();
    expect(await runCli(['diff', a, b], t.io)).toBe(1);
    expect([t.out(), t.err()]).toEqual([EXPECTED_TEXT(a, b), '']);
    const j = io();
    expect(await runCli(['diff', a, b, '--json'], j.io)).toBe(1);
    expect(JSON.parse(j.out())).toEqual(JSON.parse(JSON.stringify(await diffOutputs(a, b))));
    const same = io();
    expect(await runCli(['diff', a, a], same.io)).toBe(0);
    expect(same.out()).toBe(`no differences: 6 documents, the same entities, events and facts in ${a} and ${a}\n`);
  });

  it('exit 2 on a usage error or an output that cannot be read', async () => {
    const a = output(OLD);
    const cases: [string[], string][] = [
      [['diff', a], 'thai-extract: diff: give two output folders (OLD_OUT NEW_OUT), got 1 argument\nUsage: thai-extract diff OLD_OUT NEW_OUT [--json]\nRun "thai-extract diff --help" for its options.\n'],
      [['diff', a, a, '--jsn'], 'thai-extract: diff: unknown option --jsn (did you mean --json?)\nUsage: thai-extract diff OLD_OUT NEW_OUT [--json]\nRun "thai-extract diff --help" for its options.\n'],
      [['diff', a, '/no/such/out'], 'thai-extract: [TE461] /no/such/out: no such folder or file; give a folder written by `thai-extract run` (or its records.jsonl)\n'],
    ];
    for (const [argv, err] of cases) {
      const t = io();
      expect(await runCli(argv, t.io)).toBe(2);
      expect([t.out(), t.err()]).toEqual(['', err]);
    }
  });
});
