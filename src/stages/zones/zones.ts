import type { DocumentMeta, NormView, Zone, ZoneKind } from '../../doc/types.js';
import { viewSpanToInput } from '../../doc/offsets.js';
import { ThaiExtractError } from '../../errors.js';
import { normaliseString, thaiToArabicDigits } from '../normalise/normalise.js';

/** One rule of a zones file, as written in JSON (see schema.ts) */
export interface ZoneRuleData {
  id: string;
  description?: string;
  section: 'head' | 'body' | 'any';
  /** fire only while no zone of this rule's kind exists yet */
  once?: boolean;
  /** also applies inside a tail opened by an extent:'toEnd' rule (e.g. the source line after a news list) */
  alsoInTail?: boolean;
  kind: ZoneKind;
  extent?: 'line' | 'toEnd';
  test?: 'repeatsTitle' | 'noTitleYet' | 'unrelatedTeaser' | 'headline' | 'beforeHeadline';
  pattern: string;
  flags?: string;
  groups?: Record<string, ZoneKind>;
  meta?: { title?: string; sourceUrl?: string; agency?: string };
  examples: { match: string[]; noMatch: string[] };
}

export interface ZoneRulesData {
  description?: string;
  teaser?: { maxLength?: number; minChunks?: number; maxOverlap?: number; isolated?: boolean };
  headline?: { paragraphMin?: number; maxLines?: number; minLength?: number };
  rules: ZoneRuleData[];
}

export interface CompiledZoneRule extends ZoneRuleData {
  /** the pattern (flags `u` + the rule's): tried on every line */
  re: RegExp;
  /** the pattern with match indices (`d`), for a rule with groups or meta: run on the line it matched */
  reIndices: RegExp | null;
}

export interface CompiledZoneRules {
  rules: CompiledZoneRule[];
  teaser: { maxLength: number; minChunks: number; maxOverlap: number; isolated: boolean };
  headline: { paragraphMin: number; maxLines: number; minLength: number };
}

/** the form of a line the patterns see: normalised view (Arabic digits), trimmed */
export function lineForMatching(raw: string): string {
  return normaliseString(raw).replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * Compile the rules (TE110 for a bad pattern) and run each rule's examples through its
 * pattern (TE109 when an example fails). `file` names the rules file in errors.
 */
export function compileZoneRules(data: ZoneRulesData, file = '<zones>'): CompiledZoneRules {
  const ids = new Set<string>();
  const rules = data.rules.map((r, i): CompiledZoneRule => {
    if (ids.has(r.id)) {
      throw new ThaiExtractError('TE108', 'duplicate rule id', { file, pointer: `/rules/${i}/id`, value: r.id });
    }
    ids.add(r.id);
    let re: RegExp;
    let reIndices: RegExp | null = null;
    try {
      re = new RegExp(r.pattern, 'u' + (r.flags ?? ''));
      // (the d flag builds index arrays for every match: only rules that read groups get it)
      if (r.groups || r.meta) reIndices = new RegExp(r.pattern, 'du' + (r.flags ?? ''));
    } catch (e) {
      throw new ThaiExtractError('TE110', (e as Error).message, { file, pointer: `/rules/${i}/pattern`, value: r.pattern });
    }
    const groupNames = new Set([...r.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]));
    for (const g of [...Object.keys(r.groups ?? {}), ...Object.values(r.meta ?? {})]) {
      if (!groupNames.has(g)) {
        throw new ThaiExtractError('TE110', `pattern has no group named ${JSON.stringify(g)}`, {
          file,
          pointer: `/rules/${i}/pattern`,
          value: r.pattern,
        });
      }
    }
    r.examples.match.forEach((ex, k) => {
      if (!re.test(lineForMatching(ex))) {
        throw new ThaiExtractError('TE109', 'example should match', { file, pointer: `/rules/${i}/examples/match/${k}`, value: ex });
      }
    });
    r.examples.noMatch.forEach((ex, k) => {
      if (re.test(lineForMatching(ex))) {
        throw new ThaiExtractError('TE109', 'example should not match', {
          file,
          pointer: `/rules/${i}/examples/noMatch/${k}`,
          value: ex,
        });
      }
    });
    return { ...r, re, reIndices };
  });
  return {
    rules,
    teaser: {
      maxLength: data.teaser?.maxLength ?? 120,
      minChunks: data.teaser?.minChunks ?? 4,
      maxOverlap: data.teaser?.maxOverlap ?? 0.34,
      isolated: data.teaser?.isolated ?? true,
    },
    headline: {
      paragraphMin: data.headline?.paragraphMin ?? 120,
      maxLines: data.headline?.maxLines ?? 15,
      minLength: data.headline?.minLength ?? 10,
    },
  };
}

interface Line {
  /** trimmed view span */
  a: number;
  b: number;
  text: string;
}

