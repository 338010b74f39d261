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

/** mark-run characters (0x0e31..0x0e4e) as bits: 1 << (c - MARK_BASE) */
const MARK_BASE = 0x0e30;

/** the pending copy of input[from, to) into the view: unchanged characters go in one piece */
class PendingCopy {
  private from = -1;
  private to = -1;
  constructor(
    private readonly b: ViewBuilder,
    private readonly input: string,
  ) {}

  flush(): void {
    if (this.from >= 0) this.b.copy(this.input, this.from, this.to);
    this.from = -1;
  }

  /** input[from, to) is shown unchanged */
  keepRange(from: number, to: number): void {
    if (to <= from) return;
    if (this.from >= 0 && from === this.to) this.to = to;
    else {
      this.flush();
      this.from = from;
      this.to = to;
    }
  }

  /** input character s is shown unchanged: add it to the pending copy */
  keep(s: number): void {
    this.keepRange(s, s + 1);
  }
}

/** unit q shows its own input character ch unchanged */
function isUnchanged(C: Int32Array, S: Int32Array, E: Int32Array, input: string, q: number, ch: number): boolean {
  return C[q] === ch && E[q] - S[q] === 1 && input.charCodeAt(S[q]) === ch;
}

/**
 * What the quick scan needs to know of a character below U+0E80:
 * ANCHOR — nothing carries over past it: the normalisation of what follows does not depend on
 * what came before (ASCII printable characters other than the space, the Thai consonants: never
 * a mark, sara am, sara aa, sara e, a space or a line break);
 * PLAIN — unchanged whatever surrounds it, but not an anchor; SPACE; MARK — a Thai mark or sara
 * am, the members of a mark run; SARA_E_K; DIGIT — a Thai digit; HOT — always changed (CR,
 * NBSP, soft hyphen).
 */
const PLAIN = 0;
const ANCHOR = 1;
const SPACE = 2;
const MARK = 3;
const SARA_E_K = 4;
const DIGIT = 5;
const HOT = 6;
const KIND = (() => {
  const t = new Uint8Array(0x0e80);
  for (let c = 0x21; c <= 0x7e; c++) t[c] = ANCHOR;
  for (let c = 0x0e01; c <= 0x0e2e; c++) t[c] = ANCHOR;
  t[0x20] = SPACE;
  for (let c = 0x0e31; c <= 0x0e4e; c++) if (markClass(c) > 0 || c === SARA_AM) t[c] = MARK;
  t[SARA_E] = SARA_E_K;
  for (let c = 0x0e50; c <= 0x0e59; c++) t[c] = DIGIT;
  t[0x0d] = HOT;
  for (let c = 0x80; c < 0x0e00; c++) if (isZeroWidth(c) || isOtherSpace(c)) t[c] = HOT;
  return t;
})();

function isAnchor(c: number): boolean {
  return c < 0x0e80 && KIND[c] === ANCHOR;
}

/** a Thai mark or sara am (a mark run's member) */
function isRunMark(c: number): boolean {
  return c < 0x0e80 && KIND[c] === MARK;
}

/** is the mark run input[from, to) (two or more units) already in canonical order, with nothing to drop or merge */
function isCanonicalRun(input: string, from: number, to: number): boolean {
  let seen = 0;
  let cls = 1;
  for (let i = from; i < to; i++) {
    const x = input.charCodeAt(i);
    if (x === SARA_AM) {
      if (i !== to - 1) return false;
      continue;
    }
    if (x === SARA_AA) return false; // after a nikhahit: becomes sara am
    const k = markClass(x);
    if (k < cls) return false; // a vowel mark after a tone mark
    cls = k;
    const bit = 1 << (x - MARK_BASE);
    if (seen & bit) return false;
    seen |= bit;
  }
  return true;
}

/** would a space at i (an input space, the last of its run or not) stay exactly as it is */
function plainAfterSpace(c: number): boolean {
  if (c === 0x20 || c === 0x0d) return false;
  if (c < 0x00a0) return true;
  return !(isZeroWidth(c) || isOtherSpace(c) || isRunMark(c));
}

/**
 * Scratch arrays of the window normaliser, kept between calls up to SCRATCH_MAX units (a longer
 * window — a text with no anchor in it — gets arrays of its own, not kept)
 */
const SCRATCH_MAX = 1 << 16;
let scratchC = new Int32Array(256);
let scratchS = new Int32Array(256);
let scratchE = new Int32Array(256);
/** a mark run's canonical form and dropped members (grown with the longest run met) */
let scratchCanon = new Int32Array(32);
let scratchDrop = new Uint8Array(32);

/**
 * Normalise input[from, to) into `pend`/`b` — the full algorithm. `from` must be 0 or the index of
 * a character after which nothing carries over (see ANCHOR), and `to` the text's length or the
 * index of one: then the window's view is what the whole text's view has for it.
 */
