import type { Doc } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';
import { defineStage } from '../../pipeline/stage.js';
import { decodeBytes, noThaiWarning } from './decode.js';
import { extractHtml, isHtmlName, looksLikeHtml } from './html.js';

export { decodeBytes, type Decoded } from './decode.js';
export { extractHtml, looksLikeHtml, isHtmlName, type HtmlExtract } from './html.js';

export interface DecodeOptions {
  /**
   * HTML pages: 'auto' (default) extracts the main text of a page named .html/.htm or whose
   * text starts with a doctype or <html> tag; 'off' treats every input as plain text
   */
  html?: 'auto' | 'off';
}

/** the doc with its text replaced by the text extracted from the HTML page it holds */
function fromHtml(doc: Doc, html: string): Doc {
  const x = extractHtml(html, doc.source);
  return {
    ...doc,
    text: x.text,
    extractedFrom: 'html',
    diagnostics: [
      ...doc.diagnostics,
      {
        level: 'info',
        code: 'decode-html',
        message: `text extracted from an HTML page (${x.method === 'readability' ? 'main content by Readability' : 'page body without its navigation, header, footer and sidebars'}; ${x.text.length} of ${html.length} characters); offsets refer to the extracted text`,
      },
    ],
  };
}

/**
 * decode: bytes → text + encoding. A doc that already carries `text` and no bytes (library call
 * with a string) keeps its text, with encoding 'string'.
 */
export const decodeStage = defineStage<DecodeOptions>({
  name: 'decode',
  description:
    'Decode the input bytes (strict UTF-8, BOM recorded, else windows-874/TIS-620; binary input is a TE303 error); of an HTML page, extract the main text (linkedom + Readability)',
  reads: ['bytes'],
  adds: ['text', 'encoding'],
  optionsSchema: {
    type: 'object',
    properties: { html: { enum: ['auto', 'off'], default: 'auto' } },
    additionalProperties: false,
  },
  create(options) {
    const html = (options.html ?? 'auto') === 'auto';
    const isHtml = (doc: Doc, text: string) => html && (isHtmlName(doc.source) || looksLikeHtml(text));
    return (doc: Doc): Doc => {
      if (doc.bytes === undefined) {
        if (typeof doc.text === 'string') {
          if (doc.text.length === 0) throw new ThaiExtractError('TE302', 'empty text', { file: doc.source });
          const noThai = noThaiWarning(doc.text, 'string');
          const out: Doc = { ...doc, encoding: 'string', ...(noThai ? { diagnostics: [...doc.diagnostics, noThai] } : {}) };
          return isHtml(doc, doc.text) ? fromHtml(out, doc.text) : out;
        }
        throw new ThaiExtractError('TE302', 'document has neither bytes nor text', { file: doc.source });
      }
      const d = decodeBytes(doc.bytes, doc.source);
      const out: Doc = { ...doc, text: d.text, encoding: d.encoding, diagnostics: [...doc.diagnostics, ...d.diagnostics] };
      return isHtml(doc, d.text) ? fromHtml(out, d.text) : out;
    };
  },
});
