/**
 * EntitySpan extraction over one document: candidates from every rule, one overlap
 * resolution, in-document linking, a second pass for in-document aliases, and the
 * final EntitySpan objects in input offsets.
 */
import type { EntitySpan, EntityType, NormView, Span, Token } from '../../doc/types.js';
import { ENTITY_TYPES } from '../../doc/types.js';
import { identityView, inputToView, inputToViewFrom, viewSpanToInput } from '../../doc/offsets.js';
import type { CompiledRules, LexEntry } from './compile.js';
import {
  type Cand, MatchCtx, latinPhrases, matchFramedNames, matchGazetteerNames, matchHeadLatin, matchHeadRun, matchHonorificNames,
  matchLatinPerson, matchLatinPhrase, matchLexicon, matchPositions, matchQuotedNames, matchRegex, lexiconHits, matchVenues, matchAdminPlaces, matchLatinLexicon,
} from './matchers.js';
import { linkParentheses, linkPositions, matchLearned, resolveAnaphors, unifyCanonicals } from './linker.js';
import { resolveOverlaps } from './resolver.js';
import { Trie, type TrieHit } from './trie.js';
import { canonicalText, isThaiWordChar, unicodeCopy } from './text.js';

export interface ExtractInput {
  text: string;
  norm?: NormView;
  tokens?: Token[];
  /** input spans entities may come from (title and body zones); all text when absent */
  allowed?: Span[];
  /** entities already in the doc (dates, numbers …) — they compete in overlap resolution */
  existing?: EntitySpan[];
}

export interface ExtractOptions {
  aliasSimilarity?: number;
  /** priority of entities found by earlier stages, by type */
  priorities?: Record<string, number>;
  /** keep BLOCK spans in the output (rule-example tests) */
  keepBlocked?: boolean;
}

export const DEFAULT_EXISTING_PRIORITIES: Record<string, number> = {
  NUMBER: 1, DATE: 5, TIME: 5, MONEY: 5, PERCENT: 5, URL: 11,
};

interface Work extends Cand {
  existing?: EntitySpan;
}

export function extractEntities(input: ExtractInput, R: CompiledRules, opts: ExtractOptions = {}): EntitySpan[] {
  const view = input.norm ?? identityView(input.text);
  const ctx = matchContext(input, view, R);
  const pass1 = firstPass(ctx, R);
  const prios = { ...DEFAULT_EXISTING_PRIORITIES, ...(opts.priorities ?? {}) };
  const existing: Work[] = (input.existing ?? []).map((e) => ({
    start: inputToView(view, e.start), end: inputToView(view, e.end), type: e.type, rule: e.rule,
    priority: prios[e.type] ?? 5, canonical: e.canonical, value: undefined, existing: e,
  }));
  const inZone = (c: Cand) => ctx.allowed(c.start, c.end);
  let resolved: Work[] = resolveOverlaps<Work>([...pass1.filter(inZone), ...existing]);
  resolved = secondPass(ctx, R, resolved, inZone);
  resolved = tidy(ctx, R, resolved, opts);
  resolved = nested(ctx, R, resolved, pass1);
  return toEntities(input, view, resolved, opts, R);
}

/** the matching context of a document: token edges and allowed (zone) characters in view offsets */
function matchContext(input: ExtractInput, view: NormView, R: CompiledRules): MatchCtx {
  const t = view.text;
  const n = t.length;
  const boundary = new Uint8Array(n + 1);
  if (input.tokens) {
    // token edges in view offsets (they ascend, as a segmenter's do; a token that starts where
    // the one before it ended has its start marked already)
    let j = 0;
    let prevEnd = -1;
    for (const tok of input.tokens) {
      if (tok.start !== prevEnd) boundary[(j = inputToViewFrom(view, j, tok.start))] = 1;
      boundary[(j = inputToViewFrom(view, j, tok.end))] = 1;
      prevEnd = tok.end;
    }
  } else {
    // no tokens: every change of script is an edge, Thai runs have none inside
    for (let i = 1; i < n; i++) if (isThaiWordChar(t.charCodeAt(i)) !== isThaiWordChar(t.charCodeAt(i - 1))) boundary[i] = 1;
  }
  const allowedSum = new Int32Array(n + 1);
  {
    const mark = new Uint8Array(n);
    if (input.allowed) {
      for (const z of input.allowed) mark.fill(1, inputToView(view, z.start), inputToView(view, z.end));
    } else mark.fill(1);
    for (let i = 0; i < n; i++) allowedSum[i + 1] = allowedSum[i] + mark[i];
  }
  return new MatchCtx(t, boundary, allowedSum, R);
}

