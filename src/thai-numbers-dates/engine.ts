/**
 * The matcher: runs the compiled rules over a text, converts each match, lets
 * overlapping candidates compete (longest span first, then rule order), joins
 * ranges and "วันนี้ (8 กันยายน 2563)", and resolves dates against the
 * publication date. Pure: no I/O, no state between calls.
 */
import {
  FIRST_JANUARY_BE_YEAR, addDays, beToCe, ceToBe, compareYmd, formatYmd, isValidDate, isoDay, isoMonth, isoWeekday, isoYear,
  parseIsoDay, type Ymd,
} from './calendar.js';
import { compileRules, monthKey, type CompiledRule, type ItemType, type NumbersDatesConfig } from './config.js';
import { thaiDigitsToArabic } from './digits.js';
import { addDecimal, buildWordLexicon, normaliseDecimal, shiftDecimal, wordsToDecimal, type WordLexicon } from './words.js';

export interface FoundItem {
  type: ItemType;
  /** offsets into the string that was searched */
  start: number;
  end: number;
  text: string;
  canonical: string;
  value: Record<string, unknown>;
  /** id of the rule that produced the item */
  rule: string;
}

export interface FoundDiagnostic {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface AnalyseOptions {
  /** publication date YYYY-MM-DD: reference for relative dates and dates without a year */
  published?: string | null;
}

export interface AnalyseResult {
  items: FoundItem[];
  diagnostics: FoundDiagnostic[];
}

type Groups = Record<string, string | undefined>;
type GroupIndices = Record<string, [number, number] | undefined>;

/**
 * The group offsets of the match `rule.re` found at `index` (matched again, sticky, with
 * indices: the scan itself runs without the `d` flag, whose index arrays cost ~13% of the
 * rules' matching time, and asks only when the core's offsets do not follow from its text).
 */
function indicesAt(rule: CompiledRule, t: string, index: number): GroupIndices | undefined {
  const re = rule.reAt!;
  re.lastIndex = index;
  return re.exec(t)?.indices?.groups;
}

/** white space as the regexp class \s has it (sticky: from lastIndex) */
const WHITE_SPACE = /\s*/y;

interface AbsDate {
  kind: 'abs';
  d?: number;
  m?: number;
  /** CE year */
  y?: number;
  era: 'BE' | 'CE' | 'none';
  beYear?: number;
  d2?: number;
  y2?: number;
  wd?: number;
  fiscal?: boolean;
  past?: boolean;
  invalid?: string;
}
interface RelDate {
  kind: 'rel';
  word: string;
  unit: 'day' | 'week' | 'month' | 'year';
  offset: number;
}
type DateData = AbsDate | RelDate | { kind: 'range'; a: AbsDate | RelDate; b: AbsDate } | { kind: 'paren'; rel: RelDate; date: AbsDate };

/** what `Normaliser.scan` found in a text: pass it to `Normaliser.resolve` */
export interface Scan {
  /** the text that was scanned */
  readonly text: string;
  /** the same text with Arabic digits */
  readonly t: string;
  /** @internal the winning, joined candidates in text order */
  readonly cands: readonly Cand[];
}

/** @internal one candidate match (exported only as part of `Scan`) */
export interface Cand {
  rule: CompiledRule;
  start: number;
  end: number;
  date?: DateData;
  other?: { canonical: string; value: Record<string, unknown> };
}

export class Normaliser {
  readonly rules: CompiledRule[];
  private readonly matchRules: CompiledRule[];
  private readonly joinRange?: CompiledRule;
  private readonly joinParen?: CompiledRule;
  private readonly words: WordLexicon;
  private readonly monthOf = new Map<string, number>();
  private readonly weekdayOf = new Map<string, number>();
  private readonly eraOf = new Map<string, 'BE' | 'CE'>();
  private readonly relOf = new Map<string, { unit: RelDate['unit']; offset: number }>();
  private readonly multOf = new Map<string, number>();
  private readonly curOf = new Map<string, string>();
  /** classifiers (units after a plain number), longest first, by their first code unit */
  private readonly classifiersByFirst = new Map<number, string[]>();

