/**
 * Jaro–Winkler similarity over UTF-16 code units, 0 (nothing in common) to 1 (equal): the Jaro
 * similarity (matching characters within half the longer length, transpositions halved) plus
 * 0.1 per character of common prefix (at most 4) times what is left to 1. The same numbers as
 * the `natural` package's JaroWinklerDistance with its default options (tests/jaro-winkler.test.ts).
 */
let used1 = new Uint8Array(64);
let used2 = new Uint8Array(64);

export function jaroWinkler(s1: string, s2: string): number {
  if (s1 === s2) return 1;
  const n1 = s1.length;
  const n2 = s2.length;
  let jaro = 0;
  if (n1 > 0 && n2 > 0) {
    if (used1.length < n1) used1 = new Uint8Array(n1 * 2);
    if (used2.length < n2) used2 = new Uint8Array(n2 * 2);
    used1.fill(0, 0, n1);
    used2.fill(0, 0, n2);
    const window = Math.floor(Math.max(n1, n2) / 2) - 1;
    let m = 0;
    for (let i = 0; i < n1; i++) {
      const c = s1.charCodeAt(i);
      const end = Math.min(i + window + 1, n2);
      for (let k = Math.max(0, i - window); k < end; k++) {
        if (used2[k] === 0 && s2.charCodeAt(k) === c) {
          used1[i] = 1;
          used2[k] = 1;
          m++;
          break;
        }
      }
    }
    if (m > 0) {
      let t = 0;
      for (let i = 0, k = 0; i < n1; i++) {
        if (used1[i] === 0) continue;
        while (used2[k] === 0) k++;
        if (s1.charCodeAt(i) !== s2.charCodeAt(k)) t++;
        k++;
      }
      jaro = (m / n1 + m / n2 + (m - t / 2) / m) / 3;
    }
  }
  let prefix = 0;
  while (prefix < 4 && prefix < n1 && prefix < n2 && s1.charCodeAt(prefix) === s2.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
