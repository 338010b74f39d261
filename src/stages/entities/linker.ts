/**
 * In-document linking over resolved candidates (view offsets, sorted by start):
 * acronyms in parentheses, short-form anaphors (กระทรวงฯ), one canonical per entity
 * (given name → full name, near-identical spellings by Jaro–Winkler), and
 * POSITION → PERSON links.
 */
import { jaroWinkler } from './jaro-winkler.js';
import type { Cand, MatchCtx } from './matchers.js';
import { Trie } from './trie.js';
import { unicodeCopy } from './text.js';

const LINKABLE = new Set(['ORG', 'EVENT', 'PROJECT', 'LOCATION', 'POSITION', 'PERSON']);

/** an opening parenthesis at lastIndex, one white-space character before it allowed (sticky: no copy of the text) */
const OPEN_PAREN = /\s?\(/y;

/** acronyms learned from "long form (ACR)": returns the new acronym candidates and a trie of learned aliases */
export function linkParentheses(
  ctx: MatchCtx,
  cands: Cand[],
  re: RegExp,
  ruleId: string,
  priority: number,
): { added: Cand[]; learned: Trie<{ type: string; canonical: string }> } {
  const t = ctx.t;
  const added: Cand[] = [];
  const learned = new Trie<{ type: string; canonical: string }>();
  const anchored = unicodeCopy(re);
  for (const e of cands) {
    if (!LINKABLE.has(e.type)) continue;
    const type = e.type === 'POSITION' ? 'ORG' : e.type;
    const canonical = e.type === 'POSITION' ? (e.value?.org as string | undefined) : e.canonical;
    if (!canonical) continue;
    // consecutive parenthesised blocks after the entity
    let p = e.end;
    for (let guard = 0; guard < 3; guard++) {
      OPEN_PAREN.lastIndex = p;
      if (!OPEN_PAREN.test(t)) break;
      const openLen = OPEN_PAREN.lastIndex - p;
      const close = t.indexOf(')', p + openLen);
      if (close < 0 || close - p > 120) break;
      // a blocked parenthesis (MOU) is not an acronym of the entity before it
      if (cands.some((c) => c.type === 'BLOCK' && c.start < close + 1 && c.end > p)) break;
      const inner = cands.filter((c) => c.start >= p + openLen && c.end <= close && c !== e);
      const sameKind = inner.filter((c) => c.type === type || (type === 'PERSON' && c.type === 'PERSON') || (type === 'ORG' && c.type === 'ORG'));
      if (sameKind.length) {
        for (const c of sameKind) {
          if (c.canonical !== canonical) c.value = { ...(c.value ?? {}), surfaceCanonical: c.canonical };
          c.canonical = canonical;
          c.value = { ...(c.value ?? {}), longForm: canonical };
          learned.add(t.slice(c.start, c.end), { type, canonical });
        }
      } else if (!inner.length) {
        const m = anchored.exec(t.slice(p, close + 1));
        if (m && m.index === 0 && m[0].length === close + 1 - p) {
          const s = p + m[0].indexOf(m[1]);
          const acr: Cand = { start: s, end: s + m[1].length, type, rule: ruleId, priority, canonical, value: { longForm: canonical } };
          added.push(acr);
          learned.add(m[1], { type, canonical });
        }
      }
      p = close + 1;
    }
  }
  return { added, learned };
}

/** later bare uses of learned acronyms */
export function matchLearned(
  ctx: MatchCtx,
  learned: Trie<{ type: string; canonical: string }>,
  ruleId: string,
  priority: number,
): Cand[] {
  if (!learned.size) return [];
  return learned
    .findAllMasked(ctx.t, ctx.startMask, ctx.endOk)
    .filter((h) => ctx.latinEdgeOk(h.start, h.end))
    .map((h) => ({ start: h.start, end: h.end, type: h.payload.type, rule: ruleId, priority, canonical: h.payload.canonical, value: { longForm: h.payload.canonical } }));
}

/** resolve short references (กระทรวงฯ) to the closest earlier organisation with the same head */
export function resolveAnaphors(cands: Cand[], anaphorRule: string): Cand[] {
  const out: Cand[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    const posAna = c.type === 'POSITION' && !c.value?.org ? /^(.*?)((?:กระทรวง|กรม|สำนักงาน|สถาบัน)ฯ)$/.exec(c.canonical) : null;
    if (c.rule !== anaphorRule && !posAna) {
      out.push(c);
      continue;
    }
    const head = (posAna ? posAna[2] : c.canonical).replace(/ฯ$/, '');
    let target: string | undefined;
    for (let j = i - 1; j >= 0 && !target; j--) {
      const d = cands[j];
      if (d.rule === anaphorRule) continue;
      const org = d.type === 'ORG' ? d.canonical : d.type === 'POSITION' ? (d.value?.org as string | undefined) : undefined;
      if (org && org.startsWith(head)) target = org;
    }
    if (posAna) out.push(target ? { ...c, canonical: posAna[1] + target, value: { ...(c.value ?? {}), org: target } } : c);
    else if (target) out.push({ ...c, canonical: target, value: { ...(c.value ?? {}), antecedent: target } });
  }
  return out;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
/** unit-cost edit distance over UTF-16 code units (the textbook Levenshtein distance) */
export function editDistance(a: string, b: string): number {
  const m = b.length;
  if (rowA.length <= m) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const ins = cur[j - 1] + 1;
      const del = prev[j] + 1;
      cur[j] = sub < ins ? (sub < del ? sub : del) : ins < del ? ins : del;
    }
    const x = prev;
    prev = cur;
    cur = x;
  }
  return prev[m];
}