/** pass 1: the candidates of every rule */
function firstPass(ctx: MatchCtx, R: CompiledRules): Cand[] {
  const phrases = latinPhrases(ctx);
  const latinKeywordRes = R.rules.filter((r) => r.kind === 'latin-phrase').map((r) => unicodeCopy(r.re as RegExp));
  const pass1: Cand[] = [];
  let positionStarts: number[] = [];
  let lexHits: Map<string, TrieHit<LexEntry>[]> | undefined;
  for (const rule of R.rules) {
    switch (rule.kind) {
      case 'lexicon': pass1.push(...matchLexicon(ctx, rule, (lexHits ??= lexiconHits(ctx)).get(rule.id)!)); break;
      case 'regex': pass1.push(...matchRegex(ctx, rule)); break;
      case 'head-run': pass1.push(...matchHeadRun(ctx, rule)); break;
      case 'latin-phrase': pass1.push(...matchLatinPhrase(ctx, rule, phrases)); break;
      case 'latin-lexicon': pass1.push(...matchLatinLexicon(ctx, rule, phrases)); break;
      case 'head-latin': {
        const kw = R.rules.filter((r) => r.kind === 'latin-phrase' && r.type === rule.type).map((r) => unicodeCopy(r.re as RegExp));
        pass1.push(...matchHeadLatin(ctx, rule, phrases, kw));
        break;
      }
      case 'latin-person': pass1.push(...matchLatinPerson(ctx, rule, phrases, latinKeywordRes)); break;
      case 'honorific-name': pass1.push(...matchHonorificNames(ctx, rule)); break;
      case 'venue': pass1.push(...matchVenues(ctx, rule)); break;
      case 'admin-place': pass1.push(...matchAdminPlaces(ctx, rule)); break;
      case 'gazetteer-name': pass1.push(...matchGazetteerNames(ctx, rule)); break;
      case 'position': {
        const persons: Cand[] = [];
        const found = matchPositions(ctx, rule, persons, R.rules.find((r) => r.kind === 'framed-name')?.id);
        positionStarts = found.map((c) => c.start);
        pass1.push(...found, ...persons);
        break;
      }
      case 'anaphor': {
        for (const c of matchRegex(ctx, rule)) pass1.push(c);
        break;
      }
      default: break;
    }
  }
  const framed = R.rules.find((r) => r.kind === 'framed-name');
  if (framed) pass1.push(...matchFramedNames(ctx, framed, positionStarts));

  return pass1;
}

/** pass 2: in-document persons (given names, quoted short forms) and learned acronyms */
function secondPass(ctx: MatchCtx, R: CompiledRules, resolved: Work[], inZone: (c: Cand) => boolean): Work[] {
  const t = ctx.t;
  const n = ctx.n;
  const boundary = ctx.boundary;
  const docNames = new Trie<string>();
  const docGiven = new Map<string, string>();
  for (const c of resolved) {
    if (c.type !== 'PERSON' || c.existing) continue;
    const g = c.value?.given as string | undefined;
    if (g && c.value?.family && /^[\u0E00-\u0E7F]/.test(g)) {
      if (g.length >= 3 && !docGiven.has(g)) docGiven.set(g, c.canonical);
      docNames.add(g, c.canonical);
      docNames.add(c.canonical, c.canonical);
    }
  }
  const pass2: Cand[] = [];
  const honor = R.rules.find((r) => r.kind === 'honorific-name');
  if (honor && docNames.size) pass2.push(...matchHonorificNames(ctx, honor, docNames));
  const quoted = R.rules.find((r) => r.kind === 'quoted-name');
  if (quoted) pass2.push(...matchQuotedNames(ctx, quoted, docGiven));
  const alias = R.rules.find((r) => r.kind === 'doc-alias');
  if (alias && docGiven.size) {
    const trie = new Trie<string>();
    for (const [g, full] of docGiven) trie.add(g, full);
    for (const h of trie.findAll(t, (i) => i === 0 || !isThaiWordChar(t.charCodeAt(i - 1)) || boundary[i] === 1, () => true)) {
      const after = h.end;
      const stopOk = after >= n || !isThaiWordChar(t.charCodeAt(after)) || boundary[after] === 1 ||
        (R.lex.get('notNames')?.matchesAt(t, after).length ?? 0) > 0 || (R.lex.get('positions')?.matchesAt(t, after).length ?? 0) > 0;
      if (!stopOk) continue;
      pass2.push({ start: h.start, end: h.end, type: alias.type, rule: alias.id, priority: alias.priority, canonical: h.payload, value: { given: t.slice(h.start, h.end) } });
    }
  }
  const acrRule = R.rules.find((r) => r.kind === 'acronym-paren');
  if (acrRule) {
    const { added, learned } = linkParentheses(ctx, resolved, acrRule.re as RegExp, acrRule.id, acrRule.priority);
    pass2.push(...added, ...matchLearned(ctx, learned, acrRule.id, acrRule.priority));
  }
  if (pass2.length) {
    resolved = resolveOverlaps<Work>([...resolved, ...pass2.filter(inZone)]);
    if (acrRule) linkParentheses(ctx, resolved, acrRule.re as RegExp, acrRule.id, acrRule.priority);
  }
  return resolved;
}

