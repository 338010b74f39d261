/**
 * numbers-dates: DATE, TIME, NUMBER, MONEY, PERCENT and URL entities from the normalised
 * view, and the document's publication date (first date of the dateline zone, else of the
 * header, else the caller's hint, else the first day-precision date of the body).
 */
import type { Diagnostic, Doc, DocumentMeta, EntitySpan, EntityType, Zone } from '../../doc/types.js';
import { identityView, inputToView, viewSpanToInput } from '../../doc/offsets.js';
import { defineStage } from '../../pipeline/stage.js';
import { createNormaliser, numbersDatesSchema } from '../../thai-numbers-dates/index.js';
import type { FoundItem, Normaliser } from '../../thai-numbers-dates/index.js';

export interface NumbersDatesOptions {
  /** rule file, relative to the pipeline folder */
  rules?: string;
}

const EMPTY_META: DocumentMeta = { title: null, published: null, publishedRaw: null, sourceUrl: null };

/** the first single-day (not a range), explicit date in view range [from, to) */
function firstDate(items: FoundItem[], from: number, to: number): FoundItem | undefined {
  return items.find(
    (i) =>
      i.type === 'DATE' && i.start >= from && i.start < to && i.value.precision === 'day' && typeof i.value.iso === 'string' && i.value.end === undefined &&
      (!i.value.relative || i.rule === 'date.relative-explicit'),
  );
}

export function runNumbersDates(n: Normaliser, doc: Doc): Doc {
  const text = doc.text ?? '';
  const view = doc.norm ?? identityView(text);
  // match once; resolve the DATE items without a publication date to find it, then everything against it
  const scan = n.scan(view.text);
  const first = n.resolve(scan, {}, true);
  const zones: Zone[] = doc.zones ?? [];
  const inView = (z: Zone): [number, number] => [inputToView(view, z.start), inputToView(view, z.end)];
  let pub: FoundItem | undefined;
  for (const kind of ['dateline', 'header'] as const) {
    for (const z of zones.filter((q) => q.kind === kind)) {
      const [a, b] = inView(z);
      pub ??= firstDate(first.items, a, b);
    }
    if (pub) break;
  }
  let published: string | null = pub ? String(pub.value.iso) : null;
  let publishedRaw: string | null = null;
  if (pub) {
    const s = viewSpanToInput(view, pub.start, pub.end);
    publishedRaw = text.slice(s.start, s.end);
  } else if (doc.hints.published) {
    published = doc.hints.published;
  } else {
    const bodies = zones.filter((q) => q.kind === 'body');
    const ranges = bodies.length ? bodies.map(inView) : zones.length ? [] : [[0, view.text.length] as [number, number]];
    for (const [a, b] of ranges) pub ??= firstDate(first.items, a, b);
    if (pub) {
      published = String(pub.value.iso);
      const s = viewSpanToInput(view, pub.start, pub.end);
      publishedRaw = text.slice(s.start, s.end);
    }
  }
  const res = n.resolve(scan, published ? { published } : {});
  const entities: EntitySpan[] = [];
  for (const it of res.items) {
    const s = viewSpanToInput(view, it.start, it.end);
    entities.push({
      id: '',
      type: it.type as EntityType,
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      canonical: it.canonical,
      value: it.value,
      rule: it.rule,
    });
  }
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  for (const d of res.diagnostics) {
    const s = viewSpanToInput(view, d.start, d.end);
    diagnostics.push({ level: d.level, code: d.code, message: d.message, start: s.start, end: s.end });
  }
  return {
    ...doc,
    entities: [...(doc.entities ?? []), ...entities],
    meta: { ...EMPTY_META, ...(doc.meta ?? {}), published, publishedRaw },
    diagnostics,
  };
}

export const numbersDatesStage = defineStage<NumbersDatesOptions>({
  name: 'numbers-dates',
  description: 'DATE, TIME, NUMBER, MONEY, PERCENT and URL entities (Thai and Arabic digits, Thai number words, BE/CE years, relative dates) and the publication date',
  reads: ['text', 'norm', 'zones', 'meta'],
  adds: ['entities', 'meta'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { rules: { type: 'string', minLength: 1 } },
  },
  create(options, ctx) {
    const rel = options.rules ?? 'gov-press/numbers-dates.json';
    const data = ctx.loadFile(rel, numbersDatesSchema as unknown as Record<string, unknown>);
    const n = createNormaliser(data, rel);
    return (doc: Doc) => runNumbersDates(n, doc);
  },
});
