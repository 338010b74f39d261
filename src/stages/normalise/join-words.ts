/**
 * Stray spaces inside Thai words (pages copied from a browser or a PDF: `ลงพื้น ที่ จั งหวัดระ ยอง`,
 * `กร กฎาคม`) are dropped from the normalised view where the dictionary says the joined form is
 * a word. The input is not touched: the view simply has no character for the dropped space, and
 * every other view character still maps to its input character (offsets are kept).
 *
 * A space between two Thai letters is dropped when some dictionary word (of at least MIN_WORD
 * characters) is the end of the Thai run before it joined to the start of the run after it, the
 * word begins and ends on character-cluster edges, each side gives it two characters or more, the
 * run before the space is not a given name after a title (นายสมชาย ใจดี, ดร.สมชาย ใจดี), the right
 * piece is not cut out of a longer word of its run (`1 ราย ได้แก่`), and the pieces are not two
 * whole runs that are words each (`ปี งบประมาณ`: a space between phrases). When both pieces are
 * words (`พื้น ที่`), the space goes only on a line where a piece of another join is no word
 * (`จั งหวัด`): stray spaces come in numbers on a badly copied line, while two words that make a
 * compound across a space are mostly two phrases (ได้ ส่วน, ว่า การ).
 */
import type { NormView } from '../../doc/types.js';
import type { DictData } from '../segment/dict.js';

/** the joined word must be at least this long (shorter words match across spaces by chance) */
const MIN_WORD = 5;
/** each side gives the word at least this many characters (`ร`+`จิต` inside a name is no word) */
const MIN_PIECE = 2;
/** the longest piece tried on either side of a space */
const MAX_PIECE = 8;

/** a Thai run that starts with a person's title is a given name (นายสมชาย ใจดี) */
const NAME_START = /^(?:นาย|นาง|นางสาว|เด็กชาย|เด็กหญิง|ว่าที่|พระ|หม่อม|คุณ)/;

/** a Thai letter or mark that belongs to a word (not ฯ, ๆ, digits or signs) */
function isThaiWordChar(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e4e && c !== 0x0e2f && c !== 0x0e46 && c !== 0x0e3f;
}

/** a character that cannot start a character cluster (a combining mark or a following vowel) */
function isNonStarter(c: number): boolean {
  return c === 0x0e30 || c === 0x0e31 || (c >= 0x0e32 && c <= 0x0e3a) || c === 0x0e45 || (c >= 0x0e47 && c <= 0x0e4e);
}

/** a leading vowel (เ แ โ ใ ไ): a cluster cannot start right after it */
function isLeadingVowel(c: number): boolean {
  return c >= 0x0e40 && c <= 0x0e44;
}

/** trie symbol of a character (as in dict.ts) */
function symbol(c: number): number {
  if (c > 0x0e00 && c <= 0x0e7f) return c - 0x0e00;
  return c === 0x2e ? 128 : -1;
}

/** a word-lookup walker over the dictionary trie */
class Walker {
  constructor(private readonly d: DictData) {}
  /** the state after `c` from state `s`, or -1 */
  step(s: number, c: number): number {
    const sym = symbol(c);
    if (sym < 0) return -1;
    const t = this.d.base[s] + sym;
    return t < this.d.size && this.d.check[t] === s ? t : -1;
  }
  isWordEnd(s: number): boolean {
    return this.d.freq[s] >= 0;
  }
}

/** the runs around a space, as far as they are read (scratch buffers) */
const RUN_MAX = MAX_PIECE + 1;
const LEFT = new Int32Array(RUN_MAX);
const RIGHT = new Int32Array(RUN_MAX);

const NO = 0;
const FRAGMENT = 1;
const WORDS = 2;

/** is `cs[from, to)` a dictionary word */
function isWord(w: Walker, cs: Int32Array, from: number, to: number): boolean {
  let s = 0;
  for (let i = from; i < to && s >= 0; i++) s = w.step(s, cs[i]);
  return s > 0 && w.isWordEnd(s);
}

/**
 * Should the space between the Thai runs `left` (ending at it) and `right` (starting after it)
 * go: NO, FRAGMENT (a piece is no word by itself: `จั งหวัด`, `กร กฎาคม`) or WORDS (both
 * pieces are words: `พื้น ที่`, `ระ ยอง`)
 */
