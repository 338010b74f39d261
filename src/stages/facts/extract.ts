import type { EntitySpan, EntityRef, Fact, NormView, Span, Zone } from '../../doc/types.js';
import { identityView, inputToView, viewSpanToInput } from '../../doc/offsets.js';
import { testPattern, type CompiledPattern, type CompiledTrigger, type FactRules } from './rules.js';

/** What the extractor needs from a Doc (all offsets are input offsets). */
export interface FactInput {
  text: string;
  norm?: NormView;
  sentences?: Span[];
  zones?: Zone[];
  entities?: EntitySpan[];
}

/** A possible actor: a PERSON (resolved to the mention that names them fully) or another entity. */
interface Mention {
  start: number;
  end: number;
  kind: 'person' | 'other';
  /** the entity the fact points at (for persons: the antecedent full-name mention) */
  target: EntitySpan;
  position: string | null;
}

interface Trigger {
  rule: CompiledTrigger;
  start: number;
  end: number;
}

interface Draft {
  fact: Fact;
  sentence: number;
  paragraph: number;
  eventCanonical: string | null;
  dateExplicit: boolean;
  modeExplicit: boolean;
  actorCanonical: string | null;
  /** the actors are the clause subject (false for organisers named after the trigger) */
  subject: boolean;
  actors: Mention[];
}

const ref = (e: EntitySpan): EntityRef => ({ entity: `@${e.start}:${e.end}`, text: e.text });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** one sentence per non-blank line, trimmed (used when no sentences stage ran) */
export function lineSentences(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n]+/g;
  for (const m of text.matchAll(re)) {
    const s = m.index!;
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    if (raw.trim().length) out.push({ start: s + lead, end: s + raw.length - trail });
  }
  return out;
}

/** the next index after an empty match (one code point in unicode mode) */
function advanceIndex(s: string, i: number, unicode: boolean): number {
  if (!unicode || i + 1 >= s.length) return i + 1;
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return i + 1;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

/** input[start, end) as the normalised view's text: what the patterns of a sentence run over */
interface Piece {
  /** view offset of sub[0] */
  vs: number;
  sub: string;
}

function pieceOf(view: NormView, start: number, end: number): Piece {
  const vs = inputToView(view, start);
  return { vs, sub: view.text.slice(vs, inputToView(view, end)) };
}

/** all matches of a pattern in a piece, as input spans */
function findIn(p: CompiledPattern, view: NormView, piece: Piece): { start: number; end: number; text: string }[] {
  const { vs, sub } = piece;
  const out: { start: number; end: number; text: string }[] = [];
  // what sub.matchAll(p.re) yields, without cloning the regexp per call
  const re = p.re;
  re.lastIndex = 0;
  for (let m = re.exec(sub); m; m = re.exec(sub)) {
    if (m[0].length === 0) {
      re.lastIndex = advanceIndex(sub, re.lastIndex, re.unicode);
      continue;
    }
    const span = viewSpanToInput(view, vs + m.index, vs + m.index + m[0].length);
    out.push({ ...span, text: m[0] });
  }
  re.lastIndex = 0;
  return out;
}

/** does findIn find anything (the same matches, stopping at the first) */
function hasIn(p: CompiledPattern, piece: Piece): boolean {
  const { sub } = piece;
  const re = p.re;
  re.lastIndex = 0;
  let found = false;
  for (let m = re.exec(sub); m; m = re.exec(sub)) {
    if (m[0].length > 0) {
      found = true;
      break;
    }
    re.lastIndex = advanceIndex(sub, re.lastIndex, re.unicode);
  }
  re.lastIndex = 0;
  return found;
}

/** all matches of a pattern in input[start, end), matched over the normalised view, as input spans */
function findAll(p: CompiledPattern, view: NormView, start: number, end: number): { start: number; end: number; text: string }[] {
  return findIn(p, view, pieceOf(view, start, end));
}

const normMemo = new WeakMap<object, Map<string, string>>();

function normPosition(s: string, abbr: { abbr: string; expansion: string }[]): string {
  let memo = normMemo.get(abbr);
  if (!memo) normMemo.set(abbr, (memo = new Map()));
  let v = memo.get(s);
  if (v === undefined) {
    v = normPositionUncached(s, abbr);
    if (memo.size >= 10000) memo.clear();
    memo.set(s, v);
  }
  return v;
}

function normPositionUncached(s: string, abbr: { abbr: string; expansion: string }[]): string {
  let t = s;
  for (const a of abbr) t = t.split(a.abbr).join(a.expansion);
  return t
    .replace(/\([^)]*\)/g, '')
    .replace(/ประจำ/g, '')
    .replace(/ฯ/g, '')
    .replace(/[\s.]+/g, '');
}