/** glued family names, anaphors, one canonical per entity, POSITION → PERSON links */
function tidy(ctx: MatchCtx, R: CompiledRules, resolved: Work[], opts: ExtractOptions): Work[] {
  const t = ctx.t;
  // a family name that disagrees with the document's full name for this given name and is
  // not a known family name is a glued word (เสรีพิศุทธ์ เช่นกัน): keep the given name only
  const famGaz = R.lex.get('familyNames');
  const fullByGiven = new Map<string, string>();
  for (const c of resolved) {
    const g = c.value?.given as string | undefined;
    const f = c.value?.family as string | undefined;
    if (c.type === 'PERSON' && g && f && famGaz?.has(f) && !fullByGiven.has(g)) fullByGiven.set(g, f);
  }
  for (const c of resolved) {
    const g = c.value?.given as string | undefined;
    const f = c.value?.family as string | undefined;
    if (c.type !== 'PERSON' || !g || !f || famGaz?.has(f)) continue;
    const known = fullByGiven.get(g);
    if (known && known !== f && t.slice(c.end - f.length - 1, c.end) === ' ' + f) {
      c.end -= f.length + 1;
      const { family: _drop, ...rest } = c.value!;
      c.value = rest;
      c.canonical = g;
    }
  }
  const anaphor = R.rules.find((r) => r.kind === 'anaphor');
  if (anaphor) resolved = resolveAnaphors(resolved, anaphor.id) as Work[];
  const mine = resolved.filter((c) => !c.existing);
  unifyCanonicals(mine, opts.aliasSimilarity ?? 0.94);
  linkPositions(ctx, resolved);

  return resolved;
}

/**
 * Entities inside others, added after overlap resolution and linking: the organisation named in
 * a position title (ปลัด|กระทรวงยุติธรรม), linked from the POSITION's value.org; the organisations
 * an event's name holds; the buildings and organisations a venue names; and the place an
 * organisation stands for after ณ (ณ กรมประชาสัมพันธ์), a LOCATION twin of the ORG.
 */