function viewLines(view: NormView): Line[] {
  const t = view.text;
  const out: Line[] = [];
  let s = 0;
  while (s <= t.length) {
    let e = t.indexOf('\n', s);
    if (e < 0) e = t.length;
    let a = s;
    let b = e;
    while (a < b && (t[a] === ' ' || t[a] === '\t')) a++;
    while (b > a && (t[b - 1] === ' ' || t[b - 1] === '\t')) b--;
    // patterns see Arabic digits even when the view keeps Thai ones (same length, same offsets)
    if (b > a) out.push({ a, b, text: thaiToArabicDigits(t.slice(a, b)) });
    s = e + 1;
  }
  return out;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** c is white space as the regexp class \s has it */
function isRegExpSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * collapse(s) === target, without building collapse(s): stops at the first difference (the
 * repeated-title rule asks it of every line once a title is known)
 */
export function collapsedEquals(s: string, target: string): boolean {
  const n = s.length;
  let i = 0;
  let j = 0;
  while (i < n && isRegExpSpace(s.charCodeAt(i))) i++;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isRegExpSpace(c)) {
      let k = i + 1;
      while (k < n && isRegExpSpace(s.charCodeAt(k))) k++;
      if (k === n) break; // trailing white space is trimmed
      if (target.charCodeAt(j) !== 0x20) return false;
      j++;
      i = k;
    } else {
      if (target.charCodeAt(j) !== c) return false;
      j++;
      i++;
    }
  }
  return j === target.length;
}