function normaliseWindow(input: string, from: number, to: number, arabic: boolean, b: ViewBuilder, pend: PendingCopy): void {
  const len = to - from;
  if (len > SCRATCH_MAX) return normaliseWindowWith(input, from, to, arabic, b, pend, new Int32Array(len), new Int32Array(len), new Int32Array(len));
  if (scratchC.length < len) {
    const cap = Math.min(SCRATCH_MAX, Math.max(len, scratchC.length * 2));
    scratchC = new Int32Array(cap);
    scratchS = new Int32Array(cap);
    scratchE = new Int32Array(cap);
  }
  normaliseWindowWith(input, from, to, arabic, b, pend, scratchC, scratchS, scratchE);
}

function normaliseWindowWith(
  input: string, from: number, to: number, arabic: boolean, b: ViewBuilder, pend: PendingCopy, C: Int32Array, S: Int32Array, E: Int32Array,
): void {
  const n = input.length;

  // passes 1 and 2 in one loop, into C/S/E (character, input range):
  // 1. character-level replacements (at most one unit per input character);
  // 2. spaces between a Thai letter and a combining mark or sara am deleted (a mark run starts there)
  let m = 0;
  for (let i = from; i < to; i++) {
    let c = input.charCodeAt(i);
    if (c === 0x0d) {
      C[m] = 0x0a;
      S[m] = i;
      if (i + 1 < n && input.charCodeAt(i + 1) === 0x0a) {
        E[m++] = i + 2;
        i++;
      } else E[m++] = i + 1;
      continue;
    }
    if (c >= 0x00a0) {
      if (isZeroWidth(c)) continue;
      if (isOtherSpace(c)) c = 0x20;
      else if (arabic && c >= 0x0e50 && c <= 0x0e59) c = c - THAI_ZERO + 0x30;
    }
    if (c === 0x20 && m > 0 && isThaiLetter(C[m - 1])) {
      // the first character after this run of spaces (zero-width characters are already gone)
      let q = i + 1;
      let next = -1;
      while (q < n) {
        let x = input.charCodeAt(q);
        if (x === 0x0d) {
          next = 0x0a;
          break;
        }
        if (x >= 0x00a0) {
          if (isZeroWidth(x)) {
            q++;
            continue;
          }
          if (isOtherSpace(x)) x = 0x20;
          else if (arabic && x >= 0x0e50 && x <= 0x0e59) x = x - THAI_ZERO + 0x30;
        }
        if (x !== 0x20) {
          next = x;
          break;
        }
        q++;
      }
      if (next >= 0 && isRunMark(next)) {
        i = q - 1;
        continue;
      }
    }
    if (c === 0x20 && m > 0 && C[m - 1] === 0x20) {
      // a run of spaces is one space (names and positions are written with double spaces too)
      E[m - 1] = i + 1;
      continue;
    }
    C[m] = c;
    S[m] = i;
    E[m++] = i + 1;
  }

  // pass 3: Thai mark runs and เเ; unchanged characters are gathered into one copy
  let canon = scratchCanon;
  let drop = scratchDrop;
  for (let k = 0; k < m; ) {
    const c = C[k];
    const cls = markClass(c);
    if (cls === 0 && c !== SARA_AM) {
      if (c === SARA_E && k + 1 < m && C[k + 1] === SARA_E) {
        pend.flush();
        b.replace(String.fromCharCode(SARA_AE), S[k], E[k + 1]);
        k += 2;
        continue;
      }
      if (isUnchanged(C, S, E, input, k, c)) pend.keep(S[k]);
      else {
        pend.flush();
        b.replace(String.fromCharCode(c), S[k], E[k]);
      }
      k++;
      continue;
    }
    // collect the run: marks, sara am, and sara aa when a nikhahit is pending
    let j = k;
    let pendingNikhahit = 0;
    while (j < m) {
      const x = C[j];
      if (isRunMark(x)) {
        if (x === NIKHAHIT) pendingNikhahit++;
        j++;
      } else if (x === SARA_AA && pendingNikhahit > 0) {
        pendingNikhahit--;
        j++;
      } else break;
    }
    const len = j - k;
    if (len === 1) {
      // a single mark (or sara am) is its own canonical form
      if (isUnchanged(C, S, E, input, k, c)) pend.keep(S[k]);
      else {
        pend.flush();
        b.replace(String.fromCharCode(c), S[k], E[k]);
      }
      k = j;
      continue;
    }
    if (drop.length < len) {
      drop = new Uint8Array(len);
      if (len <= SCRATCH_MAX) scratchDrop = drop;
    }
    else for (let q = 0; q < len; q++) drop[q] = 0;
    let am = false;
    for (let q = 0; q < len; q++) if (C[k + q] === SARA_AM) am = true;
    // pair each sara aa in the run with the latest nikhahit before it
    for (let q = 0; q < len; q++) {
      if (C[k + q] !== SARA_AA) continue;
      for (let r = q - 1; r >= 0; r--) {
        if (C[k + r] === NIKHAHIT && drop[r] === 0) {
          drop[r] = 1;
          drop[q] = 1;
          am = true;
          break;
        }
      }
    }
    // canonical form: class-1 marks, then the others (first occurrences, in order), then sara am
    if (canon.length < len + 1) {
      canon = new Int32Array(len + 1);
      if (len <= SCRATCH_MAX) scratchCanon = canon;
    }
    let seen = 0;
    let cl = 0;
    for (let pass = 1; pass >= 0; pass--) {
      for (let q = 0; q < len; q++) {
        const x = C[k + q];
        if (drop[q] || x === SARA_AM || (markClass(x) === 1 ? 1 : 0) !== pass) continue;
        const bit = 1 << (x - MARK_BASE);
        if (seen & bit) continue;
        seen |= bit;
        canon[cl++] = x;
      }
    }
    if (am) canon[cl++] = SARA_AM;
    // copy the units whose character is unchanged at the same position, replace the rest as one piece
    let p = 0;
    while (p < cl && k + p < j && isUnchanged(C, S, E, input, k + p, canon[p])) {
      pend.keep(S[k + p]);
      p++;
    }
    if (k + p < j) {
      pend.flush();
      let rep = '';
      for (let q = p; q < cl; q++) rep += String.fromCharCode(canon[q]);
      b.replace(rep, S[k + p], E[j - 1]);
    }
    k = j;
  }
}

