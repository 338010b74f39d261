/**
 * Events: one record per distinct event a release reports, with who took part.
 *
 * Units are the body's lines (paragraphs). In each line the heads of events.json are found: a
 * noun head starts an event's name (การประชุม…, พิธี…), a verb head reports that its subject took
 * part (เป็นประธาน…, ลงพื้นที่…, มอบ…); a verb followed by a noun head names the event by the noun.
 * A name runs to the `nameEnd` boundary. Persons of the line are the participants of the mention
 * they follow (the line's subject: of its verbs), except those the rules exclude (spokespersons,
 * who assigned, speech content); lines that go on about the event (anaphora, facts) add theirs.
 * Dates come from the line (before the head, else after), else a date-only line above, else
 * another mention of the same event; mentions with the same name are one event.
 */
import type { EntitySpan as Entity, EntityRef, EventParticipant, EventRecord, EventStatus, EventType, Fact, NormView, Span, Zone } from '../../doc/types.js';
import { identityView, inputToView, viewSpanToInput } from '../../doc/offsets.js';
import { testPattern, type CompiledPattern, type FactRules } from '../facts/rules.js';
import { bodySentences, lineSentences } from '../facts/extract.js';
import { readableText } from '../../doc/text.js';
import type { CompiledHead, EventRules } from './rules.js';

export interface EventInput {
  text: string;
  norm?: NormView;
  zones?: Zone[];
  entities?: Entity[];
  facts?: Fact[];
  published?: string | null;
}

interface Head {
  rule: CompiledHead;
  start: number;
  end: number;
}

interface Mention {
  line: number;
  /** the head that reports it (the verb when there is one) */
  head: Head;
  /** the role of the verb's subject, null for a noun alone */
  role: string | null;
  type: EventType;
  nameStart: number;
  nameEnd: number;
  persons: { p: Person; role: string }[];
  date: string | null;
  endDate: string | null;
  location: string | null;
  mode: EventRecord['mode'];
  status: EventStatus;
  /** a noun named in reported speech */
  inSpeech: boolean;
  event?: Draft;
}

interface Person {
  /** the entity that names the person in full (participants point at it) */
  entity: Entity;
  canonical: string;
  /** where this mention is */
  start: number;
  end: number;
  position: string | null;
}

interface Draft {
  mentions: Mention[];
  key: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ref = (e: Entity): string => `@${e.start}:${e.end}`;

function matches(p: CompiledPattern, s: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  p.re.lastIndex = 0;
  for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
    if (m[0].length === 0) {
      p.re.lastIndex++;
      continue;
    }
    out.push({ index: m.index, length: m[0].length });
  }
  p.re.lastIndex = 0;
  return out;
}

function firstMatch(p: CompiledPattern, s: string): number {
  p.re.lastIndex = 0;
  const m = p.re.exec(s);
  p.re.lastIndex = 0;
  return m ? m.index : -1;
}

/** a name without zero-width characters, with single spaces */
export const canonicalName = readableText;

/** the key two mentions of one event share: case, spaces, quotes, ฯ and punctuation ignored */
function nameKey(s: string): string {
  let k = keyMemo.get(s);
  if (k === undefined) keyMemo.set(s, (k = nameKeyOf(s)));
  return k;
}

/** keys asked for within one document (cleared per document: names repeat, documents do not) */
const keyMemo = new Map<string, string>();
const coreMemo = new Map<string, string>();