function nested(ctx: MatchCtx, R: CompiledRules, resolved: Work[], pass1: Cand[]): Work[] {
  const inPos = R.rules.find((r) => r.kind === 'org-in-position');
  const atOrg = R.rules.find((r) => r.kind === 'place-at-org');
  const t = ctx.t;
  const add: Work[] = [];
  let prev: Work | undefined;
  for (const c of resolved) {
    const before = prev;
    prev = c;
    // a head of government's concurrent portfolio (นายกรัฐมนตรีและรัฐมนตรีว่าการกระทรวง…) is part of the title
    const concurrent = before?.type === 'POSITION' && !before.value?.org && /^\s?และ\s?$/.test(t.slice(before.end, c.start));
    if (inPos && c.type === 'POSITION' && typeof c.value?.orgStart === 'number' && !concurrent) {
      const s = c.value.orgStart as number;
      const e = c.value.orgEnd as number;
      const canonical = (c.value.org as string | undefined) ?? canonicalText(t.slice(s, e));
      c.value.org = canonical;
      add.push({ start: s, end: e, type: 'ORG', rule: inPos.id, priority: inPos.priority, canonical, value: undefined });
    }
  }
  // the organisations an event's name holds (การประชุมคณะรัฐมนตรี, การประชุมสมัชชาสหประชาชาติ)
  const events = resolved.filter((c) => c.type === 'EVENT' && !c.existing);
  if (events.length) {
    const orgsIn = pass1.filter((o) => o.type === 'ORG' && events.some((e) => e.start <= o.start && o.end <= e.end && (e.start < o.start || o.end < e.end)));
    for (const o of resolveOverlaps(orgsIn)) add.push({ ...o, value: o.value ? { ...o.value } : undefined });
  }
  // the buildings and organisations a venue names (ห้องสีม่วง ตึกไทยคู่ฟ้า ทำเนียบรัฐบาล)
  const orgHead = R.rules.find((r) => r.type === 'ORG' && r.kind === 'head-run');
  const orgLex = R.lex.get('orgs');
  const placeLex = R.lex.get('locations');
  for (const c of resolved) {
    const parts = c.type === 'LOCATION' ? (c.value?.parts as [number, number, string][] | undefined) : undefined;
    if (!parts) continue;
    delete c.value!.parts;
    for (const [s, e, type] of parts) {
      if (type === 'ORG' && !orgHead) continue;
      const known = (type === 'ORG' ? orgLex : placeLex)?.longestAt(t, s, (k) => k === e);
      const canonical = known?.payload.canonical ?? canonicalText(t.slice(s, e));
      add.push(type === 'ORG'
        ? { start: s, end: e, type, rule: known ? (R.rules.find((r) => r.type === 'ORG' && r.kind === 'lexicon')?.id ?? orgHead!.id) : orgHead!.id, priority: orgHead!.priority, canonical, value: undefined }
        : { start: s, end: e, type, rule: known ? (R.rules.find((r) => r.type === 'LOCATION' && r.kind === 'lexicon')?.id ?? c.rule) : c.rule, priority: c.priority, canonical, value: { kind: 'venue', within: c.canonical } });
    }
  }
  if (atOrg) {
    const orgs = [...resolved, ...add].filter((c) => c.type === 'ORG');
    for (const c of orgs) {
      const before = t.slice(Math.max(0, c.start - 2), c.start);
      if (!/ณ\s?$/.test(before)) continue;
      add.push({ start: c.start, end: c.end, type: 'LOCATION', rule: atOrg.id, priority: atOrg.priority, canonical: c.canonical, value: { kind: 'venue', org: c.canonical } });
    }
  }
  return add.length ? [...resolved, ...add].sort((a, b) => a.start - b.start || b.end - a.end) : resolved;
}

/** value.kind of an ORG or LOCATION from the rules file's `kinds` (the first pattern that matches its canonical form) */
export function kindOf(R: CompiledRules, type: string, canonical: string): string | undefined {
  for (const k of R.kinds) if (k.type === type && k.re.test(canonical)) return k.kind;
  return undefined;
}

/** the resolved candidates as EntitySpan objects in input offsets, sorted */
function toEntities(input: ExtractInput, view: NormView, resolved: Work[], opts: ExtractOptions, R: CompiledRules): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (const c of resolved) {
    if (c.existing) {
      out.push(c.existing);
      continue;
    }
    if (c.type === 'BLOCK' && !opts.keepBlocked) continue;
    if (!(ENTITY_TYPES as readonly string[]).includes(c.type) && c.type !== 'BLOCK') continue;
    const span = viewSpanToInput(view, c.start, c.end);
    const value = c.value ? { ...c.value } : undefined;
    if (value && typeof value.personStart === 'number') {
      // the linked PERSON, by its input offsets; the validate stage turns this into its id
      const ps = viewSpanToInput(view, value.personStart as number, value.personEnd as number);
      delete value.personStart;
      delete value.personEnd;
      value.person = `@${ps.start}:${ps.end}`;
    }
    if (value && typeof value.orgStart === 'number') {
      delete value.orgStart;
      delete value.orgEnd;
    }
    let v = value;
    if ((c.type === 'ORG' || c.type === 'LOCATION') && !v?.kind) {
      const kind = kindOf(R, c.type, c.canonical);
      if (kind) v = { kind, ...(v ?? {}) };
    }
    const e: EntitySpan = {
      id: '', type: c.type as EntityType, text: input.text.slice(span.start, span.end), start: span.start, end: span.end,
      canonical: c.canonical, rule: c.rule,
    };
    if (v && Object.keys(v).length) e.value = v;
    out.push(e);
  }
  // (the validate stage's order: a LOCATION twin before its ORG)
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
