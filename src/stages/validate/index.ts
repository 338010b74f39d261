import { ThaiExtractError } from '../../errors.js';
import type { Diagnostic, Doc, DocRecord, Entity, EntitySpan, EntityRef, EventRecord, Fact } from '../../doc/types.js';
import { defineStage } from '../../pipeline/stage.js';
import { readableText } from '../../doc/text.js';
import { compileSchema, firstSchemaError } from '../../schemas/ajv.js';
import { recordSchema } from '../../schemas/index.js';

function byOffset(a: { start: number; end: number; type?: string }, b: { start: number; end: number; type?: string }) {
  return a.start - b.start || a.end - b.end || ((a.type ?? '') < (b.type ?? '') ? -1 : (a.type ?? '') > (b.type ?? '') ? 1 : 0);
}

const OFFSET_REF = /^@\d+:\d+$/;

/** is v an offset reference "@start:end" (the '@' test first: most values are not strings, or do not start with one) */
function isOffsetRef(v: unknown): v is string {
  return typeof v === 'string' && v.charCodeAt(0) === 0x40 && OFFSET_REF.test(v);
}

/** a number for the span [start, end) (texts are far shorter than 2^26 code units) */
function spanKey(start: number, end: number): number {
  return start * 0x4000000 + end;
}

/** the spanKey of a reference "@start:end" as stages write it (NaN, which is no key, for "@05:7") */
function refKey(ref: string): number {
  const colon = ref.indexOf(':');
  const start = Number(ref.slice(1, colon));
  const end = Number(ref.slice(colon + 1));
  return `@${start}:${end}` === ref ? spanKey(start, end) : NaN;
}

/** any own value of `value` an offset reference */
function hasOffsetRef(value: Record<string, unknown>): boolean {
  for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && isOffsetRef(value[k])) return true;
  return false;
}

/**
 * Stages run before ids exist, so they refer to another entity by its offsets as "@start:end"
 * (in a fact's actor/event/counterpart, or as a top-level string in an entity's value, e.g. a
 * POSITION's `value.person`). Once ids are assigned these become the entity's id. A reference
 * to no entity is left as it is, and validateRecord rejects it.
 */
function resolveValueRefs(entities: EntitySpan[], idAt: Map<number, string>): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (const e of entities) {
    if (!e.value || !hasOffsetRef(e.value)) {
      out.push(e);
      continue;
    }
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.value)) value[k] = isOffsetRef(v) ? (idAt.get(refKey(v)) ?? v) : v;
    out.push({ ...e, value });
  }
  return out;
}

/** a fact's reference "@start:end" as the entity's id */
function resolveRef(r: EntityRef | null, idAt: Map<number, string>): EntityRef | null {
  return r && isOffsetRef(r.entity) ? { ...r, entity: idAt.get(refKey(r.entity)) ?? r.entity } : r;
}

/** Assemble the record of a processed Doc: ids in offset order, references resolved, offsets checked. */
export function buildRecord(doc: Doc, pipelineId: string): DocRecord {
  // (arrays are filled from literals, not made by map(): an empty array from map() has another
  // elements kind than a full one, and optimised code that meets it is thrown away)
  const sorted = [...(doc.entities ?? [])].sort(byOffset);
  const withIds: EntitySpan[] = [];
  for (let i = 0; i < sorted.length; i++) withIds.push({ ...sorted[i], id: `e${i + 1}` });
  const idAt = new Map<number, string>();
  for (const e of withIds) {
    const k = spanKey(e.start, e.end);
    if (!idAt.has(k)) idAt.set(k, e.id);
  }
  const entities = resolveValueRefs(withIds, idAt);
  const facts: Fact[] = [];
  const docFacts = doc.facts ?? [];
  for (let i = 0; i < docFacts.length; i++) {
    const f = docFacts[i];
    const out: Fact = { ...f, id: `f${i + 1}`, actor: resolveRef(f.actor, idAt), event: resolveRef(f.event, idAt) };
    // the evidence as an analyst reads it: zero-width characters out, spaces collapsed
    out.evidenceText = readableText((doc.text ?? '').slice(f.evidence.start, f.evidence.end));
    if (f.counterpart !== undefined) out.counterpart = resolveRef(f.counterpart as EntityRef | null, idAt);
    facts.push(out);
  }
  const events: EventRecord[] = [];
  for (const ev of doc.events ?? []) {
    events.push({
      ...ev,
      participants: ev.participants.map((p) => ({ ...p, entity: isOffsetRef(p.entity) ? (idAt.get(refKey(p.entity)) ?? p.entity) : p.entity })),
      organisations: ev.organisations.map((o) => resolveRef(o, idAt)!),
    });
  }
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  const meta = doc.meta ?? { title: null, published: null, publishedRaw: null, sourceUrl: null };
  const document: DocRecord['document'] = {
    id: doc.id,
    source: doc.source,
    sha256: doc.sha256,
    encoding: doc.encoding ?? 'string',
    title: meta.title,
    published: meta.published,
    publishedRaw: meta.publishedRaw,
    publishedFrom: meta.publishedFrom ?? null,
    sourceUrl: meta.sourceUrl,
    pipeline: pipelineId,
  };
  if (doc.extractedFrom) document.extractedFrom = doc.extractedFrom;
  return {
    document,
    // each entity's value has its type's shape (the stages' rules build it; the schema checks DATE)
    entities: entities as Entity[],
    events,
    facts,
    diagnostics,
  };
}

