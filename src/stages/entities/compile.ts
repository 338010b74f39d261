import { ThaiExtractError } from '../../errors.js';
import type { StageContext } from '../../pipeline/stage.js';
import { Trie } from './trie.js';
import { ENTRIES_SCHEMA, RULES_SCHEMA } from './schema.js';
import { expectPeople } from './people.js';

export interface LexEntry {
  canonical: string;
  /** which lexicon the entry came from */
  lexicon: string;
  value?: Record<string, unknown>;
  /** a bare match (without a prefix) that is a common word is ignored (แพร่ in การแพร่ระบาด) */
  bareNotCommon?: boolean;
}

export type RuleKind =
  | 'lexicon' | 'regex' | 'head-run' | 'head-latin' | 'latin-phrase' | 'latin-person'
  | 'honorific-name' | 'framed-name' | 'quoted-name' | 'gazetteer-name' | 'doc-alias' | 'position' | 'anaphor' | 'acronym-paren'
  | 'org-in-position' | 'venue' | 'place-at-org' | 'admin-place' | 'latin-lexicon';

export interface RuleOptions {
  stops?: string;
  minRun?: number;
  glossAcrossSpace?: boolean;
  rejectIfRunIn?: string[];
  suffix?: boolean;
  requireSuffixOrQualifier?: string;
  dashJoin?: boolean;
  rejectStarts?: string;
  notAfter?: string[];
  /** latin-person: compromise is asked only about phrases with a title or a pair of name words one of which is in this lexicon */
  gate?: string;
  /** venue: a word list one of which must stand right before the head (an optional space between) */
  cue?: string;
  /** head-run: rejectIfRunIn applies to runs of at most this many characters (longer common words may name an organisation: กรมศุลกากร) */
  commonRunMaxLen?: number;
  /** head-run: heads (a word list) that name an organisation only with an acronym in parentheses after the name */
  needAcronym?: string;
}

export interface RuleSpec {
  id: string;
  type: string;
  kind: RuleKind;
  pattern: string;
  priority: number;
  description?: string;
  options?: RuleOptions;
  examples: { match: string[]; noMatch: string[] };
}

export interface CompiledRule extends RuleSpec {
  options: RuleOptions;
  /** for regex-like kinds: the compiled pattern (global, unicode) */
  re?: RegExp;
  /** for lexicon kinds: the trie of the referenced lexicons */
  trie?: Trie<LexEntry>;
}

export interface RulesFile {
  lexicons: Record<string, { kind: 'entries' | 'list' | 'csv-first-column' | 'places'; files: string[]; prefixes?: string[]; bareNotCommon?: boolean; value?: Record<string, unknown>; level?: string; canonicalPrefix?: string }>;
  wordLists: Record<string, string[]>;
  eventSuffix: string;
  /** value.kind of ORG and LOCATION entities by their canonical form: the first pattern that matches */
  kinds?: { type: string; pattern: string; kind: string; examples?: string[] }[];
  rules: RuleSpec[];
}

export interface CompiledRules {
  file: string;
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  /** every lexicon as a trie (entries keyed by alias, lists keyed by word) */
  lex: Map<string, Trie<LexEntry>>;
  /** word lists as tries (for "a stop word starts here") */
  words: Map<string, Trie<true>>;
  rawWordLists: Record<string, string[]>;
  eventSuffix: RegExp;
  /** value.kind by type and canonical form (rules file `kinds`) */
  kinds: { type: string; re: RegExp; kind: string }[];
  /**
   * the keys of every `lexicon` rule in one trie (built on first use), so that one scan of a
   * text finds the longest match of each rule: payload[k] is rule lexiconRules[k]'s entry
   */
  lexiconScan(): { rules: CompiledRule[]; trie: Trie<(LexEntry | undefined)[]> };
}

interface KeyList {
  keys: string[];
  entries: LexEntry[];
  /** total length of the keys (an upper bound on the trie's edges) */
  chars: number;
}

/** a trie of the lists' keys, added in order (the first payload of a key is kept) */
function trieOf(lists: KeyList[]): Trie<LexEntry> {
  const trie = new Trie<LexEntry>(lists.reduce((a, l) => a + l.chars, 0));
  for (const l of lists) for (let i = 0; i < l.keys.length; i++) trie.add(l.keys[i], l.entries[i]);
  trie.shrink();
  return trie;
}

