/**
 * Candidate finders. Every function works over the normalised view text `t` (view
 * offsets) and returns candidates; nothing here decides overlaps (see resolver.ts).
 */
import { people, type Person } from './people.js';
import type { CompiledRule, CompiledRules, LexEntry } from './compile.js';
import type { Trie, TrieHit } from './trie.js';
import {
  canonicalText, isLatinLetter, isThaiWordChar, isUpper, thaiDigitsToAscii, thaiRunEnd, thaiRunStart, unicodeCopy,
} from './text.js';

/**
 * A candidate span. Every candidate is made with these fields in this order, `value` included
 * (undefined when there is none), so that V8 gives them all one shape: optimised code that
 * meets a candidate of a new shape is thrown away and compiled again.
 */
export interface Cand {
  start: number;
  end: number;
  type: string;
  rule: string;
  priority: number;
  canonical: string;
  value: Record<string, unknown> | undefined;
}

const PROTECTING = ['orgs', 'locations', 'provinces', 'countries'];

/** per-document matching context */
export class MatchCtx {
  readonly n: number;
  /** start of the token each view character belongs to (-1 when unknown) */
  tokStart: Int32Array;
  /** end of the token each view character belongs to */
  tokEnd: Int32Array;
  /** end of the run of Thai word characters starting at each view character */
  readonly runEndAt: Int32Array;
  /** 1 where startOk holds (length n+1) */
  readonly startMask: Uint8Array;
  private softMaskArr: Uint8Array | undefined;
  private softMaskKeys: Trie<unknown> | undefined;
  private common: Trie<LexEntry> | undefined;
  constructor(
    readonly t: string,
    /** 1 where a token starts or ends (view offsets), length n+1 */
    readonly boundary: Uint8Array,
    /** prefix sums of "allowed" (zone) characters, length n+1 */
    readonly allowedSum: Int32Array,
    readonly R: CompiledRules,
  ) {
    const n = t.length;
    this.n = n;
    // every position lies in a token: [s, e) between consecutive boundaries
    const ts = new Int32Array(n);
    const te = new Int32Array(n);
    // (plain loops: tokens are ~3 characters long, and a fill() call per token cost more than the stores)
    let s = 0;
    for (let i = 1; i <= n; i++) {
      if (i === n || boundary[i] === 1) {
        for (let k = s; k < i; k++) {
          ts[k] = s;
          te[k] = i;
        }
        s = i;
      }
    }
    this.tokStart = ts;
    this.tokEnd = te;
    // runEndAt[i]: end of the Thai run at i (i itself when t[i] is not a Thai word character);
    // startMask[i]: a word may start at i (an edge of a Thai run, or a token boundary)
    const re = new Int32Array(n + 1);
    const sm = new Uint8Array(n + 1);
    re[n] = n;
    sm[n] = 1;
    let nextThai = false; // is t[i + 1] a Thai word character
    for (let i = n - 1; i >= 0; i--) {
      const thai = isThaiWordChar(t.charCodeAt(i));
      re[i] = thai ? re[i + 1] : i;
      if (i + 1 < n) sm[i + 1] = !thai || !nextThai || boundary[i + 1] === 1 ? 1 : 0;
      nextThai = thai;
    }
    sm[0] = 1;
    this.runEndAt = re;
    this.common = R.lex.get('commonWords');
    this.startMask = sm;
  }

  /**
   * Lenient starts for the keys of `keys` (length n+1): 1 where startOk holds, or where a
   * token's part before the position is a common word and a key of `keys` can begin there
   * (its first two characters are a path of the trie). The segmenter may glue a common word to
   * a name (โชว์เน็ต|ประชารัฐ); ends stay strict (หมอชนะ|เลิศ is not the app หมอชนะ). Only
   * tokens with such a position are walked in the common-word trie. Kept for the last trie
   * it was asked for (the lexicon scan asks once per document).
   */
  softMask(keys: Trie<unknown>): Uint8Array {
    if (this.softMaskArr && this.softMaskKeys === keys) return this.softMaskArr;
    const m = this.startMask.slice();
    const common = this.common;
    if (common) {
      const t = this.t;
      const tokEnd = this.tokEnd;
      for (let s = 0; s < this.n; s = tokEnd[s]) {
        const te = tokEnd[s];
        if (te - s <= 2) continue;
        let any = false;
        for (let i = s + 2; i < te && !any; i++) any = keys.mayStartAt(t, i);
        if (any) common.markEndsAt(t, s, s + 2, te - 1, m);
      }
    }
    this.softMaskArr = m;
    this.softMaskKeys = keys;
    return m;
  }

  /** = thaiRunEnd(t, p) */
  runEnd(p: number): number {
    return p >= 0 && p < this.n ? this.runEndAt[p] : p;
  }

  code(i: number): number {
    return i >= 0 && i < this.n ? this.t.charCodeAt(i) : 0;
  }

  /** a word may start at i: not inside a run of Thai letters unless a token starts there */
  startOk = (i: number): boolean => i <= 0 || i >= this.n || this.startMask[i] === 1;

  endOk = (i: number): boolean =>
    i <= 0 || i >= this.n || !isThaiWordChar(this.code(i)) || !isThaiWordChar(this.code(i - 1)) || this.boundary[i] === 1;

  /** Latin-side edges: no letter/digit glued on either side */
  latinEdgeOk(s: number, e: number): boolean {
    const a = this.code(s - 1);
    const b = this.code(e);
    const glued = (c: number) => isLatinLetter(c) || (c >= 0x30 && c <= 0x39);
    return !(glued(a) && glued(this.code(s))) && !(glued(b) && glued(this.code(e - 1)));
  }

  allowed(s: number, e: number): boolean {
    return e > s && this.allowedSum[e] - this.allowedSum[s] === e - s;
  }

  /** a word of list `name` starts at k and ends on a word edge */
  wordAt(name: string, k: number): number {
    const trie = this.R.words.get(name);
    if (!trie) return -1;
    return trie.longestEndAt(this.t, k, this.endOk);
  }

  lexAt(name: string, k: number): { end: number; payload: LexEntry } | null {
    const trie = this.R.lex.get(name);
    if (!trie || !this.startOk(k)) return null;
    const h = trie.longestAt(this.t, k, this.endOk);
    return h ? { end: h.end, payload: h.payload } : null;
  }

  /** the longest ORG/LOCATION lexicon match at k (used to protect runs from trimming) */
  protectedAt(k: number): number {
    if (!this.startOk(k)) return -1;
    let best = -1;
    for (const name of PROTECTING) {
      const trie = this.R.lex.get(name);
      if (!trie) continue;
      const e = trie.longestEndAt(this.t, k, this.endOk);
      if (e > best) best = e;
    }
    return best;
  }

  /**
   * Cut a Thai run [p, q) at the first stop word (on a token edge, not inside a protected
   * lexicon match, not at p itself). Returns the new end.
   */
  trimRun(p: number, q: number, stops: string | undefined): number {
    let k = p;
    while (k < q) {
      const prot = this.protectedAt(k);
      if (prot > k) {
        k = prot;
        continue;
      }
      if (k > p && stops && this.startOk(k) && this.wordAt(stops, k) > 0) return k;
      k++;
    }
    return q;
  }

  /** [s, e) is made of whole tokens that are all common words (a phrase, not a name) */
  allTokensCommon(s: number, e: number): boolean {
    if (e <= s || (!this.startOk(s) && this.tokStart[s] !== s)) return false;
    let k = s;
    while (k < e) {
      const te = this.tokEnd[k];
      if (te < 0 || te > e || !this.isCommonRange(k, te)) return false;
      k = te;
    }
    return true;
  }

  isCommon(w: string): boolean {
    return this.common?.has(w) ?? false;
  }

  /** = isCommon(t.slice(s, e)) */
  isCommonRange(s: number, e: number): boolean {
    return this.common?.hasRange(this.t, s, e) ?? false;
  }
}