/** Throws TE307 if a span does not match the input text, TE306 if the record breaks the schema. */
export function validateRecord(record: DocRecord, text: string, source = record.document.source): void {
  for (const e of record.entities) {
    if (!(0 <= e.start && e.start < e.end && e.end <= text.length) || text.slice(e.start, e.end) !== e.text) {
      throw new ThaiExtractError('TE307', `entity ${e.id} (${e.type}, rule ${e.rule}) text does not equal input.slice(start, end)`, {
        file: source,
        offset: e.start,
        value: e.text,
      });
    }
  }
  const ids = new Set(record.entities.map((e) => e.id));
  for (const e of record.entities) {
    if (!e.value || !hasOffsetRef(e.value)) continue;
    for (const [k, v] of Object.entries(e.value)) {
      if (isOffsetRef(v)) {
        throw new ThaiExtractError('TE306', `entity ${e.id} value.${k} refers to no entity`, { file: source, offset: e.start, value: v });
      }
    }
  }
  for (const f of record.facts) {
    if (!(0 <= f.evidence.start && f.evidence.start <= f.evidence.end && f.evidence.end <= text.length)) {
      throw new ThaiExtractError('TE307', `fact ${f.id} evidence outside the text`, { file: source, offset: f.evidence.start, value: f.evidence });
    }
    for (const ref of [f.actor, f.event]) {
      if (ref && !ids.has(ref.entity)) {
        throw new ThaiExtractError('TE306', `fact ${f.id} refers to unknown entity`, { file: source, value: ref.entity });
      }
    }
  }
  const eventIds = new Set(record.events.map((e) => e.id));
  for (const ev of record.events) {
    if (ev.start !== undefined && ev.end !== undefined && (text.slice(ev.start, ev.end) !== ev.name)) {
      throw new ThaiExtractError('TE307', `event ${ev.id} (rule ${ev.rule}) name does not equal input.slice(start, end)`, { file: source, offset: ev.start, value: ev.name });
    }
    for (const ref of [...ev.participants, ...ev.organisations]) {
      if (!ids.has(ref.entity)) throw new ThaiExtractError('TE306', `event ${ev.id} refers to unknown entity`, { file: source, value: ref.entity });
    }
  }
  for (const f of record.facts) {
    if (typeof f.eventId === 'string' && !eventIds.has(f.eventId)) throw new ThaiExtractError('TE306', `fact ${f.id} refers to unknown event`, { file: source, value: f.eventId });
  }
  const validate = compileSchema(recordSchema);
  if (!validate(record)) {
    const err = firstSchemaError(validate.errors, record);
    throw new ThaiExtractError('TE306', err.message, { file: source, pointer: err.pointer, value: err.value });
  }
}

export const validateStage = defineStage<{ pipeline?: string }>({
  name: 'validate',
  description: 'Assembles the record (entity/fact ids, references of facts and events), checks every offset against the input and validates the record against src/schemas/record.schema.json.',
  // meta, entities and facts are optional: a pipeline without them writes nulls and empty lists
  reads: ['text'],
  adds: ['record'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  create(_options, ctx) {
    // start-up work: the record validator is made here, once per thread (and so seen by
    // scripts/postbuild.mjs, which ships it precompiled), not on the first document
    compileSchema(recordSchema);
    return (doc: Doc): Doc => {
      const record = buildRecord(doc, doc.pipeline ?? `${ctx.pipelineName}@0.0.0`);
      validateRecord(record, doc.text ?? '', doc.source);
      return { ...doc, record };
    };
  },
});
