/**
 * Saved HTML pages: the page is parsed by a real HTML parser (linkedom, a light DOM) and its main
 * content found by Mozilla's Readability (the reader view of Firefox); the result is plain text
 * for the rest of the pipeline, whose offsets refer to that text:
 *
 *   <headline>               the page's <h1> (else og:title, else <title>; without a " | site name")
 *   <date line>              the page's printed publication line (a <time> or date-classed
 *                            element: "โพสต์เมื่อ 4 พ.ย. 2568"), else "date YYYY-MM-DD" from
 *                            the page's article:published_time / datePublished metadata
 *   (blank line)
 *   <paragraph>              one line per block of the main content (p, li, h2…, br, td …)
 *
 * Menus, sidebars, scripts, styles, forms and footers are not part of the main content.
 * linkedom (0.5 s to load) and Readability are loaded on the first HTML page only.
 */
import { createRequire } from 'node:module';
import { ThaiExtractError } from '../../errors.js';

/** What `extractHtml` returns. */
export interface HtmlExtract {
  /** the extracted text (headline, date line, blank line, one line per paragraph) */
  text: string;
  /** the headline found (null when the page has none) */
  title: string | null;
  /** the publication line found, as it is printed (or "date YYYY-MM-DD" from metadata) */
  dateLine: string | null;
  /** how the body was found: Readability's main content, or the page's body minus its furniture */
  method: 'readability' | 'body';
}

interface Dom {
  parseHTML: (html: string) => { document: any };
  Readability: new (doc: any, options?: Record<string, unknown>) => { parse(): { title?: string | null; content?: string | null } | null };
}

let dom: Dom | null = null;

function loadDom(): Dom {
  if (dom) return dom;
  const require = createRequire(import.meta.url);
  const { parseHTML } = require('linkedom') as { parseHTML: Dom['parseHTML'] };
  const { Readability } = require('@mozilla/readability') as { Readability: Dom['Readability'] };
  dom = { parseHTML, Readability };
  return dom;
}

/** does this text look like an HTML page (a doctype or an <html> tag first)? */
export function looksLikeHtml(text: string): boolean {
  return /^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(text.slice(0, 4096));
}

/** does a file name say HTML (.html, .htm, .xhtml)? */
export function isHtmlName(name: string): boolean {
  return /\.x?html?$/i.test(name);
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P',
  'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TFOOT', 'TR', 'UL',
]);
/** never text: scripts, styles, media, forms, captions (a caption is not the story) */
const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'IMG',
  'PICTURE', 'SOURCE', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'FIGCAPTION', 'HEAD', 'TITLE', 'META', 'LINK',
]);
/** page furniture removed before the fallback body text is taken */
const FURNITURE = 'nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo], [role=complementary]';

const collapse = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** the text of a subtree as lines: one line per block element and <br>, spaces collapsed within a line */
function blockLines(root: any): string[] {
  const lines: string[] = [];
  let cur = '';
  const flush = () => {
    const t = collapse(cur);
    if (t) lines.push(t);
    cur = '';
  };
  const walk = (node: any): void => {
    if (node.nodeType === 3) {
      cur += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = String(node.tagName).toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
    if (block) flush();
    else if (tag === 'TD' || tag === 'TH') cur += ' ';
  };
  walk(root);
  flush();
  return lines;
}

/** the headline: the page's first <h1> of a headline's length, else og:title / <title> without the site's name */
function findHeadline(doc: any): string | null {
  for (const h of doc.querySelectorAll('h1')) {
    const t = collapse(h.textContent ?? '');
    if (t.length >= 8 && t.length <= 400) return t;
  }
  const og = doc.querySelector('meta[property="og:title"], meta[name="twitter:title"]')?.getAttribute('content');
  if (og && collapse(og)) return withoutSiteName(collapse(og));
  const title = collapse(doc.querySelector('title')?.textContent ?? '');
  return title ? withoutSiteName(title) : null;
}

/** "headline | site name" (also - – — :: ») → the longest part: a headline is longer than a site's name */
function withoutSiteName(title: string): string {
  const parts = title.split(/\s+(?:\||-|–|—|::|»)\s+/).filter((p) => p.length > 0);
  return parts.length > 1 ? parts.reduce((a, b) => (b.length > a.length ? b : a)) : title;
}

const DATE_ELEMENTS =
  'time, [itemprop=datePublished], [class*=date i], [class*=publish i], [class*=posted i], [class*=time i], [id*=date i]';
const HAS_DATE = /\d{1,2}\s*(?:[ก-๙]\.[ก-๙]\.?|[ก-๙]{4,}|[A-Z][a-z]{2,})|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2}|[๐-๙]{1,2}\s*[ก-๙]/;

/** the printed publication line, else a "date YYYY-MM-DD" line from the page's metadata */
function findDateLine(doc: any): string | null {
  for (const el of doc.querySelectorAll(DATE_ELEMENTS)) {
    if (el.closest?.('nav, footer, aside, [role=navigation], [role=complementary]')) continue;
    const t = collapse(el.textContent ?? '');
    if (t.length >= 6 && t.length <= 160 && HAS_DATE.test(t)) return t;
  }
  const meta =
    doc.querySelector('meta[property="article:published_time"], meta[itemprop=datePublished], meta[name=date], meta[name="dc.date"]')?.getAttribute('content') ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    jsonLdDate(doc);
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(String(meta ?? '').trim());
  return iso ? `date ${iso[1]}` : null;
}

/** datePublished of the page's JSON-LD, if any */
function jsonLdDate(doc: any): string | null {
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const m = /"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})/.exec(s.textContent ?? '');
    if (m) return m[1];
  }
  return null;
}

/**
 * Extract the readable text of an HTML page (see the module comment for its layout). Throws
 * TE330 when the page has no text. `file` names the page in errors.
 */
export function extractHtml(html: string, file?: string): HtmlExtract {
  const { parseHTML, Readability } = loadDom();
  const source = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(source);
  const title = findHeadline(document);
  const dateLine = findDateLine(document);
  let method: HtmlExtract['method'] = 'readability';
  let body: string[] = [];
  let article: { content?: string | null } | null = null;
  try {
    // Readability changes the DOM it reads: give it a copy
    article = new Readability(parseHTML(source).document, { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  if (article?.content) body = blockLines(parseHTML(`<!DOCTYPE html><html><body>${article.content}</body></html>`).document.body);
  if (body.join('').length < 80) {
    // no main content found: the body without its navigation, header, footer and sidebars
    method = 'body';
    for (const el of [...document.querySelectorAll(FURNITURE)]) el.remove();
    body = document.body ? blockLines(document.body) : [];
  }
  // the headline and date line go on top; Readability may have kept them in the content too
  const head: string[] = [];
  if (title) head.push(title);
  if (title && body[0] === title) body.shift();
  if (dateLine) {
    head.push(dateLine);
    const k = body.slice(0, 6).indexOf(dateLine);
    if (k >= 0) body.splice(k, 1);
  }
  // (no headline: the text starts with its blank line, so that no first line is taken for one)
  const text = [...head, '', ...body].join('\n');
  if (!collapse(text)) throw new ThaiExtractError('TE330', 'no text found in the HTML page (nothing but markup, scripts or furniture)', { file });
  return { text: text + '\n', title, dateLine, method };
}