/** acronyms in parentheses, e.g. "(ดีอีเอส)" */
function acronyms(s: string): string[] {
  return [...s.matchAll(/\(([^)]+)\)/g)].map((m) => m[1].replace(/\s+/g, ''));
}

/**
 * Does an unlinked position mention (`ผู้ช่วยรัฐมนตรีฯ`, `รมว.ดีอีเอส`) refer back to a
 * person's stated position? The short form, abbreviations expanded and `ฯ`/`ประจำ`/spaces
 * dropped, must be a prefix of the full one, or be a prefix followed by an acronym the full
 * form gives in parentheses.
 */
export function positionRefersTo(short: string, full: string, abbr: { abbr: string; expansion: string }[]): boolean {
  const u = normPosition(short, abbr);
  const l = normPosition(full, abbr);
  if (u.length < 4) return false;
  if (l.startsWith(u)) return true;
  if (l.length >= 12 && u.startsWith(l)) return true;
  for (const ac of acronyms(full)) {
    if (u.endsWith(ac)) {
      const head = u.slice(0, u.length - ac.length);
      if (head.length >= 4 && l.startsWith(head)) return true;
    }
  }
  return false;
}

function givenName(canonical: string): string {
  return canonical.split(/\s+/)[0];
}

/** the person a POSITION is linked to by the entities stage: value.person "@s:e" */
function linkedPersonKey(p: EntitySpan): string | null {
  const v = p.value ?? {};
  return typeof v.person === 'string' && v.person.startsWith('@') ? v.person.slice(1) : null;
}

/** a position written right next to its person ("นายก ข ตำแหน่ง", "ตำแหน่ง (นายก ข)") */
function adjacent(text: string, a: Span, b: Span): boolean {
  const gap = a.end <= b.start ? text.slice(a.end, b.start) : b.end <= a.start ? text.slice(b.end, a.start) : '';
  return /^[\s()]{0,4}$/.test(gap);
}