const digitsOf = (s: string) => (s.match(/[0-9]+/g) ?? []).join(',');

/**
 * Two canonical keys name the same thing: same numbers (editions, years) and a close
 * spelling — Jaro–Winkler ≥ threshold, or a Levenshtein distance under 12% of the length
 * (Jaro–Winkler is weak for an edit in the middle of a long name).
 */
export function similarNames(a: string, b: string, threshold: number, editionOptional = false, da = digitsOf(a), db = digitsOf(b)): boolean {
  if (a === b) return true;
  if (da !== db) {
    // "WSIS Forum" and "WSIS Forum 2021" in one document: the same event
    if (!editionOptional || (da && db)) return false;
    const strip = (s: string) => s.replace(/\s*(?:ครั้งที่|สมัยที่)?\s*[0-9]+$/, '');
    return similarNames(strip(a), strip(b), threshold);
  }
  if (!lengthsMayMatch(a, b)) return false;
  return jaroWinkler(a, b) >= threshold || 1 - editDistance(a, b) / Math.max(a.length, b.length) >= 0.88;
}

/** two different names are compared at all only when both are 6+ long and their lengths are close */
function lengthsMayMatch(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  return Math.min(a.length, b.length) >= 6 && Math.abs(a.length - b.length) <= Math.max(3, n / 10);
}

const EVENT_HEADS = /^(?:การประชุม|ที่ประชุม|ประชุม|เวที|การสัมมนา|งาน)/;

/**
 * One canonical per entity within a document: persons mentioned by given name take the
 * full name; same-type canonicals that are near-identical (Jaro–Winkler ≥ threshold,
 * after dropping event heads) take the first full form.
 */
export function unifyCanonicals(cands: Cand[], threshold: number): void {
  // persons: given-name mentions → the full name
  const fullByGiven = new Map<string, string>();
  for (const c of cands) {
    if (c.type !== 'PERSON') continue;
    const g = c.value?.given as string | undefined;
    if (g && c.value?.family && !fullByGiven.has(g)) fullByGiven.set(g, c.canonical);
  }
  for (const c of cands) {
    if (c.type !== 'PERSON' || c.value?.family) continue;
    const full = fullByGiven.get((c.value?.given as string | undefined) ?? c.canonical);
    if (full) c.canonical = full;
  }
  // a Thai event name directly followed by its English name: one event (the edition may sit on either)
  for (let i = 0; i + 1 < cands.length; i++) {
    const a = cands[i];
    const b = cands[i + 1];
    if (a.type === 'EVENT' && b.type === 'EVENT' && b.start - a.end === 1 && /^[\u0E00-\u0E7F]/.test(a.canonical) && /^[A-Za-z]/.test(b.canonical)) {
      const ed = /\s((?:ครั้งที่|สมัยที่) [0-9]+|[0-9]{4})$/.exec(b.canonical);
      if (ed && !/[0-9]/.test(a.canonical)) a.canonical += ' ' + ed[1];
      b.value = { ...(b.value ?? {}), surfaceCanonical: b.canonical };
      b.canonical = a.canonical;
    }
  }
  // near-identical canonicals per type: groups by similarNames, one representative each
  const keyOf = (c: Cand) =>
    (c.type === 'EVENT' ? c.canonical.replace(EVENT_HEADS, '') : c.canonical).toLowerCase().replace(/[-–]/g, ' ').replace(/\s+/g, ' ');
  for (const type of ['EVENT', 'ORG', 'PROJECT', 'PERSON']) {
    const list = cands.filter((c) => c.type === type);
    if (list.length === 0) continue;
    // (the arrays are built by push, not map(): map()'s results came in more than one elements
    // kind — empty ones among them — and each new one threw this function's optimised code away:
    // 7 compilations a thread over 10,000 documents)
    const firstSeen = new Map<string, number>();
    const distinct: string[] = [];
    const parent: number[] = [];
    const keys: string[] = [];
    const digits: string[] = [];
    for (const c of list) {
      if (firstSeen.has(c.canonical)) continue;
      firstSeen.set(c.canonical, distinct.length);
      parent.push(distinct.length);
      distinct.push(c.canonical);
      const key = keyOf({ type, canonical: c.canonical } as Cand);
      keys.push(key);
      // (each key's numbers once, not once per pair; a pair whose lengths rule it out is not compared)
      digits.push(digitsOf(key));
    }
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < distinct.length; i++) {
      const a = keys[i];
      for (let j = i + 1; j < distinct.length; j++) {
        const b = keys[j];
        if (a !== b && !lengthsMayMatch(a, b)) continue;
        if (similarNames(a, b, threshold, false, digits[i], digits[j])) parent[find(j)] = find(i);
      }
    }
    // an event named without its edition joins the numbered one only when exactly one matches
    if (type === 'EVENT') {
      for (let i = 0; i < distinct.length; i++) {
        if (/[0-9]/.test(keys[i])) continue;
        const roots = new Set<number>();
        for (let j = 0; j < distinct.length; j++) {
          if (/[0-9]/.test(keys[j]) && similarNames(keys[i], keys[j], threshold, true, digits[i], digits[j])) roots.add(find(j));
        }
        if (roots.size === 1) parent[find(i)] = [...roots][0];
      }
    }
    const score = (c: string) => (c.startsWith('การประชุม') ? 4 : 0) + (/[0-9]/.test(c) ? 2 : 0) + (/^[\u0E00-\u0E7F]/.test(c) ? 1 : 0);
    const rep = new Map<number, string>();
    for (let i = 0; i < distinct.length; i++) {
      const r = find(i);
      const cur = rep.get(r);
      if (cur === undefined || score(distinct[i]) > score(cur) || (score(distinct[i]) === score(cur) && firstSeen.get(distinct[i])! < firstSeen.get(cur)!)) {
        rep.set(r, distinct[i]);
      }
    }
    for (const c of list) c.canonical = rep.get(find(firstSeen.get(c.canonical)!))!;
  }
}

