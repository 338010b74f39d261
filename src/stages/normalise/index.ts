import type { Doc } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage } from '../../pipeline/stage.js';
import { normalise, type DigitMode } from './normalise.js';
import { joinSplitWords } from './join-words.js';
import { loadDict } from '../segment/dict.js';

export {
  normalise,
  normaliseString,
  thaiToArabicDigits,
  arabicToThaiDigits,
  type DigitMode,
  type NormaliseOptions,
} from './normalise.js';
export { joinSplitWords } from './join-words.js';

export interface NormaliseStageOptions {
  digits?: DigitMode;
  /** drop stray spaces inside Thai words from the view where the dictionary has the joined word (default false) */
  joinSplitWords?: boolean;
}

/** normalise: text → norm (the normalised view matchers use; offsets still map into text) */
export const normaliseStage = defineStage<NormaliseStageOptions>({
  name: 'normalise',
  description:
    'Build the normalised view: line breaks, Unicode spaces, zero-width characters, Thai mark order, sara am, เเ, Thai digits; optionally stray spaces inside Thai words (joinSplitWords)',
  reads: ['text'],
  adds: ['norm'],
  optionsSchema: {
    type: 'object',
    properties: {
      digits: { enum: ['keep', 'arabic'], default: 'arabic' },
      joinSplitWords: { type: 'boolean', default: false },
    },
    additionalProperties: false,
  },
  create(options) {
    const digits: DigitMode = options.digits ?? 'arabic';
    const dict = options.joinSplitWords ? loadDict() : null;
    return (doc: Doc): Doc => {
      if (typeof doc.text !== 'string') {
        throw new ThaiExtractError('TE305', 'normalise needs doc.text (run decode first)', { file: doc.source, stage: 'normalise' });
      }
      const norm = normalise(doc.text, { digits });
      return { ...doc, norm: dict ? joinSplitWords(norm, dict) : norm };
    };
  },
});