  constructor(readonly config: NumbersDatesConfig, file?: string) {
    this.rules = compileRules(config, file);
    this.matchRules = this.rules.filter((r) => r.kind !== 'join-range' && r.kind !== 'join-paren');
    this.joinRange = this.rules.find((r) => r.kind === 'join-range');
    this.joinParen = this.rules.find((r) => r.kind === 'join-paren');
    this.words = buildWordLexicon(config);
    const L = config.lexicon;
    for (const m of L.months) for (const n of [...m.full, ...m.dotted, ...m.short]) this.monthOf.set(n, m.month);
    for (const w of L.weekdays) for (const n of w.names) this.weekdayOf.set(n, w.isoWeekday);
    for (const e of L.eras) for (const n of e.names) this.eraOf.set(n, e.era);
    for (const r of L.relative) this.relOf.set(r.word, { unit: r.unit, offset: r.offset });
    for (const m of L.multipliers) this.multOf.set(m.word, m.pow10);
    for (const c of L.currencies) for (const n of [...c.suffix, ...c.prefix]) this.curOf.set(n, c.code);
    const mults = new Set(L.multipliers.map((m) => m.word));
    for (const c of [...L.classifiers].filter((w) => w && !mults.has(w)).sort((a, b) => b.length - a.length)) {
      const list = this.classifiersByFirst.get(c.charCodeAt(0));
      if (list) list.push(c);
      else this.classifiersByFirst.set(c.charCodeAt(0), [c]);
    }
  }

  /** find every item in `text` (Thai or Arabic digits), resolved against `published` */
  analyse(text: string, opts: AnalyseOptions = {}, only?: ReadonlySet<string>): AnalyseResult {
    return this.resolve(this.scan(text, only), opts);
  }