function toCanonicalSuffix(m: RegExpExecArray): string {
  const g = m.groups ?? {};
  if (g.ed) return `${g.edk} ${thaiDigitsToAscii(g.ed)}`;
  if (g.year) return thaiDigitsToAscii(g.year);
  return '';
}

/** an edition/year (and acronym) right after an event name */
export function eventSuffixAt(ctx: MatchCtx, end: number): { end: number; canonical: string; acronym?: string } | null {
  const m = ctx.R.eventSuffix.exec(ctx.t.slice(end, end + 40));
  if (!m || !m[0]) return null;
  const suffix = toCanonicalSuffix(m);
  if (!suffix && !m.groups?.acr) return null;
  return { end: end + m[0].length, canonical: suffix, acronym: m.groups?.acr };
}

/** the candidate for a rule's match [start, end), extended by an event edition/year when the rule asks for it */
function candidate(ctx: MatchCtx, rule: CompiledRule, start: number, end: number, canonical: string, value: Record<string, unknown>): Cand {
  if (rule.options.suffix) {
    const s = eventSuffixAt(ctx, end);
    if (s) {
      end = s.end;
      if (s.canonical) canonical += ' ' + s.canonical;
      if (s.acronym) value.acronym = s.acronym;
    }
  }
  return { start, end, type: rule.type, rule: rule.id, priority: rule.priority, canonical, value: Object.keys(value).length ? value : undefined };
}

// ---------------------------------------------------------------- lexicon

/** Candidates of a lexicon rule from its trie hits (lexiconHits scans for all lexicon rules at once). */
export function matchLexicon(ctx: MatchCtx, rule: CompiledRule, hits: TrieHit<LexEntry>[]): Cand[] {
  const out: Cand[] = [];
  for (const h of hits) {
    if (!ctx.latinEdgeOk(h.start, h.end)) continue;
    // a soft edge is accepted only for names long enough not to be a syllable of a word
    if (h.end - h.start < 4 && !(ctx.startOk(h.start) && ctx.endOk(h.end))) continue;
    if (h.payload.bareNotCommon && ctx.isCommonRange(h.start, h.end)) continue;
    out.push(candidate(ctx, rule, h.start, h.end, h.payload.canonical, { ...(h.payload.value ?? {}) }));
  }
  return out;
}

/** every lexicon rule's trie hits from one scan of the text (by rule id) */
export function lexiconHits(ctx: MatchCtx): Map<string, TrieHit<LexEntry>[]> {
  const { rules, trie } = ctx.R.lexiconScan();
  const lists = trie.findAllMaskedSlots(ctx.t, ctx.softMask(trie), rules.length, ctx.endOk);
  return new Map(rules.map((r, k) => [r.id, lists[k]]));
}

// ---------------------------------------------------------------- regex

export function matchRegex(ctx: MatchCtx, rule: CompiledRule): Cand[] {
  const out: Cand[] = [];
  const re = rule.re as RegExp;
  re.lastIndex = 0;
  for (let m = re.exec(ctx.t); m; m = re.exec(ctx.t)) {
    if (!m[0]) {
      re.lastIndex++;
      continue;
    }
    const s = m.index;
    const e = s + m[0].length;
    if (!ctx.startOk(s) || !ctx.latinEdgeOk(s, e)) continue;
    out.push({ start: s, end: e, type: rule.type, rule: rule.id, priority: rule.priority, canonical: canonicalText(m[0]), value: undefined });
  }
  return out;
}

// ---------------------------------------------------------------- head + Thai run

export function matchHeadRun(ctx: MatchCtx, rule: CompiledRule): Cand[] {
  const out: Cand[] = [];
  const o = rule.options;
  const re = rule.re as RegExp;
  const t = ctx.t;
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const hs = m.index;
    const he = hs + m[0].length;
    if (!ctx.startOk(hs)) continue;
    // a word that only starts like a head (กรมธรรม์): listed in the blockers lexicon
    if (ctx.R.lex.get('blockers')?.anyAt(t, hs)) continue;
    // the run: Thai letters glued to the head, joined across dashes if asked
    let q = ctx.runEnd(he);
    if (o.dashJoin) {
      for (;;) {
        const d = /^\s?[–-]\s?/.exec(t.slice(q, q + 3));
        if (!d || !isThaiWordChar(ctx.code(q + d[0].length))) break;
        q = thaiRunEnd(t, q + d[0].length);
      }
    }
    // a lexicon name right after the head may contain spaces: take it whole
    const prot = ctx.protectedAt(he);
    if (prot > q) q = prot;
    // a known organisation that starts at the head ends the name (กระทรวงการคลัง|อยู่ระหว่าง)
    const known = rule.type === 'ORG' ? ctx.lexAt('orgs', hs) : null;
    if (known && known.end > he && known.end < q && isThaiWordChar(ctx.code(known.end))) q = known.end;
    let end = ctx.trimRun(he, q, o.stops);
    // a dotted abbreviation after the head and a space (สำนักงาน ป.ป.ส.)
    if (o.glossAcrossSpace && end === he && t[he] === ' ') end = Math.max(end, stickyEnd(THAI_DOTTED, t, he + 1));
    if (end < he + (o.minRun ?? 1)) continue;
    const runText = t.slice(he, end);
    if (o.rejectStarts && ctx.wordAt(o.rejectStarts, he) > 0) continue;
    if (o.glossAcrossSpace && end === q && t[end] === ' ' && !(o.stops && ctx.wordAt(o.stops, end + 1) > 0) && !t.startsWith('และ', end + 1)) {
      const q2 = thaiRunEnd(t, end + 1);
      if (q2 > end + 1 && q2 - end <= 40 && ctx.trimRun(end + 1, q2, o.stops) === q2 && /^\s?\(\s?[A-Z]/.test(t.slice(q2, q2 + 4))) end = q2;
    }
    // …แห่งชาติ / …แห่งประเทศไทย ends a name when another organisation's head is glued after it,
    // และ when a position follows it (…กระทรวงเกษตรและสหกรณ์และประธานคณะกรรมการ…)
    if (rule.type === 'ORG') {
      const run = t.slice(he, end);
      const positions = ctx.R.lex.get('positions');
      const titles = ctx.R.words.get('titleWords');
      for (let i = run.indexOf('และ'); i >= 0; i = run.indexOf('และ', i + 3)) {
        if (positions?.anyAt(t, he + i + 3) || titles?.anyAt(t, he + i + 3)) {
          end = he + i;
          break;
        }
      }
      for (let i = run.indexOf('แห่ง'); i >= 0; i = run.indexOf('แห่ง', i + 4)) {
        const k = he + i;
        const q2 = t.startsWith('แห่งชาติ', k) ? k + 8 : t.startsWith('แห่งประเทศไทย', k) ? k + 13 : -1;
        if (q2 > 0 && q2 < end && orgHeadAt(t, q2, re)) {
          end = q2;
          break;
        }
      }
    }
    // a name cut at a stop word (…การแพร่ระบาด|ของโรค… (โควิด-19) (ศบค.)) runs on to a Thai acronym in
    // parentheses on the same line that starts with the head's first letter, when no break word comes between
    if (rule.type === 'ORG' && end < q) {
      // (within the next 120 characters of the line: nothing here scans the rest of the text)
      let ahead = t.slice(end, end + 120);
      const nl = ahead.indexOf('\n');
      if (nl >= 0) ahead = ahead.slice(0, nl);
      const m = ACRONYM_PAREN.exec(ahead);
      if (m && m[1][0] === t[hs] && !ORG_BREAK.test(ahead.slice(0, m.index))) {
        let e2 = end + m.index;
        while (t[e2 - 1] === ' ') e2--;
        end = e2;
      }
    }
    // a head that is also a common noun (ศูนย์ a centre) names an organisation only with its acronym after it
    if (o.needAcronym && ctx.R.rawWordLists[o.needAcronym]?.includes(m[0]) && !/^\s?\((?:[A-Z][A-Za-z0-9&-]{1,11}|[\u0E01-\u0E2E][\u0E01-\u0E4E.]{1,12})\)/.test(t.slice(end, end + 16))) continue;
    if (end === he + runText.length && runText.length <= (o.commonRunMaxLen ?? Infinity) && (o.rejectIfRunIn ?? []).some((name) => ctx.R.lex.get(name)?.has(runText))) continue;
    // a name of the lexicon keeps the lexicon's canonical form (สำนักงาน ป.ป.ส. → its long form)
    const same = known && known.end === end ? known : rule.type === 'ORG' ? ctx.R.lex.get('orgs')?.longestAt(t, hs, (k) => k === end) : null;
    let canonical = same ? same.payload.canonical : canonicalText(t.slice(hs, end));
    const value: Record<string, unknown> = {};
    let hasSuffix = false;
    if (o.suffix) {
      const s = eventSuffixAt(ctx, end);
      if (s && s.canonical) {
        end = s.end;
        canonical += ' ' + s.canonical;
        hasSuffix = true;
        if (s.acronym) value.acronym = s.acronym;
      }
    }
    if (o.requireSuffixOrQualifier && !hasSuffix) {
      if (o.requireSuffixOrQualifier === '-') continue;
      const quals = ctx.R.words.get(o.requireSuffixOrQualifier);
      let ok = false;
      for (let k = he; k < he + runText.length && !ok; k++) if (quals && quals.anyAt(t, k)) ok = true;
      if (!ok) continue;
    }
    out.push({ start: hs, end, type: rule.type, rule: rule.id, priority: rule.priority, canonical, value: Object.keys(value).length ? value : undefined });
  }
  return out;
}

