import type { NormView, Span } from './types.js';

/**
 * Builds a normalised view piece by piece while recording, for every view
 * character, the input range it came from. Replacing an input range with a
 * string of any length (including deleting it) keeps the map monotone.
 */
export class ViewBuilder {
  private parts: string[] = [];
  // growable typed arrays; only [0, n) is in use
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;

  /** `capacity`: the expected view length (the arrays grow past it when needed) */
  constructor(capacity = 64) {
    this.starts = new Int32Array(Math.max(1, capacity));
    this.ends = new Int32Array(Math.max(1, capacity));
  }

  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.starts.length) return;
    let cap = this.starts.length * 2;
    while (cap < need) cap *= 2;
    const s = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.n));
    const e = new Int32Array(cap);
    e.set(this.ends.subarray(0, this.n));
    this.starts = s;
    this.ends = e;
  }

  /** copy input[start, end) unchanged */
  copy(input: string, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(input.slice(start, end));
    this.reserve(end - start);
    const starts = this.starts;
    const ends = this.ends;
    let k = this.n;
    for (let i = start; i < end; i++, k++) {
      starts[k] = i;
      ends[k] = i + 1;
    }
    this.n = k;
  }

  /** emit `replacement` for input[start, end); an empty replacement deletes the range */
  replace(replacement: string, start: number, end: number): void {
    const len = replacement.length;
    if (len === 0) return;
    this.parts.push(replacement);
    this.reserve(len);
    const starts = this.starts;
    const ends = this.ends;
    let k = this.n;
    for (let q = 0; q < len; q++, k++) {
      starts[k] = start;
      ends[k] = end;
    }
    this.n = k;
  }

  /** the view (its arrays are the builder's own when full: do not use the builder afterwards) */
  finish(inputLength: number): NormView {
    return {
      text: this.parts.join(''),
      starts: this.n === this.starts.length ? this.starts : this.starts.slice(0, this.n),
      ends: this.n === this.ends.length ? this.ends : this.ends.slice(0, this.n),
      inputLength,
    };
  }
}

/** the identity view of a text */
export function identityView(text: string): NormView {
  const n = text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text, starts, ends, inputLength: n };
}

/** input offset where view offset `i` starts (i may equal view length) */
export function viewToInputStart(view: NormView, i: number): number {
  return i < view.starts.length ? view.starts[i] : view.inputLength;
}

/** map a half-open span of the view back to a half-open span of the input */
export function viewSpanToInput(view: NormView, start: number, end: number): Span {
  if (end <= start) {
    const p = viewToInputStart(view, start);
    return { start: p, end: p };
  }
  return { start: view.starts[start], end: view.ends[end - 1] };
}

/**
 * The first view offset whose character starts at or after input offset `i`
 * (binary search); used to map input spans (e.g. zones) into the view.
 */
export function inputToView(view: NormView, i: number): number {
  let lo = 0;
  let hi = view.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.starts[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * = inputToView(view, i), for offsets that mostly ascend: steps on from `j`, the answer for
 * the previous offset, and searches afresh only when `i` goes back before it.
 */
export function inputToViewFrom(view: NormView, j: number, i: number): number {
  const starts = view.starts;
  if (j > 0 && starts[j - 1] >= i) return inputToView(view, i);
  while (j < starts.length && starts[j] < i) j++;
  return j;
}

/** throws if a span is outside the text or its `text` differs from text.slice(start, end) */
export function checkSpans(text: string, spans: Iterable<{ start: number; end: number; text?: string }>): void {
  for (const s of spans) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
      throw new RangeError(`span [${s.start}, ${s.end}) outside text of length ${text.length}`);
    }
    if (s.text !== undefined && text.slice(s.start, s.end) !== s.text) {
      throw new RangeError(
        `span [${s.start}, ${s.end}) text ${JSON.stringify(s.text)} != input ${JSON.stringify(text.slice(s.start, s.end))}`,
      );
    }
  }
}
