/**
 * A character trie over UTF-16 code units. `matchesAt` walks from one position and
 * reports every key that ends there; `findAll` scans a whole text and keeps, for every
 * accepted start, the longest key whose end the caller accepts (word edges).
 *
 * Nodes are numbers (0 is the root); the edges of all nodes live in one open-addressing
 * hash table of typed arrays, so a step is a few integer operations and building a trie
 * of 100k names makes no per-node objects.
 */
export interface TrieHit<P> {
  start: number;
  end: number;
  payload: P;
}

const EMPTY = -1;
/** code units below this (Latin, Thai …) have a direct slot in the root table */
const ROOT_DIRECT = 0x1000;
/** tries made for at least this many key characters get the direct root table */
const ROOT_MIN_CAPACITY = 1024;

const anyEnd = (): boolean => true;

/** Uint32 words of the first-code-unit filter: 2,048 bits, code units taken & FIRST_MASK */
const FIRST_WORDS = 64;
const FIRST_MASK = 0x7ff;

/** Uint32 words of the range-signature filter of lexicon-sized tries: 65,536 bits (8 KB) */
const SIG_WORDS = 2048;
const SIG_MASK = SIG_WORDS * 32 - 1;

/**
 * The signature bit of text[s, e) (e > s): its length and its first two and last two code
 * units, hashed. A key sets its bit when added, so a range whose bit is clear is no key.
 */
function rangeSig(text: string, s: number, e: number): number {
  const len = e - s;
  let h = Math.imul(len, 0x9e3779b1) ^ text.charCodeAt(s);
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b) ^ (len > 1 ? text.charCodeAt(s + 1) : 0);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ text.charCodeAt(e - 1);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ (len > 2 ? text.charCodeAt(e - 2) : 0);
  h ^= h >>> 15;
  return h & SIG_MASK;
}

/** the first-code-unit filter's bit for code unit c is set (a key may start with c) */
function firstHas(first: Uint32Array, c: number): boolean {
  return (first[(c & FIRST_MASK) >>> 5] & (1 << (c & 31))) !== 0;
}

/** the Thai block U+0E00..U+0E7F (mayStartAt's pair table) */
const THAI_BASE = 0x0e00;
const THAI_BLOCK = 128;