/** space/quote-separated chunks of a line, at least 2 characters */
function chunks(s: string): string[] {
  return s.split(/[\s"“”'‘’()\[\]:,]+/u).filter((c) => c.length >= 2);
}

/** clean text of an input span for the document record: zero-width removed, spaces collapsed, digits kept */
function metaText(input: string, start: number, end: number): string {
  return collapse(normaliseString(input.slice(start, end), { digits: 'keep' }));
}

/**
 * clean text of a view span for the document record: as metaText, but as the view has it (stray
 * spaces inside words dropped), with the digits as written
 */
function viewMetaText(view: NormView, input: string, va: number, vb: number): string {
  let s = '';
  for (let i = va; i < vb; i++) {
    const c = view.text.charCodeAt(i);
    const a = view.starts[i];
    s += c >= 0x30 && c <= 0x39 && view.ends[i] - a === 1 && input.charCodeAt(a) === c - 0x30 + 0x0e50 ? input[a] : view.text[i];
  }
  return collapse(s);
}

export interface ZonesResult {
  zones: Zone[];
  meta: DocumentMeta;
}

/**
 * Mark the zones of a page. Zones are input spans, sorted, not overlapping, trimmed (they start
 * and end on a non-space character); every input character that shows as a non-space character
 * in the view lies in exactly one zone. Consecutive body lines form one body zone.
 */
export interface FindZonesOptions {
  /** the text's first line is its headline (the text extracted from an HTML page with an <h1> or title) */
  firstLineIsHeadline?: boolean;
}

export function findZones(input: string, view: NormView, compiled: CompiledZoneRules, options: FindZonesOptions = {}): ZonesResult {
  const lines = viewLines(view);
  const meta: DocumentMeta = { title: null, published: null, publishedRaw: null, sourceUrl: null, agency: null };
  const zones: Zone[] = [];
  const push = (kind: ZoneKind, rule: string, va: number, vb: number): void => {
    if (vb <= va) return;
    const { start, end } = viewSpanToInput(view, va, vb);
    const last = zones[zones.length - 1];
    // consecutive body lines form one zone, and so do the lines of a tail
    if (last && last.kind === kind && last.rule === rule && (kind === 'body' || tail?.id === rule)) last.end = end;
    else zones.push({ kind, rule, start, end });
  };
  let section: 'head' | 'body' = 'head';
  let title: string | null = null;
  /** the rule that opened a tail (extent 'toEnd'): later lines are its furniture unless an alsoInTail rule matches */
  let tail: CompiledZoneRule | null = null;
  const kinds = new Set<ZoneKind>();
  const { teaser } = compiled;
  /** index of the headline line (see findHeadline), computed when a rule first asks */
  let headline = -2;
  const headlineLine = () => (headline === -2 ? (headline = options.firstLineIsHeadline ? 0 : findHeadline(lines, compiled)) : headline);

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    let matched = false;
    for (const rule of compiled.rules) {
      if (tail ? !rule.alsoInTail : rule.section !== 'any' && rule.section !== section) continue;
      if (rule.once && kinds.has(rule.kind)) continue;
      // a text of one line (a paragraph given to the library) is body, not a title
      if (rule.test === 'noTitleYet' && (title !== null || lines.length === 1)) continue;
      if (rule.test === 'repeatsTitle' && (title === null || !collapsedEquals(line.text, title))) continue;
      if ((rule.test === 'headline' || rule.test === 'beforeHeadline') && (title !== null || lines.length === 1)) continue;
      if (rule.test === 'headline' && li !== headlineLine() && headlineLine() >= 0) continue;
      if (rule.test === 'beforeHeadline' && !(li < headlineLine())) continue;
      rule.re.lastIndex = 0;
      if (!rule.re.test(line.text)) continue;
      if (rule.test === 'unrelatedTeaser' && !isTeaser(lines, li, view.text, teaser)) continue;
      matched = true;
      kinds.add(rule.kind);
      if (rule.extent === 'toEnd') {
        tail = rule;
        push(rule.kind, rule.id, line.a, line.b);
        break;
      }
      // zones from named groups; the rest of the line gets the rule's kind
      const re = rule.reIndices;
      if (re) re.lastIndex = 0;
      const groups = re?.exec(line.text)?.indices?.groups;
      const parts: { kind: ZoneKind; a: number; b: number }[] = [];
      for (const [g, kind] of Object.entries(rule.groups ?? {})) {
        const span = groups?.[g];
        if (span && span[1] > span[0]) parts.push({ kind, a: line.a + span[0], b: line.a + span[1] });
      }
      parts.sort((x, y) => x.a - y.a);
      let p = line.a;
      for (const part of parts) {
        pushTrimmed(view.text, rule.kind, rule.id, p, part.a, push);
        pushTrimmed(view.text, part.kind, rule.id, part.a, part.b, push);
        p = part.b;
      }
      pushTrimmed(view.text, rule.kind, rule.id, p, line.b, push);
      // meta
      for (const [field, g] of Object.entries(rule.meta ?? {}) as ['title' | 'sourceUrl' | 'agency', string][]) {
        const span = groups?.[g];
        if (!span || meta[field]) continue;
        const { start, end } = viewSpanToInput(view, line.a + span[0], line.a + span[1]);
        meta[field] = field === 'title' ? viewMetaText(view, input, line.a + span[0], line.a + span[1]) : metaText(input, start, end);
        if (field === 'title') title = collapse(line.text.slice(span[0], span[1]));
      }
      break;
    }
    if (matched) continue;
    if (tail) {
      push(tail.kind, tail.id, line.a, line.b);
    } else {
      section = 'body';
      push('body', 'body', line.a, line.b);
    }
  }
  return { zones, meta };
}

/**
 * The headline of a page that has no header rule: the longest line of the page head that no
 * furniture, dateline, header or source rule marks, where the head is the lines before the first
 * paragraph (a line of at least `paragraphMin` characters) within the first `maxLines` lines. Site
 * names, menus and section labels come before a headline and are shorter than it. -1 when there
 * is no such head (the text starts with a paragraph, or has no long line near its top): the first
 * line left is then the title, as before.
 */
function findHeadline(lines: Line[], compiled: CompiledZoneRules): number {
  const { paragraphMin, maxLines, minLength } = compiled.headline;
  const n = Math.min(lines.length, maxLines);
  let p = -1;
  for (let i = 0; i < n; i++) {
    if (lines[i].text.length >= paragraphMin) {
      p = i;
      break;
    }
  }
  if (p < 0) return -1;
  const marks = compiled.rules.filter(
    (r) => !r.test && r.section !== 'body' && r.extent !== 'toEnd' && r.kind !== 'title' && r.kind !== 'body',
  );
  let best = -1;
  for (let i = 0; i <= p; i++) {
    const t = lines[i].text;
    if (t.length < minLength || marks.some((r) => ((r.re.lastIndex = 0), r.re.test(t)))) continue;
    // the first paragraph is the headline only when no line before it is one
    if (i === p && best >= 0) break;
    if (best < 0 || t.length > lines[best].text.length) best = i;
  }
  return best;
}

function pushTrimmed(
  t: string,
  kind: ZoneKind,
  rule: string,
  a: number,
  b: number,
  push: (kind: ZoneKind, rule: string, a: number, b: number) => void,
): void {
  while (a < b && /\s/.test(t[a])) a++;
  while (b > a && /\s/.test(t[b - 1])) b--;
  push(kind, rule, a, b);
}

/**
 * A teaser headline: short, between two body lines, and most of its chunks occur nowhere else
 * on the page.
 */
function isTeaser(lines: Line[], li: number, viewText: string, cfg: CompiledZoneRules['teaser']): boolean {
  const line = lines[li];
  if (line.text.length > cfg.maxLength) return false;
  if (li === 0 || li + 1 >= lines.length) return false;
  if (cfg.isolated) {
    // a paragraph of its own: a blank line before and after it
    const before = viewText.slice(lines[li - 1].b, line.a);
    const after = viewText.slice(line.b, lines[li + 1].a);
    if ((before.match(/\n/g) ?? []).length < 2 || (after.match(/\n/g) ?? []).length < 2) return false;
  }
  const cs = chunks(line.text);
  if (cs.length < cfg.minChunks) return false;
  const rest = viewText.slice(0, line.a) + '\n' + viewText.slice(line.b);
  const found = cs.filter((c) => rest.includes(c)).length;
  return found / cs.length <= cfg.maxOverlap;
}