/** POSITION → the PERSON it describes: the person right before (or right after) it */
export function linkPositions(ctx: MatchCtx, cands: Cand[]): void {
  const t = ctx.t;
  // a person right before the position, possibly closing a quotation or a parenthesised gloss
  // (ดาโตะ เซอรี อันวาร์ อิบราฮิม (Dato’ Seri Anwar Ibrahim) นายกรัฐมนตรีมาเลเซีย)
  const gapOk = (a: number, b: number) => b >= a && /^[”"’)]?[ \u00a0]?$/.test(t.slice(a, b));
  // a person in parentheses right after the position: รองนายกรัฐมนตรี (นายจุรินทร์ ลักษณวิศิษฏ์)
  const inParensAfter = (c: Cand, p: Cand) => /^[ \u00a0]?\($/.test(t.slice(c.end, p.start)) && t[p.end] === ')';
  // canonical position → its mentions stated with a person, in text order
  const linked = new Map<string, { start: number; person: Cand }[]>();
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    if (c.type !== 'POSITION') continue;
    let person: Cand | undefined;
    const prev = cands[i - 1];
    const next = cands[i + 1];
    if (prev && prev.type === 'PERSON' && gapOk(prev.end, c.start)) person = prev;
    else if (prev && prev.type === 'POSITION' && prev.value?.personStart !== undefined && /^\s?(?:และ|และ\s)$/.test(t.slice(prev.end, c.start))) {
      person = cands.find((p) => p.start === prev.value?.personStart);
    } else if (next && next.type === 'PERSON' && gapOk(c.end, next.start)) {
      const after = cands[i + 2];
      if (!(after && after.type === 'POSITION' && gapOk(next.end, after.start))) person = next;
    } else if (next && next.type === 'PERSON' && inParensAfter(c, next)) person = next;
    if (person) {
      c.value = { ...(c.value ?? {}), personStart: person.start, personEnd: person.end, personCanonical: person.canonical };
      const list = linked.get(c.canonical) ?? [];
      list.push({ start: c.start, person });
      linked.set(c.canonical, list);
    }
  }
  // a bare mention of a held position (รมว.ดีอีเอส ได้…) refers to the person last stated with it
  // before the mention (two prime ministers in one release: each mention takes the nearest one
  // before it), or, in a headline before any, to the first one stated
  for (const c of cands) {
    if (c.type !== 'POSITION' || c.value?.personStart !== undefined) continue;
    const list = linked.get(c.canonical);
    if (!list) continue;
    let p = list[0].person;
    for (const l of list) if (l.start < c.start) p = l.person;
    if (p) c.value = { ...(c.value ?? {}), personStart: p.start, personEnd: p.end, personCanonical: p.canonical, coreference: true };
  }
}