export class Trie<P> {
  /**
   * edge table, one 12-byte record a slot: [parent node (EMPTY when the slot is free), code
   * unit, child node] — a probe reads one record (mostly one cache line), not one entry in
   * each of three arrays
   */
  private table: Int32Array;
  /** slots - 1 (slots is a power of two) */
  private mask: number;
  private edges = 0;
  private nodes = 1;
  private payloads: (P | undefined)[] = [undefined];
  /**
   * bit set of the code units a key starts with, folded to their low 11 bits (a fast "nothing
   * starts here"; a set bit only means "maybe"): 256 bytes, not 8 KB, for the tries a document
   * makes for itself. Latin and Thai fold to distinct bits (U+0E00..U+0E7F to 0x600..0x67F).
   */
  private first = new Uint32Array(FIRST_WORDS);
  /**
   * the root's children by code unit (below ROOT_DIRECT; -1: none): a first step without
   * hashing. Only for tries sized for many keys (lexicons): the small per-document tries
   * do not allocate it.
   */
  private root: Int32Array | null = null;
  /**
   * per node, a 32-bit set of (code unit & 31) of its children: most steps of a scan ask for
   * a child that does not exist, and this answers them without probing the edge table
   */
  private childBits = new Int32Array(16);
  /**
   * Lexicon-sized tries only (with the root table): a bit per pair of Thai-block code units
   * that starts a key of two or more units, and a flag per Thai-block unit that is a key by
   * itself — mayStartAt's answer for Thai text without walking
   */
  private thaiPairs: Uint32Array | null = null;
  private thaiSingles: Uint8Array | null = null;
  /**
   * Lexicon-sized tries only: the signature bits of the keys (rangeSig), so that getRange
   * answers most ranges that are no key without walking. Asked whether a run's tail is a
   * given name, the 11,843-name trie said no to 94% of ~500,000 ranges a pass over the
   * releases, each a walk of a few steps through a 1.5 MB table (cache misses).
   */
  private rangeSigs: Uint32Array | null = null;
  /** length of the longest key: a longer range is no key (getRange answers without walking) */
  private maxLen = 0;
  size = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.table = Trie.emptyTable(cap);
    this.mask = cap - 1;
    if (capacity >= ROOT_MIN_CAPACITY) {
      this.root = new Int32Array(ROOT_DIRECT).fill(EMPTY);
      this.thaiPairs = new Uint32Array((THAI_BLOCK * THAI_BLOCK) >>> 5);
      this.thaiSingles = new Uint8Array(THAI_BLOCK);
      this.rangeSigs = new Uint32Array(SIG_WORDS);
    }
  }

  private static emptyTable(slots: number): Int32Array {
    const t = new Int32Array(slots * 3);
    for (let i = 0; i < t.length; i += 3) t[i] = EMPTY;
    return t;
  }

  private static slotOf(node: number, c: number, mask: number): number {
    let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b);
    h ^= h >>> 15;
    return h & mask;
  }

  /** the child of `node` by code unit c, or -1 */
  private step(node: number, c: number): number {
    if (node === 0 && c < ROOT_DIRECT && this.root !== null) return this.root[c];
    if ((this.childBits[node] & (1 << (c & 31))) === 0) return -1;
    const mask = this.mask;
    const tab = this.table;
    let h = Trie.slotOf(node, c, mask);
    for (;;) {
      const r = h * 3;
      const p = tab[r];
      if (p === EMPTY) return -1;
      if (p === node && tab[r + 1] === c) return tab[r + 2];
      h = (h + 1) & mask;
    }
  }

  private grow(): void {
    this.rehash((this.mask + 1) * 2);
  }

  /** move every edge into a new table of `slots` slots (a power of two, more than the edges) */
  private rehash(slots: number): void {
    const old = this.table;
    this.table = Trie.emptyTable(slots);
    this.mask = slots - 1;
    for (let r = 0; r < old.length; r += 3) if (old[r] !== EMPTY) this.insertEdge(old[r], old[r + 1], old[r + 2]);
  }

  /** slots in the edge table (a power of two) */
  get slots(): number {
    return this.mask + 1;
  }

  /**
   * Rehash the edge table into the smallest power of two that keeps it at most 3/4 full. A
   * trie made for `capacity` key characters starts with room for twice that many edges (`add`
   * keeps the table at most half full), but shared prefixes leave most of it empty: a
   * 40,693-node lexicon trie had 262,144 slots (3.1 MB). Call this once the keys are in: the
   * pipeline's entity tries went from 10.9 to 4.4 MB a thread, and probes touch fewer cache
   * lines (most failing steps never probe: the child bit sets answer them). Nodes, payloads and
   * answers are unchanged; a later `add` grows the table again as needed.
   */
  shrink(): void {
    let cap = 16;
    while (cap * 3 < this.edges * 4) cap *= 2;
    if (cap < this.mask + 1) this.rehash(cap);
  }

  private insertEdge(node: number, c: number, child: number): void {
    if (node === 0 && c < ROOT_DIRECT && this.root !== null) this.root[c] = child;
    if (node >= this.childBits.length) {
      const bigger = new Int32Array(Math.max(node + 1, this.childBits.length * 2));
      bigger.set(this.childBits);
      this.childBits = bigger;
    }
    this.childBits[node] |= 1 << (c & 31);
    const mask = this.mask;
    let h = Trie.slotOf(node, c, mask);
    const tab = this.table;
    while (tab[h * 3] !== EMPTY) h = (h + 1) & mask;
    const r = h * 3;
    tab[r] = node;
    tab[r + 1] = c;
    tab[r + 2] = child;
  }

  /** add a key; a later add of the same key keeps the first payload unless `replace` */
  add(key: string, payload: P, replace = false): void {
    if (!key) return;
    if (key.length > this.maxLen) this.maxLen = key.length;
    if (this.rangeSigs !== null) {
      const b = rangeSig(key, 0, key.length);
      this.rangeSigs[b >>> 5] |= 1 << (b & 31);
    }
    const c0 = key.charCodeAt(0);
    this.first[(c0 & FIRST_MASK) >>> 5] |= 1 << (c0 & 31);
    if (this.thaiPairs !== null && c0 >= THAI_BASE && c0 < THAI_BASE + THAI_BLOCK) {
      if (key.length === 1) this.thaiSingles![c0 - THAI_BASE] = 1;
      else {
        const c1 = key.charCodeAt(1);
        if (c1 >= THAI_BASE && c1 < THAI_BASE + THAI_BLOCK) {
          const b = ((c0 - THAI_BASE) << 7) | (c1 - THAI_BASE);
          this.thaiPairs[b >>> 5] |= 1 << (b & 31);
        }
      }
    }
    let n = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      let m = this.step(n, c);
      if (m < 0) {
        if ((this.edges + 1) * 2 > this.mask + 1) this.grow();
        m = this.nodes++;
        this.payloads.push(undefined);
        this.insertEdge(n, c, m);
        this.edges++;
      }
      n = m;
    }
    if (this.payloads[n] === undefined) this.size++;
    if (this.payloads[n] === undefined || replace) this.payloads[n] = payload;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get(key: string): P | undefined {
    return this.getRange(key, 0, key.length);
  }

  /** a key may start with the code unit at text[i] (false: no key starts at i; true: maybe — the filter is folded) */
  startsAt(text: string, i: number): boolean {
    const c = text.charCodeAt(i);
    return c === c && firstHas(this.first, c);
  }

  /**
   * a key may start at text[i]: a one-character key is text[i], or text[i] text[i + 1] is
   * the start of a key (false means no key starts at i)
   */
  mayStartAt(text: string, i: number): boolean {
    const pairs = this.thaiPairs;
    if (pairs !== null && i + 1 < text.length) {
      const c0 = text.charCodeAt(i) - THAI_BASE;
      const c1 = text.charCodeAt(i + 1) - THAI_BASE;
      if (c0 >= 0 && c0 < THAI_BLOCK && c1 >= 0 && c1 < THAI_BLOCK) {
        const b = (c0 << 7) | c1;
        return (pairs[b >>> 5] & (1 << (b & 31))) !== 0 || this.thaiSingles![c0] === 1;
      }
    }
    if (!this.startsAt(text, i)) return false;
    const a = this.step(0, text.charCodeAt(i));
    if (a < 0) return false;
    if (this.payloads[a] !== undefined) return true;
    return i + 1 < text.length && this.step(a, text.charCodeAt(i + 1)) >= 0;
  }

  /** text[s, e) is a key (e clamped to the text, as String#slice does) */
  hasRange(text: string, s: number, e: number): boolean {
    return this.getRange(text, s, e) !== undefined;
  }

  /** the payload of the key text[s, e) (e clamped to the text) */
  getRange(text: string, s: number, e: number): P | undefined {
    if (e > text.length) e = text.length;
    if (e - s > this.maxLen) return undefined;
    const sigs = this.rangeSigs;
    if (sigs !== null && e > s) {
      const b = rangeSig(text, s, e);
      if ((sigs[b >>> 5] & (1 << (b & 31))) === 0) return undefined;
    }
    let n = 0;
    for (let i = s; i < e; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) return undefined;
    }
    return this.payloads[n];
  }

  /** some key starts at `start` (= matchesAt(text, start).length > 0) */
  anyAt(text: string, start: number): boolean {
    return this.someEndAt(text, start, anyEnd);
  }

  /** some key at `start` has an end that `ok` accepts (= matchesAt(…).some((h) => ok(h.end))) */
  someEndAt(text: string, start: number, ok: (end: number) => boolean): boolean {
    if (!this.startsAt(text, start)) return false;
    const pl = this.payloads;
    let n = 0;
    for (let i = start; i < text.length; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) return false;
      if (pl[n] !== undefined && ok(i + 1)) return true;
    }
    return false;
  }

  /** end of the longest key at `start` (-1 when none) */
  maxEndAt(text: string, start: number): number {
    if (!this.startsAt(text, start)) return -1;
    const pl = this.payloads;
    let best = -1;
    let n = 0;
    for (let i = start; i < text.length; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) break;
      if (pl[n] !== undefined) best = i + 1;
    }
    return best;
  }

  /** end of the longest key at `start` whose end `endOk` accepts and is ≤ to (-1 when none) */
  longestEndAt(text: string, start: number, endOk?: (end: number) => boolean, to = Infinity): number {
    const h = this.longestHit(text, start, endOk, to);
    return h ? h.end : -1;
  }

  private longestHit(text: string, start: number, endOk?: (end: number) => boolean, to = Infinity): TrieHit<P> | null {
    if (!this.startsAt(text, start)) return null;
    const pl = this.payloads;
    let bestEnd = -1;
    let best: P | undefined;
    let n = 0;
    for (let i = start; i < text.length; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) break;
      const p = pl[n];
      if (p !== undefined && i + 1 <= to && (!endOk || endOk(i + 1))) {
        bestEnd = i + 1;
        best = p;
      }
    }
    return bestEnd < 0 ? null : { start, end: bestEnd, payload: best as P };
  }

  /** mask[end] = 1 for every key text[start, end) with minEnd ≤ end ≤ to */
  markEndsAt(text: string, start: number, minEnd: number, to: number, mask: Uint8Array): void {
    if (!this.startsAt(text, start)) return;
    const pl = this.payloads;
    const lim = Math.min(to, text.length);
    let n = 0;
    for (let i = start; i < lim; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) return;
      if (pl[n] !== undefined && i + 1 >= minEnd) mask[i + 1] = 1;
    }
  }

  /** every key that starts at `start`, shortest first */
  matchesAt(text: string, start: number): TrieHit<P>[] {
    const out: TrieHit<P>[] = [];
    if (!this.startsAt(text, start)) return out;
    const pl = this.payloads;
    let n = 0;
    for (let i = start; i < text.length; i++) {
      n = this.step(n, text.charCodeAt(i));
      if (n < 0) break;
      const p = pl[n];
      if (p !== undefined) out.push({ start, end: i + 1, payload: p });
    }
    return out;
  }

  /** the longest key at `start` whose end `endOk` accepts */
  longestAt(text: string, start: number, endOk?: (end: number) => boolean): TrieHit<P> | null {
    return this.longestHit(text, start, endOk);
  }

  /** findAll with the accepted starts given as a mask (mask[i] === 1) */
  findAllMasked(text: string, mask: Uint8Array, endOk?: (i: number) => boolean, from = 0, to = text.length): TrieHit<P>[] {
    const out: TrieHit<P>[] = [];
    const first = this.first;
    const lim = Math.min(to, text.length);
    for (let i = from; i < lim; i++) {
      if (mask[i] !== 1) continue;
      const c = text.charCodeAt(i);
      if (!firstHas(first, c)) continue;
      const hit = this.longestHit(text, i, endOk, to);
      if (hit) out.push(hit);
    }
    return out;
  }

  /**
   * findAllMasked for a trie whose payloads are per-rule slots (see compile.ts lexiconScan):
   * for every accepted start and every rule k, the longest accepted key with a slot for k.
   * Returns one hit list per rule, each in start order (= findAllMasked over rule k's own trie).
   */
  findAllMaskedSlots<E>(this: Trie<(E | undefined)[]>, text: string, mask: Uint8Array, rules: number, endOk: (i: number) => boolean): TrieHit<E>[][] {
    // (a loop: Array.from({ length }, f) takes V8's generic path, ~6 µs a document here)
    const out: TrieHit<E>[][] = [];
    for (let k = 0; k < rules; k++) out.push([]);
    const first = this.first;
    const pl = this.payloads;
    const bestEnd = new Int32Array(rules).fill(-1);
    const best: (E | undefined)[] = new Array(rules);
    const n = text.length;
    for (let i = 0; i < n; i++) {
      if (mask[i] !== 1) continue;
      const c = text.charCodeAt(i);
      if (!firstHas(first, c)) continue;
      let any = false;
      let node = 0;
      for (let j = i; j < n; j++) {
        node = this.step(node, text.charCodeAt(j));
        if (node < 0) break;
        const slots = pl[node];
        if (slots === undefined || !endOk(j + 1)) continue;
        for (let k = 0; k < rules; k++) {
          const e = slots[k];
          if (e !== undefined) {
            bestEnd[k] = j + 1;
            best[k] = e;
            any = true;
          }
        }
      }
      if (!any) continue;
      for (let k = 0; k < rules; k++) {
        if (bestEnd[k] >= 0) {
          out[k].push({ start: i, end: bestEnd[k], payload: best[k] as E });
          bestEnd[k] = -1;
        }
      }
    }
    return out;
  }

  /**
   * Every accepted start's longest accepted key in text[from, to) (keys may overlap: the
   * scan goes on at the next character).
   */
  findAll(
    text: string,
    startOk: (i: number) => boolean,
    endOk: (i: number) => boolean,
    from = 0,
    to = text.length,
  ): TrieHit<P>[] {
    const out: TrieHit<P>[] = [];
    const first = this.first;
    const lim = Math.min(to, text.length);
    for (let i = from; i < lim; i++) {
      const c = text.charCodeAt(i);
      if (!firstHas(first, c) || !startOk(i)) continue;
      const hit = this.longestHit(text, i, endOk, to);
      if (hit) out.push(hit);
    }
    return out;
  }
}