  /**
   * The matching half of `analyse`: what was found in `text`, before dates are resolved
   * against a publication date. The same scan can be resolved against several dates.
   */
  scan(text: string, only?: ReadonlySet<string>): Scan {
    const t = thaiDigitsToArabic(text);
    const cands: Cand[] = [];
    for (const rule of this.matchRules) {
      if (only && !only.has(rule.id)) continue;
      const re = rule.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(t)) !== null) {
        // the core's offsets: from its text when it ends the match, else from the match's indices
        let c: Cand | null = null;
        if (rule.coreAtEnd) {
          const core = m.groups?.core;
          if (core !== undefined) {
            const end = m.index + m[0].length;
            c = this.convert(rule, t, m, end - core.length, end);
          }
        } else {
          const core = indicesAt(rule, t, m.index)?.core;
          if (core) c = this.convert(rule, t, m, core[0], core[1]);
        }
        if (c && c.end > c.start) cands.push(c);
        re.lastIndex = c ? Math.max(m.index + 1, c.end) : m.index + 1;
      }
    }
    // overlapping candidates compete: the longest span wins, then the earlier rule
    cands.sort((a, b) => b.end - b.start - (a.end - a.start) || a.rule.index - b.rule.index || a.start - b.start);
    // taken spans are marked in `used` (candidates are never empty, so sharing a position = overlapping)
    const used = new Uint8Array(t.length);
    const taken: Cand[] = [];
    next: for (const c of cands) {
      for (let i = c.start; i < c.end; i++) if (used[i] !== 0) continue next;
      used.fill(1, c.start, c.end);
      taken.push(c);
    }
    taken.sort((a, b) => a.start - b.start);
    return { text, t, cands: this.join(t, taken) };
  }

  /**
   * The items of a scan, resolved against `published`; with `datesOnly`, only the items of
   * DATE rules (the same DATE items, in the same order, as without it).
   */
  resolve(scan: Scan, opts: AnalyseOptions = {}, datesOnly = false): AnalyseResult {
    const published = parseIsoDay(opts.published ?? null);
    const items: FoundItem[] = [];
    const diagnostics: FoundDiagnostic[] = [];
    for (const c of scan.cands) {
      if (datesOnly && c.rule.type !== 'DATE') continue;
      const it = this.finish(scan.text, scan.t, c, published, diagnostics);
      if (it) items.push(it);
    }
    return { items, diagnostics };
  }

  // ------------------------------------------------------------------ conversion of one match

  private convert(rule: CompiledRule, t: string, m: RegExpExecArray, start: number, end: number): Cand | null {
    const g: Groups = m.groups ?? {};
    switch (rule.kind) {
      case 'date': {
        const r = this.convertDate(g, () => indicesAt(rule, t, m.index) ?? {}, t, start, end);
        return r ? { rule, start, end: r.end, date: r.date } : null;
      }
      case 'relative': {
        const rel = this.relOf.get(g.rel ?? '');
        return rel ? { rule, start, end, date: { kind: 'rel', word: g.rel!, ...rel } } : null;
      }
      case 'time': {
        const o = convertTime(g);
        return o ? { rule, start, end, other: o } : null;
      }
      case 'number': {
        const o = this.convertNumber(rule, g, t, end);
        return o ? { rule, start, end, other: o } : null;
      }
      case 'url': {
        let e = end;
        const s = t.slice(start, end);
        let u = s;
        for (;;) {
          const last = u[u.length - 1];
          if (/[.,;:!?'"’”]/.test(last)) u = u.slice(0, -1);
          else if (last === ')' && count(u, '(') < count(u, ')')) u = u.slice(0, -1);
          else if (last === ']' && count(u, '[') < count(u, ']')) u = u.slice(0, -1);
          else break;
        }
        e = start + u.length;
        if (!/^(?:https?:\/\/|www\.)[^/]*[A-Za-z0-9]/.test(u)) return null;
        return { rule, start, end: e, other: { canonical: u, value: { url: u } } };
      }
      default:
        return null;
    }
  }

  /** year digits (+ era marker) -> CE year, era, BE year; null when implausible */
  private year(raw: string, eraWord: string | undefined): { y: number; era: 'BE' | 'CE'; be?: number } | null {
    const n = Number(raw);
    const marked = eraWord ? this.eraOf.get(eraWord) : undefined;
    if (raw.length === 2) {
      if (marked === 'CE') return { y: 2000 + n, era: 'CE' };
      if (n < 40) return null; // 2-digit BE years are read as 25yy; below 2540 they are more likely counts
      return { y: beToCe(2500 + n), era: 'BE', be: 2500 + n };
    }
    if (raw.length !== 4) return null;
    if (marked === 'BE' || (!marked && n >= 2400)) {
      if (n < 1000) return null;
      return { y: beToCe(n), era: 'BE', be: n };
    }
    if (n < (marked === 'CE' ? 1000 : 1600)) return null;
    return { y: n, era: 'CE' };
  }

  private convertDate(g: Groups, indices: () => GroupIndices, t: string, start: number, end: number): { end: number; date: AbsDate } | null {
    const date: AbsDate = { kind: 'abs', era: 'none' };
    if (g.m) date.m = this.monthOf.get(monthKey(g.m));
    else if (g.mnum) date.m = Number(g.mnum);
    if (g.d) date.d = Number(g.d);
    if (g.d2) date.d2 = Number(g.d2);
    if (g.wd) date.wd = this.weekdayOf.get(g.wd);
    if (g.fy) date.fiscal = true;
    if (g.y) {
      const y = this.year(g.y, g.era);
      if (!y) {
        // an implausible year is not part of the date: end the span after the month
        const m = g.d ? indices().m : undefined;
        if (!m) return null;
        end = m[1];
      } else {
        date.y = y.y;
        date.era = y.era;
        if (y.be !== undefined) date.beYear = y.be;
      }
    }
    if (g.y2) {
      const y2 = this.year(g.y2, g.era);
      if (!y2 || date.y === undefined || y2.y <= date.y) return null;
      date.y2 = y2.y;
    }
    if (date.m !== undefined && (date.m < 1 || date.m > 12)) return null;
    if (date.d !== undefined && (date.d < 1 || date.d > 31)) return null;
    if (date.d2 !== undefined && (date.d === undefined || date.d2 <= date.d || date.d2 > 31)) return null;
    if (date.d !== undefined && date.m !== undefined && date.y !== undefined) {
      if (!isValidDate(date.y, date.m, date.d) || (date.d2 !== undefined && !isValidDate(date.y, date.m, date.d2))) {
        date.invalid = `${g.d}/${date.m}/${g.y}`;
      }
    }
    if (date.y === undefined && date.d === undefined && date.m === undefined) return null;
    // past-tense context decides the year of a date written without one
    if (date.y === undefined) {
      const L = this.config.lexicon;
      const before = t.slice(Math.max(0, start - 14), start);
      const after = t.slice(end, end + 16);
      date.past = L.pastBefore.some((w) => before.includes(w)) || L.pastAfter.some((w) => after.trimStart().startsWith(w));
    }
    return { end, date };
  }

  private convertNumber(rule: CompiledRule, g: Groups, t: string, end: number): { canonical: string; value: Record<string, unknown> } | null {
    let base: string | null = null;
    if (g.n !== undefined) base = normaliseDecimal(g.n);
    else if (g.nw !== undefined) {
      const w = wordsToDecimal(g.nw, this.words);
      if (!w) return null;
      if (rule.options?.minWordTokens && w.tokens < rule.options.minWordTokens) return null;
      base = w.decimal;
    }
    if (base === null) return null;
    const p1 = g.mult ? this.multOf.get(g.mult) ?? 0 : 0;
    const p2 = g.mult2 ? this.multOf.get(g.mult2) ?? 0 : 0;
    let v = shiftDecimal(base, p1 || p2);
    let endV: string | undefined;
    if (g.n2 !== undefined) {
      endV = shiftDecimal(normaliseDecimal(g.n2), p2 || p1);
      if (Number(endV) <= Number(v)) return null;
    }
    if (g.satang !== undefined) {
      const s = wordsToDecimal(g.satang, this.words);
      if (!s) return null;
      const part = shiftDecimal(s.decimal, -2); // satang -> baht
      v = v.startsWith('-') ? addDecimal(v, '-' + part) : addDecimal(v, part);
    }
    const value: Record<string, unknown> = { value: Number(v) };
    let canonical = v;
    if (endV !== undefined) {
      value.end = Number(endV);
      canonical = `${v}-${endV}`;
    }
    if (rule.type === 'MONEY') {
      const code = this.curOf.get(g.cur ?? g.curpre ?? '') ?? 'THB';
      value.unit = code;
      canonical += ` ${code}`;
    } else if (rule.type === 'PERCENT') {
      value.unit = '%';
      canonical += '%';
    } else if (g.den !== undefined) {
      const den = normaliseDecimal(g.den);
      if (Number(den) === 0) return null;
      value.value = Number(v) / Number(den);
      value.numerator = Number(v);
      value.denominator = Number(den);
      canonical = `${v}/${den}`;
    } else if (g.pre !== undefined) {
      value.ordinal = true;
      value.prefix = g.pre;
      if (g.y !== undefined) {
        value.year = Number(g.y);
        canonical += `/${g.y}`;
      }
    } else {
      // the longest classifier after the number and any white space (not a copy of the rest of the text)
      WHITE_SPACE.lastIndex = end;
      WHITE_SPACE.exec(t);
      const at = WHITE_SPACE.lastIndex;
      const unit = this.classifiersByFirst.get(t.charCodeAt(at))?.find((c) => t.startsWith(c, at));
      if (unit) value.unit = unit;
    }
    return { canonical, value };
  }

  // ------------------------------------------------------------------ joins

  private join(t: string, items: Cand[]): Cand[] {
    const out: Cand[] = [];
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      const b = items[i + 1];
      if (a.date && b?.date && b.date.kind === 'abs' && !b.date.invalid) {
        const between = t.slice(a.end, b.start);
        // วันนี้ (8 กันยายน 2563)
        if (this.joinParen && a.date.kind === 'rel' && a.date.unit === 'day' && b.date.d !== undefined && this.joinParen.re.test(between)) {
          const close = this.joinParen.closeRe!.exec(t.slice(b.end));
          if (close) {
            out.push({ rule: this.joinParen, start: a.start, end: b.end + close[0].length, date: { kind: 'paren', rel: a.date, date: b.date } });
            i++;
            continue;
          }
        }
        // 30 มี.ค. - 2 เม.ย. 64; วันนี้ - 31 มี.ค. 64
        const left = a.date;
        const sameShape =
          (left.kind === 'abs' && !left.invalid && left.d2 === undefined && left.y2 === undefined && (left.d !== undefined) === (b.date.d !== undefined) && left.m !== undefined) ||
          (left.kind === 'rel' && left.unit === 'day' && b.date.d !== undefined);
        if (this.joinRange && sameShape && b.date.d2 === undefined && this.joinRange.re.test(between)) {
          out.push({ rule: this.joinRange, start: a.start, end: b.end, date: { kind: 'range', a: left as AbsDate | RelDate, b: b.date } });
          i++;
          continue;
        }
      }
      out.push(a);
    }
    return out;
  }

  // ------------------------------------------------------------------ final values

  private finish(text: string, t: string, c: Cand, pub: Ymd | null, diags: FoundDiagnostic[]): FoundItem | null {
    if (c.other) {
      return { type: c.rule.type, start: c.start, end: c.end, text: text.slice(c.start, c.end), rule: c.rule.id, canonical: c.other.canonical, value: c.other.value };
    }
    const d = c.date!;
    const diag = (level: FoundDiagnostic['level'], code: string, message: string) => diags.push({ level, code, message, start: c.start, end: c.end });
    const r = this.resolveDate(d, pub, diag);
    if (!r) return null;
    return { type: c.rule.type, start: c.start, end: c.end, text: text.slice(c.start, c.end), rule: c.rule.id, canonical: r.canonical, value: r.value };
  }

  private resolveRel(r: RelDate, pub: Ymd | null): { iso: string; end?: string; precision: 'day' | 'month' | 'year' } | null {
    if (!pub) return null;
    switch (r.unit) {
      case 'day':
        return { iso: formatYmd(addDays(pub, r.offset)), precision: 'day' };
      case 'week': {
        const monday = addDays(pub, 1 - isoWeekday(pub) + 7 * r.offset);
        return { iso: formatYmd(monday), end: formatYmd(addDays(monday, 6)), precision: 'day' };
      }
      case 'month': {
        const k = pub.y * 12 + (pub.m - 1) + r.offset;
        return { iso: isoMonth(Math.floor(k / 12), (k % 12) + 1), precision: 'month' };
      }
      case 'year':
        return { iso: isoYear(pub.y + r.offset), precision: 'year' };
    }
  }

  /** an absolute date (year possibly missing) -> parts with the year filled */
  private fillYear(a: AbsDate, pub: Ymd | null, fallbackYear?: number): { y: number; inferred: boolean } | null {
    if (a.y !== undefined) return { y: a.y, inferred: false };
    if (fallbackYear !== undefined) return { y: fallbackYear, inferred: true };
    if (!pub) return null;
    let y = pub.y;
    if (a.past && a.m !== undefined && compareYmd({ y, m: a.m, d: a.d ?? 1 }, pub) > 0) y -= 1;
    return { y, inferred: true };
  }

  private resolveDate(
    d: DateData,
    pub: Ymd | null,
    diag: (level: FoundDiagnostic['level'], code: string, message: string) => void,
  ): { canonical: string; value: Record<string, unknown> } | null {
    const checkAbs = (a: AbsDate): boolean => {
      if (a.invalid) {
        diag('warning', 'DATE_INVALID', `no such date: ${a.invalid}`);
        return false;
      }
      if (a.era === 'BE' && a.beYear !== undefined && a.beYear < FIRST_JANUARY_BE_YEAR) {
        diag('warning', 'DATE_OLD_BE', `BE ${a.beYear} is before ${FIRST_JANUARY_BE_YEAR}: the year then began on 1 April, so January-March may be one CE year later`);
      }
      return true;
    };
    if (d.kind === 'rel') {
      const r = this.resolveRel(d, pub);
      if (!r) {
        diag('info', 'DATE_RELATIVE_UNRESOLVED', `"${d.word}" cannot be resolved: no publication date`);
        return {
          canonical: `${d.unit}${d.offset >= 0 ? '+' : ''}${d.offset}`,
          value: { iso: null, precision: d.unit === 'week' ? 'day' : d.unit, era: 'none', inferred: true, relative: d.word },
        };
      }
      const value: Record<string, unknown> = { iso: r.iso, precision: r.precision, era: 'none', inferred: true, relative: d.word };
      if (r.end) value.end = r.end;
      return { canonical: r.end ? `${r.iso}/${r.end}` : r.iso, value };
    }
    if (d.kind === 'paren') {
      const inner = this.resolveDate(d.date, pub, diag);
      if (!inner) return null;
      const rel = this.resolveRel(d.rel, pub);
      if (rel && inner.value.iso && rel.iso !== inner.value.iso) {
        diag('info', 'DATE_RELATIVE_MISMATCH', `"${d.rel.word}" relative to the publication date is ${rel.iso}, the text says ${String(inner.value.iso)}`);
      }
      return { canonical: inner.canonical, value: { ...inner.value, relative: d.rel.word } };
    }
    if (d.kind === 'range') {
      const b = d.b;
      if (!checkAbs(b)) return null;
      const bv = this.absValue(b, pub, undefined);
      if (!bv) {
        diag('info', 'DATE_YEAR_UNKNOWN', 'date range without a year and no publication date');
        return { canonical: '', value: { iso: null, precision: b.d !== undefined ? 'day' : 'month', era: 'none', inferred: true } };
      }
      let av: { iso: string; era: string; inferred: boolean } | null;
      if (d.a.kind === 'rel') {
        const r = this.resolveRel(d.a, pub);
        if (!r) diag('info', 'DATE_RELATIVE_UNRESOLVED', `"${d.a.word}" cannot be resolved: no publication date`);
        av = r ? { iso: r.iso, era: 'none', inferred: true } : null;
      } else {
        if (!checkAbs(d.a)) return null;
        let fy: number | undefined;
        if (d.a.y === undefined) {
          fy = bv.y;
          if (compareYmd({ y: fy, m: d.a.m!, d: d.a.d ?? 1 }, { y: fy, m: b.m!, d: b.d ?? 1 }) > 0) fy -= 1;
        }
        av = this.absValue(d.a, pub, fy);
      }
      const value: Record<string, unknown> = {
        iso: av?.iso ?? null,
        end: bv.iso,
        precision: b.d !== undefined ? 'day' : 'month',
        era: b.era !== 'none' ? b.era : av?.era ?? 'none',
      };
      if (bv.inferred || av?.inferred) value.inferred = true;
      if (d.a.kind === 'rel') value.relative = d.a.word;
      return { canonical: `${av?.iso ?? '..'}/${bv.iso}`, value };
    }
    // a plain absolute date
    if (!checkAbs(d)) return null;
    const v = this.absValue(d, pub, undefined);
    if (!v) {
      diag('info', 'DATE_YEAR_UNKNOWN', 'date without a year and no publication date to take it from');
      const value: Record<string, unknown> = { iso: null, precision: d.d !== undefined ? 'day' : 'month', era: 'none', inferred: true, month: d.m };
      if (d.d !== undefined) value.day = d.d;
      const mm = String(d.m).padStart(2, '0');
      return { canonical: d.d !== undefined ? `--${mm}-${String(d.d).padStart(2, '0')}` : `--${mm}`, value };
    }
    if (d.wd !== undefined && d.d !== undefined && isoWeekday({ y: v.y, m: d.m!, d: d.d }) !== d.wd) {
      diag('info', 'DATE_WEEKDAY_MISMATCH', `the weekday written does not match ${v.iso}`);
    }
    const value: Record<string, unknown> = { iso: v.iso, precision: v.precision, era: v.era };
    if (v.end) value.end = v.end;
    if (v.inferred) value.inferred = true;
    if (d.fiscal) value.fiscal = true;
    return { canonical: v.end ? `${v.iso}/${v.end}` : v.iso, value };
  }

  private absValue(
    a: AbsDate,
    pub: Ymd | null,
    fallbackYear: number | undefined,
  ): { iso: string; end?: string; precision: 'day' | 'month' | 'year'; era: 'BE' | 'CE' | 'none'; inferred: boolean; y: number } | null {
    if (a.m === undefined) {
      if (a.y === undefined) return null;
      return { iso: isoYear(a.y), end: a.y2 !== undefined ? isoYear(a.y2) : undefined, precision: 'year', era: a.era, inferred: false, y: a.y };
    }
    const fy = this.fillYear(a, pub, fallbackYear);
    if (!fy) return null;
    const era = fy.inferred ? 'none' : a.era;
    if (a.d === undefined) return { iso: isoMonth(fy.y, a.m), precision: 'month', era, inferred: fy.inferred, y: fy.y };
    if (!isValidDate(fy.y, a.m, a.d)) return null;
    const end = a.d2 !== undefined && isValidDate(fy.y, a.m, a.d2) ? isoDay(fy.y, a.m, a.d2) : undefined;
    return { iso: isoDay(fy.y, a.m, a.d), end, precision: 'day', era, inferred: fy.inferred, y: fy.y };
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function convertTime(g: Groups): { canonical: string; value: Record<string, unknown> } | null {
  if (g.sep === '.' && !g.suf && !g.pre) return null; // 42.20 is a decimal, not a time
  const hm = (hs: string, ms: string, ss?: string, ampm?: string): { h: number; m: number; s?: number } | null => {
    let h = Number(hs);
    const m = Number(ms);
    const s = ss !== undefined ? Number(ss) : undefined;
    if (ampm) {
      const pm = /^p/i.test(ampm);
      if (h < 1 || h > 12) return null;
      if (pm && h < 12) h += 12;
      if (!pm && h === 12) h = 0;
    }
    if (h > 24 || m > 59 || (s !== undefined && s > 59) || (h === 24 && (m > 0 || (s ?? 0) > 0))) return null;
    return { h, m, s };
  };
  const a = hm(g.h!, g.mi ?? '0', g.s, g.ampm);
  if (!a) return null;
  const iso = `${pad2(a.h)}:${pad2(a.m)}${a.s !== undefined ? ':' + pad2(a.s) : ''}`;
  const value: Record<string, unknown> = { iso, hour: a.h, minute: a.m };
  if (a.s !== undefined) value.second = a.s;
  let canonical = iso;
  if (g.h2 !== undefined) {
    const b = hm(g.h2, g.mi2 ?? '0');
    if (!b || b.h * 60 + b.m <= a.h * 60 + a.m) return null;
    value.end = `${pad2(b.h)}:${pad2(b.m)}`;
    canonical = `${iso}-${value.end as string}`;
  }
  return { canonical, value };
}

export { ceToBe };
