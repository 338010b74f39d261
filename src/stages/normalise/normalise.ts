import type { NormView } from '../../doc/types.js';
import { ViewBuilder } from '../../doc/offsets.js';

export type DigitMode = 'keep' | 'arabic';

export interface NormaliseOptions {
  /** 'arabic' (default) maps Thai digits ๐-๙ to 0-9; both are one UTF-16 unit so lengths are kept */
  digits?: DigitMode;
}

const THAI_ZERO = 0x0e50;

/** Thai digits ↔ Arabic digits, length-preserving: one implementation, in the numbers module */
export { thaiDigitsToArabic as thaiToArabicDigits, arabicToThaiDigits } from '../../thai-numbers-dates/digits.js';

const NIKHAHIT = 0x0e4d;
const SARA_AA = 0x0e32;
const SARA_AM = 0x0e33;
const SARA_E = 0x0e40;
const SARA_AE = 0x0e41;

/** zero-width characters deleted from the view */
function isZeroWidth(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0x00ad;
}

/** Unicode spaces mapped to U+0020 (TAB and line breaks are not included) */
function isOtherSpace(c: number): boolean {
  return (
    c === 0x00a0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/**
 * Thai combining marks, by canonical class: 1 = vowels above/below and maitaikhu,
 * 2 = tone marks, thanthakhat, nikhahit, yamakkan. 0 = not a combining mark.
 */
function markClass(c: number): number {
  if (c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || c === 0x0e47) return 1;
  if (c >= 0x0e48 && c <= 0x0e4e) return 2;
  return 0;
}

function isThaiLetter(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e4f;
}

/** one character of the intermediate stream with the input range it came from */
interface Unit {
  c: number;
  s: number;
  e: number;
}

/**
 * Build the normalised view of `input` (offsets map back into `input`):
 * CRLF/CR → LF, Unicode spaces → space, zero-width characters and soft hyphens deleted,
 * spaces between a Thai letter and a combining mark (or sara am) deleted, Thai mark runs put in canonical
 * order (vowel marks, then tone marks, then sara am) with repeats collapsed, nikhahit + sara aa
 * → sara am, เเ → แ, and (by default) Thai digits → Arabic digits. Idempotent. Never NFKC.
 */
export function normalise(input: string, options: NormaliseOptions = {}): NormView {
  const arabic = (options.digits ?? 'arabic') === 'arabic';
  const n = input.length;

  // pass 1: character-level replacements
  const units: Unit[] = [];
  for (let i = 0; i < n; i++) {
    let c = input.charCodeAt(i);
    if (c === 0x0d) {
      if (i + 1 < n && input.charCodeAt(i + 1) === 0x0a) {
        units.push({ c: 0x0a, s: i, e: i + 2 });
        i++;
      } else units.push({ c: 0x0a, s: i, e: i + 1 });
      continue;
    }
    if (isZeroWidth(c)) continue;
    if (isOtherSpace(c)) c = 0x20;
    else if (arabic && c >= 0x0e50 && c <= 0x0e59) c = c - THAI_ZERO + 0x30;
    units.push({ c, s: i, e: i + 1 });
  }

  // pass 2: delete spaces between a Thai letter and a combining mark or sara am (a mark run starts there)
  const u2: Unit[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    if (u.c === 0x20 && u2.length > 0 && isThaiLetter(u2[u2.length - 1].c)) {
      let j = k;
      while (j < units.length && units[j].c === 0x20) j++;
      if (j < units.length && (markClass(units[j].c) > 0 || units[j].c === SARA_AM)) {
        k = j - 1;
        continue;
      }
    }
    u2.push(u);
  }

  // pass 3: Thai mark runs and เเ
  const b = new ViewBuilder();
  const emit = (text: string, from: Unit[], a: number, z: number): void => {
    // copy the units whose character is unchanged at the same position, replace the rest as one piece
    let p = 0;
    while (p < text.length && a + p < z && from[a + p].c === text.charCodeAt(p) && from[a + p].e - from[a + p].s === 1 && input.charCodeAt(from[a + p].s) === text.charCodeAt(p)) {
      b.copy(input, from[a + p].s, from[a + p].e);
      p++;
    }
    if (a + p < z) b.replace(text.slice(p), from[a + p].s, from[z - 1].e);
  };
  for (let k = 0; k < u2.length; ) {
    const u = u2[k];
    if (u.c === SARA_E && k + 1 < u2.length && u2[k + 1].c === SARA_E) {
      b.replace(String.fromCharCode(SARA_AE), u.s, u2[k + 1].e);
      k += 2;
      continue;
    }
    if (markClass(u.c) > 0 || u.c === SARA_AM) {
      // collect the run: marks, sara am, and sara aa when a nikhahit is pending
      let j = k;
      let pendingNikhahit = 0;
      while (j < u2.length) {
        const c = u2[j].c;
        if (markClass(c) > 0 || c === SARA_AM) {
          if (c === NIKHAHIT) pendingNikhahit++;
          j++;
        } else if (c === SARA_AA && pendingNikhahit > 0) {
          pendingNikhahit--;
          j++;
        } else break;
      }
      // canonical form
      const chars = u2.slice(k, j).map((x) => x.c);
      let am = chars.includes(SARA_AM);
      // pair each sara aa in the run with the latest nikhahit before it
      const drop = new Set<number>();
      for (let q = 0; q < chars.length; q++) {
        if (chars[q] !== SARA_AA) continue;
        for (let r = q - 1; r >= 0; r--) {
          if (chars[r] === NIKHAHIT && !drop.has(r)) {
            drop.add(r);
            drop.add(q);
            am = true;
            break;
          }
        }
      }
      const seen = new Set<number>();
      const c1: number[] = [];
      const c2: number[] = [];
      chars.forEach((c, q) => {
        if (drop.has(q) || c === SARA_AM || seen.has(c)) return;
        seen.add(c);
        (markClass(c) === 1 ? c1 : c2).push(c);
      });
      const canon = String.fromCharCode(...c1, ...c2, ...(am ? [SARA_AM] : []));
      emit(canon, u2, k, j);
      k = j;
      continue;
    }
    emit(String.fromCharCode(u.c), u2, k, k + 1);
    k++;
  }
  return b.finish(n);
}

/** the normalised text only (for matching lexicon entries and rule patterns) */
export function normaliseString(s: string, options: NormaliseOptions = {}): string {
  return normalise(s, options).text;
}
