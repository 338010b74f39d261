/** Thai number words (สองพันห้าร้อย, หนึ่งล้านสองแสน, ห้าสิบจุดเก้าห้า) and exact decimal helpers. */
import type { NumbersDatesConfig } from './config.js';

type Tok = { k: 'digit'; v: number } | { k: 'unit'; p: number } | { k: 'minus' } | { k: 'point' };

export interface WordLexicon {
  entries: { word: string; notBefore?: RegExp; tok: Tok }[];
}

export function buildWordLexicon(cfg: NumbersDatesConfig): WordLexicon {
  const nw = cfg.lexicon.numberWords;
  const entries: WordLexicon['entries'] = [
    ...nw.digits.map((d) => ({ word: d.word, notBefore: d.notBefore ? new RegExp(`^(?:${d.notBefore})`) : undefined, tok: { k: 'digit', v: d.value } as Tok })),
    ...nw.units.map((u) => ({ word: u.word, notBefore: u.notBefore ? new RegExp(`^(?:${u.notBefore})`) : undefined, tok: { k: 'unit', p: u.pow10 } as Tok })),
    { word: nw.minus, tok: { k: 'minus' } },
    { word: nw.point, tok: { k: 'point' } },
  ];
  entries.sort((a, b) => b.word.length - a.word.length);
  return { entries };
}

/** split a whole string into number-word tokens, or null if some part is not a number word */
function tokenize(s: string, lex: WordLexicon): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  outer: while (i < s.length) {
    for (const e of lex.entries) {
      if (s.startsWith(e.word, i) && !(e.notBefore && e.notBefore.test(s.slice(i + e.word.length)))) {
        out.push(e.tok);
        i += e.word.length;
        continue outer;
      }
    }
    return null;
  }
  return out;
}

/**
 * Exact decimal string of a Thai number-word string ("-2300612", "50.95"), with the number
 * of word tokens; null when the string is not entirely number words or is malformed.
 */
export function wordsToDecimal(s: string, lex: WordLexicon): { decimal: string; tokens: number } | null {
  const toks = tokenize(s, lex);
  if (!toks || toks.length === 0) return null;
  let i = 0;
  let neg = false;
  if (toks[0].k === 'minus') {
    neg = true;
    i = 1;
  }
  let total = 0n;
  let seg = 0n;
  let pending: bigint | null = null;
  let any = false;
  let lastUnit = 99;
  for (; i < toks.length; i++) {
    const t = toks[i];
    if (t.k === 'point' || t.k === 'minus') break;
    any = true;
    if (t.k === 'digit') {
      if (pending !== null) return null; // two digit words in a row (หนึ่งสอง) is not an integer part
      pending = BigInt(t.v);
    } else if (t.p === 6) {
      let cur = seg + (pending ?? 0n);
      if (cur === 0n && total === 0n) cur = 1n;
      total = (total + cur) * 1_000_000n;
      seg = 0n;
      pending = null;
      lastUnit = 99;
    } else {
      if (t.p >= lastUnit) return null; // units must fall within a group: สิบร้อย is not a number
      seg += (pending ?? 1n) * 10n ** BigInt(t.p);
      pending = null;
      lastUnit = t.p;
    }
  }
  if (!any) return null;
  const int = total + seg + (pending ?? 0n);
  let frac = '';
  if (i < toks.length) {
    if (toks[i].k !== 'point') return null;
    for (i++; i < toks.length; i++) {
      const t = toks[i];
      if (t.k !== 'digit') return null;
      frac += String(t.v);
    }
    if (!frac) return null;
  }
  const decimal = normaliseDecimal((neg ? '-' : '') + int.toString() + (frac ? '.' + frac : ''));
  return { decimal, tokens: toks.length };
}

/** "0" or digits without a leading zero: already in normal form */
function isPlainInteger(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const c0 = s.charCodeAt(0);
  if (c0 < 0x30 || c0 > 0x39 || (c0 === 0x30 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** "0042.500" -> "42.5", "-0.0" -> "0", "1,270" -> "1270" */
export function normaliseDecimal(s: string): string {
  if (isPlainInteger(s)) return s;
  let t = s.replace(/,/g, '');
  let neg = false;
  if (t.startsWith('-')) {
    neg = true;
    t = t.slice(1);
  }
  let [int, frac = ''] = t.split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return neg && body !== '0' ? `-${body}` : body;
}

/** multiply a decimal string by 10^p exactly: ("1.1", 6) -> "1100000" */
export function shiftDecimal(s: string, p: number): string {
  const n = normaliseDecimal(s);
  if (p === 0) return n;
  const neg = n.startsWith('-');
  const [int, frac = ''] = (neg ? n.slice(1) : n).split('.');
  let digits = int + frac.padEnd(p, '0');
  let point = int.length + p;
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  const out = digits.slice(0, point) + (digits.length > point ? '.' + digits.slice(point) : '');
  return normaliseDecimal((neg ? '-' : '') + out);
}

/** exact sum of two decimal strings (for baht + satang) */
export function addDecimal(a: string, b: string): string {
  const fa = (a.split('.')[1] ?? '').length;
  const fb = (b.split('.')[1] ?? '').length;
  const f = Math.max(fa, fb);
  const big = (x: string) => BigInt(shiftDecimal(x, f));
  const sum = big(a) + big(b);
  const neg = sum < 0n;
  const abs = (neg ? -sum : sum).toString().padStart(f + 1, '0');
  const out = f ? abs.slice(0, abs.length - f) + '.' + abs.slice(abs.length - f) : abs;
  return normaliseDecimal((neg ? '-' : '') + out);
}