/** build actor mentions: persons resolved to their representative mention, positions that refer back resolved to their person */
function buildMentions(text: string, entities: EntitySpan[], abbr: { abbr: string; expansion: string }[]): Mention[] {
  const persons = entities.filter((e) => e.type === 'PERSON');
  const byKey = new Map(persons.map((p) => [`${p.start}:${p.end}`, p]));
  const positions = entities.filter((e) => e.type === 'POSITION');
  const written = (p: EntitySpan) =>
    typeof p.value?.family === 'string' || /\s/.test(p.text.replace(/^(?:นาย|นางสาว|นาง|Mr\.|Ms\.|Mrs\.|ดร\.)\s*/, '').trim());
  // clusters: same canonical; a single given name joins the full name it starts
  const full = persons.filter((p) => /\s/.test(p.canonical.trim()));
  // the first full name by its given name (what full.find(givenName(q.canonical) === c) finds)
  const fullByGiven = new Map<string, EntitySpan>();
  for (const q of full) {
    const g = givenName(q.canonical);
    if (!fullByGiven.has(g)) fullByGiven.set(g, q);
  }
  const clusterKey = (p: EntitySpan): string => {
    const c = p.canonical.trim();
    if (/\s/.test(c)) return c;
    const f = fullByGiven.get(c);
    return f ? f.canonical.trim() : c;
  };
  const rep = new Map<string, EntitySpan>();
  for (const p of persons) {
    const k = clusterKey(p);
    const cur = rep.get(k);
    if (!cur || (!written(cur) && written(p))) rep.set(k, p);
  }
  const target = (p: EntitySpan) => rep.get(clusterKey(p))!;
  // stated positions: a linked position written next to a mention of the person
  const stated = new Map<EntitySpan, EntitySpan[]>();
  const corefPositions: { pos: EntitySpan; person: EntitySpan }[] = [];
  const unlinked: EntitySpan[] = [];
  for (const pos of positions) {
    const key = linkedPersonKey(pos);
    const person = key ? byKey.get(key) : undefined;
    if (!person) {
      unlinked.push(pos);
      continue;
    }
    if (person.start > pos.end && !adjacent(text, person, pos) && !text.slice(pos.end, person.start).includes('\n')) {
      unlinked.push(pos); // a link forward within the line is not a back-reference
      continue;
    }
    if (pos.value?.coreference !== true && adjacent(text, person, pos)) {
      const t = target(person);
      stated.set(t, [...(stated.get(t) ?? []), pos]);
    } else corefPositions.push({ pos, person });
  }
  const positionOf = (t: EntitySpan): string | null => {
    const ps = stated.get(t) ?? [];
    const own = ps.find((p) => adjacent(text, t, p));
    return (own ?? ps[0])?.text ?? null;
  };
  const out: Mention[] = [];
  for (const p of persons) {
    const t = target(p);
    out.push({ start: p.start, end: p.end, kind: 'person', target: t, position: positionOf(t) });
  }
  for (const { pos, person } of corefPositions) {
    const t = target(person);
    out.push({ start: pos.start, end: pos.end, kind: 'person', target: t, position: positionOf(t) });
  }
  for (const pos of [...unlinked]) {
    const p = persons.find((q) => adjacent(text, q, pos));
    if (p && !stated.has(target(p))) {
      stated.set(target(p), [pos]);
      unlinked.splice(unlinked.indexOf(pos), 1);
    }
  }
  for (const pos of unlinked) {
    // refers back to a person whose stated position it abbreviates
    const cands: { t: EntitySpan; at: number }[] = [];
    for (const [t, ps] of stated) {
      const hit = ps.find((lp) => positionRefersTo(pos.text, lp.text, abbr) || positionRefersTo(pos.canonical, lp.canonical, abbr));
      if (hit) cands.push({ t, at: hit.start });
    }
    cands.sort((a, b) => a.at - b.at);
    const before = cands.filter((x) => x.at < pos.start);
    const after = cands.filter((x) => x.at > pos.start && text.slice(pos.start, x.at).includes('\n'));
    const pick = before.length ? before[before.length - 1] : after[0];
    if (pick) out.push({ start: pos.start, end: pos.end, kind: 'person', target: pick.t, position: positionOf(pick.t) });
    else out.push({ start: pos.start, end: pos.end, kind: 'other', target: pos, position: pos.text });
  }
  for (const e of entities) {
    if (e.type === 'ORG' || e.type === 'LOCATION' || e.type === 'PROJECT') {
      out.push({ start: e.start, end: e.end, kind: 'other', target: e, position: null });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** keep the sentences a fact may come from: those starting in a body zone (all when there are no zones) */
export function bodySentences(sentences: Span[], zones: Zone[] | undefined): Span[] {
  const body = (zones ?? []).filter((z) => z.kind === 'body');
  if (!zones || zones.length === 0) return sentences;
  if (body.length === 0) return sentences.filter((s) => !zones.some((z) => z.kind !== 'body' && z.start <= s.start && s.start < z.end));
  return sentences.filter((s) => body.some((z) => z.start <= s.start && s.start < z.end));
}

export function extractFacts(input: FactInput, rules: FactRules): Fact[] {
  const text = input.text;
  const view = input.norm ?? identityView(text);
  const entities = [...(input.entities ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
  // extraction units: lines (paragraphs) of the body; the sentence pieces only bound the evidence
  const sentences = bodySentences(lineSentences(text), input.zones);
  const pieces = [...(input.sentences ?? [])].sort((a, b) => a.start - b.start);
  const evidenceOf = (unit: Span, lo: number, hi: number): Span => {
    const a = pieces.find((p) => p.start <= lo && lo < p.end && p.start >= unit.start);
    const b = pieces.find((p) => p.start < hi && hi <= p.end && p.end <= unit.end);
    return { start: a ? a.start : unit.start, end: b ? b.end : unit.end };
  };
  const mentions = buildMentions(text, entities, rules.positionAbbreviations);
  const events = entities.filter((e) => e.type === 'EVENT');
  const dates = entities.filter((e) => e.type === 'DATE' && typeof e.value?.iso === 'string' && DAY.test(e.value.iso as string));
  const locations = entities.filter((e) => e.type === 'LOCATION');
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const paragraphOf = (off: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const paragraphSpan = (p: number): Span => ({ start: lineStarts[p], end: p + 1 < lineStarts.length ? lineStarts[p + 1] : text.length });

  // document-scope mode statements ("the meeting was held online")
  let docMode: Fact['mode'] = null;
  // (the first statement wins: once one is found, the rest is not searched)
  for (const s of sentences) {
    if (docMode !== null) break;
    const piece = pieceOf(view, s.start, s.end);
    for (const m of rules.modes) if (docMode === null && m.scope === 'document' && hasIn(m, piece)) docMode = m.mode;
  }

  const excluded = (m: Mention, ws: number): boolean => {
    const before = text.slice(Math.max(ws, m.start - 24), m.start);
    return testPattern(rules.actorExclusion, before);
  };

  const drafts: Draft[] = [];
  sentences.forEach((s, si) => {
    // triggers: longest first, then rule order; no two overlap
    const found: Trigger[] = [];
    const piece = pieceOf(view, s.start, s.end);
    rules.triggers.forEach((rule) => {
      for (const m of findIn(rule, view, piece)) found.push({ rule, start: m.start, end: m.end });
    });
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const triggers: Trigger[] = [];
    for (const t of found) if (!triggers.some((u) => u.start < t.end && t.start < u.end)) triggers.push(t);
    triggers.sort((a, b) => a.start - b.start);
    if (!triggers.length) return;
    const clauseEnds = findIn(rules.clauseMarkers, view, piece).map((m) => m.end);
    const speechEnds = findIn(rules.speechMarkers, view, piece).map((m) => m.end);
    const paragraph = paragraphOf(s.start);
    const inSentence = (e: Span) => e.start >= s.start && e.end <= s.end;
    const sentenceModes = rules.modes.filter((m) => m.scope === 'sentence' && hasIn(m, piece));
    const anaphoric = hasIn(rules.eventAnaphora, piece);

    const findActors = (t: Trigger, idx: number): Mention[] => {
      if (t.rule.actor === 'after') {
        const after = mentions.filter((m) => m.start >= t.end && m.end <= s.end);
        if (!after.length || text.slice(t.end, after[0].start).trim() !== '') return [];
        const out = [after[0]];
        let last = after[0];
        for (const m of after.slice(1)) {
          if (m.start < last.end) continue;
          const gap = text.slice(last.end, m.start);
          if (/^\s*(?:\)\s*)?(?:ร่วมกับ|และ|,)\s*$/.test(gap) && m.target.type !== 'LOCATION') {
            if (!out.some((o) => o.target.canonical === m.target.canonical)) out.push(m);
          } else if (!/^[\s()\-–]*(?:ของ|ใน)?\s*$/.test(gap)) break;
          last = m; // an alias in brackets or "ของสาธารณรัฐเกาหลี": the same organiser
        }
        return out;
      }
      const prevEnd = idx > 0 ? triggers[idx - 1].end : s.start;
      // windows from the innermost clause outwards (across "กล่าวว่า" only)
      const hard = [s.start, ...clauseEnds].filter((b) => b <= t.start);
      const hardStart = Math.max(prevEnd, hard[hard.length - 1]);
      const softs = speechEnds.filter((b) => b > hardStart && b <= t.start).sort((a, b) => b - a);
      const windows = [...softs, hardStart];
      for (const ws of windows) {
        const inWin = mentions.filter((m) => m.start >= ws && m.end <= t.start);
        // "รัฐมนตรีจากประเทศโดมินิกัน": a group named by where its members come from
        const firstOther = inWin.find((m) => m.kind === 'other' && m.target.type !== 'POSITION');
        if (firstOther && !inWin.some((m) => m.kind === 'person' && m.start < firstOther.start)) {
          const lead = text.slice(ws, firstOther.start);
          const g = findAll(rules.groupActor, identityView(lead), 0, lead.length)[0];
          if (g) return [{ ...firstOther, position: text.slice(ws + g.start, firstOther.end) }];
        }
        const persons = inWin.filter((m) => m.kind === 'person' && !excluded(m, ws));
        const seen = new Set<EntitySpan>();
        const uniq = persons.filter((m) => (seen.has(m.target) ? false : (seen.add(m.target), true)));
        if (uniq.length) return uniq;
        const clauseStart = ws !== prevEnd || ws === s.start || clauseEnds.includes(ws) || speechEnds.includes(ws);
        const typed = t.rule.actorTypes.length
          ? inWin.find((m) => m.kind === 'other' && t.rule.actorTypes.includes(m.target.type) && !excluded(m, ws))
          : undefined;
        if (typed) return [typed];
        if (clauseStart) {
          const other = inWin.find((m) => m.kind === 'other' && !excluded(m, ws));
          if (other) return [other];
        }
      }
      return [];
    };

    const findEvent = (t: Trigger, idx: number): EntitySpan | null => {
      const nextStart = idx + 1 < triggers.length ? triggers[idx + 1].start : s.end;
      if (t.rule.actor !== 'after' && t.rule.event !== 'before') {
        const after = events.find(
          (e) => e.start >= t.start && e.start < nextStart && e.end <= s.end && (e.start - t.end <= 30 || testPattern(rules.eventBridge, text.slice(t.end, e.start))),
        );
        if (after) return after;
      }
      if (t.rule.event === 'after') return null;
      // a later verb of the same line shares the event of the first one
      const prevInUnit = [...drafts].reverse().find((d) => d.sentence === si);
      if (prevInUnit) return prevInUnit.fact.event ? events.find((e) => `@${e.start}:${e.end}` === prevInUnit.fact.event!.entity) ?? null : null;
      const before = events.filter((e) => inSentence(e) && e.end <= t.start);
      if (before.length) return before[before.length - 1];
      return null;
    };

    const findDate = (t: Trigger): string | null => {
      const inS = dates.filter(inSentence);
      const before = inS.filter((d) => d.end <= t.start);
      const pick = before.length ? before[before.length - 1] : inS.find((d) => d.start >= t.end);
      if (pick) return pick.value!.iso as string;
      const ps = paragraphSpan(paragraph);
      const inP = dates.filter((d) => d.start >= ps.start && d.end <= ps.end);
      if (inP.length) return inP[0].value!.iso as string;
      // a line that only gives the date ("เมื่อวันอังคารที่ ๙ มีนาคม ๒๕๖๔ เวลา ๐๙.๓๐ น.") dates the lines after it
      for (let q = paragraph - 1; q >= 0 && q >= paragraph - 3; q--) {
        const qs = paragraphSpan(q);
        const ds = dates.filter((d) => d.start >= qs.start && d.end <= qs.end);
        if (!ds.length) continue;
        const rest = entities
          .filter((e) => (e.type === 'DATE' || e.type === 'TIME') && e.start >= qs.start && e.end <= qs.end)
          .reduce((acc, e) => acc.replace(text.slice(e.start, e.end), ''), text.slice(qs.start, qs.end));
        if (rest.replace(/\s|เมื่อ|วันที่|เวลา|น\.|ณ/g, '').length <= 2) return ds[0].value!.iso as string;
        break;
      }
      return null;
    };

    const findLocation = (t: Trigger): string | null => {
      const marked = locations.filter(
        (l) => inSentence(l) && testPattern(rules.locationMarker, text.slice(Math.max(s.start, l.start - 6), l.start)),
      );
      const pick = marked.find((l) => l.start >= t.end) ?? marked.filter((l) => l.end <= t.start).pop();
      if (!pick) return null;
      let end = pick.end;
      for (const e of entities) {
        if (e.start < end || !(e.type === 'LOCATION' || e.type === 'ORG')) continue;
        if (e.end > s.end || text.slice(end, e.start).trim() !== '') break;
        end = e.end;
      }
      return text.slice(pick.start, end);
    };

    triggers.forEach((t, idx) => {
      let actors = findActors(t, idx);
      if (!actors.length && t.rule.actor !== 'after') {
        // the subject of an earlier verb of the line (not an organiser named after จัดโดย)
        const prev = [...drafts].reverse().find((d) => d.sentence === si && d.subject && d.actors.length) ??
          [...drafts].reverse().find((d) => d.paragraph === paragraph && d.subject && d.actors.length);
        if (prev) actors = prev.actors;
      }
      if (!actors.length && t.rule.requireActor) return;
      let event = findEvent(t, idx);
      if (!event && t.rule.event !== 'after') {
        const prev = [...drafts].reverse().find((d) => (d.sentence === si || d.paragraph === paragraph) && d.fact.event);
        if (prev) event = events.find((e) => `@${e.start}:${e.end}` === prev.fact.event!.entity) ?? null;
      }
      if (!event && anaphoric && t.rule.event !== 'after') {
        const prevFact = [...drafts].reverse().find((d) => d.fact.event);
        event = prevFact
          ? events.find((e) => `@${e.start}:${e.end}` === prevFact.fact.event!.entity) ?? null
          : events.filter((e) => e.end <= t.start && sentences.some((x) => x.start <= e.start && e.end <= x.end)).pop() ?? null;
      }
      const date = findDate(t);
      const location = findLocation(t);
      let mode: Fact['mode'] = null;
      if (t.rule.event === 'after' && !event) {
        // a prize: only a mode stated after it ("… จัดขึ้นในรูปแบบ Virtual Platform")
        const rest = pieceOf(view, t.end, s.end);
        const m = rules.modes.find((r) => r.scope === 'sentence' && hasIn(r, rest));
        mode = m ? m.mode : null;
      } else if (sentenceModes.length) mode = (sentenceModes.find((m) => m.mode === 'hybrid') ?? sentenceModes[0]).mode;
      else if (docMode && event) mode = docMode;
      else if (location) mode = 'onsite';
      let counterpart: EntityRef | null | undefined;
      if (t.rule.counterpart) {
        const c = mentions.find((m) => m.start >= t.end && m.end <= s.end);
        counterpart = c ? ref(c.target) : null;
      }
      const list: (Mention | null)[] = actors.length ? actors : [null];
      for (const a of list) {
        let lo = t.start;
        let hi = t.end;
        if (a && a.start >= s.start && a.end <= s.end) lo = Math.min(lo, a.start);
        if (event && event.start >= s.start && event.end <= s.end) {
          lo = Math.min(lo, event.start);
          hi = Math.max(hi, event.end);
        }
        if (counterpart && t.rule.counterpart) {
          const c = mentions.find((m) => m.start >= t.end && m.end <= s.end);
          if (c) hi = Math.max(hi, c.end);
        }
        if (t.rule.actor === 'after' && a) hi = Math.max(hi, a.end);
        const fact: Fact = {
          id: '',
          type: t.rule.type,
          actor: a ? ref(a.target) : null,
          role: t.rule.role,
          position: a ? a.position : null,
          event: event ? ref(event) : null,
          date,
          location,
          mode,
          evidence: evidenceOf(s, lo, hi),
          rule: t.rule.id,
        };
        if (counterpart !== undefined) fact.counterpart = counterpart;
        drafts.push({
          fact,
          sentence: si,
          paragraph,
          eventCanonical: event?.canonical ?? null,
          dateExplicit: date !== null,
          modeExplicit: sentenceModes.length > 0,
          actorCanonical: a ? `${a.target.type}:${a.target.canonical}` : null,
          subject: t.rule.actor !== 'after',
          actors,
        });
      }
    });
  });

  // an event without its own date in the sentence or paragraph takes the date (and mode) stated for it elsewhere
  const eventDate = new Map<string, string>();
  const eventMode = new Map<string, NonNullable<Fact['mode']>>();
  for (const d of drafts) {
    if (!d.eventCanonical) continue;
    if (d.fact.date && !eventDate.has(d.eventCanonical)) eventDate.set(d.eventCanonical, d.fact.date);
    if (d.modeExplicit && d.fact.mode && !eventMode.has(d.eventCanonical)) eventMode.set(d.eventCanonical, d.fact.mode);
  }
  for (const d of drafts) {
    if (!d.eventCanonical) continue;
    if (!d.fact.date) d.fact.date = eventDate.get(d.eventCanonical) ?? null;
    if (!d.modeExplicit && eventMode.has(d.eventCanonical)) d.fact.mode = eventMode.get(d.eventCanonical)!;
  }

  // one fact per (type, actor, event, date, counterpart); a statement that gives the date itself wins
  const best = new Map<string, { d: Draft; i: number }>();
  drafts.forEach((d, i) => {
    const f = d.fact;
    const key = [f.type, d.actorCanonical ?? '-', d.eventCanonical ?? '-', f.date ?? '-', (f.counterpart as EntityRef | null | undefined)?.text ?? '-'].join('|');
    const cur = best.get(key);
    if (!cur || (!cur.d.dateExplicit && d.dateExplicit)) best.set(key, { d, i: cur ? cur.i : i });
  });
  // (no facts: return here — an empty array made by map/filter has another elements kind than a
  // full one, and optimised code that meets it is thrown away and compiled again)
  if (best.size === 0) return [];
  const kept = [...best.values()].sort((a, b) => a.i - b.i).map((x) => x.d);
  // a statement without a date (a lead line) repeats a dated one; a verb without an event repeats one of the same line that has it
  const same = (a: Draft, b: Draft) =>
    a.fact.type === b.fact.type && a.actorCanonical === b.actorCanonical &&
    (a.fact.counterpart as EntityRef | null | undefined)?.text === (b.fact.counterpart as EntityRef | null | undefined)?.text;
  const out: Fact[] = [];
  for (const d of kept) {
    if (d.fact.date === null && kept.some((o) => o !== d && same(o, d) && o.eventCanonical === d.eventCanonical && o.fact.date !== null)) continue;
    if (d.fact.event === null && kept.some((o) => o !== d && same(o, d) && o.sentence === d.sentence && o.fact.event !== null)) continue;
    out.push(d.fact);
  }
  return out;
}