function joins(w: Walker, left: Int32Array, nl: number, right: Int32Array, nr: number): number {
  /** the longest word starting the right run (when a join is first possible) */
  let maxRight = -1;
  for (let k = Math.min(nl, MAX_PIECE); k >= MIN_PIECE; k--) {
    const from = nl - k;
    if (isNonStarter(left[from]) || (from > 0 && isLeadingVowel(left[from - 1]))) continue;
    let s = 0;
    for (let i = from; i < nl && s >= 0; i++) s = w.step(s, left[i]);
    if (s < 0) continue;
    const leftWord = w.isWordEnd(s);
    for (let j = 0; j < Math.min(nr, MAX_PIECE); j++) {
      s = w.step(s, right[j]);
      if (s < 0) break;
      const end = j + 1;
      if (end < MIN_PIECE || k + end < MIN_WORD || !w.isWordEnd(s)) continue;
      if (end < nr && isNonStarter(right[end])) continue;
      // the right piece must not be cut out of a longer word of its run (`1 ราย ได้แก่` is no รายได้)
      if (maxRight < 0) {
        maxRight = 0;
        for (let q = 1; q <= nr; q++) if (isWord(w, right, 0, q)) maxRight = q;
      }
      if (end < maxRight) continue;
      const rightWord = isWord(w, right, 0, end);
      // two whole runs that are words each: a space between phrases (ปี งบประมาณ, การ ประชุม)
      if (leftWord && rightWord && k === nl && end === nr) continue;
      return leftWord && rightWord ? WORDS : FRAGMENT;
    }
  }
  return NO;
}

/**
 * The view without the stray spaces inside Thai words (see the module comment). Returns the same
 * view when nothing is dropped.
 */
export function joinSplitWords(view: NormView, dict: DictData): NormView {
  const t = view.text;
  const n = t.length;
  const w = new Walker(dict);
  let drop: Uint8Array | null = null;
  let dropped = 0;
  // a space between two words is dropped only on a line that has a fragment join too: stray
  // spaces come in numbers (a line copied badly), while a space between two words that make a
  // compound is mostly a space between phrases (ได้ ส่วน, ว่า การ)
  let lineStart = 0;
  let lineFragment = false;
  let pending: number[] = [];
  const settleLine = () => {
    if (lineFragment) for (const i of pending) (drop ??= new Uint8Array(n))[i] = 1;
    if (lineFragment) dropped += pending.length;
    pending = [];
    lineFragment = false;
  };
  for (let i = 1; i + 1 < n; i++) {
    const c0 = t.charCodeAt(i);
    if (c0 === 0x0a) {
      settleLine();
      lineStart = i + 1;
      continue;
    }
    if (c0 !== 0x20 || !isThaiWordChar(t.charCodeAt(i - 1)) || !isThaiWordChar(t.charCodeAt(i + 1))) continue;
    if (isNonStarter(t.charCodeAt(i + 1))) continue;
    // the Thai run before the space (across spaces already dropped) and the run after it
    let nl = 0;
    let p = i - 1;
    for (; p >= lineStart && nl < RUN_MAX; p--) {
      const c = t.charCodeAt(p);
      if (isThaiWordChar(c)) LEFT[RUN_MAX - 1 - nl++] = c;
      else if (!(c === 0x20 && drop !== null && drop[p] === 1)) break;
    }
    const left = LEFT.subarray(RUN_MAX - nl);
    let nr = 0;
    for (let q = i + 1; q < n && nr < RUN_MAX; q++) {
      const c = t.charCodeAt(q);
      if (!isThaiWordChar(c)) break;
      RIGHT[nr++] = c;
    }
    let how = joins(w, left, nl, RIGHT, nr);
    // a given name and a family name: the space between them is no stray space
    if (how !== NO && (NAME_START.test(String.fromCharCode(...left)) || (p >= 0 && t.charCodeAt(p) === 0x2e))) how = NO;
    if (how === FRAGMENT) {
      (drop ??= new Uint8Array(n))[i] = 1;
      dropped++;
      lineFragment = true;
    } else if (how === WORDS) pending.push(i);
  }
  settleLine();
  if (drop === null) return view;
  const m = n - dropped;
  const starts = new Int32Array(m);
  const ends = new Int32Array(m);
  let out = '';
  let from = 0;
  let k = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || drop[i] === 1) {
      out += t.slice(from, i);
      for (let q = from; q < i; q++, k++) {
        starts[k] = view.starts[q];
        ends[k] = view.ends[q];
      }
      from = i + 1;
    }
  }
  return { text: out, starts, ends, inputLength: view.inputLength };
}
