/**
 * Character classes and Thai character clusters (TCC) for segmentation.
 * All functions work on UTF-16 code units and keep offsets unchanged.
 */

/** Thai letters, vowels, tone marks and signs that make up Thai words (not digits, ๆ or ๏/๚/๛) */
export function isThaiLetter(c: number): boolean {
  return (c >= 0x0e01 && c <= 0x0e3a) || (c >= 0x0e40 && c <= 0x0e4e && c !== 0x0e46) || c === 0x0e2f;
}

/** marks and following vowels that never start a cluster (no word break before them) */
export function isNonStarter(c: number): boolean {
  return (
    c === 0x0e30 || // ะ
    c === 0x0e31 || // ั
    c === 0x0e32 || // า
    c === 0x0e33 || // ำ
    (c >= 0x0e34 && c <= 0x0e3a) || // ิ ี ึ ื ุ ู ฺ
    c === 0x0e45 || // ๅ
    (c >= 0x0e47 && c <= 0x0e4e) || // ็ ่ ้ ๊ ๋ ์ ํ ๎
    c === 0x0e2f // ฯ attaches to what precedes it
  );
}

/** combining marks (above/below) that belong to the preceding base character */
export function isThaiCombining(c: number): boolean {
  return c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e);
}

/** leading vowels เ แ โ ใ ไ: never a break after them */
export function isLeadingVowel(c: number): boolean {
  return c >= 0x0e40 && c <= 0x0e44;
}

export function isThaiConsonant(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e2e;
}

export function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x0e50 && c <= 0x0e59);
}

export function isLatinLetter(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
  );
}

/** horizontal white space (not line breaks) */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

export function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Is a word break allowed at `i` (between text[i-1] and text[i]) inside a Thai run
 * [start, end)? Implements the TCC constraints that matter for segmentation: no break
 * before a following vowel, a combining mark or ฯ; none after a leading vowel; none
 * before a consonant silenced by ์ (the consonant and its mark stay with the syllable
 * before them: ศาสต|ร์ is not allowed, nor ทิพ|ฐ์); none between a consonant and the
 * ะ/า/ำ of its syllable.
 */
export function tccBoundary(text: string, start: number, end: number, i: number): boolean {
  if (i <= start || i >= end) return true;
  const c = text.charCodeAt(i);
  if (isNonStarter(c)) return false;
  const p = text.charCodeAt(i - 1);
  if (isLeadingVowel(p)) return false;
  if (c === 0x2e || p === 0x2e) return true;
  // a consonant silenced by karan (optionally with a vowel mark between) stays with what precedes
  if (isThaiConsonant(c) && i + 1 < end) {
    const n1 = text.charCodeAt(i + 1);
    if (n1 === 0x0e4c) return false;
    if (i + 2 < end && (n1 === 0x0e34 || n1 === 0x0e38) && text.charCodeAt(i + 2) === 0x0e4c) return false;
  }
  return true;
}

/** the classes tccBoundary asks about, per character of the Thai block (bits below) */
const NON_STARTER = 1;
const LEADING_VOWEL = 2;
const CONSONANT = 4;
const THAI_CLASS = new Uint8Array(0x80);
for (let c = 0x0e00; c < 0x0e80; c++) {
  THAI_CLASS[c - 0x0e00] = (isNonStarter(c) ? NON_STARTER : 0) | (isLeadingVowel(c) ? LEADING_VOWEL : 0) | (isThaiConsonant(c) ? CONSONANT : 0);
}

function thaiClass(c: number): number {
  return c >= 0x0e00 && c < 0x0e80 ? THAI_CLASS[c - 0x0e00] : 0;
}

/**
 * Fill `ok[k]` (k = i - start, 0..end-start) with whether a break is allowed at i: the same
 * answers as tccBoundary, in one pass that reads each character once and looks its classes up.
 */
export function tccBoundaries(text: string, start: number, end: number, ok: Uint8Array): void {
  const n = end - start;
  if (n < 0) return;
  ok[0] = 1;
  ok[n] = 1;
  if (n < 2) return;
  let p = text.charCodeAt(start);
  let cp = thaiClass(p);
  let c = text.charCodeAt(start + 1);
  for (let k = 1; k < n; k++) {
    const i = start + k;
    const cc = thaiClass(c);
    const next = k + 1 < n ? text.charCodeAt(i + 1) : -1;
    let r = 1;
    if ((cc & NON_STARTER) !== 0 || (cp & LEADING_VOWEL) !== 0) r = 0;
    else if (c !== 0x2e && p !== 0x2e && (cc & CONSONANT) !== 0 && next >= 0) {
      // a consonant silenced by karan (optionally with a vowel mark between) stays with what precedes
      if (next === 0x0e4c) r = 0;
      else if (k + 2 < n && (next === 0x0e34 || next === 0x0e38) && text.charCodeAt(i + 2) === 0x0e4c) r = 0;
    }
    ok[k] = r;
    p = c;
    cp = cc;
    c = next;
  }
}
