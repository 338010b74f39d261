/**
 * Thai numerals and Buddhist-era dates: a pure, exported normaliser.
 *
 * Every finder returns items with offsets into the string it was given (Thai digits are
 * converted length-preservingly before matching), a `value`, a `canonical` string and the
 * id of the rule that produced it. The rules and lexicons are data
 * (pipelines/gov-press/numbers-dates.json); `createNormaliser(config)` builds a matcher from
 * any such file, and the functions below use the bundled one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ThaiExtractError } from '../errors.js';
import { compileSchema, firstSchemaError } from '../schemas/ajv.js';
import { numbersDatesSchema, type NumbersDatesConfig } from './config.js';
import { Normaliser, type AnalyseOptions, type AnalyseResult, type FoundItem } from './engine.js';
import { thaiDigitsToArabic } from './digits.js';
import { normaliseDecimal, shiftDecimal, wordsToDecimal, buildWordLexicon, addDecimal } from './words.js';

export { thaiDigitsToArabic, arabicToThaiDigits } from './digits.js';
export { beToCe, ceToBe, isValidDate, isLeapYear, daysInMonth, FIRST_JANUARY_BE_YEAR, BE_OFFSET } from './calendar.js';
export { numbersDatesSchema, type NumbersDatesConfig, type RuleSpec, type ItemType } from './config.js';
export { Normaliser, type AnalyseOptions, type AnalyseResult, type FoundItem, type FoundDiagnostic } from './engine.js';
export { normaliseDecimal, shiftDecimal } from './words.js';

/** the bundled rule file (works from src/ and from dist/) */
export const DEFAULT_RULES_FILE = fileURLToPath(new URL('../../pipelines/gov-press/numbers-dates.json', import.meta.url));

/** validate a parsed rule file and build a normaliser (TE108 / TE110 on bad data) */
export function createNormaliser(config: unknown, file = '<numbers-dates>'): Normaliser {
  const validate = compileSchema(numbersDatesSchema as unknown as Record<string, unknown>);
  if (!validate(config)) {
    const err = firstSchemaError(validate.errors, config);
    throw new ThaiExtractError('TE108', err.message, { file, pointer: err.pointer, value: err.value });
  }
  return new Normaliser(config as NumbersDatesConfig, file);
}

let bundled: Normaliser | undefined;

/** the normaliser built from the bundled rule file (loaded once) */
export function defaultNormaliser(): Normaliser {
  if (!bundled) {
    let raw: string;
    try {
      raw = readFileSync(DEFAULT_RULES_FILE, 'utf8');
    } catch (e) {
      throw new ThaiExtractError('TE107', `cannot read data file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: DEFAULT_RULES_FILE });
    }
    bundled = createNormaliser(JSON.parse(raw), DEFAULT_RULES_FILE);
  }
  return bundled;
}

/** everything found in `text`: DATE, TIME, NUMBER, MONEY, PERCENT and URL items, and diagnostics */
export function analyse(text: string, opts: AnalyseOptions = {}): AnalyseResult {
  return defaultNormaliser().analyse(text, opts);
}

const ofTypes = (text: string, opts: AnalyseOptions, types: string[]): FoundItem[] =>
  analyse(text, opts).items.filter((i) => types.includes(i.type));

/** DATE items (value: { iso, end?, precision, era, inferred? }) */
export function findDates(text: string, opts: AnalyseOptions = {}): FoundItem[] {
  return ofTypes(text, opts, ['DATE']);
}

/** TIME items (value: { iso: "HH:MM[:SS]", end?, hour, minute, second? }) */
export function findTimes(text: string): FoundItem[] {
  return ofTypes(text, {}, ['TIME']);
}

/** NUMBER, MONEY and PERCENT items (value: { value, unit?, end?, … }); numbers inside dates and times are not reported */
export function findNumbers(text: string): FoundItem[] {
  return ofTypes(text, {}, ['NUMBER', 'MONEY', 'PERCENT']);
}

/** URL items */
export function findUrls(text: string): FoundItem[] {
  return ofTypes(text, {}, ['URL']);
}

/**
 * The date a string states (the first date in it), or null when it states none or an
 * impossible one (29 ก.พ. 2566).
 */
export function parseThaiDate(text: string, opts: AnalyseOptions = {}): Record<string, unknown> | null {
  const d = findDates(text, opts)[0];
  return d ? d.value : null;
}

/**
 * A whole string read as one number: digits (Thai or Arabic, thousands separators, decimals),
 * Thai number words (สองพันห้าร้อย, ลบหนึ่ง, ห้าสิบจุดเก้าห้า), or digits with a multiplier word
 * (2 พันล้าน, 2.5 ล้าน). null when the string is not a number.
 */
export function parseThaiNumber(text: string): number | null {
  const s = thaiDigitsToArabic(text).trim();
  if (!s) return null;
  if (/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(s)) return Number(normaliseDecimal(s));
  const n = defaultNormaliser();
  const w = wordsToDecimal(s.replace(/\s+/g, ''), wordLex(n));
  if (w) return Number(w.decimal);
  const m = /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(\S+)$/.exec(s);
  if (m) {
    const p = n.config.lexicon.multipliers.find((x) => x.word === m[2]);
    if (p) return Number(shiftDecimal(m[1], p.pow10));
  }
  return null;
}

const lexCache = new WeakMap<Normaliser, ReturnType<typeof buildWordLexicon>>();
function wordLex(n: Normaliser) {
  let l = lexCache.get(n);
  if (!l) {
    l = buildWordLexicon(n.config);
    lexCache.set(n, l);
  }
  return l;
}

/** Thai number words as a list of tokens (["ห้า","สิบ","จุด","เก้า","ห้า"]) */
export function wordsToNumber(tokens: string[]): number | null {
  return parseThaiNumber(tokens.join(''));
}

export { addDecimal };
