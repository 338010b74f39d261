import { describe, expect, it } from 'vitest';
import { buildRecord, validateRecord } from '../src/stages/validate/index.js';
import type { Doc, Entity, Fact } from '../src/doc/types.js';

const text = 'นายสมชาย ใจดี รัฐมนตรี เข้าร่วมการประชุม';
const ent = (type: Entity['type'], s: string, value?: Record<string, unknown>): Entity => {
  const start = text.indexOf(s);
  return { id: '', type, text: s, start, end: start + s.length, canonical: s, rule: 'r', ...(value ? { value } : {}) };
};

function doc(entities: Entity[], facts: Fact[] = []): Doc {
  return { id: 'd', source: 'd.txt', sha256: 'a'.repeat(64), hints: {}, text, encoding: 'utf-8', entities, facts, diagnostics: [] };
}

describe('buildRecord', () => {
  it('numbers entities in offset order and resolves "@start:end" references in values and facts', () => {
    const person = ent('PERSON', 'นายสมชาย ใจดี');
    const event = ent('EVENT', 'การประชุม');
    const position = ent('POSITION', 'รัฐมนตรี', { person: `@${person.start}:${person.end}`, head: 'รัฐมนตรี' });
    const fact: Fact = {
      id: '', type: 'participation', actor: { entity: `@${person.start}:${person.end}`, text: person.text }, role: null,
      position: 'รัฐมนตรี', event: { entity: `@${event.start}:${event.end}`, text: event.text }, date: null, location: null,
      mode: null, evidence: { start: 0, end: text.length }, rule: 'f',
    };
    const r = buildRecord(doc([event, position, person], [fact]), 'p@1.0.0');
    expect(r.entities.map((e) => [e.id, e.type, e.value])).toEqual([
      ['e1', 'PERSON', undefined],
      ['e2', 'POSITION', { person: 'e1', head: 'รัฐมนตรี' }],
      ['e3', 'EVENT', undefined],
    ]);
    expect(r.facts).toEqual([{ ...fact, id: 'f1', actor: { entity: 'e1', text: person.text }, event: { entity: 'e3', text: event.text }, evidenceText: text.trim() }]);
    expect(() => validateRecord(r, text)).not.toThrow();
  });

  it('rejects dangling references and spans that are not the input text', () => {
    const position = ent('POSITION', 'รัฐมนตรี', { person: '@0:3' });
    expect(() => validateRecord(buildRecord(doc([position]), 'p@1.0.0'), text)).toThrow(
      '[TE306] d.txt @14: entity e1 value.person refers to no entity: "@0:3"',
    );
    // a reference not written as stages write it ("@00:13") names no entity, even where one is
    const person = ent('PERSON', 'นายสมชาย ใจดี');
    const padded = ent('POSITION', 'รัฐมนตรี', { person: `@0${person.start}:${person.end}` });
    expect(() => validateRecord(buildRecord(doc([person, padded]), 'p@1.0.0'), text)).toThrow(
      `[TE306] d.txt @14: entity e2 value.person refers to no entity: "@0${person.start}:${person.end}"`,
    );
    const wrong = { ...ent('PERSON', 'นายสมชาย ใจดี'), text: 'นายสมชาย' };
    expect(() => validateRecord(buildRecord(doc([wrong]), 'p@1.0.0'), text)).toThrow(
      '[TE307] d.txt @0: entity e1 (PERSON, rule r) text does not equal input.slice(start, end): "นายสมชาย"',
    );
    const bad = ent('PERSON', 'นายสมชาย ใจดี');
    expect(() => validateRecord(buildRecord(doc([bad]), 'not a pipeline id'), text)).toThrow(
      '[TE306] d.txt #/document/pipeline: must match pattern "^[a-z0-9][a-z0-9-]*@[0-9]+\\.[0-9]+\\.[0-9]+$": "not a pipeline id"',
    );
  });
});
