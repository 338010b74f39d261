import type { Doc } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage } from '../../pipeline/stage.js';
import { normalise, type DigitMode } from './normalise.js';

export {
  normalise,
  normaliseString,
  thaiToArabicDigits,
  arabicToThaiDigits,
  type DigitMode,
  type NormaliseOptions,
} from './normalise.js';

export interface NormaliseStageOptions {
  digits?: DigitMode;
}

/** normalise: text → norm (the normalised view matchers use; offsets still map into text) */
export const normaliseStage = defineStage<NormaliseStageOptions>({
  name: 'normalise',
  description:
    'Build the normalised view: line breaks, Unicode spaces, zero-width characters, Thai mark order, sara am, เเ, Thai digits',
  reads: ['text'],
  adds: ['norm'],
  optionsSchema: {
    type: 'object',
    properties: { digits: { enum: ['keep', 'arabic'], default: 'arabic' } },
    additionalProperties: false,
  },
  create(options) {
    const digits: DigitMode = options.digits ?? 'arabic';
    return (doc: Doc): Doc => {
      if (typeof doc.text !== 'string') {
        throw new ThaiExtractError('TE305', 'normalise needs doc.text (run decode first)', { file: doc.source, stage: 'normalise' });
      }
      return { ...doc, norm: normalise(doc.text, { digits }) };
    };
  },
});