/**
 * Build the normalised view of `input` (offsets map back into `input`):
 * CRLF/CR → LF, Unicode spaces → space, a run of spaces → one space, zero-width characters and
 * soft hyphens deleted, spaces between a Thai letter and a combining mark (or sara am) deleted, Thai mark runs put in canonical
 * order (vowel marks, then tone marks, then sara am) with repeats collapsed, nikhahit + sara aa
 * → sara am, เเ → แ, and (by default) Thai digits → Arabic digits. Idempotent. Never NFKC.
 *
 * Most of a text needs no change (0.26% of the characters of the 1,000 thaigov releases do), so
 * one quick scan looks for the characters that may need one and runs the full algorithm only on
 * a window around each — from the last character before it after which nothing carries over
 * (an ASCII letter, digit or sign, a Thai consonant) to the next such character; the rest is
 * copied as it is. `scan: false` runs the full algorithm over the whole text (for tests).
 */
export function normalise(input: string, options: NormaliseOptions & { /** @internal */ scan?: boolean } = {}): NormView {
  const arabic = (options.digits ?? 'arabic') === 'arabic';
  const n = input.length;
  const b = new ViewBuilder(n); // the view is never longer than the input
  // (module-level helpers, not closures: closures made anew for every document made V8
  // re-optimise this function once per call site — "wrong call target")
  const pend = new PendingCopy(b, input);
  if (options.scan === false) {
    normaliseWindow(input, 0, n, arabic, b, pend);
    pend.flush();
    return b.finish(n);
  }
  let lastAnchor = 0; // index of the last anchor seen (0 when none: a window may start at 0)
  let done = 0; // input[0, done) is in the view
  let i = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    let next = i + 1;
    if (c < 0x0e80) {
      const kind = KIND[c];
      if (kind === ANCHOR) {
        lastAnchor = i;
        i = next;
        continue;
      }
      if (kind === PLAIN) {
        i = next;
        continue;
      }
      if (kind === MARK) {
        // a mark run (sara aa joins it after a nikhahit): canonical as it is, or a window
        let nikhahit = c === NIKHAHIT;
        while (next < n) {
          const x = input.charCodeAt(next);
          if (isRunMark(x)) {
            if (x === NIKHAHIT) nikhahit = true;
            next++;
          } else if (x === SARA_AA && nikhahit) next++;
          else break;
        }
        if (next - i === 1 || isCanonicalRun(input, i, next)) {
          i = next;
          continue;
        }
      } else if (kind === SPACE) {
        if (next >= n || plainAfterSpace(input.charCodeAt(next))) {
          i = next;
          continue;
        }
      } else if (kind === SARA_E_K) {
        if (next >= n || input.charCodeAt(next) !== SARA_E) {
          i = next;
          continue;
        }
      } else if (kind === DIGIT && !arabic) {
        i = next;
        continue;
      }
    } else if (!isZeroWidth(c) && !isOtherSpace(c)) {
      i = next;
      continue;
    }
    // input[i, next) may change: the window from the last anchor to the next one
    let to = next;
    while (to < n && !isAnchor(input.charCodeAt(to))) to++;
    pend.keepRange(done, lastAnchor);
    normaliseWindow(input, lastAnchor, to, arabic, b, pend);
    done = lastAnchor = to;
    i = to;
  }
  pend.keepRange(done, n);
  pend.flush();
  return b.finish(n);
}

/** the normalised text only (for matching lexicon entries and rule patterns) */
export function normaliseString(s: string, options: NormaliseOptions = {}): string {
  return normalise(s, options).text;
}
