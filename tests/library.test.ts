import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import * as stages from '../src/api/stages.js';

/** the README's library example, run as written */
describe('library API (README example)', () => {
  const pipeline = lib.loadPipeline();
  const text =
    'วันนี้ (8 กันยายน 2563) นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม เข้าร่วมการประชุม WSIS Forum 2020';

  it('processText returns the whole record', () => {
    const record = lib.processText(pipeline, text, { id: 'example', published: '2020-09-08' });
    expect(record).toEqual({
      document: {
        id: 'example', source: '<text>', sha256: stages.sha256Hex(text), encoding: 'string', title: null,
        published: '2020-09-08', publishedRaw: null, publishedFrom: 'hint', sourceUrl: null, pipeline: 'gov-press@0.1.0',
      },
      entities: [
        {
          id: 'e1', type: 'DATE', text: 'วันนี้ (8 กันยายน 2563)', start: 0, end: 23, canonical: '2020-09-08',
          value: { iso: '2020-09-08', precision: 'day', era: 'BE', relative: 'วันนี้' }, rule: 'date.relative-explicit',
        },
        {
          id: 'e2', type: 'PERSON', text: 'นายเนวินธุ์ ช่อชัยทิพฐ์', start: 24, end: 47, canonical: 'เนวินธุ์ ช่อชัยทิพฐ์',
          value: { honorific: 'นาย', given: 'เนวินธุ์', family: 'ช่อชัยทิพฐ์' }, rule: 'person-honorific',
        },
        {
          id: 'e3', type: 'POSITION', text: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 48, end: 103,
          canonical: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม',
          value: { head: 'ผู้ช่วยรัฐมนตรีประจำ', org: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', personCanonical: 'เนวินธุ์ ช่อชัยทิพฐ์', person: 'e2' },
          rule: 'position',
        },
        {
          id: 'e4', type: 'ORG', text: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', start: 68, end: 103,
          canonical: 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', value: { kind: 'ministry' }, rule: 'org-in-position',
        },
        {
          id: 'e5', type: 'EVENT', text: 'WSIS Forum 2020', start: 122, end: 137,
          canonical: 'World Summit on the Information Society Forum 2020', rule: 'event-lexicon',
        },
      ],
      events: [
        {
          id: 'v1', type: 'conference', name: 'การประชุม WSIS Forum 2020', canonical: 'การประชุม WSIS Forum 2020', start: 112, end: 137,
          status: 'happened', date: '2020-09-08', endDate: null, location: null, mode: null,
          participants: [{
            entity: 'e2', text: 'นายเนวินธุ์ ช่อชัยทิพฐ์', canonical: 'เนวินธุ์ ช่อชัยทิพฐ์', actorType: 'person',
            position: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', role: 'participant',
          }],
          organisations: [], evidence: [{ start: 0, end: 137 }], rule: 'event.verb.attend',
        },
      ],
      facts: [
        {
          id: 'f1', type: 'participation', actor: { entity: 'e2', text: 'นายเนวินธุ์ ช่อชัยทิพฐ์' }, role: 'participant',
          position: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', event: { entity: 'e5', text: 'WSIS Forum 2020' },
          date: '2020-09-08', location: null, mode: null, evidence: { start: 0, end: 137 }, rule: 'fact.participation.attend',
          eventId: 'v1', evidenceText: text,
        },
      ],
      diagnostics: [],
    });
  });

  it('exports every stage factory from thai-extract/stages under the name the pipeline file uses', () => {
    expect(Object.keys(stages.STAGE_FACTORIES)).toEqual([
      'decode', 'normalise', 'zones', 'segment', 'sentences', 'numbers-dates', 'entities', 'facts', 'events', 'validate',
    ]);
    expect(Object.values(stages.STAGE_FACTORIES)).toEqual([
      stages.decodeStage, stages.normaliseStage, stages.zonesStage, stages.segmentStage, stages.sentencesStage, stages.numbersDatesStage,
      stages.entitiesStage, stages.factsStage, stages.eventsStage, stages.validateStage,
    ]);
    expect(pipeline.stages.map((s) => s.name)).toEqual(Object.keys(stages.STAGE_FACTORIES));
  });
});

describe('the entry point (curated)', () => {
  const pipeline = lib.loadPipeline();
  it('exports the common path and nothing internal', () => {
    expect(Object.keys(lib).sort()).toEqual([
      'ENTITY_TYPES', 'ERROR_CODES', 'EVENT_TYPES', 'FACT_TYPES', 'OUTPUT_FORMATS', 'ThaiExtractError', 'buildReview', 'bundledPipelineNames',
      'createPipeline', 'diffOutputs', 'evaluate', 'formatDiff', 'formatReport', 'isThaiExtractError', 'loadGold', 'loadPipeline', 'pipelineSchema', 'processDocument',
      'processFile', 'processText', 'recordSchema', 'runBatch',
    ]);
  });

  it('processFile decodes the bytes of a file as run does (windows-874 here) and names the file in its errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'te-pf-'));
    try {
      // "นายกรัฐมนตรี" in TIS-620 / windows-874: one byte a character, 0xA1 + (code point - 0x0E01)
      const thai = 'วันนี้ (8 กันยายน 2563) นายเนวินธุ์ ช่อชัยทิพฐ์ เข้าร่วมการประชุม WSIS Forum 2020';
      const bytes = Buffer.from([...thai].map((c) => (c.charCodeAt(0) >= 0x0e01 ? c.charCodeAt(0) - 0x0e01 + 0xa1 : c.charCodeAt(0))));
      const file = path.join(dir, 'release 1.txt');
      writeFileSync(file, bytes);
      const record = lib.processFile(pipeline, file, { published: '2020-09-08' });
      expect(record.document).toMatchObject({ id: 'release 1', source: 'release 1.txt', encoding: 'windows-874', sha256: stages.sha256Hex(bytes) });
      expect(record.entities.filter((e) => e.type === 'PERSON').map((e) => e.canonical)).toEqual(['เนวินธุ์ ช่อชัยทิพฐ์']);
      const date = record.entities.find((e) => e.type === 'DATE');
      expect(date?.type === 'DATE' ? date.value.iso : null).toBe('2020-09-08');

      writeFileSync(path.join(dir, 'empty.txt'), '');
      expect(() => lib.processFile(pipeline, path.join(dir, 'empty.txt'))).toThrow(/^\[TE302\] empty\.txt: /);
      expect(() => lib.processFile(pipeline, path.join(dir, 'missing.txt'))).toThrow(/^\[TE301\] .*missing\.txt: cannot read the file \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
