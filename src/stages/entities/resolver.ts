/**
 * The one overlap resolver. Pure: it never mutates its input.
 *
 * Candidates compete when their spans overlap. The winner is decided by, in order:
 *  1. higher `priority`,
 *  2. longer span,
 *  3. earlier start,
 *  4. lower input index (stable).
 * Winners are accepted greedily; a loser overlapping any accepted span is dropped.
 * The result is sorted by (start, end).
 */
export interface Candidate {
  start: number;
  end: number;
  priority: number;
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export function resolveOverlaps<T extends Candidate>(cands: readonly T[]): T[] {
  // (filled from a literal: an empty array made by map() or filter() has another elements kind
  // than a full one, and optimised code that meets it is thrown away)
  const order: { c: T; i: number }[] = [];
  for (let i = 0; i < cands.length; i++) if (cands[i].end > cands[i].start) order.push({ c: cands[i], i });
  order.sort(
    (x, y) =>
      y.c.priority - x.c.priority ||
      y.c.end - y.c.start - (x.c.end - x.c.start) ||
      x.c.start - y.c.start ||
      x.i - y.i,
  );
  // accepted spans, kept sorted by start for a binary-search overlap test
  const sorted: T[] = [];
  for (const { c } of order) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = sorted[lo - 1];
    const next = sorted[lo];
    if ((prev && overlaps(prev, c)) || (next && overlaps(next, c))) continue;
    sorted.splice(lo, 0, c);
  }
  // (non-empty spans that do not overlap, sorted by start, are sorted by end too)
  return sorted;
}