function buildWordTrie(words: readonly string[]): Trie<true> {
  const t = new Trie<true>();
  for (const w of words) t.add(w, true);
  return t;
}

/** `{{name}}` in a regex pattern expands to the escaped alternation of a word list, longest first */
function expandMacros(pattern: string, lists: Record<string, string[]>, ruleFile: string, pointer: string): string {
  return pattern.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const l = lists[name];
    if (!l) throw new ThaiExtractError('TE110', `unknown word list {{${name}}}`, { file: ruleFile, pointer, value: name });
    return '(?:' + [...l].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')';
  });
}

/** load and compile an entity rule file and every lexicon it names */
export function compileRules(ctx: StageContext, relPath: string): CompiledRules {
  const data = ctx.loadFile(relPath, RULES_SCHEMA) as RulesFile;
  // compromise answers the latin-person rule: a shared one (worker threads) gets ready now,
  // while the lexicons are being compiled
  if (data.rules.some((r) => r.kind === 'latin-person')) expectPeople();
  const dir = relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/') + 1) : '';
  const lex = new Map<string, Trie<LexEntry>>();
  // every lexicon's keys and entries in the order they were read (for the rules' tries)
  const aliases = new Map<string, KeyList>();
  for (const [name, spec] of Object.entries(data.lexicons)) {
    const list: KeyList = { keys: [], entries: [], chars: 0 };
    aliases.set(name, list);
    const prefixes = spec.prefixes ?? [];
    const add = (alias: string, e: LexEntry) => {
      list.keys.push(alias);
      list.entries.push(e);
      list.chars += alias.length;
      for (const p of prefixes) {
        list.keys.push(p + alias);
        list.entries.push(e);
        list.chars += p.length + alias.length;
      }
    };
    for (const f of spec.files) {
      const raw = ctx.loadFile(dir + f, spec.kind === 'entries' ? ENTRIES_SCHEMA : undefined);
      if (spec.kind === 'entries') {
        for (const e of (raw as { entries: { canonical: string; aliases: string[]; value?: Record<string, unknown> }[] }).entries) {
          const entry: LexEntry = { canonical: e.canonical, lexicon: name, value: { ...(spec.value ?? {}), ...(e.value ?? {}) } };
          for (const a of e.aliases) add(a, entry);
        }
      } else if (spec.kind === 'places') {
        // level <tab> name <tab> what it lies in (scripts/build-places.mjs)
        for (const line of String(raw).split(/\r?\n/)) {
          const [level, w, within] = line.split('\t');
          if (!w || line.startsWith('#') || level !== spec.level) continue;
          add(w, { canonical: w, lexicon: name, value: { ...(spec.value ?? {}), kind: level, within } });
        }
      } else {
        const csv = spec.kind === 'csv-first-column';
        for (const line of String(raw).split(/\r?\n/)) {
          const w = (csv ? line.split(',')[0] : line).trim();
          if (!w || w.startsWith('#')) continue;
          add(w, { canonical: (spec.canonicalPrefix ?? '') + w, lexicon: name, value: spec.value ? { ...spec.value } : undefined, ...(spec.bareNotCommon ? { bareNotCommon: true } : {}) });
        }
      }
    }
    lex.set(name, trieOf([list]));
  }
  const words = new Map<string, Trie<true>>();
  for (const [name, l] of Object.entries(data.wordLists)) words.set(name, buildWordTrie(l));

  const fileAbs = `${ctx.baseDir}/${relPath}`;
  let eventSuffix: RegExp;
  try {
    eventSuffix = new RegExp(data.eventSuffix, 'u');
  } catch (e) {
    throw new ThaiExtractError('TE110', (e as Error).message, { file: fileAbs, pointer: '/eventSuffix', value: data.eventSuffix });
  }
  const seen = new Set<string>();
  const ruleLists = new Map<CompiledRule, KeyList[]>();
  const rules: CompiledRule[] = data.rules.map((r, i) => {
    const pointer = `/rules/${i}`;
    if (seen.has(r.id)) throw new ThaiExtractError('TE108', 'duplicate rule id', { file: fileAbs, pointer: `${pointer}/id`, value: r.id });
    seen.add(r.id);
    const c: CompiledRule = { ...r, options: r.options ?? {} };
    const lexRefs = r.pattern.match(/^@\S+(?:\s+@\S+)*$/) ? r.pattern.split(/\s+/).map((s) => s.slice(1)) : null;
    if (r.kind === 'lexicon' && !lexRefs) {
      throw new ThaiExtractError('TE110', 'a lexicon rule names its lexicons (@name …)', { file: fileAbs, pointer: `${pointer}/pattern`, value: r.pattern });
    }
    if (lexRefs && r.kind !== 'doc-alias') {
      const lists: KeyList[] = [];
      for (const name of lexRefs) {
        const src = aliases.get(name);
        if (!src) throw new ThaiExtractError('TE110', 'unknown lexicon', { file: fileAbs, pointer: `${pointer}/pattern`, value: name });
        lists.push(src);
      }
      if (r.kind === 'lexicon') ruleLists.set(c, lists);
      if (lexRefs.length === 1) {
        // the same keys in the same order: the lexicon's own trie
        c.trie = lex.get(lexRefs[0]);
      } else {
        // built on first use (the gazetteer rule's names are read through R.lex)
        let built: Trie<LexEntry> | undefined;
        Object.defineProperty(c, 'trie', {
          enumerable: true,
          configurable: true,
          get: () => (built ??= trieOf(lists)),
          set: (v: Trie<LexEntry> | undefined) => {
            built = v;
          },
        });
      }
    } else if (!lexRefs) {
      try {
        c.re = new RegExp(expandMacros(r.pattern, data.wordLists, fileAbs, pointer), 'gu');
      } catch (e) {
        if (e instanceof ThaiExtractError) throw e;
        throw new ThaiExtractError('TE110', (e as Error).message, { file: fileAbs, pointer: `${pointer}/pattern`, value: r.pattern });
      }
    }
    for (const key of ['stops', 'requireSuffixOrQualifier', 'rejectStarts', 'cue', 'needAcronym'] as const) {
      const v = c.options[key];
      if (v && v !== '-' && !words.has(v)) {
        throw new ThaiExtractError('TE110', 'unknown word list', { file: fileAbs, pointer: `${pointer}/options/${key}`, value: v });
      }
    }
    for (const v of [...(c.options.rejectIfRunIn ?? []), ...(c.options.gate ? [c.options.gate] : [])]) {
      if (!lex.has(v)) throw new ThaiExtractError('TE110', 'unknown lexicon', { file: fileAbs, pointer: `${pointer}/options/${v === c.options.gate ? 'gate' : 'rejectIfRunIn'}`, value: v });
    }
    return c;
  });
  const kinds = (data.kinds ?? []).map((k, i) => {
    try {
      return { type: k.type, re: new RegExp(k.pattern, 'u'), kind: k.kind };
    } catch (e) {
      throw new ThaiExtractError('TE110', (e as Error).message, { file: fileAbs, pointer: `/kinds/${i}/pattern`, value: k.pattern });
    }
  });
  let scan: { rules: CompiledRule[]; trie: Trie<(LexEntry | undefined)[]> } | undefined;
  const lexiconScan = () => (scan ??= combinedTrie(ruleLists));
  return { file: fileAbs, rules, byId: new Map(rules.map((r) => [r.id, r])), lex, words, rawWordLists: data.wordLists, eventSuffix, kinds, lexiconScan };
}

/** one trie for several rules' key lists; per rule, the first entry of a key is kept (as in trieOf) */
function combinedTrie(ruleLists: Map<CompiledRule, KeyList[]>): { rules: CompiledRule[]; trie: Trie<(LexEntry | undefined)[]> } {
  const rules = [...ruleLists.keys()];
  let chars = 0;
  for (const lists of ruleLists.values()) for (const l of lists) chars += l.chars;
  const trie = new Trie<(LexEntry | undefined)[]>(chars);
  rules.forEach((rule, k) => {
    for (const l of ruleLists.get(rule)!) {
      for (let i = 0; i < l.keys.length; i++) {
        let slots = trie.get(l.keys[i]);
        if (!slots) trie.add(l.keys[i], (slots = new Array(rules.length).fill(undefined)));
        if (slots[k] === undefined) slots[k] = l.entries[i];
      }
    }
  });
  trie.shrink();
  return { rules, trie };
}