function nameKeyOf(s: string): string {
  return s.toLowerCase().replace(/[\s\u200b-\u200d\u2060\ufeff"“”'‘’ฯ.()\[\]\-–—,:]/gu, '');
}

/** the key without the words that only introduce an event (การ, พิธี, เป็นประธานใน…) */
function coreKey(k: string): string {
  let c = coreMemo.get(k);
  if (c === undefined) coreMemo.set(k, (c = coreKeyOf(k)));
  return c;
}

function coreKeyOf(k: string): string {
  return k.replace(/^(?:เป็นประธาน|ทำหน้าที่ประธาน)?(?:ใน)?(?:เข้าร่วม|ร่วม)?(?:ใน)?(?:การ|พิธี|งาน)?/u, '');
}

function sameEvent(a: string, b: string): boolean {
  const x = coreKey(a);
  const y = coreKey(b);
  if (x.length < 4 || y.length < 4) return false;
  if (x === y) return true;
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  if (s.length >= 10 && l.startsWith(s)) return true;
  if (s.length >= 12 && l.includes(s)) return true;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return i >= 10 && i >= 0.6 * s.length;
}

/** a name that is only an introducing word (การประชุม, พิธี, ประชุม, การประชุมฯ): it names no event of its own */
function nameless(name: string, rules?: EventRules): boolean {
  if (rules && testPattern(rules.bareHead, name.replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, ''))) return true;
  if (/^(?:ที่ประชุม|(?:การ)?ประชุม(?:ฯ|ครั้งนี้|ดังกล่าว)|(?:งาน|พิธี)(?:นี้|ดังกล่าว|ฯ))/u.test(name)) return true;
  const core = coreKey(nameKey(name)).replace(/^(?:ประชุม|หารือ|เปิด|ปิด)/u, '').replace(/^(?:งาน|การประชุม|การสัมมนา|การอบรม|การฝึกอบรม)/u, '');
  return core.length < 3;
}


export function extractEvents(input: EventInput, rules: EventRules, factRules: FactRules): { events: EventRecord[]; facts: Fact[] } {
  keyMemo.clear();
  coreMemo.clear();
  const text = input.text;
  const view = input.norm ?? identityView(text);
  const entities = [...(input.entities ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
  const facts = input.facts ?? [];
  const lines = bodySentences(lineSentences(text), input.zones);
  if (!lines.length) return { events: [], facts };
  const published = input.published ?? null;

  // persons: every PERSON mention and every POSITION linked to a person, resolved to the mention that names the person in full
  const personEnts = entities.filter((e) => e.type === 'PERSON');
  const byKey = new Map(personEnts.map((p) => [`${p.start}:${p.end}`, p]));
  const full = new Map<string, Entity>();
  // the mention that writes the name in full (given and family name), else the first with that canonical
  for (const p of personEnts) if (/\s/.test(p.canonical.trim()) && /\s/.test(p.text.trim()) && !full.has(p.canonical)) full.set(p.canonical, p);
  for (const p of personEnts) if (/\s/.test(p.canonical.trim()) && !full.has(p.canonical)) full.set(p.canonical, p);
  const fullOf = (p: Entity): Entity => {
    const c = p.canonical.trim();
    if (full.has(c)) return full.get(c)!;
    for (const [k, f] of full) if (k.split(/\s+/)[0] === c) return f;
    return p;
  };
  const positions = entities.filter((e) => e.type === 'POSITION');
  // the position written right after a person (at most 3 spaces or brackets between): positions are in
  // offset order, so only the first one at or after the person's end can be it
  const positionNextTo = (p: Entity): string | null => {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid].start < p.end) lo = mid + 1;
      else hi = mid;
    }
    const pos = positions[lo];
    return pos && pos.start - p.end <= 3 && /^[\s()]*$/.test(text.slice(p.end, pos.start)) ? pos.text : null;
  };
  const persons: Person[] = [];
  for (const p of personEnts) {
    const f = fullOf(p);
    persons.push({ entity: f, canonical: f.canonical, start: p.start, end: p.end, position: positionNextTo(p) });
  }
  for (const pos of positions) {
    const v = pos.value?.person;
    if (typeof v !== 'string' || !v.startsWith('@')) continue;
    const p = byKey.get(v.slice(1));
    if (!p || (p.start <= pos.end && pos.start <= p.end)) continue;
    // a position that refers back to a person named earlier ("นายกรัฐมนตรี กล่าวว่า" after the full name)
    if (p.start > pos.start) continue;
    const f = fullOf(p);
    persons.push({ entity: f, canonical: f.canonical, start: pos.start, end: pos.end, position: pos.text });
  }
  persons.sort((a, b) => a.start - b.start);
  // the person a fact's actor reference ("@start:end" of a PERSON mention) names
  const personByRef = new Map<string, Person>();
  for (const p of persons) if (p.start === p.entity.start || !personByRef.has(ref(p.entity))) personByRef.set(ref(p.entity), p);
  const entityByRef = new Map(entities.map((e) => [ref(e), e]));
  const dates = entities.filter((e) => e.type === 'DATE' && typeof e.value?.iso === 'string' && DAY.test(e.value.iso as string));
  // a person, a date or a time ends a name; so does a position written after a space (a new clause's subject)
  const stops = entities.filter((e) => e.type === 'PERSON' || e.type === 'DATE' || e.type === 'TIME' || (e.type === 'POSITION' && e.start > 0 && /\s/.test(text[e.start - 1])));

  const docMode = (() => {
    for (const l of lines) {
      const s = view.text.slice(inputToView(view, l.start), inputToView(view, l.end));
      for (const m of factRules.modes) if (m.scope === 'document' && testPattern(m, s)) return m.mode;
    }
    return null;
  })();

  const mentions: Mention[] = [];
  let current: Mention | null = null;
  let lastSubject: Person[] = [];

  lines.forEach((line, li) => {
    const vs = inputToView(view, line.start);
    const ve = inputToView(view, line.end);
    const sub = view.text.slice(vs, ve);
    const toInput = (a: number, b: number) => viewSpanToInput(view, vs + a, vs + b);
    const toInputStart = (a: number) => viewSpanToInput(view, vs + a, vs + a + 1).start;
    // heads, longest first, no two overlapping
    const found: Head[] = [];
    for (const rule of rules.heads) for (const m of matches(rule, sub)) found.push({ rule, start: m.index, end: m.index + m.length });
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const heads: Head[] = [];
    for (const h of found) if (!heads.some((u) => u.start < h.end && h.start < u.end)) heads.push(h);
    heads.sort((a, b) => a.start - b.start);

    const lineMentions: Mention[] = [];
    const consumed = new Set<Head>();
    const speechIn = matches(rules.speech, sub).map((m) => m.index + m.length);
    let coveredTo = 0;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (consumed.has(h) || h.start < coveredTo) continue;
      // a noun alone, in passing (ตามมติการประชุม…, ผลการประชุม…) or in reported speech, is no event of the release
      if (h.rule.kind === 'noun' && testPattern(rules.notEvent, sub.slice(Math.max(0, h.start - 30), h.start))) continue;
      // a noun in reported speech ("… กล่าวว่า มีการเสวนา …") is an event only with a date of its own (see `reported`), and the speaker is not its subject
      const inSpeech = h.rule.kind === 'noun' && speechIn.some((x) => x <= h.start);
      let nameAt = h.start;
      let type = h.rule.type;
      let role: string | null = h.rule.kind === 'verb' ? h.rule.role : null;
      // a verb followed by another head: the name starts there ("เป็นประธานในพิธีเปิด…", "เป็นประธานมอบ…")
      const next = heads[i + 1];
      if (h.rule.kind === 'verb' && next && /^\s?$/.test(sub.slice(h.end, next.start))) {
        consumed.add(next);
        nameAt = next.start;
        type = next.rule.type;
      } else if (h.rule.kind === 'verb' && h.rule.nameFrom === 'object') {
        nameAt = h.end; // "เป็นประธาน…" with no head after: the object is the name
      }
      // a verb that names the event itself keeps its type ("เยี่ยมชมแปลงที่ได้รับใบรับรอง" is a visit)
      const refine = !(h.rule.kind === 'verb' && nameAt === h.start);
      // the name runs to the boundary (at least a few characters), closing an open quote or bracket;
      // an object that starts with a boundary ("เป็นประธาน ณ …", "เป็นประธาน ซึ่ง…") names nothing
      const lead = /^\s*/u.exec(sub.slice(nameAt))![0].length;
      const objectless = lead > 0 && firstMatch(rules.nameEnd, sub.slice(nameAt)) === 0;
      nameAt += lead;
      const rest = objectless ? '' : sub.slice(nameAt);
      let end = firstMatch(rules.nameEnd, rest.slice(4));
      end = end < 0 ? rest.length : end + 4;
      for (const [o, c] of [['“', '”'], ['(', ')'], ['"', '"'], ['‘', '’']]) {
        const name = rest.slice(0, end);
        const opens = name.split(o).length - 1;
        const closes = o === c ? 0 : name.split(c).length - 1;
        if ((o === c ? opens % 2 === 1 : opens > closes)) {
          const k = rest.indexOf(c, end);
          if (k >= 0 && k - end < 120) {
            let e2 = firstMatch(rules.nameEnd, rest.slice(k + 1));
            end = e2 < 0 ? rest.length : k + 1 + e2;
          }
        }
      }
      if (end > 200) {
        const cut = rest.lastIndexOf(' ', 200);
        end = cut > 20 ? cut : 200;
      }
      let name = rest.slice(0, end).replace(/[\s,;:.]+$/u, '');
      if (objectless) name = '';
      else if (name.replace(/\s/g, '').length < 3) continue;
      let span = toInput(nameAt, nameAt + name.length);
      // a person or a date inside the name ends it
      const stop = stops.find((e) => e.start > span.start + 2 && e.start < span.end);
      if (stop) {
        span = { start: span.start, end: stop.start };
        while (span.end > span.start && /\s/.test(text[span.end - 1])) span.end--;
        if (span.end - span.start < 3) continue;
      }
      name = text.slice(span.start, span.end);
      for (const t of refine ? rules.typeByName : []) {
        if (testPattern(t, name)) {
          type = t.type;
          break;
        }
      }
      coveredTo = inputToView(view, span.end) - vs;
      const headSpan = toInput(h.start, h.end);
      // modality: what is said just before the head
      const before = sub.slice(Math.max(0, h.start - 40), h.start);
      const prevHead = heads.filter((u) => u.end <= h.start).pop();
      const window = prevHead ? sub.slice(Math.max(prevHead.end, h.start - 40), h.start) : before;
      let status: EventStatus = testPattern(rules.planned, window) ? 'planned' : 'happened';
      if (testPattern(rules.scheduled, name) || testPattern(rules.scheduled, sub.slice(h.end, Math.min(sub.length, h.end + name.length + 30)))) status = 'scheduled';
      lineMentions.push({
        line: li, head: { rule: h.rule, start: headSpan.start, end: headSpan.end }, role, type, nameStart: span.start, nameEnd: span.end,
        persons: [], date: null, endDate: null, location: null, mode: null, status, inSpeech,
      });
    }

    // persons of the line
    const inLine = persons.filter((p) => p.start >= line.start && p.end <= line.end);
    const speechAt = matches(rules.speech, sub).map((m) => toInput(m.index, m.index + m.length).end);
    const eligible = inLine.filter((p) => {
      const lead = text.slice(Math.max(line.start, p.start - 30), p.start);
      if (testPattern(rules.notParticipant, lead)) return false;
      const tail = text.slice(p.start, Math.min(line.end, p.end + 120));
      if (p.position && testPattern(rules.spokesperson, p.position)) return false;
      if (testPattern(rules.spokesperson, tail.slice(p.end - p.start))) return false;
      // named inside reported speech, after the last event head
      const sp = speechAt.filter((s) => s <= p.start).pop();
      if (sp !== undefined && !lineMentions.some((m) => m.head.start > sp && m.head.start < p.start)) return false;
      return true;
    });
    const roleFromFacts = (p: Person): string | null => {
      const f = facts.find((x) => x.actor && x.actor.entity === ref(p.entity) && x.evidence.start < line.end && x.evidence.end > line.start);
      return f?.role ?? null;
    };
    if (lineMentions.length) {
      const firstHead = lineMentions[0].head.start;
      // who sent someone else ("X มอบหมายให้ Y ลงพื้นที่…") is not the subject
      const sent = (p: Person, upTo: number) => {
        const gap = text.slice(p.end, upTo);
        return testPattern(rules.assigner, gap) && inLine.some((q) => q.start > p.end && q.end <= upTo && q.canonical !== p.canonical);
      };
      const subject = eligible.filter((p) => p.end <= firstHead && !sent(p, lineMentions[0].head.start));
      for (const m of lineMentions) {
        // the subject of the line takes part in its verbs' events; persons after a head in the one before them
        const own = eligible.filter((p) => p.start >= m.head.start && !lineMentions.some((o) => o !== m && o.head.start > m.head.start && o.head.start <= p.start));
        const ownSubject = eligible.filter((p) => p.end <= m.head.start && !sent(p, m.head.start) && p.start > Math.max(firstHead, ...lineMentions.filter((o) => o.head.start < m.head.start).map((o) => o.nameEnd)));
        // a new clause before the verb ("… โดยมีมาเลเซียทำหน้าที่ประธาน") has a subject of its own, maybe not a person
        const prevEnd = Math.max(line.start, ...lineMentions.filter((o) => o.head.start < m.head.start).map((o) => o.nameEnd));
        const newClause = m !== lineMentions[0] && /(?:โดยมี|และมี|ซึ่ง|ส่วน)/u.test(text.slice(prevEnd, m.head.start));
        let subj = ownSubject.length ? ownSubject : (m.role !== null || m === lineMentions[0]) && !m.inSpeech && !newClause ? subject : [];
        // a verb whose subject is not named in the line ("จากนั้น ได้เยี่ยมชม…") has the subject of the verb before it
        if (!subj.length && m.role !== null && !newClause && lastSubject.length) subj = lastSubject;
        if (m.role !== null && subj.length) lastSubject = subj;
        for (const p of subj) m.persons.push({ p, role: m.role ?? roleFromFacts(p) ?? 'participant' });
        for (const p of own) {
          if (p.start >= m.nameStart && p.end <= m.nameEnd) continue;
          const lead = text.slice(Math.max(line.start, p.start - 12), p.start);
          const role = /(?:ให้)?แก่\s*$|ให้กับ\s*$/.test(lead) && (m.type === 'award' || m.role === 'presenter') ? 'recipient' : roleFromFacts(p) ?? 'participant';
          m.persons.push({ p, role });
        }
      }
      // persons the facts stage found as actors here that the line does not name (a position that refers
      // back, "ผู้ช่วยรัฐมนตรีฯ ได้เข้าร่วมประชุม"): the mention of the fact's event, else the one before the fact's end
      for (const f of facts) {
        if (!f.actor || f.evidence.start < line.start || f.evidence.start >= line.end) continue;
        const person = personByRef.get(f.actor.entity);
        if (!person || lineMentions.some((m) => m.persons.some((q) => q.p.canonical === person.canonical))) continue;
        if (inLine.some((p) => p.canonical === person.canonical)) continue;
        const byName = f.event ? lineMentions.find((m) => sameEvent(nameKey(text.slice(m.nameStart, m.nameEnd)), nameKey(f.event!.text))) : undefined;
        const m = byName ?? lineMentions.filter((x) => x.head.start <= f.evidence.end).pop() ?? lineMentions[0];
        m.persons.push({ p: person, role: f.role ?? 'participant' });
      }
      mentions.push(...lineMentions);
      current = lineMentions[lineMentions.length - 1];
    } else if (current) {
      // a line that goes on about the event: its persons, or those a fact gives a role, take part in it
      const anaphoric = testPattern(rules.anaphora, sub);
      const prevLine = li > 0 ? text.slice(lines[li - 1].start, lines[li - 1].end) : '';
      const listItem = /^\s*(?:\d+|[๐-๙]+)[.)]\s/u.test(sub) && (/(?:ดังนี้|:)\s*$/u.test(prevLine) || /^\s*(?:\d+|[๐-๙]+)[.)]\s/u.test(prevLine));
      // persons named after a list marker (โดยมี…, พร้อมด้วย…) take part too
      const listFrom = firstMatch(rules.listMarker, sub);
      const listAt = listFrom < 0 ? Infinity : toInputStart(listFrom);
      for (const p of eligible) {
        const role = roleFromFacts(p);
        if (anaphoric || listItem || role || p.start >= listAt) current.persons.push({ p, role: role ?? 'participant' });
      }
    }

    // date, location, mode of the line's mentions (the line's mode statements, looked for once)
    const modes = lineMentions.length ? factRules.modes.filter((r) => r.scope === 'sentence' && testPattern(r, sub)) : [];
    for (const m of lineMentions) {
      const inL = dates.filter((d) => d.start >= line.start && d.end <= line.end && !(d.start >= m.nameStart && d.end <= m.nameEnd));
      const pick = inL.filter((d) => d.end <= m.head.start).pop() ?? inL.find((d) => d.start >= m.head.end);
      let dateEnt: Entity | undefined = pick;
      if (!dateEnt) {
        // a line that only gives the date dates the lines after it
        for (let q = li - 1; q >= 0 && q >= li - 3; q--) {
          const ql = lines[q];
          const ds = dates.filter((d) => d.start >= ql.start && d.end <= ql.end);
          if (!ds.length) continue;
          const rest = entities
            .filter((e) => (e.type === 'DATE' || e.type === 'TIME') && e.start >= ql.start && e.end <= ql.end)
            .reduce((acc, e) => acc.replace(text.slice(e.start, e.end), ''), text.slice(ql.start, ql.end));
          if (rest.replace(/\s|เมื่อ|วันที่|เวลา|น\.|ณ|[()]/g, '').length <= 2) dateEnt = ds[0];
          break;
        }
      }
      if (dateEnt) {
        m.date = dateEnt.value!.iso as string;
        const e = dateEnt.value!.end;
        m.endDate = typeof e === 'string' && DAY.test(e) && e !== m.date ? e : null;
      }
      // location: after ณ, nearest after the head, else before it
      const marks = [...text.slice(line.start, line.end).matchAll(/(?:^|[\s(])ณ\s*(?=\S)/gu)].map((x) => line.start + x.index! + x[0].length);
      const at = marks.find((x) => x >= m.head.end) ?? marks.filter((x) => x < m.head.start).pop();
      if (at !== undefined) {
        const vAt = inputToView(view, at) - vs;
        const tail = sub.slice(vAt);
        let e = firstMatch(rules.nameEnd, tail.slice(2));
        e = e < 0 ? tail.length : e + 2;
        const loc = toInput(vAt, vAt + Math.min(e, 150));
        const stop = stops.find((x) => x.start > loc.start && x.start < loc.end);
        const locText = canonicalName(text.slice(loc.start, stop ? stop.start : loc.end)).replace(/[\s,;:]+$/u, '');
        if (locText.length >= 3) m.location = locText;
      }
      m.mode = modes.length ? (modes.find((r) => r.mode === 'hybrid') ?? modes[0]).mode : null;
      if (m.mode === 'online' && m.location && /ห้อง|อาคาร|ตึก|ทำเนียบ/.test(m.location)) m.mode = 'hybrid';
    }
  });

  // mentions with one name are one event; a verb mention's event is the noun mention of its line when they name it alike
  const drafts: Draft[] = [];
  const pendingFor = new Map<Mention, Mention[]>();
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    const follows = (o: Mention) => o.type === 'visit' && m.type === 'visit' && m.role !== null && o.role !== null && (o.date === null || m.date === null || o.date === m.date);
    if (nameless(text.slice(m.nameStart, m.nameEnd), rules) || m.head.rule.joins) {
      // a verb with no object, or a bare การประชุม: the event of the line named before it, else after it, else the one before
      const host = mentions.slice(0, i).reverse().find((o) => o.line === m.line && o.event) ??
        mentions.slice(i + 1).find((o) => o.line === m.line && !nameless(text.slice(o.nameStart, o.nameEnd), rules)) ??
        mentions.slice(0, i).reverse().find((o) => o.event);
      if (host) {
        if (host.event) {
          host.event.mentions.push(m);
          m.event = host.event;
        } else pendingFor.set(host, [...(pendingFor.get(host) ?? []), m]);
        continue;
      }
    }
    // a trip is one visit: a later visit verb of the same subject (เยี่ยมชม…, ตรวจเยี่ยม…) is part of it, and so is
    // what is handed over on it in the same line (พร้อมมอบ…)
    const handedOver = m.head.rule.id.endsWith('.give') && m.type !== 'award';
    const trip = mentions.slice(0, i).reverse().find((o) => o.event && o.event.mentions[0].type === 'visit' && (follows(o) || handedOver));
    const subjectOf = (x: Mention) => x.persons.find((q) => q.role !== 'participant' || x.role === 'participant')?.p.canonical;
    const tripSubjects = new Set(trip?.event?.mentions.map(subjectOf).filter(Boolean));
    if (trip && trip.event && (subjectOf(m) === undefined || tripSubjects.has(subjectOf(m)))) {
      // on a trip the visitor stays a participant (handing something over does not make them its presenter)
      for (const q of m.persons) if (tripSubjects.has(q.p.canonical)) q.role = 'participant';
      trip.event.mentions.push(m);
      m.event = trip.event;
      continue;
    }
    // a name that points back (…ฉบับนี้, …ในครั้งนี้, การประชุมอื่นๆ) joins the latest event of its type; with none,
    // it is no event of the release unless it has a date of its own
    if (testPattern(rules.refersBack, text.slice(m.nameStart, m.nameEnd))) {
      const back = mentions.slice(0, i).reverse().find((o) => o.event && o.type === m.type);
      if (back?.event) {
        back.event.mentions.push(m);
        m.event = back.event;
        continue;
      }
      if (m.date === null) continue;
    }
    const key = nameKey(text.slice(m.nameStart, m.nameEnd));
    let d = drafts.find((x) => x.mentions.some((o) => sameEvent(nameKey(text.slice(o.nameStart, o.nameEnd)), key)) && x.mentions.every((o) => o.date === null || m.date === null || o.date === m.date));
    if (!d) drafts.push((d = { mentions: [], key }));
    d.mentions.push(m);
    m.event = d;
    for (const p of pendingFor.get(m) ?? []) {
      d.mentions.push(p);
      p.event = d;
    }
  }

  const events: EventRecord[] = [];
  const eventOfDraft = new Map<Draft, EventRecord>();
  for (const d of drafts) {
    const ms = d.mentions;
    const withName = ms.filter((m) => !nameless(text.slice(m.nameStart, m.nameEnd), rules));
    const named = withName.length
      ? withName.reduce((a, b) => (b.nameEnd - b.nameStart > a.nameEnd - a.nameStart && sameEvent(nameKey(text.slice(a.nameStart, a.nameEnd)), nameKey(text.slice(b.nameStart, b.nameEnd))) ? b : a))
      : null;
    const date = ms.find((m) => m.date)?.date ?? null;
    const endDate = ms.find((m) => m.endDate)?.endDate ?? null;
    const participants: EventParticipant[] = [];
    const seen = new Map<string, EventParticipant>();
    const rank = (r: string) => (r === 'participant' ? 0 : 1);
    for (const m of ms) {
      for (const { p, role } of m.persons) {
        const cur = seen.get(p.canonical);
        if (cur) {
          if (rank(role) > rank(cur.role)) cur.role = role;
          if (!cur.position && p.position) cur.position = p.position;
          continue;
        }
        const part: EventParticipant = { entity: ref(p.entity), text: p.entity.text, canonical: canonicalName(p.canonical), actorType: 'person', position: p.position, role };
        seen.set(p.canonical, part);
        participants.push(part);
      }
    }
    // organisations and countries the facts name as actors of this event's lines
    const organisations: EntityRef[] = [];
    const lineSet = new Set(ms.map((m) => m.line));
    for (const f of facts) {
      if (!f.actor || f.actor.entity.indexOf('@') !== 0) continue;
      const li = lines.findIndex((l) => f.evidence.start >= l.start && f.evidence.start < l.end);
      if (!lineSet.has(li)) continue;
      const e = entityByRef.get(f.actor.entity);
      if (!e || (e.type !== 'ORG' && e.type !== 'LOCATION')) continue;
      if (participants.some((p) => p.entity === ref(e))) continue;
      participants.push({ entity: ref(e), text: e.text, canonical: canonicalName(e.canonical), actorType: e.type === 'ORG' ? 'organisation' : 'location', position: null, role: f.role ?? 'participant' });
      if (e.type === 'ORG' && !organisations.some((o) => o.entity === ref(e))) organisations.push({ entity: ref(e), text: e.text });
    }
    // keep what the release reports: a verb reported it, or it has a date or someone taking part
    const reported = date !== null || participants.length > 0;
    if (!reported) continue;
    let status: EventStatus = ms.every((m) => m.status === 'planned') ? 'planned' : ms.some((m) => m.status === 'scheduled') ? 'scheduled' : 'happened';
    if (published && date && date > published && status === 'happened') status = 'scheduled';
    if (status === 'planned' && date && published && date > published) status = 'scheduled';
    const location = ms.find((m) => m.location)?.location ?? null;
    let mode = ms.find((m) => m.mode)?.mode ?? null;
    if (!mode && docMode && ms.some((m) => m.role !== null || m.type === 'meeting')) mode = docMode;
    if (!mode && location) mode = 'onsite';
    const name = named ? text.slice(named.nameStart, named.nameEnd) : null;
    const typed = named ?? ms[0];
    const ev: EventRecord = {
      id: `v${events.length + 1}`,
      type: typed.type,
      name,
      canonical: name === null ? null : canonicalName(name),
      ...(named ? { start: named.nameStart, end: named.nameEnd } : {}),
      status,
      date,
      endDate,
      location,
      mode,
      participants,
      organisations,
      evidence: ms.map((m) => lines[m.line]).filter((l, i, a) => a.findIndex((x) => x.start === l.start) === i),
      rule: typed.head.rule.id,
    };
    events.push(ev);
    eventOfDraft.set(d, ev);
  }

  // facts point at their event: the event whose name holds the fact's EVENT entity (or is named alike),
  // else the mention of the fact's line nearest before the end of its evidence
  const outFacts = facts.map((f) => {
    let ev: EventRecord | undefined;
    if (f.event) {
      const at = /^@(\d+):(\d+)$/.exec(f.event.entity);
      const [s0, e0] = at ? [Number(at[1]), Number(at[2])] : [-1, -1];
      const m = mentions.find((x) => x.event && eventOfDraft.has(x.event) && x.nameStart <= s0 && e0 <= x.nameEnd);
      ev = m ? eventOfDraft.get(m.event!) : events.find((e) => sameEvent(nameKey(e.name ?? ''), nameKey(f.event!.text)));
    }
    if (!ev) {
      const li = lines.findIndex((l) => f.evidence.start >= l.start && f.evidence.start < l.end);
      const ms = mentions.filter((m) => m.line === li && m.event && eventOfDraft.has(m.event));
      const nearest = ms.filter((m) => m.head.start <= f.evidence.end).pop() ?? ms[0];
      ev = nearest ? eventOfDraft.get(nearest.event!) : undefined;
    }
    return ev ? { ...f, eventId: ev.id } : { ...f, eventId: null };
  });
  return { events, facts: outFacts };
}