/** a Thai acronym in parentheses, (ศบค.) */
const ACRONYM_PAREN = /\(([\u0E01-\u0E2E][\u0E01-\u0E4E]{0,7}\.(?:[\u0E01-\u0E4E]{1,8}\.?)*)\)/;
/** words and marks that end a name for ACRONYM_PAREN's run-on */
const ORG_BREAK = /โดย|ได้|เมื่อ|ณ|ร่วมกับ|กล่าว|ว่า|และ|หรือ|ซึ่ง|ที่|เพื่อ|[,;:“”"]|\s\s/u;

// ---------------------------------------------------------------- Latin phrases

export interface LatinPhrase {
  start: number;
  end: number;
  words: { start: number; end: number; text: string }[];
}

/**
 * The most words a Latin phrase holds: a longer run of capitalised words (a title in capitals,
 * a list of names, or a pathological document of nothing else) is cut into phrases of this
 * many words. English names of organisations and events run to ~15 words; compromise's tagger
 * (matchLatinPerson) takes time superlinear in the length of what it is given (one 120 KB run:
 * 48 s), so without a bound one document could stall a batch for minutes.
 */
export const MAX_PHRASE_WORDS = 40;

/**
 * Capitalised Latin phrases: runs of capitalised words, joined by connectors (of, and,
 * the, –, &) and single or double spaces; connectors never start or end a phrase; at most
 * MAX_PHRASE_WORDS words.
 */
export function latinPhrases(ctx: MatchCtx): LatinPhrase[] {
  const t = ctx.t;
  const connectors = new Set(ctx.R.rawWordLists.latinConnectors ?? []);
  const re = /[A-Za-zÀ-ɏ0-9][A-Za-zÀ-ɏ0-9.'’&-]*|[–&]/g;
  const out: LatinPhrase[] = [];
  let cur: LatinPhrase['words'] = [];
  const flush = () => {
    while (cur.length && connectors.has(cur[cur.length - 1].text)) cur.pop();
    while (cur.length && connectors.has(cur[0].text)) cur.shift();
    // "Long Name – ACR": the acronym after a dash is a phrase of its own
    const n = cur.length;
    if (n >= 3 && /^[–-]$/.test(cur[n - 2].text) && /^[A-Z]{2,}$/.test(cur[n - 1].text)) {
      const tail = cur.slice(n - 1);
      cur = cur.slice(0, n - 2);
      flush();
      cur = tail;
    }
    if (cur.length && cur.some((w) => isLatinLetter(w.text.charCodeAt(0)))) {
      out.push({ start: cur[0].start, end: cur[cur.length - 1].end, words: cur });
    }
    cur = [];
  };
  let prevEnd = -1;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    let text = m[0];
    // a trailing period belongs to the word only for short abbreviations (Co., Ltd.)
    if (text.length > 4 && text.endsWith('.')) text = text.slice(0, -1);
    const w = { start: m.index, end: m.index + text.length, text };
    const gap = prevEnd < 0 ? '' : t.slice(prevEnd, w.start);
    if (cur.length && (cur.length >= MAX_PHRASE_WORDS || !/^ {1,2}$/.test(gap))) flush();
    const c = text.charCodeAt(0);
    const cap = isUpper(c) || (c >= 0x30 && c <= 0x39 && cur.length > 0 && /[A-Za-z]/.test(text));
    if (cap || (connectors.has(text) && cur.length)) cur.push(w);
    else flush();
    prevEnd = w.end;
  }
  flush();
  return out;
}



export function matchLatinPhrase(ctx: MatchCtx, rule: CompiledRule, phrases: LatinPhrase[]): Cand[] {
  const out: Cand[] = [];
  const re = unicodeCopy(rule.re as RegExp);
  // an organisation keyword in an event's name (… Central Bank Governors’ Meeting) names the event
  const eventWords = rule.type === 'ORG' ? ctx.R.rules.filter((r) => r.kind === 'latin-phrase' && r.type === 'EVENT').map((r) => unicodeCopy(r.re as RegExp)) : [];
  for (const p of phrases) {
    if (!p.words.some((w, i) => re.test(w.text) && (i > 0 || p.words.length > 1))) continue;
    if (eventWords.length && p.words.some((w) => eventWords.some((e) => e.test(w.text)))) continue;
    out.push(candidate(ctx, rule, p.start, p.end, canonicalText(ctx.t.slice(p.start, p.end)), {}));
  }
  return out;
}

/**
 * Latin-script names of a lowercased lexicon (the rule's single @lexicon) inside the capitalised
 * phrases: at each word the longest run of up to four words whose lowercased text is a key.
 * Linear in the phrases' words.
 */
export function matchLatinLexicon(ctx: MatchCtx, rule: CompiledRule, phrases: LatinPhrase[]): Cand[] {
  const out: Cand[] = [];
  const lex = rule.trie as Trie<LexEntry> | undefined;
  if (!lex) return out;
  for (const p of phrases) {
    const w = p.words;
    for (let i = 0; i < w.length; ) {
      let found = 0;
      let key = '';
      for (let k = 0; k < 4 && i + k < w.length; k++) {
        key += (k ? ' ' : '') + w[i + k].text.toLowerCase();
        if (lex.has(key)) found = k + 1;
      }
      if (found) {
        const s = w[i].start;
        const e = w[i + found - 1].end;
        out.push({ start: s, end: e, type: rule.type, rule: rule.id, priority: rule.priority, canonical: canonicalText(ctx.t.slice(s, e)), value: undefined });
        i += found;
      } else i++;
    }
  }
  return out;
}

export function matchHeadLatin(ctx: MatchCtx, rule: CompiledRule, phrases: LatinPhrase[], sameTypeKeywords: RegExp[] = []): Cand[] {
  const out: Cand[] = [];
  const byStart = new Map(phrases.map((p) => [p.start, p]));
  const re = rule.re as RegExp;
  re.lastIndex = 0;
  for (let m = re.exec(ctx.t); m; m = re.exec(ctx.t)) {
    const hs = m.index;
    let p = hs + m[0].length;
    if (!ctx.startOk(hs)) continue;
    if (ctx.t[p] === ' ') p++;
    const ph = byStart.get(p);
    // a Latin name that names itself (…Ceremony, …Forum) is found without the Thai head
    if (!ph || ph.words.some((w) => sameTypeKeywords.some((r) => r.test(w.text)))) continue;
    let end = ph.end;
    let canonical = canonicalText(ctx.t.slice(hs, end));
    const s = eventSuffixAt(ctx, end);
    if (s && s.canonical) {
      end = s.end;
      canonical += ' ' + s.canonical;
    }
    out.push({ start: hs, end, type: rule.type, rule: rule.id, priority: rule.priority, canonical, value: undefined });
  }
  return out;
}

/** compromise's people per phrase text (a pure function of the text), bounded */
const peopleMemo = new Map<string, Person[] | null>();
function peopleIn(text: string): Person[] | null {
  let v = peopleMemo.get(text);
  if (v === undefined) {
    try {
      v = people(text);
    } catch {
      v = null;
    }
    if (peopleMemo.size >= 4096) peopleMemo.clear();
    peopleMemo.set(text, v);
  }
  return v;
}

/** a name word, as the untitled check below wants it */
const NAME_WORD = /^[A-ZÀ-Þ][a-zß-ÿ'’-]+$/;
/**
 * A phrase can give an untitled person only if two whitespace-separated name words follow
 * each other in it (the person's surface is a piece of the phrase: its first word ends a
 * phrase word, its second starts the next one).
 */
const TWO_NAME_WORDS = /[A-ZÀ-Þ][a-zß-ÿ'’-]+\s+[A-ZÀ-Þ][a-zß-ÿ'’-]/;

/**
 * Is the phrase worth compromise's tagger (~0.3-1 ms a phrase, most of it JIT warm-up in
 * every thread)? An untitled person that passes matchLatinPerson's checks is two or more
 * whole words of the phrase, each a name word and none a keyword, so two such words follow
 * each other in it (the second may carry the punctuation the surface is trimmed of). With a
 * gate lexicon, one of the two must also be a known personal name (lowercased): phrases such
 * as `Sky Doctor` or `Summer Paralympic` are then never asked about.
 */
function hasNamePair(text: string, keywordRes: RegExp[], gate: Trie<LexEntry> | undefined): boolean {
  const words = text.split(/\s+/);
  const ok = (w: string) => NAME_WORD.test(w) && !keywordRes.some((r) => r.test(w));
  const known = (w: string) => !gate || gate.has(w.toLowerCase()) || gate.has(w.toLowerCase().replace(/['’]s$/, ''));
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i];
    const b = words[i + 1].replace(/[.,;:)]+$/, '');
    if (ok(a) && ok(b) && (known(a) || known(b))) return true;
  }
  return false;
}

/** a name word after a titled name: Capitalised, or all capitals of 3+ letters (not AM, AO) */
const NEXT_NAME_WORD = /^ ([A-ZÀ-Þ][a-zß-ÿ'’-]+|[A-ZÀ-Þ]{3,})(?![A-Za-zÀ-ÿ0-9])/;

/** the end of a titled name after the name words that follow `e` (up to `limit`, none a keyword) */
function extendName(t: string, e: number, limit: number, keywordRes: RegExp[]): number {
  for (;;) {
    const m = NEXT_NAME_WORD.exec(t.slice(e, Math.min(limit, e + 40)));
    if (!m || keywordRes.some((r) => r.test(m[1]))) return e;
    e += m[0].length;
  }
}

/**
 * The literal titles of a title pattern of the form `^(?:Mr|Dr|H\.E)\.?\s` (null for any
 * other form): a titled surface starts with one of them, so a phrase without any of them
 * has no titled person.
 */
function titleLiterals(source: string): string[] | null {
  const m = /^\^\(\?:(.*)\)\\\.\?\\s$/.exec(source);
  if (!m) return null;
  const out: string[] = [];
  for (const alt of m[1].split('|')) {
    const lit = alt.replace(/\\\./g, '.');
    if (!lit || /[\\^$.*+?()[\]{}|]/.test(lit.replace(/\./g, ''))) return null;
    out.push(lit);
  }
  return out;
}

const titleLists = new WeakMap<RegExp, string[] | null>();

/** people in Latin runs, by compromise (English only: it is fed one Latin chain at a time) */
export function matchLatinPerson(ctx: MatchCtx, rule: CompiledRule, phrases: LatinPhrase[], keywordRes: RegExp[]): Cand[] {
  const out: Cand[] = [];
  const titled = unicodeCopy(rule.re as RegExp);
  let titles = titleLists.get(titled);
  if (titles === undefined) titleLists.set(titled, (titles = titleLiterals(titled.source)));
  const gate = rule.options.gate ? ctx.R.lex.get(rule.options.gate) : undefined;
  // chains: phrases plus a title right before them (Mr. is its own phrase word)
  for (const p of phrases) {
    const text = ctx.t.slice(p.start, p.end);
    if (!/[a-z]/.test(text)) continue;
    // no person can pass the checks below: compromise is not asked
    if (titles && !titles.some((x) => text.includes(x)) && !(TWO_NAME_WORDS.test(text) && hasNamePair(text, keywordRes, gate))) continue;
    const people = peopleIn(text);
    if (!people) continue;
    for (const person of people) {
      let s = p.start + person.offset.start;
      let e = s + person.offset.length;
      while (e > s && /[\s.,;:)]/.test(ctx.t[e - 1]) && !/^(?:Mr|Mrs|Ms|Dr|Jr|Sr)\.$/.test(ctx.t.slice(s, e).split(' ').pop() ?? '')) e--;
      const isTitled = titled.test(ctx.t.slice(s, e) + ' ');
      // compromise may stop short of a titled name's last words (Mr. Heng Swee | Keat,
      // Mr. Max Andonirina | FONTAINE): take the name words that follow in the phrase
      if (isTitled) e = extendName(ctx.t, e, p.end, keywordRes);
      const surface = ctx.t.slice(s, e);
      const words = surface.split(/\s+/);
      const nameWords = isTitled ? words.slice(1) : words;
      if (!nameWords.length) continue;
      if (!isTitled) {
        if (words.length < 2) continue;
        if (words.some((w) => !NAME_WORD.test(w))) continue;
        if (words.some((w) => keywordRes.some((r) => r.test(w)))) continue;
      }
      out.push({
        start: s, end: e, type: rule.type, rule: rule.id, priority: rule.priority,
        canonical: nameWords.join(' '),
        value: isTitled ? { honorific: words[0], given: nameWords[0], family: nameWords.slice(1).join(' ') || undefined } : { given: nameWords[0], family: nameWords.slice(1).join(' ') },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- persons (Thai)

interface NameParts {
  end: number;
  given: string;
  family?: string;
  extra: string[];
}

/** does a non-name word or a position head start at k */
function nameStopsAt(ctx: MatchCtx, k: number): boolean {
  const nn = ctx.R.lex.get('notNames');
  if (nn && nn.anyAt(ctx.t, k)) return true;
  const pos = ctx.R.lex.get('positions');
  return !!(pos && pos.anyAt(ctx.t, k));
}

const STOP_LEXICONS = ['notNames', 'positions'];

/** length of the longest non-name word at k (0 when none) */
function stopLenAt(ctx: MatchCtx, k: number): number {
  let best = 0;
  for (const name of STOP_LEXICONS) {
    const e = ctx.R.lex.get(name)?.maxEndAt(ctx.t, k) ?? -1;
    if (e >= 0) best = Math.max(best, e - k);
  }
  return best;
}

/**
 * A family name cannot start here: a listed non-name word of 4+ letters (อดีต, หน่วยงาน), a
 * position, or a verb of 3+ letters (แจง, เตรียม). Short function words (มา, มี, จึง) start
 * many family names (มาฉิม, มีนะกนิษฐ, จึงรุ่งเรืองกิจ) and do not count.
 */
function familyStopAt(ctx: MatchCtx, k: number): boolean {
  const t = ctx.t;
  if (ctx.R.lex.get('notNames')?.someEndAt(t, k, (e) => e - k >= 4 && ctx.endOk(e))) return true;
  if (ctx.R.lex.get('positions')?.anyAt(t, k)) return true;
  const verbs = ctx.R.words.get('positionRunStops');
  return !!verbs && verbs.someEndAt(t, k, (e) => e - k >= 3 && ctx.endOk(e));
}

/** the end of a name word that starts at p and may be glued to a following verb */
function nameWordEnd(ctx: MatchCtx, p: number, gaz: Trie<LexEntry> | undefined, extra?: Trie<unknown>, isFamily = false): number {
  const t = ctx.t;
  const q = ctx.runEnd(p);
  if (q === p) return p;
  // a gazetteer (or in-document) name that ends the run or is followed by a non-name word
  // (for family names a longer one: โอบา|มา is โอบามา)
  const ends = [...(gaz ? gaz.matchesAt(t, p) : []), ...(extra ? extra.matchesAt(t, p) : [])].map((h) => h.end).sort((a, b) => b - a);
  for (const e of ends) if (e === q || (nameStopsAt(ctx, e) && (!isFamily || stopLenAt(ctx, e) >= 3))) return e;
  if (isFamily) {
    for (let k = p + 2; k < q; k++) if (ctx.startOk(k) && familyStopAt(ctx, k)) return k;
    return q;
  }
  // a known name the segmenter split from a glued common word (ประยุทธ์|หยุด, เสรีพิศุทธ์|มา)
  for (const e of ends) {
    if (e - p < 3 || ctx.boundary[e] !== 1) continue;
    const te = ctx.tokEnd[e];
    // more words follow (ประยุทธ์|หยุด|ปฏิบัติ…) or a listed non-name word (เสรีพิศุทธ์|มา);
    // not a single common word that may end a longer name (ธีระ|เกียรติ)
    if (te > e && ctx.isCommonRange(e, te) && (te < q || nameStopsAt(ctx, e))) return e;
  }
  // otherwise cut before the first non-name word glued after two or more letters
  for (let k = p + 2; k < q; k++) if (ctx.startOk(k) && nameStopsAt(ctx, k)) return k;
  return q;
}

function wordOk(ctx: MatchCtx, w: string, gaz?: Trie<LexEntry>): boolean {
  if (w.length < 2) return false;
  if (gaz?.has(w)) return true;
  if (ctx.isCommon(w)) return false;
  return true;
}

function endsWithStopSuffix(ctx: MatchCtx, w: string): boolean {
  const trie = ctx.R.words.get('nameStopSuffixes');
  if (!trie) return false;
  for (let k = 1; k < w.length; k++) if (trie.hasRange(w, k, w.length)) return true;
  return false;
}

function positionAt(ctx: MatchCtx, k: number): boolean {
  const pos = ctx.R.lex.get('positions');
  return !!pos && ctx.startOk(k) && pos.anyAt(ctx.t, k);
}

const ORG_OR_PLACE = ['orgs', 'locations', 'countries', 'provinces', 'projects', 'events'];

function orgOrPlaceAt(ctx: MatchCtx, k: number, endAt: number): boolean {
  if (!ctx.startOk(k)) return false;
  for (const name of ORG_OR_PLACE) {
    const trie = ctx.R.lex.get(name);
    if (trie && trie.longestEndAt(ctx.t, k, ctx.endOk) >= endAt) return true;
  }
  return false;
}

/** a token inside [s, e) starts a verb / non-name word (ดำรงตำแหน่ง, เตรียมเบิกพยาน) */
function hasVerbToken(ctx: MatchCtx, s: number, e: number): boolean {
  const verbs = ctx.R.words.get('positionRunStops');
  for (let k = s; k < e; k = ctx.tokEnd[k] > k ? ctx.tokEnd[k] : k + 1) {
    if (!ctx.startOk(k)) continue;
    if (familyStopAt(ctx, k)) return true;
    if (verbs && verbs.someEndAt(ctx.t, k, (x) => x <= e && x - k >= 3 && ctx.endOk(x))) return true;
  }
  return false;
}

/** given name [+ family name [+ more words when a position follows]] from p */
function readName(ctx: MatchCtx, p: number, docNames?: Trie<unknown>): NameParts | null {
  const t = ctx.t;
  const given = ctx.R.lex.get('givenNames');
  const family = ctx.R.lex.get('familyNames');
  if (!isThaiWordChar(ctx.code(p))) return null;
  // a non-name word here (กล่าว, รัฐมนตรี), unless a longer known given name starts here (มา|นะ → มานะ)
  const stopLen = stopLenAt(ctx, p);
  if (stopLen >= 3 || (stopLen > 0 && stopLen === ctx.runEnd(p) - p)) {
    const longest = given ? given.maxEndAt(t, p) : -1;
    if (longest < 0 || longest - p <= stopLen) return null;
  }
  const g = nameWordEnd(ctx, p, given, docNames);
  if (g - p < 2) return null;
  // an unknown given name made only of common words is a phrase (ยื่นประกัน), unless a position follows
  // (only when the title stood apart, "พ.ต.ท. ฆ่า…", or the word holds a verb; name morphemes
  // such as พงษ์|กรณ์ are common words too)
  const phraseLike = !given?.hasRange(t, p, g) && !docNames?.hasRange(t, p, g) && ctx.allTokensCommon(p, g) &&
    (t[p - 1] === ' ' || hasVerbToken(ctx, p, g));
  const parts: NameParts = { end: g, given: t.slice(p, g), extra: [] };
  if (g !== ctx.runEnd(p) || t[g] !== ' ') return phraseLike ? null : parts;
  // following space-separated words
  const words: { s: number; e: number }[] = [];
  const honor = ctx.R.lex.get('honorifics');
  let k = g;
  while (words.length < 3 && t[k] === ' ' && isThaiWordChar(ctx.code(k + 1))) {
    const s = k + 1;
    const se = ctx.runEnd(s);
    if ((!family?.hasRange(t, s, se) && familyStopAt(ctx, s)) || orgOrPlaceAt(ctx, s, se)) break;
    // the next person of a list (นายก ข นายค ง ผู้ตรวจราชการ…): a name never runs into a title
    // (not a family name or a position that starts like a title, ดรุณสาสน์, นายกองค์การ…; a
    // two-letter title such as ดร without its dot is too short to tell)
    if (honor && honor.maxEndAt(t, s) - s >= 3 && !family?.hasRange(t, s, se) && !positionAt(ctx, s)) break;
    const e = nameWordEnd(ctx, s, family, undefined, true);
    if (e - s < 2) break;
    words.push({ s, e });
    if (e !== ctx.runEnd(s)) break;
    k = e;
  }
  // foreign names: all words up to a position / an opening parenthesis
  for (let j = words.length - 1; j >= 0; j--) {
    const after = words[j].e;
    if (t[after] === ' ' && (positionAt(ctx, after + 1) || t[after + 1] === '(')) {
      parts.family = t.slice(words[0].s, words[j].e);
      parts.end = words[j].e;
      return parts;
    }
  }
  if (phraseLike) return null;
  if (!words.length) return parts;
  const w = t.slice(words[0].s, words[0].e);
  if (!wordOk(ctx, w, family) || endsWithStopSuffix(ctx, w)) return parts;
  if (!family?.has(w) && hasVerbToken(ctx, words[0].s, words[0].e)) return parts;
  parts.family = w;
  parts.end = words[0].e;
  return parts;
}

/** where a title may start, with its titles (shortest first): what does not depend on the names read after it */
interface TitleSite {
  i: number;
  hits: TrieHit<LexEntry>[];
}

const titleSitesMemo = new WeakMap<MatchCtx, Map<CompiledRule, TitleSite[]>>();

/** a common word starting 1 or 2 Thai letters before i ends at e, e + 1 or e + 2 */
function tailOfCommonWord(ctx: MatchCtx, i: number, e: number): boolean {
  for (let k = 1; k <= 2; k++) {
    if (i - k < 0 || !isThaiWordChar(ctx.code(i - k))) continue;
    if (ctx.isCommonRange(i - k, e) || ctx.isCommonRange(i - k, e + 1) || ctx.isCommonRange(i - k, e + 2)) return true;
  }
  return false;
}

function titleSites(ctx: MatchCtx, rule: CompiledRule): TitleSite[] {
  let byRule = titleSitesMemo.get(ctx);
  if (!byRule) titleSitesMemo.set(ctx, (byRule = new Map()));
  const known = byRule.get(rule);
  if (known) return known;
  const out: TitleSite[] = [];
  const t = ctx.t;
  const trie = rule.trie as Trie<LexEntry>;
  const notNames = ctx.R.lex.get('notNames');
  const sm = ctx.startMask;
  const n = ctx.n;
  // (the checks of a site are in titleHits: closures made in this loop's body would capture i,
  // and V8 then allocates a context for every position of the text, ~80 bytes a character)
  for (let i = 0; i < n; i++) {
    if (sm[i] !== 1 || !isThaiWordChar(t.charCodeAt(i)) || !trie.anyAt(t, i)) continue;
    const hits = titleHits(ctx, trie, notNames, i);
    if (hits !== null) out.push({ i, hits });
  }
  byRule.set(rule, out);
  return out;
}

/** the titles at i (a position where some title starts) that make a title site, or null */
function titleHits(ctx: MatchCtx, trie: Trie<LexEntry>, notNames: Trie<LexEntry> | undefined, i: number): TrieHit<LexEntry>[] | null {
  const t = ctx.t;
  let hits = trie.matchesAt(t, i);
  // a dotted abbreviation glued after Thai letters (อผศ.) is not a title
  if (i > 0 && isThaiWordChar(ctx.code(i - 1)) && !(ctx.boundary[i] === 1 && i - Math.max(0, ctx.tokStart[i - 1]) >= 2)) {
    hits = hits.filter((h) => !t.slice(h.start, h.end).includes('.'));
  }
  // the title is the tail of a word (ทนาย|ความ): a common word covers it from before
  if (hits.some((h) => tailOfCommonWord(ctx, i, h.end))) hits = hits.filter((h) => !tailOfCommonWord(ctx, i, h.end));
  if (!hits.length) return null;
  // a word that only looks like a title (นายกรัฐมนตรี, นางฟ้า)
  const lastEnd = hits[hits.length - 1].end;
  if (notNames && notNames.someEndAt(t, i, (e) => e > lastEnd)) return null;
  return hits;
}

/**
 * Titled names (นาย|นางสาว|ดร. + given [+ family]). The second pass (docNames: the names
 * found in the first) reuses the first pass's title sites: only the names are read again.
 */
export function matchHonorificNames(ctx: MatchCtx, rule: CompiledRule, docNames?: Trie<unknown>): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const trie = rule.trie as Trie<LexEntry>;
  const gazGiven = ctx.R.lex.get('givenNames');
  let next = 0;
  for (const { i, hits } of titleSites(ctx, rule)) {
    if (i < next) continue;
    // longest title first, but a title whose name is a known given name wins (นายก|เศรษฐา vs นาย|กฤษณ์)
    let chosen: { name: NameParts; honorific: string[] } | null = null;
    for (let j = hits.length - 1; j >= 0; j--) {
      const h = hits[j];
      const honorific = [h.payload.canonical];
      let p = h.end;
      if (t[p] === ' ' && isThaiWordChar(ctx.code(p + 1))) p++;
      // a second title (รองศาสตราจารย์ ดร.)
      const h2 = trie.longestAt(t, p);
      if (h2 && isThaiWordChar(t.charCodeAt(p))) {
        honorific.push(h2.payload.canonical);
        p = h2.end;
        if (t[p] === ' ' && isThaiWordChar(ctx.code(p + 1))) p++;
      }
      const name = readName(ctx, p, docNames);
      if (!name) continue;
      const confirmed = !!(gazGiven?.has(name.given) || docNames?.has(name.given));
      // a position used as a title (นายก) needs a known name after it
      if (h.payload.value?.kind === 'position' && !confirmed) continue;
      if (!chosen || confirmed) chosen = { name, honorific };
      if (confirmed) break;
    }
    // นายก + unknown word (นายกแคนาดา) is not นาย + a name either
    if (chosen && hits.some((h) => h.payload.value?.kind === 'position') && !(gazGiven?.has(chosen.name.given) || docNames?.has(chosen.name.given))) chosen = null;
    if (chosen) {
      const { name, honorific } = chosen;
      const canonical = name.family ? `${name.given} ${name.family}` : name.given;
      out.push({
        start: i, end: name.end, type: rule.type, rule: rule.id, priority: rule.priority, canonical,
        value: { honorific: honorific.join(' '), given: name.given, ...(name.family ? { family: name.family } : {}) },
      });
      next = name.end;
    }
  }
  return out;
}

/** names without a title, framed by a following position: "ชัยวุฒิ ธนาคมานุสรณ์ รัฐมนตรีว่าการ…" */
export function matchFramedNames(ctx: MatchCtx, rule: CompiledRule, positionStarts: number[]): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const given = ctx.R.lex.get('givenNames');
  const family = ctx.R.lex.get('familyNames');
  const honor = ctx.R.lex.get('honorifics');
  for (const ps of positionStarts) {
    if (t[ps - 1] !== ' ') continue;
    const words: { s: number; e: number }[] = [];
    let k = ps - 1;
    while (words.length < 3 && k > 0 && t[k] === ' ' && isThaiWordChar(ctx.code(k - 1))) {
      const e = k;
      const s = thaiRunStart(t, e);
      const w = t.slice(s, e);
      if (nameStopsAt(ctx, s) || endsWithStopSuffix(ctx, w) || orgOrPlaceAt(ctx, s, e)) break;
      if (honor && honor.anyAt(t, s)) break;
      if (!wordOk(ctx, w, words.length === 0 ? family : given) && !(given?.has(w) || family?.has(w))) break;
      words.unshift({ s, e });
      k = s - 1;
      // stop at a line start or after punctuation: a name never continues past them
      if (s === 0 || t[s - 1] !== ' ') break;
    }
    if (words.length < 2) continue;
    const s = words[0].s;
    const e = words[words.length - 1].e;
    const gw = t.slice(words[0].s, words[0].e);
    out.push({
      start: s, end: e, type: rule.type, rule: rule.id, priority: rule.priority,
      canonical: canonicalText(t.slice(s, e)),
      value: { given: gw, family: canonicalText(t.slice(words[1].s, e)) },
    });
  }
  return out;
}

/** a known given name + a known family name, space-separated, no title (ชวน หลีกภัย) */
export function matchGazetteerNames(ctx: MatchCtx, rule: CompiledRule): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const given = ctx.R.lex.get('givenNames');
  const family = ctx.R.lex.get('familyNames');
  if (!given || !family) return out;
  const n = ctx.n;
  const boundary = ctx.boundary;
  const tokEnd = ctx.tokEnd;
  const runEndAt = ctx.runEndAt;
  for (let i = 0; i < n; i++) {
    // a name starts a Thai run or a token inside one
    if (runEndAt[i] === i || (i > 0 && runEndAt[i - 1] !== i - 1 && boundary[i] !== 1)) continue;
    const q = runEndAt[i];
    if (t.charCodeAt(q) !== 0x20 || q - i < 2 || !given.hasRange(t, i, q)) {
      const te = tokEnd[i];
      i = Math.max(i, (te > i ? te : i + 1) - 1);
      continue;
    }
    const g = t.slice(i, q);
    const fEnd = familyNameAt(ctx, family, q + 1);
    const fam = fEnd ? t.slice(q + 1, fEnd.end) : '';
    // both names known; at least one of them not an everyday word
    if (!fEnd || fam.length < 3 || (ctx.isCommon(g) && ctx.isCommon(fam))) continue;
    out.push({
      start: i, end: fEnd.end, type: rule.type, rule: rule.id, priority: rule.priority,
      canonical: `${g} ${t.slice(q + 1, fEnd.end)}`, value: { given: g, family: t.slice(q + 1, fEnd.end) },
    });
    i = fEnd.end - 1;
  }
  return out;
}

/**
 * the longest family name at p that ends its Thai run or a token where a name stops (a
 * function of its own: the closure, made in matchGazetteerNames' loop, gave every position of
 * the text a context of its own)
 */
function familyNameAt(ctx: MatchCtx, family: Trie<LexEntry>, p: number): TrieHit<LexEntry> | null {
  const fRun = ctx.runEnd(p);
  return family.longestAt(ctx.t, p, (e) => e === fRun || (ctx.boundary[e] === 1 && nameStopsAt(ctx, e)));
}

/** a single known given name in quotes (“เนวินธุ์”) */
export function matchQuotedNames(ctx: MatchCtx, rule: CompiledRule, docGiven: Map<string, string>): Cand[] {
  const out: Cand[] = [];
  const given = ctx.R.lex.get('givenNames');
  const re = rule.re as RegExp;
  re.lastIndex = 0;
  for (let m = re.exec(ctx.t); m; m = re.exec(ctx.t)) {
    const w = m[1];
    const s = m.index + m[0].indexOf(w);
    const known = docGiven.get(w);
    if (!known && (!given?.has(w) || ctx.isCommon(w))) continue;
    out.push({ start: s, end: s + w.length, type: rule.type, rule: rule.id, priority: rule.priority, canonical: known ?? w, value: { given: w } });
  }
  return out;
}

// ---------------------------------------------------------------- positions

/** the rule whose pattern is the heads of Thai organisation names (ORG, head-run) */
function orgHeadRule(R: CompiledRules): CompiledRule | undefined {
  return R.rules.find((r) => r.type === 'ORG' && r.kind === 'head-run');
}

/** an organisation head (orgHeadRule's pattern) starts at p */
const stickyCopies = new WeakMap<RegExp, RegExp>();
function orgHeadAt(t: string, p: number, re: RegExp): boolean {
  let sticky = stickyCopies.get(re);
  if (!sticky) stickyCopies.set(re, (sticky = new RegExp(re.source, 'uy')));
  sticky.lastIndex = p;
  return sticky.test(t);
}

export function matchPositions(ctx: MatchCtx, rule: CompiledRule, persons: Cand[] = [], personRule?: string): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const trie = rule.trie as Trie<LexEntry>;
  const orgs = ctx.R.lex.get('orgs');
  const stops = ctx.R.words.has('positionRunStops') ? 'positionRunStops' : rule.options.stops;
  const orgHead = ctx.R.rules.some((r) => r.kind === 'org-in-position') ? orgHeadRule(ctx.R)?.re : undefined;
  for (const h of trie.findAllMasked(t, ctx.startMask)) {
    if ((rule.options.notAfter ?? []).some((w) => t.slice(h.start - w.length, h.start) === w)) continue;
    const head = h.payload;
    const complement = head.value?.complement === true;
    let end = h.end;
    let body = '';
    let org: string | undefined;
    let orgStart = -1;
    if (complement) {
      let p = h.end;
      if (t[p] === 'ฯ') p++;
      const orgAfterSpace = t[p] === ' ' ? ctx.lexAt('orgs', p + 1) : null;
      if (orgAfterSpace && orgs) {
        end = orgAfterSpace.end;
        org = orgAfterSpace.payload.canonical;
        body = org;
        orgStart = p + 1;
      } else {
        const q = Math.max(thaiRunEnd(t, p), ctx.protectedAt(p));
        let e = ctx.trimRun(p, q, stops);
        // "…และ<position>" inside the run (…อุตสาหกรรมและโฆษกกระทรวง…) ends this one
        for (let k = p + 1; k < e; k++) {
          const prot = ctx.protectedAt(k);
          if (prot > k) {
            k = prot - 1;
            continue;
          }
          if (k >= 3 && t.startsWith('และ', k - 3) && trie.anyAt(t, k) && !orgs?.anyAt(t, k)) {
            e = k;
            break;
          }
        }
        if (t.slice(e - 3, e) === 'และ' && e - 3 > p) e -= 3;
        // a person named right after an abbreviated title (รมว.ธรรมนัส)
        const gn = ctx.R.lex.get('givenNames')?.matchesAt(t, p).filter((x) => x.end === thaiRunEnd(t, p) || ctx.boundary[x.end] === 1).pop();
        if (gn && !ctx.lexAt('orgs', p) && !ctx.isCommon(t.slice(p, gn.end)) && gn.end - p >= 3) {
          persons.push({ start: p, end: gn.end, type: 'PERSON', rule: personRule ?? 'person-framed', priority: 7, canonical: t.slice(p, gn.end), value: { given: t.slice(p, gn.end) } });
          e = p;
        }
        // a dotted abbreviation body (รมว.ดีอีเอส): the lexicon match may end after the run
        const o = ctx.lexAt('orgs', p);
        if (o && o.end > e) e = o.end;
        if (t[e] === 'ฯ') e++;
        if (o && o.end >= e - 1) {
          org = o.payload.canonical;
          body = org;
          orgStart = p;
        } else if (e > p) {
          body = canonicalText(t.slice(p, e));
          if (o) org = o.payload.canonical;
          // a body that is an organisation's name by its head (อธิบดี|กรมควบคุมโรค)
          else if (orgHead && orgHeadAt(t, p, orgHead)) orgStart = p;
        }
        end = e > p ? e : p;
      }
      if (!body && head.value?.needsBody) continue;
      if (end === p && t[p - 1] === 'ฯ') end = p;
    }
    const canonical = head.canonical + body;
    // the organisation named in the title, as its own span (an ORG inside the POSITION)
    const orgSpan = orgStart >= 0 && end - orgStart >= 3 ? { orgStart, orgEnd: t[end - 1] === 'ฯ' && !org ? end - 1 : end } : {};
    out.push({
      start: h.start, end, type: rule.type, rule: rule.id, priority: rule.priority, canonical,
      value: { head: head.canonical, ...(org ? { org } : {}), ...orgSpan },
    });
  }
  return out;
}

// ---------------------------------------------------------------- venues and administrative places

/** `(` … `)` on one line, at most 30 characters, right at p */
function parenEnd(t: string, p: number): number {
  if (t[p] !== '(') return -1;
  const inner = t.slice(p + 1, p + 31);
  const close = inner.indexOf(')');
  return close >= 0 && !inner.slice(0, close).includes('\n') ? p + close + 2 : -1;
}

const LATIN_OR_DIGITS = /[A-Za-z0-9๐-๙][A-Za-z0-9๐-๙.&'’]*(?:\s?[-–]\s?[0-9๐-๙]+)?/uy;
const THAI_DOTTED = /[\u0E01-\u0E4E]{1,6}\.(?:[\u0E01-\u0E4E]{1,6}\.)*/uy;

/** the end of a sticky pattern's match at p, or -1 */
function stickyEnd(re: RegExp, t: string, p: number): number {
  re.lastIndex = p;
  const m = re.exec(t);
  return m && m[0] ? p + m[0].length : -1;
}

/**
 * Venues: a head (ห้องประชุม, ตึก, ทำเนียบรัฐบาล …) and what names it, across single spaces: a room
 * name or number, ชั้น N, the building, the organisation that houses it, a short note in
 * parentheses, up to a stop word, a person, a position, an administrative place, or the line's
 * end. Option `stops`: the words that end it; option `cue`: a word list one of which must stand
 * right before the head (ณ, ที่), an optional space between.
 */
export function matchVenues(ctx: MatchCtx, rule: CompiledRule): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const re = rule.re as RegExp;
  const o = rule.options;
  const cues = o.cue ? ctx.R.rawWordLists[o.cue] ?? [] : null;
  const orgHead = orgHeadRule(ctx.R)?.re;
  const orgSticky = orgHead ? new RegExp(orgHead.source, 'uy') : null;
  const stopLex = ['positions', 'honorifics', 'provinces', 'countries', 'districts', 'subdistricts'];
  const admin = ctx.R.rules.find((r) => r.kind === 'admin-place')?.re;
  const adminSticky = admin ? new RegExp(admin.source, 'uy') : null;
  const venueHeads = ctx.R.rules.filter((r) => r.kind === 'venue').map((r) => new RegExp((r.re as RegExp).source, 'uy'));
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const hs = m.index;
    const he = hs + m[0].length;
    if (!ctx.startOk(hs)) continue;
    if (cues) {
      const b = t[hs - 1] === ' ' ? hs - 1 : hs;
      if (!cues.some((w) => t.startsWith(w, b - w.length) && (b - w.length === 0 || !isThaiWordChar(t.charCodeAt(b - w.length - 1)) || ctx.boundary[b - w.length] === 1))) continue;
    }
    const glued = ctx.wordAt(o.stops ?? '', he) > 0 ? he : ctx.trimRun(he, Math.max(ctx.runEnd(he), ctx.protectedAt(he)), o.stops);
    let end = glued;
    let stopped = end < ctx.runEnd(he);
    // the buildings and organisations named after the room (ห้อง… | ตึกไทยคู่ฟ้า | ทำเนียบรัฐบาล): [start, end, type]
    const parts: [number, number, string][] = [];
    let bareHead = -1;
    for (let seg = 0; seg < 8 && !stopped && end - hs < 120; seg++) {
      let p = end;
      if (t[p] === ' ' && t[p + 1] !== ' ') p++;
      if (adminSticky && stickyEnd(adminSticky, t, p) > 0) break;
      let q = parenEnd(t, p);
      if (q < 0) q = stickyEnd(LATIN_OR_DIGITS, t, p);
      if (q < 0 && p > end) {
        // a Thai word after a space: another venue head, ชั้น/อาคาร, an organisation, or a name
        // that is not a common word; never a stop word, a person, a position or a place
        if (!isThaiWordChar(t.charCodeAt(p))) break;
        if (ctx.wordAt(o.stops ?? '', p) > 0 || stopLex.some((n) => ctx.lexAt(n, p))) break;
        const dotted = stickyEnd(THAI_DOTTED, t, p);
        const place = ctx.lexAt('locations', p);
        const headEnd = Math.max(...venueHeads.map((re) => stickyEnd(re, t, p)));
        const isVenueHead = headEnd > 0;
        const strong = isVenueHead || (orgSticky && stickyEnd(orgSticky, t, p) > 0) || ctx.lexAt('orgs', p) ||
          place?.payload.value?.kind === 'venue' || t.startsWith('ชั้น', p);
        if (!strong && (place || (dotted < 0 && ctx.isCommonRange(p, ctx.runEnd(p))))) break;
        const runQ = Math.max(ctx.runEnd(p), ctx.protectedAt(p));
        q = ctx.trimRun(p, runQ, o.stops);
        if (q < runQ) stopped = true;
        if (dotted > q) q = dotted;
        if (q > p && (place?.payload.value?.kind === 'venue' || (isVenueHead && q > headEnd))) parts.push([p, q, 'LOCATION']);
        else if (isVenueHead) bareHead = p; // a bare head (อาคาร 1) is no place of its own
        else if (q > p && strong && !t.startsWith('ชั้น', p)) parts.push([p, q, 'ORG']);
        else if (dotted === q && parts.length && parts[parts.length - 1][1] === end && parts[parts.length - 1][2] === 'ORG') {
          // an organisation's dotted short name (สำนักงาน ป.ป.ส.)
          parts[parts.length - 1][1] = q;
        }
      } else if (q < 0) {
        // glued to the head: a dotted abbreviation (อาคาร กช.กสอ.)
        q = stickyEnd(THAI_DOTTED, t, p);
      }
      if (q <= p) break;
      end = q;
    }
    // nor does it end a name (… ชั้น 11 อาคาร|ที่ทำการ…)
    if (bareHead > he && end === ctx.runEnd(bareHead)) end = bareHead;
    if (end - he < 1) continue;
    // a trailing connector or dash is not part of the name
    while (end > he && /[\s\-–,]/.test(t[end - 1])) end--;
    if (end - he < 2) continue;
    const inside = parts.filter(([s, e]) => e <= end && e - s >= 3);
    out.push({
      start: hs, end, type: rule.type, rule: rule.id, priority: rule.priority, canonical: canonicalText(t.slice(hs, end)),
      value: inside.length ? { kind: 'venue', parts: inside } : { kind: 'venue' },
    });
  }
  return out;
}

const ABBREVIATED_PREFIX: Record<string, string> = { 'ต.': 'ตำบล', 'อ.': 'อำเภอ', 'จ.': 'จังหวัด' };

/**
 * Districts and subdistricts by their prefix (อำเภอ/อ./เขต, ตำบล/ต./แขวง) and the place-name
 * gazetteer (lexicons `districts`, `subdistricts`): the canonical form spells the prefix out
 * (อ.เนินมะปราง → อำเภอเนินมะปราง); value holds the hierarchy (district, province, country).
 * A name found in several provinces takes the one the document names, else none.
 */
export function matchAdminPlaces(ctx: MatchCtx, rule: CompiledRule): Cand[] {
  const out: Cand[] = [];
  const t = ctx.t;
  const re = rule.re as RegExp;
  // does the document name this place anywhere (one scan per distinct name)
  const seen = new Map<string, boolean>();
  const named = (x: string): boolean => {
    let v = seen.get(x);
    if (v === undefined) seen.set(x, (v = t.includes(x)));
    return v;
  };
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const hs = m.index;
    if (!ctx.startOk(hs)) continue;
    const level = m.groups?.subdistrict ? 'subdistrict' : 'district';
    const prefix = m[0].trim();
    let p = hs + m[0].length;
    const hit = ctx.R.lex.get(level === 'subdistrict' ? 'subdistricts' : 'districts')?.longestAt(t, p, ctx.endOk);
    if (!hit) {
      // อ.เมือง (+ the province): the district of a province's capital
      if (level !== 'district' || !t.startsWith('เมือง', p) || isThaiWordChar(ctx.code(p + 5)) && !ctx.lexAt('provinces', p + 5)) continue;
      const prov = ctx.lexAt('provinces', p + 5);
      const e = prov ? prov.end : p + 5;
      const province = prov?.payload.canonical;
      out.push({ start: hs, end: e, type: rule.type, rule: rule.id, priority: rule.priority, canonical: (ABBREVIATED_PREFIX[m[0].trim()] ?? m[0].trim()) + t.slice(p, e),
        value: province ? { kind: 'district', province, country: 'ไทย' } : { kind: 'district' } });
      continue;
    }
    const name = t.slice(p, hit.end);
    const bangkokish = prefix === 'เขต' || prefix === 'แขวง';
    const options = String(hit.payload.value?.within ?? '').split('|').filter(Boolean);
    const fits = options.filter((w) => bangkokish === w.endsWith('กรุงเทพมหานคร'));
    let chosen = fits.length === 1 ? fits[0] : fits.find((w) => w.split('/').every(named));
    if (!chosen && fits.length > 1) chosen = fits.find((w) => named(w.split('/').pop()!));
    const value: Record<string, unknown> = { kind: level };
    if (chosen) {
      const parts = chosen.split('/');
      const province = parts.pop()!;
      if (parts.length) value.district = (province === 'กรุงเทพมหานคร' ? 'เขต' : 'อำเภอ') + parts[0];
      value.province = province === 'กรุงเทพมหานคร' ? province : 'จังหวัด' + province;
      value.country = 'ไทย';
    } else if (!fits.length) continue;
    p = hit.end;
    out.push({ start: hs, end: p, type: rule.type, rule: rule.id, priority: rule.priority, canonical: (ABBREVIATED_PREFIX[prefix] ?? prefix) + name, value });
  }
  return out;
}
