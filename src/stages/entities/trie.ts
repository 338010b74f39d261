/**
 * A character trie over UTF-16 code units. `matchesAt` walks from one position and
 * reports every key that ends there; `findAll` scans a whole text and keeps the
 * matches whose start and end the caller accepts (word edges), longest first.
 */
export interface TrieHit<P> {
  start: number;
  end: number;
  payload: P;
}

interface Node<P> {
  next: Map<number, Node<P>>;
  payload?: P;
}

export class Trie<P> {
  private root: Node<P> = { next: new Map() };
  size = 0;

  /** add a key; a later add of the same key keeps the first payload unless `replace` */
  add(key: string, payload: P, replace = false): void {
    if (!key) return;
    let n = this.root;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let m = n.next.get(c);
      if (!m) {
        m = { next: new Map() };
        n.next.set(c, m);
      }
      n = m;
    }
    if (n.payload === undefined) this.size++;
    if (n.payload === undefined || replace) n.payload = payload;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get(key: string): P | undefined {
    let n: Node<P> | undefined = this.root;
    for (let i = 0; i < key.length && n; i++) n = n.next.get(key.charCodeAt(i));
    return n?.payload;
  }

  /** every key that starts at `start`, shortest first */
  matchesAt(text: string, start: number): TrieHit<P>[] {
    const out: TrieHit<P>[] = [];
    let n: Node<P> | undefined = this.root;
    for (let i = start; i < text.length; i++) {
      n = n.next.get(text.charCodeAt(i));
      if (!n) break;
      if (n.payload !== undefined) out.push({ start, end: i + 1, payload: n.payload });
    }
    return out;
  }

  /** the longest key at `start` whose end `endOk` accepts */
  longestAt(text: string, start: number, endOk: (end: number) => boolean = () => true): TrieHit<P> | null {
    const hits = this.matchesAt(text, start);
    for (let k = hits.length - 1; k >= 0; k--) if (endOk(hits[k].end)) return hits[k];
    return null;
  }

  /**
   * All non-nested longest matches in text[from, to): at each accepted start the longest
   * accepted key is kept and the scan resumes after it.
   */
  findAll(
    text: string,
    startOk: (i: number) => boolean,
    endOk: (i: number) => boolean,
    from = 0,
    to = text.length,
  ): TrieHit<P>[] {
    const out: TrieHit<P>[] = [];
    for (let i = from; i < to; i++) {
      if (!this.root.next.has(text.charCodeAt(i)) || !startOk(i)) continue;
      const hit = this.longestAt(text, i, (e) => e <= to && endOk(e));
      if (hit) out.push(hit);
    }
    return out;
  }
}
