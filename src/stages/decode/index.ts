import type { Doc } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage } from '../../pipeline/stage.js';
import { decodeBytes, noThaiWarning } from './decode.js';

export { decodeBytes, type Decoded } from './decode.js';

/**
 * decode: bytes → text + encoding. A doc that already carries `text` and no bytes (library call
 * with a string) keeps its text, with encoding 'string'.
 */
export const decodeStage = defineStage<Record<string, never>>({
  name: 'decode',
  description: 'Decode the input bytes (strict UTF-8, BOM recorded, else windows-874/TIS-620); binary input is a TE303 error',
  reads: ['bytes'],
  adds: ['text', 'encoding'],
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  create() {
    return (doc: Doc): Doc => {
      if (doc.bytes === undefined) {
        if (typeof doc.text === 'string') {
          if (doc.text.length === 0) throw new ThaiExtractError('TE302', 'empty text', { file: doc.source });
          const noThai = noThaiWarning(doc.text, 'string');
          return { ...doc, encoding: 'string', ...(noThai ? { diagnostics: [...doc.diagnostics, noThai] } : {}) };
        }
        throw new ThaiExtractError('TE302', 'document has neither bytes nor text', { file: doc.source });
      }
      const d = decodeBytes(doc.bytes, doc.source);
      return { ...doc, text: d.text, encoding: d.encoding, diagnostics: [...doc.diagnostics, ...d.diagnostics] };
    };
  },
});
