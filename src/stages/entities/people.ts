/**
 * compromise's people() for the Latin phrases of a text (English names inside Thai releases).
 *
 * compromise costs every thread that uses it ~0.5 s to load and ~0.2 s more on its first call
 * (its tagger compiles its match rules then), for a few calls per hundred releases. A thread can
 * therefore be given a provider (setPeopleProvider) that asks one shared thread instead — see
 * pipeline/people-service.ts — so that a pool of N worker threads loads compromise once, not N
 * times. Without one, compromise is loaded here, on first use.
 */
import { createRequire } from 'node:module';

/** a person as compromise reports it: the text and its UTF-16 offset and length within the phrase */
export type Person = { text: string; offset: { start: number; length: number } };
type Nlp = ((text: string) => { people(): { out(kind: 'offset'): unknown } }) & { world(): { hooks: string[] } };

/**
 * compromise is loaded on first use: a pipeline that never meets a Latin phrase that could hold
 * a person never loads it.
 */
let nlpFn: Nlp | undefined;
function nlp(): Nlp {
  if (!nlpFn) nlpFn = createRequire(import.meta.url)('compromise') as Nlp;
  return nlpFn;
}

/**
 * compromise's people in this thread, with its last compute hook, 'chunks', left out: that
 * hook only sets each term's chunk label (for `<Noun>` match syntax), which people() (tags:
 * #Honorific, #Person, #Possessive, @hasComma) and the offsets never read; it was ~15-25% of a
 * call. The hook list is swapped back at once (the call is synchronous), so other users of
 * compromise in the process see it unchanged.
 */
export function peopleHere(text: string): Person[] {
  const f = nlp();
  const world = f.world();
  const hooks = world.hooks;
  if (!hooks.includes('chunks')) return f(text).people().out('offset') as Person[];
  world.hooks = hooks.filter((h) => h !== 'chunks');
  try {
    return f(text).people().out('offset') as Person[];
  } finally {
    world.hooks = hooks;
  }
}

let provider: ((text: string) => Person[]) | null = null;
let warmer: (() => void) | null = null;

/**
 * Answer people() in this thread with `fn` (null: compromise here again). `fn` must give what
 * peopleHere gives; it may throw (the phrase then has no people, as when compromise throws).
 * `warm`, when given, is called by expectPeople: the provider may get ready ahead of the calls.
 */
export function setPeopleProvider(fn: ((text: string) => Person[]) | null, warm?: () => void): void {
  provider = fn;
  warmer = fn ? (warm ?? null) : null;
}

/**
 * Say that people() will be asked (a pipeline with a rule that uses it was built): a shared
 * provider then loads compromise now, while the pipelines are still being built, rather than
 * on the first call, with the asker waiting. Nothing happens without a provider (compromise
 * is loaded here on first use).
 */
export function expectPeople(): void {
  warmer?.();
}

/** compromise's people of a phrase: from this thread's provider, or compromise here */
export function people(text: string): Person[] {
  return provider ? provider(text) : peopleHere(text);
}
