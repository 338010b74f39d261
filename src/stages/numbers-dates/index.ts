/**
 * numbers-dates: DATE, TIME, NUMBER, MONEY, PERCENT and URL entities from the normalised
 * view, and the document's publication date with where it came from (`publishedFrom`): the
 * first date of the dateline zone ('dateline'), else of a header zone ('header': "date …",
 * "โพสต์เมื่อ …", "วันที่ประกาศ : …"), else the caller's hint ('hint'), else the date of the
 * story's first "วันนี้ (…)" ('today-phrase'; a day and month without a year take the page's
 * year). Otherwise null: a date elsewhere in the body is an event date, not the publication date.
 * No entity comes from a furniture zone (menus, counters, other stories' lists, footers).
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

const EMPTY_META: DocumentMeta = { title: null, published: null, publishedRaw: null, publishedFrom: null, sourceUrl: null };

/** the rule of "วันนี้ (8 กันยายน 2563)" in the numbers-dates rules */
const TODAY_PHRASE_RULE = 'date.relative-explicit';

/** a copyright notice's year (© 2568, Copyright 2021, สงวนลิขสิทธิ์ พ.ศ. 2563) */
const COPYRIGHT_YEAR = /(?:©|\(c\)|copyright|สงวนลิขสิทธิ์)[^\n\d]{0,40}?(?:\d{4}\s*[-–]\s*)?(\d{4})(?!\d)/giu;

/**
 * The page's year (CE), for a "วันนี้ (4 พ.ย.)" printed without one: the year of a copyright
 * notice, else of the first date on the page written with its year.
 */
function pageYear(viewText: string, items: FoundItem[]): number | null {
  COPYRIGHT_YEAR.lastIndex = 0;
  for (const m of viewText.matchAll(COPYRIGHT_YEAR)) {
    const y = Number(m[1]);
    if (y >= 2400 && y <= 2700) return y - 543;
    if (y >= 1900 && y <= 2200) return y;
  }
  for (const i of items) {
    if (i.type === 'DATE' && typeof i.value.iso === 'string' && !i.value.inferred) {
      return Number(i.value.iso.slice(0, 4));
    }
  }
  return null;
}

/** the publication date a "วันนี้ (…)" gives: its date, with the page's year when it has none */
function todayPhraseDate(it: FoundItem, viewText: string, items: FoundItem[]): string | null {
  if (it.value.relative !== 'วันนี้' || it.value.precision !== 'day' || it.value.end !== undefined) return null;
  if (typeof it.value.iso === 'string') return it.value.iso;
  const m = Number(it.value.month);
  const d = Number(it.value.day);
  const y = pageYear(viewText, items);
  if (!y || !(m >= 1 && m <= 12) || !(d >= 1 && d <= 31)) return null;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return t.getUTCMonth() + 1 === m ? iso : null;
}

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
  let publishedFrom: DocumentMeta['publishedFrom'] = null;
  if (pub) {
    const s = viewSpanToInput(view, pub.start, pub.end);
    publishedRaw = text.slice(s.start, s.end);
    publishedFrom = zones.some((z) => z.kind === 'dateline' && inView(z)[0] <= pub!.start && pub!.start < inView(z)[1]) ? 'dateline' : 'header';
  } else if (doc.hints.published) {
    published = doc.hints.published;
    publishedFrom = 'hint';
  } else {
    // the story's first "วันนี้ (…)": the body zones, or the whole text when no zones were marked
    const bodies = zones.filter((q) => q.kind === 'body');
    const ranges = bodies.length ? bodies.map(inView) : zones.length ? [] : [[0, view.text.length] as [number, number]];
    const today = first.items.find((i) => i.rule === TODAY_PHRASE_RULE && ranges.some(([a, b]) => i.start >= a && i.start < b));
    const iso = today ? todayPhraseDate(today, view.text, first.items) : null;
    if (today && iso) {
      published = iso;
      const s = viewSpanToInput(view, today.start, today.end);
      publishedRaw = text.slice(s.start, s.end);
      publishedFrom = 'today-phrase';
    }
  }
  const res = n.resolve(scan, published ? { published } : {});
  const entities: EntitySpan[] = [];
  // nothing from the page's furniture (menus, counters, other stories' lists, footers)
  const furniture = zones.filter((z) => z.kind === 'furniture').map(inView);
  let fz = 0;
  for (const it of res.items) {
    while (fz < furniture.length && furniture[fz][1] <= it.start) fz++;
    if (fz < furniture.length && furniture[fz][0] <= it.start) continue;
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
    meta: { ...EMPTY_META, ...(doc.meta ?? {}), published, publishedRaw, publishedFrom },
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
