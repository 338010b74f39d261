/** Small pure helpers over UTF-16 code units of Thai and Latin text. */

const unicodeCopies = new WeakMap<RegExp, RegExp>();
/** the pattern as a non-global unicode regexp (for test / exec at 0), made once per regexp */
export function unicodeCopy(re: RegExp): RegExp {
  let u = unicodeCopies.get(re);
  if (!u) {
    u = new RegExp(re.source, 'u');
    unicodeCopies.set(re, u);
  }
  return u;
}

/** a Thai letter, vowel or tone mark that can be part of a word (not ฯ, digits or ฿) */
export function isThaiWordChar(c: number): boolean {
  return (c >= 0x0e01 && c <= 0x0e2e) || (c >= 0x0e30 && c <= 0x0e3a) || (c >= 0x0e40 && c <= 0x0e4e);
}

export function isThaiChar(c: number): boolean {
  return c >= 0x0e00 && c <= 0x0e7f;
}

export function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

export function isUpper(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

const THAI_DIGIT_0 = 0x0e50;

/** Thai digits to ASCII digits (same length) */
export function thaiDigitsToAscii(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= THAI_DIGIT_0 && c <= THAI_DIGIT_0 + 9 ? String.fromCharCode(0x30 + c - THAI_DIGIT_0) : s[i];
  }
  return out;
}

/** canonical surface: ASCII digits, one space between words, no quotes around */
export function canonicalText(s: string): string {
  return thaiDigitsToAscii(s)
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .replace(/^[\s“”"'‘’]+|[\s“”"'‘’]+$/g, '')
    .trim();
}

/** end of the maximal run of Thai word characters starting at p */
export function thaiRunEnd(t: string, p: number): number {
  let q = p;
  while (q < t.length && isThaiWordChar(t.charCodeAt(q))) q++;
  return q;
}

/** start of the maximal run of Thai word characters ending at q */
export function thaiRunStart(t: string, q: number): number {
  let p = q;
  while (p > 0 && isThaiWordChar(t.charCodeAt(p - 1))) p--;
  return p;
}
