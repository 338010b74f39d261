/**
 * The engine-independent part of segmentation: splits a text into runs by character
 * class (line breaks, spaces, numbers, Latin words, punctuation, other symbols) and
 * hands every Thai run to an engine. Tokens cover the text exactly.
 */
import type { Token, TokenKind } from '../../doc/types.js';
import {
  isDigit, isLatinLetter, isNewline, isSpace, isThaiCombining, isThaiLetter,
} from './chars.js';

/**
 * cuts the Thai run text[start, end) into words: pushes each word's end offset (the last is
 * `end`), in order, after what `ends` already holds (the ends of the text's earlier runs)
 */
export type ThaiCutter = (text: string, start: number, end: number, ends: number[]) => void;

const ASCII_PUNCT = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') ASCII_PUNCT[ch.charCodeAt(0)] = 1;
const PUNCT_RE = /^[\p{P}\p{Sm}\p{Sc}\p{Sk}]$/u;

function isPunct(ch: string, c: number): boolean {
  if (c < 128) return ASCII_PUNCT[c] === 1;
  if (c === 0x0e4f || c === 0x0e5a || c === 0x0e5b) return true; // ๏ ๚ ๛
  return PUNCT_RE.test(ch);
}

/** marks that attach to the preceding symbol: combining diacritics, variation selectors, skin tones */
function isAttaching(text: string, j: number): number {
  const c = text.charCodeAt(j);
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0xfe00 && c <= 0xfe0f) || c === 0x20e3) return 1;
  if (c === 0xd83c) {
    const d = text.charCodeAt(j + 1);
    if (d >= 0xdffb && d <= 0xdfff) return 2;
  }
  return 0;
}

function codePointLength(text: string, j: number): number {
  const c = text.charCodeAt(j);
  if (c >= 0xd800 && c <= 0xdbff && j + 1 < text.length) {
    const d = text.charCodeAt(j + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** the word ends of the Thai runs cut so far (a cutter appends; tokenize reads its run's tail) */
const ENDS: number[] = [];
const ENDS_KEEP = 1 << 16;

/** segment `text` into tokens, cutting Thai runs with `cut` */
export function tokenize(text: string, cut: ThaiCutter): Token[] {
  const out: Token[] = [];
  const n = text.length;
  // (one array for every text: emptied, an array drops its storage; reads start at `from`, so
  // what earlier texts left in it does not matter)
  const ends = ENDS;
  let i = 0;
  const push = (start: number, end: number, kind: TokenKind) => {
    out.push({ start, end, kind });
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    if (isThaiLetter(c)) {
      // a stray combining mark after a symbol, number or Latin word stays with it
      if (isThaiCombining(c) && out.length > 0 && out[out.length - 1].end === i) {
        const prev = out[out.length - 1];
        if (prev.kind === 'other' || prev.kind === 'punct' || prev.kind === 'latin' || prev.kind === 'number') {
          while (j < n && isThaiCombining(text.charCodeAt(j))) j++;
          prev.end = j;
          i = j;
          continue;
        }
      }
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isThaiLetter(d) || (d === 0x2e && j + 1 < n && isThaiLetter(text.charCodeAt(j + 1)))) j++;
        else if (d === 0x2e && !(j + 1 < n && text.charCodeAt(j + 1) === 0x2e)) {
          j++;
          break;
        } else break;
      }
      // a trailing '.' is only kept in the run when the engine may use it (abbreviations)
      const from = ends.length;
      cut(text, i, j, ends);
      let s = i;
      for (let k = from; k < ends.length; k++) {
        const e = ends[k];
        if (e <= s) continue;
        const kind: TokenKind = e - s === 1 && text.charCodeAt(s) === 0x2e ? 'punct' : 'thai';
        push(s, e, kind);
        s = e;
      }
      if (s < j) push(s, j, 'thai');
      i = j;
      continue;
    }
    if (c === 0x0e46) {
      while (j < n && text.charCodeAt(j) === 0x0e46) j++;
      push(i, j, 'thai');
    } else if (isNewline(c)) {
      if (c === 0x0d && j < n && text.charCodeAt(j) === 0x0a) j++;
      push(i, j, 'newline');
    } else if (isSpace(c)) {
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      push(i, j, 'space');
    } else if (isDigit(c)) {
      for (;;) {
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        // (not charCodeAt(n): a read past the end throws optimised code away — "out of bounds")
        const d = j < n ? text.charCodeAt(j) : -1;
        if ((d === 0x2c || d === 0x2e || d === 0x3a) && j + 1 < n && isDigit(text.charCodeAt(j + 1))) j++;
        else break;
      }
      push(i, j, 'number');
    } else if (isLatinLetter(c)) {
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isLatinLetter(d) || (d >= 0x0300 && d <= 0x036f)) j++;
        else break;
      }
      push(i, j, 'latin');
    } else {
      j = i + codePointLength(text, i);
      const kind: TokenKind = isPunct(text.slice(i, j), c) ? 'punct' : 'other';
      if (c === 0x2e) while (j < n && text.charCodeAt(j) === 0x2e) j++; // an ellipsis stays whole
      for (;;) {
        const a = j < n ? isAttaching(text, j) : 0;
        if (a > 0) {
          j += a;
        } else if (j < n && text.charCodeAt(j) === 0x200d && j + 1 < n) {
          j += 1 + codePointLength(text, j + 1); // zero-width joiner sequence
        } else break;
      }
      push(i, j, kind);
    }
    i = j;
  }
  // (emptied when long, so that one big text does not keep it large)
  if (ends.length > ENDS_KEEP) ends.length = 0;
  return out;
}
