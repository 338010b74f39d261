/**
 * Length-preserving digit conversion (one UTF-16 unit in, one out), so offsets
 * computed on the converted string are valid on the original.
 */
const THAI_ZERO = 0x0e50;

/** ๐-๙ -> 0-9; every other character unchanged; same length */
export function thaiDigitsToArabic(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= THAI_ZERO && c <= THAI_ZERO + 9) {
      out += s.slice(last, i) + String.fromCharCode(0x30 + c - THAI_ZERO);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** 0-9 -> ๐-๙; every other character unchanged; same length */
export function arabicToThaiDigits(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      out += s.slice(last, i) + String.fromCharCode(THAI_ZERO + c - 0x30);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}
