import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

/** the README's library example, run as written */
describe('library API (README example)', () => {
  const pipeline = lib.loadPipeline();
  const text =
    'วันนี้ (8 กันยายน 2563) นายเนวินธุ์ ช่อชัยทิพฐ์ ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม เข้าร่วมการประชุม WSIS Forum 2020';

  it('processText returns the whole record', () => {
    const record = lib.processText(pipeline, text, { id: 'example', published: '2020-09-08' });
    expect(record).toEqual({
      document: {
        id: 'example', source: '<text>', sha256: lib.sha256Hex(text), encoding: 'string', title: null,
        published: '2020-09-08', publishedRaw: null, sourceUrl: null, pipeline: 'gov-press@0.1.0',
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
      facts: [
        {
          id: 'f1', type: 'participation', actor: { entity: 'e2', text: 'นายเนวินธุ์ ช่อชัยทิพฐ์' }, role: 'participant',
          position: 'ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', event: { entity: 'e5', text: 'WSIS Forum 2020' },
          date: '2020-09-08', location: null, mode: null, evidence: { start: 0, end: 137 }, rule: 'fact.participation.attend',
        },
      ],
      diagnostics: [],
    });
  });

  it('exports every stage factory under the name the pipeline file uses', () => {
    expect(Object.keys(lib.STAGE_FACTORIES)).toEqual([
      'decode', 'normalise', 'zones', 'segment', 'sentences', 'numbers-dates', 'entities', 'facts', 'validate',
    ]);
    expect(Object.values(lib.STAGE_FACTORIES)).toEqual([
      lib.decodeStage, lib.normaliseStage, lib.zonesStage, lib.segmentStage, lib.sentencesStage, lib.numbersDatesStage,
      lib.entitiesStage, lib.factsStage, lib.validateStage,
    ]);
    expect(pipeline.stages.map((s) => s.name)).toEqual(Object.keys(lib.STAGE_FACTORIES));
  });
});
